#!/bin/sh
# Records what real exim prints for `exim -bem FILE` with the queries of
# test/fixtures/messages/queries.txt, for every .eml there (or those named),
# into FILE.exim.out, with message ids and dates replaced as the test does.
# Run as root, from the repository root: sh scripts/record-bem.sh [file.eml ...]
set -e
dir=test/fixtures/messages
conf=$(pwd)/test/fixtures/be/oracle.conf
[ $# -gt 0 ] || set -- "$dir"/*.eml
for f in "$@"; do
  exim -C "$conf" -bem "$(pwd)/$f" < "$dir/queries.txt" \
    | sed -E 's/[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}/MSGID/g; s/[A-Z][a-z]{2}, [0-9]{1,2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} [-+][0-9]{4}/DATE/g' \
    > "${f%.eml}.exim.out"
  echo "recorded ${f%.eml}.exim.out"
done
