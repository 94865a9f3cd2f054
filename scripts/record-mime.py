#!/usr/bin/env python3
"""record-mime.py: send each test/runtime/mime/messages/*.eml through real exim
4.96 `-bh` with test/runtime/mime/mime.conf (a MIME ACL that logs every $mime_*
variable, mime_regex and decode results per part) and write what it logs to
test/runtime/mime/recorded.json: {message: {log: [lines], reply: "final reply"}}.
Likewise cond/*.eml with cond.conf (decode locations, regex, mime_regex) to
recorded-cond.json; that config decodes into /tmp/exim-ts-mime/out.

The message id in log lines is replaced by MSGID. Run as root:
  python3 scripts/record-mime.py
"""
import glob, json, os, re, shutil, subprocess

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, '..'))
mdir = os.path.join(root, 'test', 'runtime', 'mime')
conf = os.path.join(mdir, 'mime.conf')
work = '/tmp/exim-ts-mime'
ENV = {'PATH': '/usr/sbin:/usr/bin:/sbin:/bin', 'LANG': 'C', 'TZ': 'UTC'}
ID = re.compile(r'\b[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}\b')


def session(msg):
    lines = msg.split(b'\n')
    if lines and lines[-1] == b'':
        lines.pop()
    data = [b'.' + l if l.startswith(b'.') else l for l in lines]
    cmds = [b'EHLO client.example', b'MAIL FROM:<sender@example.net>', b'RCPT TO:<user@example.test>', b'DATA']
    return b''.join(l + b'\r\n' for l in cmds + data + [b'.', b'QUIT'])


def log_lines(text):
    """the LOG: lines, the message id at their start dropped and elsewhere replaced by MSGID"""
    out = []
    for l in text.split('\n'):
        if l.startswith('LOG: '):
            l = l[5:]
            m = ID.match(l)
            if m:
                l = l[len(m.group(0)) + 1:]
            out.append(ID.sub('MSGID', l))
    return out


def record(conf, messages, target):
    out = {}
    for path in sorted(glob.glob(os.path.join(mdir, messages, '*.eml'))):
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(os.path.join(work, 'spool'))
        os.makedirs(os.path.join(work, 'out'))
        msg = open(path, 'rb').read()
        p = subprocess.run(['exim', '-C', conf, '-bh', '192.0.2.1'], input=session(msg),
                           capture_output=True, env=ENV)
        replies = [l for l in p.stdout.decode('latin1').split('\r\n') if re.match(r'^\d{3} ', l)]
        out[os.path.basename(path)] = {'log': log_lines(p.stdout.decode('latin1') + p.stderr.decode('latin1')),
                                       'reply': replies[-2] if len(replies) >= 2 else ''}
    json.dump(out, open(os.path.join(mdir, target), 'w'), indent=1, ensure_ascii=False)
    print(f'{target}: {len(out)} messages recorded')


record(conf, 'messages', 'recorded.json')
record(os.path.join(mdir, 'cond.conf'), 'cond', 'recorded-cond.json')
