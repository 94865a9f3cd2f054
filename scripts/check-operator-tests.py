#!/usr/bin/env python3
"""Re-checks the recorded expectations of test/lang/operators/*.test.ts against real exim.

Each table row ["<input>", "<what exim printed>"] of a `cases` table is run through
`exim -C <conf> -be`, one process per line (as they were recorded); the config is
spec/oracle/min.conf, or test/lang/operators/options.conf for options.test.ts.
  python3 scripts/check-operator-tests.py            # report rows exim now prints differently
  python3 scripts/check-operator-tests.py --write    # and rewrite those expectations
Run as root (exim -C with another config drops privileges otherwise)."""
import json, os, re, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
tdir = os.path.join(root, 'test/lang/operators')
env = {'PATH': os.environ['PATH'], 'LANG': 'C', 'LC_ALL': 'C', 'TZ': 'UTC', 'HOME': os.environ.get('HOME', '/root')}
ROW = re.compile(r'^  \[("(?:[^"\\]|\\.)*"), ("(?:[^"\\]|\\.)*")\],$')
write = '--write' in sys.argv
os.makedirs('/tmp/exim-ts-oracle/spool', exist_ok=True)
os.makedirs('/tmp/exim-ts-oracle/log', exist_ok=True)

def exim(conf, line):
    fed = line.encode('utf8', 'surrogateescape')
    if fed[:1].isupper() or fed[:1] == b'-':
        fed = b'\\N\\N' + fed          # -be would read it as a macro definition
    p = subprocess.run(['exim', '-C', conf, '-be'], input=fed + b'\n', capture_output=True, env=env, timeout=60)
    o = p.stdout
    o = o[2:] if o.startswith(b'> ') else o
    for end in (b'\n> \n', b'\n> '):
        if o.endswith(end):
            o = o[:-len(end)]
            break
    return o.decode('utf8', 'surrogateescape')

bad = 0
for name in sorted(os.listdir(tdir)):
    if not name.endswith('.test.ts'):
        continue
    conf = os.path.join(tdir, 'options.conf') if name == 'options.test.ts' else os.path.join(root, 'spec/oracle/min.conf')
    path = os.path.join(tdir, name)
    lines = open(path, encoding='utf8', errors='surrogateescape').read().split('\n')
    in_cases = False
    for i, l in enumerate(lines):
        if l.startswith('const cases: [string, string][] = ['):
            in_cases = True
            continue
        if in_cases and l == '];':
            in_cases = False
        m = ROW.match(l) if in_cases else None
        if not m:
            continue
        inp, want = json.loads(m.group(1)), json.loads(m.group(2))
        got = exim(conf, inp)
        if got != want:
            bad += 1
            print(f'{name}:{i + 1}: {m.group(1)}\n  recorded: {json.dumps(want)}\n  exim now: {json.dumps(got)}')
            lines[i] = f'  [{m.group(1)}, {json.dumps(got)}],'
    if write:
        open(path, 'w', encoding='utf8', errors='surrogateescape').write('\n'.join(lines))
print(f'{bad} rows differ')
sys.exit(1 if bad else 0)
