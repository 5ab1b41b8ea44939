#!/usr/bin/env python3
"""Runs every command example of README.md and docs/**/*.md as written, so that none goes stale.

An example is a line of a shell code block (```, ```sh, ```console; when a block has `$ ` lines,
only those) or an inline `ckpt ...` span. A synopsis is not an example: a line with a placeholder
(TRACE, FILE, N, [--flag ...], a|b, DIR...) or a bare command name (`ckpt run`) is listed as
skipped. Examples run in document order, one folder per document, in a scratch copy of the repo's
lessons, traces, docs, flink and Tests/CheckpointInteropTests/FlinkCaptures, with the sample files
the docs name (mycapture, jobmanager.log, checkpoints.json). An example passes when it exits 0 or
1 (1: a finding, e.g. a violated invariant) and neither crashes nor reports a usage error; a `$`
line whose shown output starts with "error:" must exit 2. A block after the line
`<!-- docs-examples: skip (WHY) -->` is listed as skipped, with its reason.
Fuzz campaigns get --time-limit 2 (unless they set one) so that the check stays short.

Usage: docs-examples-check.py [CKPT] [--verbose]   (CKPT defaults to .build/debug/ckpt)"""
import glob, os, re, shutil, stat, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLACEHOLDER = re.compile(r"^(\[.*|.*\.\.\.|[A-Z][A-Z0-9_]*(\.[a-z]+)?|[A-Z]+\.[A-Z]+|.*[a-z]\|[a-z-].*)$")
SHELL_BLOCKS = {"", "sh", "bash", "console", "shell"}


def examples(path):
    """(line number, command) of every example in one Markdown file, and the skipped synopses."""
    found, skipped = [], []
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = re.match(r"^\s*```(\w*)\s*$", line)
        if fence:
            j = i + 1
            while j < len(lines) and not re.match(r"^\s*```\s*$", lines[j]):
                j += 1
            block = lines[i + 1:j]
            marker = re.match(r"^<!-- docs-examples: skip \((.*)\) -->$", lines[i - 1].strip()) if i > 0 else None
            if fence.group(1) in SHELL_BLOCKS:
                prompted = any(l.lstrip().startswith("$ ") for l in block)
                for k, l in enumerate(block):
                    s = l.strip()
                    if prompted:
                        if not s.startswith("$ "):
                            continue
                        s = s[2:]
                    if re.search(r"(^|[\s;|&(])(\S*/)?ckpt\s", s) and not s.startswith("make "):
                        if marker:
                            skipped.append((i + 2 + k, s, marker.group(1)))
                            continue
                        # A `$` line whose output starts with "error:" shows an error on purpose.
                        shown = block[k + 1].strip() if k + 1 < len(block) else ""
                        found.append((i + 2 + k, s, 2 if prompted and shown.startswith("error:") else None, True))
            i = j + 1
            continue
        for m in re.finditer(r"`(ckpt [^`]+)`", line):
            found.append((i + 1, m.group(1), None, False))
        i += 1
    runnable = []
    for n, cmd, expected, in_block in found:
        cmd = re.sub(r"\s{2,}#.*$|\s#\s.*$", "", cmd).strip()
        words = cmd.split()
        # In prose, `ckpt render --kind lifecycle` names a command; an example gives it an input.
        names_only = not any("/" in w or "." in w or w.isdigit() for w in words[1:])
        if not in_block and names_only:
            skipped.append((n, cmd, "a command named in prose"))
        elif any(PLACEHOLDER.match(w) for w in words[1:] if not w.startswith("'") and not w.startswith('"')):
            skipped.append((n, cmd, "a synopsis"))
        else:
            runnable.append((n, cmd, expected))
    return runnable, skipped


def scratch(ckpt):
    """A folder with the repo's inputs, the docs' sample files, and `ckpt` on PATH."""
    d = tempfile.mkdtemp(prefix="docs-examples-")
    for part in ["lessons", "traces", "docs", "flink/twins", "Tests/CheckpointInteropTests/FlinkCaptures"]:
        shutil.copytree(os.path.join(ROOT, part), os.path.join(d, part))
    shutil.copytree(os.path.join(ROOT, "Tests/CheckpointInteropTests/FlinkCaptures/min-pause"), os.path.join(d, "mycapture"))
    shutil.copy(os.path.join(ROOT, "docs/interop/jobmanager.log"), d)
    shutil.copy(os.path.join(ROOT, "docs/interop/checkpoints.json"), d)
    bin_dir = os.path.join(d, ".bin")
    os.makedirs(bin_dir)
    wrapper = os.path.join(bin_dir, "ckpt")
    with open(wrapper, "w") as f:
        f.write('#!/usr/bin/env bash\n'
                'if [ "${1:-}" = fuzz ] && [ "${2:-}" != merge ] && [[ " $* " != *" --time-limit "* ]]; then\n'
                f'  exec {ckpt} "$@" --time-limit 2\nfi\nexec {ckpt} "$@"\n')
    os.chmod(wrapper, os.stat(wrapper).st_mode | stat.S_IEXEC)
    for build in [".build/release", ".build/debug"]:
        os.makedirs(os.path.join(d, build), exist_ok=True)
        os.symlink(wrapper, os.path.join(d, build, "ckpt"))
    return d, bin_dir


def main():
    args = [a for a in sys.argv[1:] if a != "--verbose"]
    verbose = "--verbose" in sys.argv
    ckpt = os.path.abspath(args[0] if args else os.path.join(ROOT, ".build/debug/ckpt"))
    docs = ["README.md"] + sorted(os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, "docs/**/*.md"), recursive=True))
    passed, failed, skipped_count = 0, 0, 0
    for doc in docs:
        runnable, skipped = examples(os.path.join(ROOT, doc))
        skipped_count += len(skipped)
        if verbose:
            for n, cmd, why in skipped:
                print(f"  skipped {doc}:{n}: {cmd}  ({why})")
        if not runnable:
            continue
        d, bin_dir = scratch(ckpt)
        env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"], NO_COLOR="1")
        try:
            for n, cmd, expected in runnable:
                try:
                    r = subprocess.run(["bash", "-c", cmd], cwd=d, env=env, stdin=subprocess.DEVNULL,
                                       capture_output=True, text=True, timeout=120)
                    code, err = r.returncode, r.stderr
                except subprocess.TimeoutExpired:
                    code, err = "timeout", ""
                wanted = (expected,) if expected is not None else (0, 1)
                bad = code not in wanted or "Fatal error" in err or "USAGE:" in err
                if bad:
                    failed += 1
                    print(f"docs-examples: FAIL: {doc}:{n}: {cmd}: exit {code}")
                    for l in err.strip().split("\n")[-3:]:
                        print(f"    {l}")
                else:
                    passed += 1
                    if verbose:
                        print(f"  ok {doc}:{n}: {cmd}")
        finally:
            shutil.rmtree(d, ignore_errors=True)
    print(f"docs-examples: {passed} passed, {failed} failed, {skipped_count} synopses and command names skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
