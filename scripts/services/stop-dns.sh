#!/bin/sh
# Stop the unbound start-dns.sh started for DIR (by its PID only).
DIR=$1
[ -f "$DIR/unbound.pid" ] || exit 0
PID=$(cat "$DIR/unbound.pid")
kill "$PID" 2>/dev/null || true
i=0
while kill -0 "$PID" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
rm -f "$DIR/unbound.pid"
