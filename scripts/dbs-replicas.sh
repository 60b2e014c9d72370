#!/usr/bin/env bash
# Starts (or reuses) the fail-over test servers on loopback, each with its own data directory
# under $AUTHSTATE_DB_DIR (default /tmp/authstate-dbs):
#   MariaDB     127.0.0.1:3317 (mariadb-replica1) and 127.0.0.1:3318 (mariadb-replica2),
#               master-master GTID replication (server ids 1/2, gtid-domain-id 1/2, log-bin,
#               slave_exec_mode=IDEMPOTENT, semi-synchronous, wait point AFTER_SYNC);
#   PostgreSQL  127.0.0.1:5443 (pg-replica1) and 127.0.0.1:5444 (pg-replica2), independent servers.
# User `authstate`/`authstate` (superuser) and database `authstate` on every server.
#
# Usage: scripts/dbs-replicas.sh start   prints `export AUTHSTATE_TEST_REPLICA_*` lines (eval them)
#                                        and records in $AUTHSTATE_REPLICAS_RECORD (default
#                                        $AUTHSTATE_DB_DIR/started-replicas) which servers this
#                                        call started (reused ones are not recorded);
#        scripts/dbs-replicas.sh env     prints the export lines only;
#        scripts/dbs-replicas.sh stop    stops the servers listed in that record (only those);
#        scripts/dbs-replicas.sh node-kill NAME    kill -9 of a MariaDB node / immediate stop of a
#                                                  PostgreSQL server (used by the fail-over tests);
#        scripts/dbs-replicas.sh node-stop NAME    clean shutdown of one server;
#        scripts/dbs-replicas.sh node-start NAME   (re)starts one server with its usual options
#                                                  (a MariaDB node resumes replicating by itself).
# Installs MariaDB (and PostgreSQL) from Debian's apt repositories when missing.
set -euo pipefail
# shellcheck source=scripts/dbs-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/dbs-common.sh"

RECORD=${AUTHSTATE_REPLICAS_RECORD:-$BASE/started-replicas}
M1_PORT=${AUTHSTATE_REPLICA_MARIADB1_PORT:-3317}
M2_PORT=${AUTHSTATE_REPLICA_MARIADB2_PORT:-3318}
P1_PORT=${AUTHSTATE_REPLICA_PG1_PORT:-5443}
P2_PORT=${AUTHSTATE_REPLICA_PG2_PORT:-5444}
# How long a semi-synchronous master waits for its replica's acknowledgement before it falls
# back to asynchronous replication (MariaDB's default is 10 s; a dead peer would stall every
# first commit after a kill that long).
SEMISYNC_TIMEOUT_MS=${AUTHSTATE_REPLICA_SEMISYNC_TIMEOUT_MS:-1000}
REPL_USER=replication_user
REPL_PASS=replicationpassword

log() { echo "[dbs-replicas] $*" >&2; }

# node_kind NAME → mariadb | postgres; node_port NAME → port; node_index NAME → 1 | 2.
node_kind() { case $1 in mariadb-replica[12]) echo mariadb ;; pg-replica[12]) echo postgres ;; *) log "unknown node $1"; exit 2 ;; esac; }
node_index() { echo "${1: -1}"; }
node_port() {
  case $1 in
    mariadb-replica1) echo "$M1_PORT" ;; mariadb-replica2) echo "$M2_PORT" ;;
    pg-replica1) echo "$P1_PORT" ;; pg-replica2) echo "$P2_PORT" ;;
  esac
}
peer_of() { case $1 in mariadb-replica1) echo mariadb-replica2 ;; mariadb-replica2) echo mariadb-replica1 ;; esac; }

mariadb_sql() { # name, sql...
  local d=$BASE/$1; shift
  mariadb --no-defaults -S "$d/sock" -uroot -e "$*"
}
mariadb_up() { [ -S "$BASE/$1/sock" ] && mariadb_sql "$1" "SELECT 1" >/dev/null 2>&1; }

semisync_supported() { mariadbd --no-defaults --verbose --help 2>/dev/null | grep -q -- '--rpl-semi-sync-master-enabled'; }

