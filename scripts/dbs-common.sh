# Shared by scripts/dbs.sh and scripts/dbs-replicas.sh (sourced, not run): where the servers
# live, the test user, and installing the server packages from Debian's apt when missing.
# The caller defines log().

BASE=${AUTHSTATE_DB_DIR:-/tmp/authstate-dbs}
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)}
USER_NAME=authstate
# A throw-away password for throw-away servers bound to loopback; never used outside tests.
USER_PASS=authstate

ensure_packages() {
  local need=()
  command -v mariadbd >/dev/null 2>&1 || need+=(mariadb-server mariadb-client)
  [ -n "$PGBIN" ] && [ -x "$PGBIN/postgres" ] || need+=(postgresql)
  command -v sqlite3 >/dev/null 2>&1 || need+=(sqlite3)
  command -v psql >/dev/null 2>&1 || need+=(postgresql-client)
  if [ ${#need[@]} -gt 0 ]; then
    log "installing ${need[*]} (apt)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
}
