#!/usr/bin/env python3
"""record-mime.py: send each test/runtime/mime/messages/*.eml through real exim
4.96 `-bh` with test/runtime/mime/mime.conf (a MIME ACL that logs every $mime_*
variable, mime_regex and decode results per part) and write what it logs to
test/runtime/mime/recorded.json: {message: {log: [lines], reply: "final reply"}}.

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


out = {}
for path in sorted(glob.glob(os.path.join(mdir, 'messages', '*.eml'))):
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, 'spool'))
    msg = open(path, 'rb').read()
    p = subprocess.run(['exim', '-C', conf, '-bh', '192.0.2.1'], input=session(msg),
                       capture_output=True, env=ENV)
    text = p.stdout.decode('latin1') + p.stderr.decode('latin1')
    log = []
    for l in text.split('\n'):
        if l.startswith('LOG: '):
            log.append(ID.sub('MSGID', l[5:]).replace('MSGID ', '', 1) if l[5:].startswith(ID.search(l[5:]).group(0) if ID.search(l[5:]) else '\0') else l[5:])
    replies = [l for l in p.stdout.decode('latin1').split('\r\n') if re.match(r'^\d{3} ', l)]
    out[os.path.basename(path)] = {'log': log, 'reply': replies[-2] if len(replies) >= 2 else ''}
json.dump(out, open(os.path.join(mdir, 'recorded.json'), 'w'), indent=1, ensure_ascii=False)
print(f'{len(out)} messages recorded')
