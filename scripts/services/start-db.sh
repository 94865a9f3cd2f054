#!/usr/bin/env bash
# start-db.sh - throwaway Redis, PostgreSQL and MariaDB on loopback for the
# lookup tests and benchmarks (Debian, run as root, no systemd needed).
#
#   eval "$(scripts/services/start-db.sh)"   # exports REDIS_*, PG*, MYSQL_*, DB_SERVICES_DIR
#   scripts/services/stop-db.sh              # stops exactly the PIDs started here
#   scripts/services/start-db.sh restart redis|postgres|mariadb
#                                            # start one again on its old port and data dir
#
# Missing packages are installed with apt-get (services are not auto-started).
# Several sets may run at once (their own dirs, ports and temp dirs).
# Each run makes fresh data dirs under $DB_SERVICES_DIR, starts the servers in
# parallel, waits until each accepts a real authenticated TCP login, and prints
# `export VAR='value'` lines on stdout (progress on stderr; also in env.sh).
set -euo pipefail

DIR=${DB_SERVICES_DIR:-/tmp/exim-ts-db}
REDIS_PORT=${REDIS_PORT:-6391}
PG_PORT=${PG_PORT:-5441}
MYSQL_PORT=${MYSQL_PORT:-3341}
USER_=${DB_TEST_USER:-eximts}
PASS=${DB_TEST_PASSWORD:-eximtspw}
DB=${DB_TEST_DB:-eximts}
READY_TIMEOUT=${READY_TIMEOUT:-60}

