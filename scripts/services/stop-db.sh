#!/usr/bin/env bash
# stop-db.sh [redis|postgres|mariadb] - stop the servers start-db.sh started
# (all of them, or one), by the PIDs it recorded; SIGKILL=1 makes it a crash.
set -uo pipefail
DIR=${DB_SERVICES_DIR:-/tmp/exim-ts-db}
TIMEOUT=${STOP_TIMEOUT:-15}
alive() {
  local st
  st=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}
stop_one() {  # name signal
  local f=$DIR/$1.pid pid
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if alive "$pid"; then
    local sig=$2
    # a crash: SIGKILL, but SIGQUIT for postgres (its backends must go too, or it cannot start again)
    if [ -n "${SIGKILL:-}" ]; then if [ "$1" = postgres ]; then sig=QUIT; else sig=KILL; fi; fi
    kill "-$sig" "$pid" 2>/dev/null
    for _ in $(seq $((TIMEOUT * 20))); do alive "$pid" || break; sleep 0.05; done
    alive "$pid" && kill -KILL "$pid" 2>/dev/null
  fi
  rm -f "$f"
}
# postgres: SIGINT is the fast shutdown (SIGTERM waits for clients)
case "${1:-all}" in
  redis) stop_one redis TERM ;;
  postgres) stop_one postgres INT ;;
  mariadb) stop_one mariadb TERM ;;
  all) stop_one redis TERM; stop_one postgres INT; stop_one mariadb TERM ;;
  *) echo "stop what? redis, postgres or mariadb" >&2; exit 2 ;;
esac
exit 0
