#!/usr/bin/env python3
"""record-expand.py: record conformance vectors for string expansion from real Exim.

Usage:
  python3 scripts/record-expand.py [--check] [--exim CMD] [--conf FILE] [--idle SECONDS]
                                   [CASEFILE...]

Reads spec/expand/cases/*.txt (or the named case files): one expansion string per line,
'#' comment lines and blank lines ignored. Runs each file as one `exim -C CONF -be`
session (cases in file order; batches of at most 50,000 input lines per process) and writes
spec/expand/vectors/<name>.jsonl with one JSON object per case:

  {"file": "operators.txt", "line": 12, "in": "...", "out": "...",
   "exim": "4.96", "conf": "spec/oracle/min.conf"}
  optional: "fed": the logical line as actually given to exim when it differs from "in"
            "via": "argv" when the string was passed as a command-line argument
            "noout": true when exim printed nothing for the line

"out" is what exim printed after the "> " prompt for that line, without the final
newline. See spec/expand/README.md for the exact stdout format and the placeholders.
With --check nothing is written; the new results are compared with the stored vectors
and the differences printed (exit status 1 if any).

Standard library only.
"""
import argparse
import json
import os
import re
import select
import signal
import subprocess
import sys
import threading
import time
import uuid

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES_DIR = os.path.join(REPO, "spec", "expand", "cases")
VECTORS_DIR = os.path.join(REPO, "spec", "expand", "vectors")
FIXTURES_DIR = os.path.join(REPO, "spec", "expand", "fixtures")
DEFAULT_CONF = os.path.join(REPO, "spec", "oracle", "min.conf")
ORACLE_TMP = "/tmp/exim-ts-oracle"   # spool_directory / log_file_path of min.conf

MAX_LINES_PER_PROCESS = 50000        # -be never frees memory between lines
PIECE = 1000                         # -be reads stdin with fgets(buf, 1024)
MAX_STDIN_LINE = 16000               # -be copies a line into a 16 KiB buffer
MAX_ARGV = 256                       # exim_str_fail_toolong(..., EXIM_EMAILADDR_MAX)
WS = b" \t\n\r\x0b\x0c"
LONE_SURROGATE = re.compile("[\udc80-\udcff]")


def log(msg):
    sys.stderr.write("record-expand: %s\n" % msg)


# ---------------------------------------------------------------- placeholders

def placeholders(conf):
    """(name, absolute value) pairs; longer values first so that back-substitution of
    output text prefers the most specific name."""
    pairs = [("@FIXTURES@", FIXTURES_DIR),
             ("@CONFIG@", conf),
             ("@CONFIG_DIR@", os.path.dirname(conf)),
             ("@REPO@", REPO)]
    return sorted(((n.encode(), v.encode()) for n, v in pairs), key=lambda p: -len(p[1]))


def substitute(line, pairs):
    for name, value in pairs:
        line = line.replace(name, value)
    return line


def unsubstitute(text, pairs):
    for name, value in pairs:
        text = text.replace(value, name)
    return text


# ---------------------------------------------------------------- case files

def read_cases(path):
    """[(line number, bytes)] of one case file."""
    with open(path, "rb") as f:
        data = f.read()
    cases = []
    for n, line in enumerate(data.split(b"\n"), 1):
        if line.endswith(b"\r"):
            line = line[:-1]
        if not line.strip() or line.startswith(b"#"):
            continue
        cases.append((n, line))
    return cases


def plan(line):
    """How to give LINE to exim -be so that exactly LINE is expanded.
    Returns ("stdin", logical line, physical text) or ("argv", arg, None), or raises
    ValueError when the line cannot be given to exim unchanged."""
    if b"\0" in line:
        raise ValueError("NUL byte in line")
    logical = line
    # a line starting with an upper-case letter is a macro definition in -be; a leading
    # "-" would be an option on the command line. An empty \N..\N region changes nothing.
    if logical[:1].isupper() or logical[:1] == b"-":
        logical = b"\\N\\N" + logical
    # -be strips trailing whitespace and treats a trailing backslash as a continuation;
    # command-line arguments are expanded as they are.
    if logical[-1:] in (b"\\",) or (logical[-1:] and logical[-1:] in WS):
        if len(logical) > MAX_ARGV:
            raise ValueError("ends in whitespace or backslash and is over %d bytes" % MAX_ARGV)
        return ("argv", logical, None)
    if len(logical) > MAX_STDIN_LINE:
        raise ValueError("longer than %d bytes" % MAX_STDIN_LINE)
    if len(logical) <= PIECE:
        return ("stdin", logical, logical)
    # long line: backslash continuations. -be drops the final backslash of a physical
    # line and strips the leading whitespace of the next one (and trailing whitespace of
    # each), so cut only between two non-space bytes.
    parts = []
    rest = logical
    while len(rest) > PIECE:
        cut = PIECE
        while cut > 1 and (rest[cut] in WS or rest[cut - 1] in WS):
            cut -= 1
        if cut <= 1:
            raise ValueError("long line with no place to split")
        parts.append(rest[:cut])
        rest = rest[cut:]
    parts.append(rest)
    return ("stdin", logical, b"\\\n".join(parts))