log() { printf '[start-db] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root"
unset MYSQL_HOST MYSQL_TCP_PORT MYSQL_UNIX_PORT MYSQL_PWD PGHOST PGHOSTADDR PGPORT PGUSER \
      PGPASSWORD PGDATABASE PGSERVICE PGPASSFILE PGOPTIONS PGSSLMODE REDISCLI_AUTH

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
alive() {  # PID alive and not a zombie
  local st
  st=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

install_missing() {
  local missing=()
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null || missing+=(redis-server)
  [ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/postgres" ] && command -v psql >/dev/null || missing+=(postgresql)
  command -v mariadbd >/dev/null && command -v mariadb-install-db >/dev/null || missing+=(mariadb-server)
  [ ${#missing[@]} -gt 0 ] || return 0
  log "installing: ${missing[*]}"
  # the packages must not start system-wide services, nor make Debian's default cluster
  [ -e /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; }
  mkdir -p /etc/postgresql-common/createcluster.d
  echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/exim-ts-no-main.conf
  ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1 || apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q \
    --no-install-recommends "${missing[@]}" >&2
}

start_redis() {
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
    --daemonize no --dir "$DIR/redis" --logfile "$DIR/redis/redis.log" --requirepass "$PASS" \
    </dev/null >"$DIR/redis/stdout.log" 2>&1 &
  echo $! > "$DIR/redis.pid"
}
start_postgres() {
  # postgres refuses root; setpriv execs, so $! is the postmaster
  setpriv --reuid=postgres --regid=postgres --init-groups \
    "$(pg_bin)/postgres" -D "$DIR/pg/data" -p "$PG_PORT" -k "$DIR/pg/sock" \
    -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
    -c full_page_writes=off -c logging_collector=off \
    </dev/null >>"$DIR/pg/postgres.log" 2>&1 &
  echo $! > "$DIR/postgres.pid"
}
start_mariadb() {
  mariadbd --no-defaults --user=mysql --datadir="$DIR/mysql/data" --port="$MYSQL_PORT" \
    --bind-address=127.0.0.1 --socket="$DIR/mysql/run/mysqld.sock" --pid-file="$DIR/mysql/run/mysqld.pid" \
    --log-error="$DIR/mysql/run/error.log" --skip-name-resolve --skip-log-bin --tmpdir="$DIR/mysql/tmp" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --innodb-buffer-pool-size=32M --innodb-flush-log-at-trx-commit=0 \
    </dev/null >>"$DIR/mysql/stdout.log" 2>&1 &
  echo $! > "$DIR/mariadb.pid"
}

wait_for() {  # name pidfile logfile command...
  local name=$1 pid; pid=$(cat "$2"); local logf=$3; shift 3
  local deadline=$(( $(date +%s) + READY_TIMEOUT ))
  until "$@" >/dev/null 2>&1; do
    alive "$pid" || { tail -n 30 "$logf" >&2; die "$name (pid $pid) exited during startup"; }
    [ "$(date +%s)" -lt "$deadline" ] || { tail -n 30 "$logf" >&2; die "$name not ready after ${READY_TIMEOUT}s"; }
    sleep 0.05
  done
  log "$name ready (pid $pid)"
}
redis_ping() { [ "$(REDISCLI_AUTH=$PASS redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }
pg_ready() { PGPASSWORD=$PASS psql -X -q -At "host=127.0.0.1 port=$PG_PORT user=$USER_ dbname=$DB" -c 'select 1'; }
my_ready() { mariadb --no-defaults --protocol=TCP -h127.0.0.1 -P"$MYSQL_PORT" -u"$USER_" -p"$PASS" "$DB" -e 'select 1'; }

if [ "${1:-}" = restart ]; then
  # the old ports and data come from the env.sh of the first start
  # shellcheck disable=SC1091
  . "$DIR/env.sh"
  REDIS_PORT=$REDIS_PORT PG_PORT=$PGPORT MYSQL_PORT=$MYSQL_PORT
  case "${2:-}" in
    redis) start_redis; wait_for redis "$DIR/redis.pid" "$DIR/redis/redis.log" redis_ping ;;
    postgres) start_postgres; wait_for postgres "$DIR/postgres.pid" "$DIR/pg/postgres.log" pg_ready ;;
    mariadb) start_mariadb; wait_for mariadb "$DIR/mariadb.pid" "$DIR/mysql/run/error.log" my_ready ;;
    *) die "restart what? redis, postgres or mariadb" ;;
  esac
  exit 0
fi

install_missing
id postgres >/dev/null 2>&1 || die "system user 'postgres' missing"
id mysql >/dev/null 2>&1 || die "system user 'mysql' missing"
mkdir -p "$DIR"; chmod 755 "$DIR"
for s in redis postgres mariadb; do
  if [ -f "$DIR/$s.pid" ] && alive "$(cat "$DIR/$s.pid")"; then die "$s already running in $DIR; run stop-db.sh first"; fi
  rm -f "$DIR/$s.pid"
done
on_exit() {
  local rc=$?
  if [ $rc != 0 ]; then
    log "start failed (rc=$rc); stopping what was started; logs are in $DIR"
    DB_SERVICES_DIR=$DIR "$(dirname "$(readlink -f "$0")")/stop-db.sh" || true
  fi
}
trap on_exit EXIT

rm -rf "$DIR/redis" "$DIR/pg" "$DIR/mysql"
mkdir -p "$DIR/redis"
install -d -o postgres -g postgres -m 700 "$DIR/pg" "$DIR/pg/data"
install -d -o postgres -g postgres -m 755 "$DIR/pg/sock"
install -d -o mysql -g mysql -m 755 "$DIR/mysql" "$DIR/mysql/data" "$DIR/mysql/run" "$DIR/mysql/tmp"

start_redis
printf '%s\n' "$PASS" > "$DIR/pg/pwfile"; chown postgres "$DIR/pg/pwfile"; chmod 600 "$DIR/pg/pwfile"
runuser -u postgres -- "$(pg_bin)/initdb" -D "$DIR/pg/data" -U postgres --pwfile="$DIR/pg/pwfile" \
  --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync \
  </dev/null >"$DIR/pg/initdb.log" 2>&1 &
initdb_pid=$!
mariadb-install-db --no-defaults --user=mysql --datadir="$DIR/mysql/data" \
  --auth-root-authentication-method=socket --skip-test-db --skip-name-resolve --tmpdir="$DIR/mysql/tmp" \
  </dev/null >"$DIR/mysql/install-db.log" 2>&1 &
installdb_pid=$!
wait "$initdb_pid" || { cat "$DIR/pg/initdb.log" >&2; die "initdb failed"; }
rm -f "$DIR/pg/pwfile"
start_postgres
wait "$installdb_pid" || { cat "$DIR/mysql/install-db.log" >&2; die "mariadb-install-db failed"; }
start_mariadb

wait_for redis "$DIR/redis.pid" "$DIR/redis/redis.log" redis_ping
wait_for postgres "$DIR/postgres.pid" "$DIR/pg/postgres.log" \
  "$(pg_bin)/pg_isready" -q -h "$DIR/pg/sock" -p "$PG_PORT" -U postgres
psql -X -q -v ON_ERROR_STOP=1 -h "$DIR/pg/sock" -p "$PG_PORT" -U postgres -d postgres >&2 <<SQL
CREATE ROLE "$USER_" LOGIN PASSWORD '$PASS';
CREATE DATABASE "$DB" OWNER "$USER_";
SQL
pg_ready >/dev/null || die "postgres TCP login failed"
wait_for mariadb "$DIR/mariadb.pid" "$DIR/mysql/run/error.log" \
  mariadb-admin --no-defaults -hlocalhost --socket="$DIR/mysql/run/mysqld.sock" -uroot ping
mariadb --no-defaults -hlocalhost --socket="$DIR/mysql/run/mysqld.sock" -uroot >&2 <<SQL
CREATE DATABASE \`$DB\`;
CREATE USER '$USER_'@'%' IDENTIFIED BY '$PASS';
GRANT ALL PRIVILEGES ON \`$DB\`.* TO '$USER_'@'%';
CREATE USER '$USER_'@'localhost' IDENTIFIED BY '$PASS';
GRANT ALL PRIVILEGES ON \`$DB\`.* TO '$USER_'@'localhost';
SQL
my_ready >/dev/null || die "mariadb TCP login failed"

cat > "$DIR/env.sh" <<ENV
export REDIS_HOST='127.0.0.1'
export REDIS_PORT='$REDIS_PORT'
export REDIS_PASSWORD='$PASS'
export PGHOST='127.0.0.1'
export PGPORT='$PG_PORT'
export PGUSER='$USER_'
export PGPASSWORD='$PASS'
export PGDATABASE='$DB'
export MYSQL_HOST='127.0.0.1'
export MYSQL_PORT='$MYSQL_PORT'
export MYSQL_USER='$USER_'
export MYSQL_PASSWORD='$PASS'
export MYSQL_DATABASE='$DB'
export DB_SERVICES_DIR='$DIR'
ENV
cat "$DIR/env.sh"