# Starts mariadbd for NAME (data directory initialised if new); returns once it answers.
launch_mariadb() {
  local name=$1 d=$BASE/$1 i port
  i=$(node_index "$name")
  port=$(node_port "$name")
  mkdir -p "$d"
  if [ ! -d "$d/data/mysql" ]; then
    mariadb-install-db --no-defaults --user=root --datadir="$d/data" \
      --auth-root-authentication-method=socket --skip-test-db >"$d/install.log" 2>&1
  fi
  local semi=()
  if semisync_supported; then
    semi=(--rpl-semi-sync-master-enabled=ON --rpl-semi-sync-slave-enabled=ON
      --rpl-semi-sync-master-wait-point=AFTER_SYNC --rpl-semi-sync-master-timeout="$SEMISYNC_TIMEOUT_MS")
  fi
  nohup mariadbd --no-defaults --user=root --datadir="$d/data" --log-basename="node$i" \
    --socket="$d/sock" --port="$port" --bind-address=127.0.0.1 --pid-file="$d/pid" \
    --log-error="$d/error.log" --skip-name-resolve --max-connections=500 \
    --innodb-flush-log-at-trx-commit=1 --sync-binlog=1 \
    --server-id="$i" --gtid-domain-id="$i" --log-bin="node$i-bin" --relay-log="node$i-relay-bin" --binlog-format=MIXED \
    --auto-increment-increment=2 --auto-increment-offset="$i" \
    --slave-exec-mode=IDEMPOTENT --max-binlog-size=1M --expire-logs-days=1 \
    --transaction-isolation=READ-COMMITTED "${semi[@]}" >/dev/null 2>&1 &
  for _ in $(seq 1 100); do
    mariadb_up "$name" && break
    sleep 0.2
  done
  mariadb_up "$name" || { log "$name did not start; see $d/error.log"; tail -20 "$d/error.log" >&2; exit 1; }
}

# Users and database on a node, outside the binary log (each node gets its own copy).
init_mariadb() {
  mariadb_sql "$1" "SET sql_log_bin=0;
    CREATE USER IF NOT EXISTS '$USER_NAME'@'127.0.0.1' IDENTIFIED BY '$USER_PASS';
    CREATE USER IF NOT EXISTS '$USER_NAME'@'localhost' IDENTIFIED BY '$USER_PASS';
    GRANT ALL PRIVILEGES ON *.* TO '$USER_NAME'@'127.0.0.1' WITH GRANT OPTION;
    GRANT ALL PRIVILEGES ON *.* TO '$USER_NAME'@'localhost' WITH GRANT OPTION;
    CREATE USER IF NOT EXISTS '$REPL_USER'@'127.0.0.1' IDENTIFIED BY '$REPL_PASS';
    GRANT REPLICATION SLAVE ON *.* TO '$REPL_USER'@'127.0.0.1';
    CREATE DATABASE IF NOT EXISTS authstate CHARACTER SET utf8mb4;"
}

# Points NAME at its peer (once) and starts its replica threads.
replicate_mariadb() {
  local name=$1 peer
  peer=$(peer_of "$name")
  if [ -z "$(mariadb_sql "$name" "SHOW SLAVE STATUS")" ]; then
    mariadb_sql "$name" "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$(node_port "$peer"),
      MASTER_USER='$REPL_USER', MASTER_PASSWORD='$REPL_PASS', MASTER_USE_GTID=slave_pos,
      MASTER_CONNECT_RETRY=1"
  fi
  mariadb_sql "$name" "START SLAVE" 2>/dev/null || true
}

start_mariadb_pair() {
  local name
  for name in mariadb-replica1 mariadb-replica2; do
    if mariadb_up "$name"; then
      log "$name already running on $(node_port "$name") (reused)"
    else
      launch_mariadb "$name"
      echo "mariadb:$name" >>"$RECORD"
      log "$name started on 127.0.0.1:$(node_port "$name")"
    fi
    init_mariadb "$name"
  done
  for name in mariadb-replica1 mariadb-replica2; do replicate_mariadb "$name"; done
}