# ---------------------------------------------------------------- running exim

def kill_session(sid):
    """Kill every process in session SID (exim and any ${run} children)."""
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                st = f.read()
            fields = st[st.rindex(")") + 2:].split()
            if int(fields[3]) == sid:
                os.kill(int(d), signal.SIGKILL)
        except (OSError, ValueError, IndexError):
            pass


def run_exim(cmd, stdin_bytes, idle, env):
    """Run CMD feeding STDIN_BYTES. Returns (stdout, stderr, rc, timed_out).
    The process is killed (with its whole session) after IDLE seconds without output."""
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, start_new_session=True, cwd=REPO, env=env)

    def writer():
        try:
            p.stdin.write(stdin_bytes)
            p.stdin.close()
        except OSError:
            pass

    err = []

    def errreader():
        for chunk in iter(lambda: p.stderr.read(65536), b""):
            err.append(chunk)

    tw = threading.Thread(target=writer, daemon=True)
    te = threading.Thread(target=errreader, daemon=True)
    tw.start()
    te.start()
    out = bytearray()
    fd = p.stdout.fileno()
    last = time.time()
    timed_out = False
    while True:
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            out += chunk
            last = time.time()
        elif time.time() - last > idle:
            timed_out = True
            kill_session(p.pid)
            break
    rc = p.wait()
    te.join(5)
    return bytes(out), b"".join(err), rc, timed_out


class Recorder:
    def __init__(self, exim, conf, idle):
        self.exim = exim
        self.conf = conf
        self.idle = idle
        self.env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C", "LC_ALL": "C",
                    "TZ": "UTC", "HOME": "/root"}
        self.problems = []

    def base_cmd(self):
        return list(self.exim) + ["-C", self.conf, "-be"]

    def session(self, items):
        """items: [(key, physical text)] fed on stdin in one process (restarting after a
        hang or crash). Returns {key: output bytes or None} and a {key: reason} for drops."""
        results, dropped = {}, {}
        todo = list(items)
        while todo:
            batch, rest = [], []
            count = 0
            for i, it in enumerate(todo):
                n = it[1].count(b"\n") + 2
                if batch and count + n > MAX_LINES_PER_PROCESS:
                    rest = todo[i:]
                    break
                batch.append(it)
                count += n
            marker = b"be-sep-" + uuid.uuid4().hex.encode()
            token = b"> " + marker + b"\n"
            feed = b"".join(text + b"\n" + marker + b"\n" for _, text in batch)
            out, err, rc, timed_out = run_exim(self.base_cmd(), feed, self.idle, self.env)
            if err:
                for l in err.decode("utf-8", "replace").splitlines():
                    log("exim stderr: " + l)
            pos = 0
            done = 0
            for key, _ in batch:
                j = out.find(token, pos)
                if j < 0:
                    break
                seg = out[pos:j]
                # the segment is "> " + result + "\n", or only "> " when exim printed
                # nothing (a macro definition line)
                if seg == b"> " or seg == b"":
                    results[key] = None
                elif seg.startswith(b"> ") and seg.endswith(b"\n"):
                    results[key] = seg[2:-1]
                else:
                    raise RuntimeError("unexpected output segment %r" % seg[:200])
                pos = j + len(token)
                done += 1
            if done == len(batch):
                tail = out[pos:]
                if tail != b"> \n":
                    log("unexpected end of output: %r" % tail[:200])
                todo = rest
                continue
            key = batch[done][0]
            why = ("no output for %gs (killed)" % self.idle) if timed_out else \
                  ("exim exited with status %d" % rc)
            dropped[key] = why
            todo = batch[done + 1:] + rest
        return results, dropped

    def argv_case(self, arg):
        out, err, rc, timed_out = run_exim(self.base_cmd() + [arg], b"", self.idle, self.env)
        if err:
            for l in err.decode("utf-8", "replace").splitlines():
                log("exim stderr: " + l)
        if timed_out or rc != 0:
            return None, ("no output for %gs (killed)" % self.idle) if timed_out else \
                ("exim exited with status %d" % rc)
        if out == b"":
            return b"", "noout"
        if not out.endswith(b"\n"):
            return None, "unexpected output %r" % out[:200]
        return out[:-1], None


def text(b):
    return b.decode("utf-8", "surrogateescape")


def exim_version(exim, conf):
    p = subprocess.run(list(exim) + ["-C", conf, "-bV"], capture_output=True, cwd=REPO)
    if p.returncode != 0:
        sys.exit("record-expand: `exim -C %s -bV` failed:\n%s" %
                 (conf, p.stdout.decode() + p.stderr.decode()))
    m = re.search(rb"Exim version (\S+)", p.stdout)
    return m.group(1).decode() if m else "unknown"


