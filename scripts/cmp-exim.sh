#!/bin/bash
# cmp-exim.sh FILE [CONF]: run each line of FILE through real `exim -be` and
# through `exim-ts -be` with the same config; print the lines that differ.
# For development: the recorded vectors in spec/ are what the tests use.
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
f=$1; conf=${2:-$here/spec/oracle/min.conf}
[ -f "$conf" ] || conf=/tmp/o.conf
python3 - "$f" "$conf" "$here" <<'PY'
import subprocess, sys
f, conf, here = sys.argv[1:4]
lines = [l for l in open(f, 'rb').read().split(b'\n') if l.strip() and not l.startswith(b'#')]
def run(cmd):
    outs = []
    for l in lines:
        p = subprocess.run(cmd, input=l + b'\n', capture_output=True, timeout=30)
        o = p.stdout
        if o.startswith(b'> '): o = o[2:]
        if o.endswith(b'> \n'): o = o[:-3]
        outs.append(o)
    return outs
a = run(['exim', '-C', conf, '-be'])
b = run(['node', here + '/bin/exim-ts.cjs', '-C', conf, '-be'])
bad = 0
for l, x, y in zip(lines, a, b):
    if x != y:
        bad += 1
        print('IN   ', l.decode('utf8', 'replace'))
        print('EXIM ', x.decode('utf8', 'replace').rstrip('\n'))
        print('OURS ', y.decode('utf8', 'replace').rstrip('\n'))
print(f'{len(lines) - bad} same, {bad} differ')
PY
