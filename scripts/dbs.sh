#!/usr/bin/env bash
# Starts (or reuses) the test database servers on loopback, each with its own data directory
# under $AUTHSTATE_DB_DIR (default /tmp/authstate-dbs), on non-default ports:
#   MariaDB  127.0.0.1:3307      PostgreSQL 127.0.0.1:5433
# Usage: scripts/dbs.sh start   prints `export …` lines for the tests (eval them), and records
#                               in $AUTHSTATE_DBS_RECORD (default $AUTHSTATE_DB_DIR/started) which
#                               servers this call started (reused ones are not recorded);
#        scripts/dbs.sh stop    stops the servers listed in that record (only those);
#        scripts/dbs.sh stop-all  stops every server under $AUTHSTATE_DB_DIR.
# Installs MariaDB (and PostgreSQL) from Debian's apt repositories when missing.
set -euo pipefail
# shellcheck source=scripts/dbs-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/dbs-common.sh"

# Which servers this `start` started (so `stop` stops only those): a file named by the caller.
RECORD=${AUTHSTATE_DBS_RECORD:-$BASE/started}
MARIADB_PORT=${AUTHSTATE_MARIADB_PORT:-3307}
PG_PORT=${AUTHSTATE_PG_PORT:-5433}

log() { echo "[dbs] $*" >&2; }

mariadb_sql() { # dir, sql...
  local d=$1; shift
  mariadb --no-defaults -S "$d/sock" -uroot -e "$*"
}

# mariadb_node NAME PORT [extra mariadbd args...]: starts one MariaDB server, echoes "started" if it did.
start_mariadb() {
  local name=$1 port=$2; shift 2
  local d=$BASE/$name
  if [ -S "$d/sock" ] && mariadb_sql "$d" "SELECT 1" >/dev/null 2>&1; then
    log "$name already running on $port (reused)"
    return 0
  fi
  mkdir -p "$d"
  if [ ! -d "$d/data/mysql" ]; then
    mariadb-install-db --no-defaults --user=root --datadir="$d/data" \
      --auth-root-authentication-method=socket --skip-test-db >"$d/install.log" 2>&1
  fi
  nohup mariadbd --no-defaults --user=root --datadir="$d/data" --socket="$d/sock" --port="$port" \
    --bind-address=127.0.0.1 --pid-file="$d/pid" --log-error="$d/error.log" --skip-name-resolve \
    --max-connections=500 --innodb-flush-log-at-trx-commit=1 "$@" >/dev/null 2>&1 &
  for _ in $(seq 1 100); do
    mariadb_sql "$d" "SELECT 1" >/dev/null 2>&1 && break
    sleep 0.2
  done
  mariadb_sql "$d" "SELECT 1" >/dev/null || { log "$name did not start; see $d/error.log"; tail -20 "$d/error.log" >&2; exit 1; }
  mariadb_sql "$d" "SET sql_log_bin=0;
    CREATE USER IF NOT EXISTS '$USER_NAME'@'127.0.0.1' IDENTIFIED BY '$USER_PASS';
    CREATE USER IF NOT EXISTS '$USER_NAME'@'localhost' IDENTIFIED BY '$USER_PASS';
    GRANT ALL PRIVILEGES ON *.* TO '$USER_NAME'@'127.0.0.1' WITH GRANT OPTION;
    GRANT ALL PRIVILEGES ON *.* TO '$USER_NAME'@'localhost' WITH GRANT OPTION;
    CREATE DATABASE IF NOT EXISTS authstate CHARACTER SET utf8mb4;"
  echo "mariadb:$name" >>"$RECORD"
  log "$name started on 127.0.0.1:$port"
}

start_postgres() {
  local name=$1 port=$2
  local d=$BASE/$name
  mkdir -p "$d"
  chown postgres "$d"
  if runuser -u postgres -- "$PGBIN/pg_ctl" -D "$d/data" status >/dev/null 2>&1; then
    log "$name already running on $port (reused)"
    return 0
  fi
  if [ ! -f "$d/data/PG_VERSION" ]; then
    runuser -u postgres -- "$PGBIN/initdb" -D "$d/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$d/initdb.log" 2>&1
  fi
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$d/data" -w -l "$d/server.log" \
    -o "-p $port -k $d -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
  psql -h "$d" -p "$port" -U postgres -v ON_ERROR_STOP=1 -q -c \
    "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='$USER_NAME') THEN
       CREATE ROLE $USER_NAME LOGIN SUPERUSER PASSWORD '$USER_PASS'; END IF; END \$\$;" >/dev/null
  psql -h "$d" -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='authstate'" | grep -q 1 ||
    psql -h "$d" -p "$port" -U postgres -q -c "CREATE DATABASE authstate OWNER $USER_NAME" >/dev/null
  echo "postgres:$name" >>"$RECORD"
  log "$name started on 127.0.0.1:$port"
}

stop_one() {
  local kind=${1%%:*} name=${1#*:}
  local d=$BASE/$name
  case $kind in
    mariadb) mariadb-admin --no-defaults -S "$d/sock" -uroot shutdown >/dev/null 2>&1 || true ;;
    postgres) runuser -u postgres -- "$PGBIN/pg_ctl" -D "$d/data" -m fast -w stop >/dev/null 2>&1 || true ;;
  esac
  log "$name stopped"
}

print_env() {
  cat <<EOT
export AUTHSTATE_TEST_MARIADB_URL=mysql://$USER_NAME:$USER_PASS@127.0.0.1:$MARIADB_PORT/authstate
export AUTHSTATE_TEST_POSTGRES_URL=postgres://$USER_NAME:$USER_PASS@127.0.0.1:$PG_PORT/authstate
export AUTHSTATE_TEST_MARIADB_SOCKET=$BASE/mariadb1/sock
export AUTHSTATE_TEST_POSTGRES_SOCKET_DIR=$BASE/pg1
export AUTHSTATE_TEST_REQUIRE_SERVERS=1
EOT
}

case ${1:-} in
  start)
    mkdir -p "$BASE"
    chmod 755 "$BASE"
    ensure_packages
    start_mariadb mariadb1 "$MARIADB_PORT"
    start_postgres pg1 "$PG_PORT"
    print_env
    ;;
  env) print_env ;;
  stop)
    if [ -f "$RECORD" ]; then
      while read -r s; do [ -n "$s" ] && stop_one "$s"; done <"$RECORD"
      rm -f "$RECORD"
    fi
    ;;
  stop-all)
    for d in "$BASE"/mariadb*; do [ -d "$d" ] && stop_one "mariadb:$(basename "$d")"; done
    for d in "$BASE"/pg*; do [ -d "$d" ] && stop_one "postgres:$(basename "$d")"; done
    rm -f "$RECORD"
    ;;
  *) echo "usage: $0 start|env|stop|stop-all" >&2; exit 2 ;;
esac