launch_postgres() {
  local name=$1 d=$BASE/$1 port
  port=$(node_port "$name")
  mkdir -p "$d"
  chown postgres "$d"
  if [ ! -f "$d/data/PG_VERSION" ]; then
    runuser -u postgres -- "$PGBIN/initdb" -D "$d/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$d/initdb.log" 2>&1
  fi
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$d/data" -w -l "$d/server.log" \
    -o "-p $port -k $d -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
}
postgres_up() { runuser -u postgres -- "$PGBIN/pg_ctl" -D "$BASE/$1/data" status >/dev/null 2>&1; }

init_postgres() {
  local d=$BASE/$1 port
  port=$(node_port "$1")
  psql -h "$d" -p "$port" -U postgres -v ON_ERROR_STOP=1 -q -c \
    "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='$USER_NAME') THEN
       CREATE ROLE $USER_NAME LOGIN SUPERUSER PASSWORD '$USER_PASS'; END IF; END \$\$;" >/dev/null
  psql -h "$d" -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='authstate'" | grep -q 1 ||
    psql -h "$d" -p "$port" -U postgres -q -c "CREATE DATABASE authstate OWNER $USER_NAME" >/dev/null
}

start_postgres() {
  local name=$1
  if postgres_up "$name"; then
    log "$name already running on $(node_port "$name") (reused)"
  else
    launch_postgres "$name"
    echo "postgres:$name" >>"$RECORD"
    log "$name started on 127.0.0.1:$(node_port "$name")"
  fi
  init_postgres "$name"
}

node_start() {
  case $(node_kind "$1") in
    mariadb) mariadb_up "$1" || launch_mariadb "$1" ;;
    postgres) postgres_up "$1" || launch_postgres "$1" ;;
  esac
  log "$1 running"
}

node_stop() { # name, mode (clean|kill)
  local name=$1 mode=$2 d=$BASE/$1
  case $(node_kind "$name") in
    mariadb)
      if [ "$mode" = kill ]; then
        [ -f "$d/pid" ] && kill -9 "$(cat "$d/pid")" 2>/dev/null || true
        for _ in $(seq 1 50); do mariadb_up "$name" || break; sleep 0.1; done
        rm -f "$d/pid"
      else
        mariadb-admin --no-defaults -S "$d/sock" -uroot shutdown >/dev/null 2>&1 || true
      fi
      ;;
    postgres)
      local m=fast
      [ "$mode" = kill ] && m=immediate
      runuser -u postgres -- "$PGBIN/pg_ctl" -D "$d/data" -m "$m" -w stop >/dev/null 2>&1 || true
      ;;
  esac
  log "$name stopped ($mode)"
}

print_env() {
  local semi=0
  semisync_supported && semi=1
  cat <<EOT
export AUTHSTATE_TEST_REPLICA_MARIADB_URL=mariadb://$USER_NAME:$USER_PASS@127.0.0.1:$M1_PORT,127.0.0.1:$M2_PORT/authstate
export AUTHSTATE_TEST_REPLICA_MARIADB_NODES=mariadb-replica1,mariadb-replica2
export AUTHSTATE_TEST_REPLICA_MARIADB_SEMISYNC=$semi
export AUTHSTATE_TEST_REPLICA_POSTGRES_URL=postgres://$USER_NAME:$USER_PASS@127.0.0.1:$P1_PORT,127.0.0.1:$P2_PORT/authstate
export AUTHSTATE_TEST_REPLICA_POSTGRES_NODES=pg-replica1,pg-replica2
export AUTHSTATE_TEST_REPLICA_SCRIPT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")
export AUTHSTATE_TEST_REPLICA_DB_DIR=$BASE
EOT
}

case ${1:-} in
  start)
    mkdir -p "$BASE"
    chmod 755 "$BASE"
    ensure_packages
    start_mariadb_pair
    start_postgres pg-replica1
    start_postgres pg-replica2
    print_env
    ;;
  env) print_env ;;
  stop)
    if [ -f "$RECORD" ]; then
      while read -r s; do [ -n "$s" ] && node_stop "${s#*:}" clean; done <"$RECORD"
      rm -f "$RECORD"
    fi
    ;;
  node-start) node_start "${2:?node name}" ;;
  node-stop) node_stop "${2:?node name}" clean ;;
  node-kill) node_stop "${2:?node name}" kill ;;
  *) echo "usage: $0 start|env|stop|node-start NAME|node-stop NAME|node-kill NAME" >&2; exit 2 ;;
esac
