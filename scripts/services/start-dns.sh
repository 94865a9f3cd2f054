#!/bin/sh
# Start unbound on 127.0.0.1:PORT answering from the master files in DIR:
# each DIR/NAME.zone is served as zone NAME ("root.zone" is the root zone, so
# every name the files lack is NXDOMAIN). Lines in DIR/extra.conf are added to
# the server: clause (e.g. local-zone refusals). Nothing is asked of the
# internet. Prints unbound's PID; stop with stop-dns.sh DIR.
# Installs unbound with apt-get when it is missing (root).
set -eu
DIR=$(cd "$1" && pwd)
PORT=$2
if ! command -v unbound >/dev/null 2>&1; then
  [ -e /usr/sbin/policy-rc.d ] || { echo 'exit 101' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; }
  apt-get install -y unbound >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y unbound >/dev/null 2>&1; }
fi
CONF="$DIR/unbound.conf"
{
  cat <<CONF
server:
    interface: 127.0.0.1@$PORT
    port: $PORT
    username: ""
    chroot: ""
    directory: "$DIR"
    pidfile: ""
    use-syslog: no
    logfile: "$DIR/unbound.log"
    verbosity: 0
    num-threads: 1
    so-reuseport: no
    do-ip6: no
    access-control: 127.0.0.0/8 allow
    module-config: "iterator"
    qname-minimisation: no
    do-not-query-localhost: yes
    minimal-responses: yes
    rrset-roundrobin: no
    msg-cache-size: 4m
    rrset-cache-size: 4m
    cache-max-ttl: 0
    cache-max-negative-ttl: 0
    # the zones unbound answers itself by default would hide the test data
    unblock-lan-zones: yes
    insecure-lan-zones: yes
CONF
  for z in localhost. 127.in-addr.arpa. 1.0.0.127.in-addr.arpa. 0.in-addr.arpa. 254.169.in-addr.arpa. \
           2.0.192.in-addr.arpa. 100.51.198.in-addr.arpa. 113.0.203.in-addr.arpa. 255.255.255.255.in-addr.arpa. \
           8.b.d.0.1.0.0.2.ip6.arpa. onion. test. invalid. local. home.arpa. resolver.arpa. service.arpa. \
           1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa. \
           0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa.; do
    echo "    local-zone: \"$z\" nodefault"
  done
  [ -f "$DIR/extra.conf" ] && cat "$DIR/extra.conf"
  for f in "$DIR"/*.zone; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .zone)
    [ "$name" = root ] && name=.
    printf 'auth-zone:\n    name: "%s"\n    zonefile: "%s"\n    for-downstream: no\n    for-upstream: yes\n    fallback-enabled: no\n' "$name" "$f"
  done
  printf 'remote-control:\n    control-enable: no\n'
} > "$CONF"
unbound-checkconf "$CONF" >/dev/null
unbound -d -c "$CONF" </dev/null >"$DIR/unbound.out" 2>&1 &
PID=$!
echo $PID > "$DIR/unbound.pid"
# ready when it answers on the port (up to 10 s)
i=0
while [ $i -lt 100 ]; do
  if ! kill -0 $PID 2>/dev/null; then cat "$DIR/unbound.out" >&2; exit 1; fi
  node -e "require('net').connect($PORT,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))" 2>/dev/null && break
  i=$((i + 1)); sleep 0.1
done
echo $PID