def builtin_macro_names(exim, conf):
    p = subprocess.run(list(exim) + ["-C", conf, "-bP", "macros"], capture_output=True,
                       cwd=REPO)
    names = []
    for l in p.stdout.splitlines():
        m = re.match(rb"([A-Z_][A-Z0-9_]*)=", l)
        if m:
            names.append(m.group(1))
    return names


def record_file(rec, path, version, conf_rel, pairs, macros):
    fname = os.path.basename(path)
    cases = read_cases(path)
    records = []          # per case: dict, with "_key" for stdin cases
    stdin_items = []
    for n, raw in cases:
        line = substitute(raw, pairs)
        r = {"file": fname, "line": n, "in": text(raw)}
        for m in macros:
            if m in line:
                log("%s:%d: warning: contains builtin macro name %s (substituted by -be)"
                    % (fname, n, m.decode()))
        try:
            how, logical, physical = plan(line)
        except ValueError as e:
            rec.problems.append("%s:%d: skipped: %s" % (fname, n, e))
            continue
        if logical != line:
            r["fed"] = text(unsubstitute(logical, pairs))
        if how == "argv":
            r["via"] = "argv"
            out, why = rec.argv_case(logical)
            if out is None:
                rec.problems.append("%s:%d: dropped: %s" % (fname, n, why))
                continue
            if why == "noout":
                r["noout"] = True
            r["out"] = out
        else:
            r["_key"] = len(stdin_items)
            stdin_items.append((len(stdin_items), physical))
        records.append(r)
    results, dropped = rec.session(stdin_items)
    final = []
    for r in records:
        key = r.pop("_key", None)
        if key is not None:
            if key in dropped:
                rec.problems.append("%s:%d: dropped: %s" % (fname, r["line"], dropped[key]))
                continue
            out = results.get(key)
            if out is None:
                r["noout"] = True
                out = b""
            r["out"] = out
        r["out"] = text(unsubstitute(r["out"], pairs))
        r["exim"] = version
        r["conf"] = conf_rel
        final.append(r)
    return final


def dump(records):
    order = ["file", "line", "in", "fed", "via", "out", "noout", "exim", "conf"]
    lines = []
    for r in records:
        o = {k: r[k] for k in order if k in r}
        # readable UTF-8, but bytes that are not UTF-8 (lone surrogates after
        # surrogateescape decoding) are written as \udcXX escapes: the file stays UTF-8
        s = json.dumps(o, ensure_ascii=False)
        lines.append(LONE_SURROGATE.sub(lambda m: "\\u%04x" % ord(m.group(0)), s))
    data = "\n".join(lines) + "\n" if lines else ""
    return data.encode("utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--check", action="store_true",
                    help="compare with the stored vectors instead of writing them")
    ap.add_argument("--exim", default=os.environ.get("EXIM", "exim"))
    ap.add_argument("--conf", default=DEFAULT_CONF)
    ap.add_argument("--idle", type=float, default=30.0,
                    help="seconds without output before a hung exim is killed")
    a = ap.parse_args()

    exim = a.exim.split()
    conf = os.path.abspath(a.conf)
    conf_rel = os.path.relpath(conf, REPO)
    for d in ("spool", "log"):
        os.makedirs(os.path.join(ORACLE_TMP, d), exist_ok=True)
    version = exim_version(exim, conf)
    macros = builtin_macro_names(exim, conf)
    pairs = placeholders(conf)
    rec = Recorder(exim, conf, a.idle)

    files = a.files or sorted(os.path.join(CASES_DIR, f) for f in os.listdir(CASES_DIR)
                              if f.endswith(".txt"))
    os.makedirs(VECTORS_DIR, exist_ok=True)
    differ = 0
    total = 0
    for path in files:
        records = record_file(rec, path, version, conf_rel, pairs, macros)
        total += len(records)
        name = os.path.splitext(os.path.basename(path))[0] + ".jsonl"
        dest = os.path.join(VECTORS_DIR, name)
        data = dump(records)
        if a.check:
            old = open(dest, "rb").read() if os.path.exists(dest) else b""
            if old != data:
                olds = old.split(b"\n")
                news = data.split(b"\n")
                for i in range(max(len(olds), len(news))):
                    x = olds[i] if i < len(olds) else b"<none>"
                    y = news[i] if i < len(news) else b"<none>"
                    if x != y:
                        differ += 1
                        print("%s: stored: %s" % (name, x.decode("utf-8", "replace")))
                        print("%s: now:    %s" % (name, y.decode("utf-8", "replace")))
        else:
            with open(dest + ".tmp", "wb") as f:
                f.write(data)
            os.replace(dest + ".tmp", dest)
        log("%s: %d cases" % (os.path.basename(path), len(records)))
    for p in rec.problems:
        log(p)
    log("%d cases in %d files (exim %s)%s" % (total, len(files), version,
                                              ", %d lines differ" % differ if a.check else ""))
    return 1 if (rec.problems or differ) else 0


if __name__ == "__main__":
    sys.exit(main())
