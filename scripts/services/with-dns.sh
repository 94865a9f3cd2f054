#!/bin/sh
# Run a command (e.g. real exim, to record its answers) in a private network
# and mount namespace where 127.0.0.1:53 is unbound serving the master files
# in ZONEDIR (see start-dns.sh) and /etc/resolv.conf names it. Root only.
#   scripts/services/with-dns.sh ZONEDIR command args...
set -eu
ZONES=$(cd "$1" && pwd); shift
HERE=$(cd "$(dirname "$0")" && pwd)
exec unshare -n -m sh -c '
  set -eu
  ip link set lo up 2>/dev/null || ifconfig lo up
  W=$(mktemp -d)
  cp "$1"/*.zone "$W"/
  [ -f "$1/extra.conf" ] && cp "$1/extra.conf" "$W"/
  "$2/start-dns.sh" "$W" 53 >/dev/null
  echo "nameserver 127.0.0.1" > "$W/resolv.conf"
  mount --bind "$W/resolv.conf" /etc/resolv.conf
  S=$2
  shift 2
  rc=0; "$@" || rc=$?
  "$S/stop-dns.sh" "$W"
  exit $rc
' sh "$ZONES" "$HERE" "$@"
