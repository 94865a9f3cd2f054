#!/usr/bin/env python3
"""record-bh.py: replay every SMTP session under spec/bh/sessions/ through real
exim 4.96 `-bh` and write what it answers to spec/bh/vectors.jsonl.

A session is spec/bh/sessions/<config>/<nn>-<slug>.txt, run against
spec/bh/configs/<config>.conf. Its first lines may be headers "#@ KEY VALUE":
  #@ ip 192.0.2.1[.PORT]   client address (default 192.0.2.1)
  #@ args -oMi 192.0.2.25  extra exim arguments (split on blanks)
  #@ crlf no               send bare LF line ends (default: CRLF)
  #@ escapes yes           \\xNN, \\r, \\n, \\t, \\\\ in the dialogue lines are bytes
  #@ about TEXT            what the session exercises (not used)
  #@ dns DIR               DNS answers from the master files in DIR (relative to the
                           project), served on loopback by scripts/services/with-dns.sh;
                           exim-ts gets the same files with --dns-zone
Every following line is sent as it is, each ended by CRLF (or LF).

Runs `exim -C CONF [ARGS] -bh IP` twice: stdout and stderr captured apart, then
once more with stdout unbuffered (stdbuf -o0) and both streams in one pipe, for a
transcript in real order. Output is normalised with the rules of
spec/bh/normalise.json. The lookup files spec/bh/configs/files/ are copied to
/tmp/exim-ts-bh/files/ (the configs name them there); each config's spool is
/tmp/exim-ts-bh/<config>/spool, made afresh.
Run as root (exim accepts -C, the configs say exim_user = root):
  python3 scripts/record-bh.py [CONFIG...]    (default: every config)
With CONFIG names only those sessions are re-recorded; the others stay as they are.
"""
import json, os, re, shutil, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, '..'))
spec = os.path.join(root, 'spec', 'bh')
configs = os.path.join(spec, 'configs')
sessions = os.path.join(spec, 'sessions')
out = os.path.join(spec, 'vectors.jsonl')
work = '/tmp/exim-ts-bh'
# A fixed environment: exim's output must not depend on the caller's
ENV = {'PATH': '/usr/sbin:/usr/bin:/sbin:/bin', 'LANG': 'C', 'TZ': 'UTC'}
RULES = [(re.compile(r['pattern'], re.M), r['replacement'])
         for r in json.load(open(os.path.join(spec, 'normalise.json')))['rules']]


def normalise(s):
    for rx, rep in RULES:
        s = rx.sub(lambda _m: rep, s)
    return s


def unescape(line):
    return re.sub(rb'\\(x[0-9a-fA-F]{2}|[rnt\\])',
                  lambda m: {b'r': b'\r', b'n': b'\n', b't': b'\t', b'\\': b'\\'}.get(m.group(1))
                  or bytes([int(m.group(1)[1:], 16)]), line)


def read_session(path):
    lines = open(path, 'rb').read().split(b'\n')
    if lines and lines[-1] == b'':
        lines.pop()
    head = {'ip': '192.0.2.1', 'args': [], 'crlf': True, 'escapes': False, 'about': '', 'dns': None}
    while lines and lines[0].startswith(b'#@ '):
        key, _, val = lines.pop(0)[3:].decode('latin1').partition(' ')
        val = val.strip()
        if key == 'ip':
            head['ip'] = val
        elif key == 'args':
            head['args'] = val.split()
        elif key == 'crlf':
            head['crlf'] = val != 'no'
        elif key == 'escapes':
            head['escapes'] = val == 'yes'
        elif key == 'about':
            head['about'] = val
        elif key == 'dns':
            head['dns'] = val
        else:
            sys.exit(f'{path}: unknown header {key}')
    eol = b'\r\n' if head['crlf'] else b'\n'
    body = b''.join((unescape(l) if head['escapes'] else l) + eol for l in lines)
    return head, body


def prepare(name):
    d = os.path.join(work, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, 'spool'))


def run(conf, head, data):
    cmd = ['exim', '-C', conf, *head['args'], '-bh', head['ip']]
    if head['dns']:
        cmd = ['sh', os.path.join(root, 'scripts/services/with-dns.sh'), os.path.join(root, head['dns']), *cmd]
    p = subprocess.run(cmd, input=data, capture_output=True, env=ENV, timeout=60, cwd='/')
    t = subprocess.run(['stdbuf', '-o0', *cmd], input=data, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, env=ENV, timeout=60, cwd='/')
    return p, t.stdout


def main():
    shutil.rmtree(os.path.join(work, 'files'), ignore_errors=True)
    shutil.copytree(os.path.join(configs, 'files'), os.path.join(work, 'files'))
    names = sorted(n[:-5] for n in os.listdir(configs) if n.endswith('.conf'))
    only = set(sys.argv[1:]) or set(names)
    kept = []
    if sys.argv[1:] and os.path.exists(out):
        kept = [json.loads(l) for l in open(out) if json.loads(l)['config'] not in only]
    records = list(kept)
    for name in names:
        if name not in only:
            continue
        prepare(name)
        conf = os.path.join(configs, name + '.conf')
        sdir = os.path.join(sessions, name)
        for sname in sorted(os.listdir(sdir)):
            if not sname.endswith('.txt'):
                continue
            head, data = read_session(os.path.join(sdir, sname))
            p, transcript = run(conf, head, data)
            stderr = normalise(p.stderr.decode('latin1'))
            records.append({
                'config': name, 'session': sname[:-4], 'about': head['about'],
                'ip': head['ip'], 'args': head['args'], 'input': data.decode('latin1'),
                **({'dnsZones': sorted(os.path.join(head['dns'], z) for z in os.listdir(os.path.join(root, head['dns']))
                                       if z.endswith('.zone'))} if head['dns'] else {}),
                'stdout': normalise(p.stdout.decode('latin1')), 'stderr': stderr,
                'log': [l for l in stderr.split('\n') if l.startswith('LOG: ')],
                'exit': p.returncode,
                'transcript': normalise(transcript.decode('latin1')),
            })
    order = {n: i for i, n in enumerate(names)}
    records.sort(key=lambda r: (order.get(r['config'], len(order)), r['config'], r['session']))
    with open(out, 'w') as f:
        for r in records:
            f.write(json.dumps(r) + '\n')
    counts = {}
    for r in records:
        counts[r['config']] = counts.get(r['config'], 0) + 1
    print(f'wrote {out}: {len(records)} sessions', ', '.join(f'{k} {v}' for k, v in counts.items()))


main()
