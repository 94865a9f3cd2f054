#!/usr/bin/env python3
"""record-config.py: run real exim 4.96 `-bV` and `-bP` on every config in
spec/config/cases/ and write what it prints to spec/config/vectors.jsonl.

Each case runs `exim -C CASE -bV`, and `exim -C CASE -bP ARGS` for each
"# bp: ARGS" line at the top of the file (plain `-bP` for good configs
without one). Recorded: stdout, stderr, exit code. Normalised: the case
directory becomes @CASES@, log timestamps become 2000-01-01 00:00:00.
Run as root (exim must accept -C and the exim_user = root configs):
  python3 scripts/record-config.py
"""
import json, os, re, subprocess

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, '..'))
cases = os.path.join(root, 'spec', 'config', 'cases')
out = os.path.join(root, 'spec', 'config', 'vectors.jsonl')
os.makedirs('/tmp/exim-ts-cases/spool', exist_ok=True)
TS = re.compile(r'^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ', re.M)
# A fixed environment, so "purging the environment" warnings do not depend on the caller
ENV = {'PATH': '/usr/sbin:/usr/bin:/sbin:/bin', 'LANG': 'C'}


def norm(s):
    return TS.sub('2000-01-01 00:00:00 ', s.replace(cases, '@CASES@'))


def run(conf, args):
    p = subprocess.run(['exim', '-C', conf, *args], capture_output=True, env=ENV, timeout=60, cwd=cases)
    return {'stdout': norm(p.stdout.decode('latin1')), 'stderr': norm(p.stderr.decode('latin1')), 'rc': p.returncode}


n = 0
with open(out, 'w') as f:
    for name in sorted(os.listdir(cases)):
        if not name.endswith('.conf'):
            continue
        path = os.path.join(cases, name)
        text = open(path, encoding='latin1').read()
        queries = [l[6:].split() for l in text.split('\n') if l.startswith('# bp:')]
        if not queries and name.startswith('good-'):
            queries = [[]]
        if not name.startswith('good-'):
            queries = queries or [[]]
        for args in [['-bV']] + [['-bP', *q] for q in queries]:
            f.write(json.dumps({'case': name, 'args': args, **run(path, args)}) + '\n')
            n += 1
print(f'wrote {out}: {n} vectors')
