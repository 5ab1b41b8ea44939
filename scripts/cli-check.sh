#!/usr/bin/env bash
# End-to-end checks of the ckpt binary that unit tests cannot make: exit codes, one-line errors,
# no partial files, and that writing to a device (-o /dev/null) writes through it instead of
# replacing it with a regular file.
set -uo pipefail
cd "$(dirname "$0")/.."
CKPT=${CKPT:-.build/debug/ckpt}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
passed=0; failed=0
check() { # name, expected exit code, command...
    local name=$1 want=$2; shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
    if [ "$got" = "$want" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "cli-check: FAIL: $name: exit $got, want $want"; cat "$tmp/err"; fi
}
check "lesson --print" 0 "$CKPT" lesson 1 --print --brief
check "mutant lesson is not a failure" 0 "$CKPT" lesson 14 --print --brief
check "unknown lesson" 2 "$CKPT" lesson 99
grep -q "no lesson '99'" "$tmp/err" || { failed=$((failed + 1)); echo "cli-check: FAIL: unknown lesson message"; }
check "render to /dev/null" 0 "$CKPT" render traces/01-first-checkpoint.jsonl --kind lifecycle -o /dev/null
[ -c /dev/null ] || { failed=$((failed + 1)); echo "cli-check: FAIL: /dev/null is no longer a device"; }
printf 'scenario: x\njob:\n  - {name: s, kind: source, parallelism: 1000000, data: [x]}\n' >"$tmp/big.yaml"
check "task limit" 2 "$CKPT" run "$tmp/big.yaml" --trace "$tmp/big.jsonl"
grep -q "big.yaml:3:42: parallelism 1000000 is over the task limit of 5000 (raise it with --max-tasks" "$tmp/err" \
    || { failed=$((failed + 1)); echo "cli-check: FAIL: task limit message"; cat "$tmp/err"; }
[ ! -e "$tmp/big.jsonl" ] || { failed=$((failed + 1)); echo "cli-check: FAIL: a refused scenario left a trace file"; }
{ head -n 5 traces/01-first-checkpoint.jsonl; sed -n 6p traces/01-first-checkpoint.jsonl | head -c 30; } >"$tmp/cut.jsonl"
check "trace cut mid-line" 0 "$CKPT" replay "$tmp/cut.jsonl" --print
grep -q "warning" "$tmp/err" || { failed=$((failed + 1)); echo "cli-check: FAIL: no warning for a cut-off line"; cat "$tmp/err"; }
head -c 100 traces/01-first-checkpoint.jsonl >"$tmp/nohead.jsonl"
check "trace cut inside its header" 2 "$CKPT" check "$tmp/nohead.jsonl"
check "fuzz --time-limit 0" 2 "$CKPT" fuzz --runs 3 --time-limit 0
check "bench --words outside its shapes" 2 "$CKPT" bench --what fuzz --words 3 --schedules 1
python3 - traces/04-failure-and-restore.jsonl "$tmp/late.jsonl" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
events = [json.loads(l) for l in lines[1:]]
for e in events[len(events) // 2:]: e["time"] = 9223372036854775807
open(sys.argv[2], "w").write("\n".join([lines[0]] + [json.dumps(e, separators=(",", ":")) for e in events]) + "\n")
PY
check "perfetto refuses a time beyond microseconds" 2 "$CKPT" export "$tmp/late.jsonl" --to perfetto -o "$tmp/late.json"
grep -q "does not fit Perfetto's microsecond timestamps" "$tmp/err" || { failed=$((failed + 1)); echo "cli-check: FAIL: perfetto time message"; cat "$tmp/err"; }
[ ! -e "$tmp/late.json" ] || { failed=$((failed + 1)); echo "cli-check: FAIL: a refused export left a file"; }
check "check takes the same trace" 0 "$CKPT" check "$tmp/late.jsonl"
cat >"$tmp/expiry.yaml" <<'YAML'
scenario: expiry-loop
checkpointing: {interval: 20, timeout: 5, tolerable-failures: 0}
timing: {async: [10, 20]}
job:
  - {name: words, kind: source, parallelism: 1, data: ["a b", "c d"]}
  - {name: count, kind: keyed-count, input: words, parallelism: 1}
  - {name: out, kind: sink, input: count, parallelism: 1, delivery: transactional}
YAML
check "a job stuck in expiries stops at the step limit" 1 "$CKPT" run "$tmp/expiry.yaml" --trace "$tmp/expiry.jsonl" --max-steps 2000
grep -q "^  … and [0-9]* more (the trace has them all" "$tmp/out" || { failed=$((failed + 1)); echo "cli-check: FAIL: failovers not capped"; }
[ "$(grep -c '(tolerable-failures-exceeded)' "$tmp/out")" = 10 ] || { failed=$((failed + 1)); echo "cli-check: FAIL: not 10 failovers listed"; }
grep -q "Hint: no checkpoint completed and [0-9]* expired" "$tmp/out" || { failed=$((failed + 1)); echo "cli-check: FAIL: no expiry hint"; cat "$tmp/out"; }
# Unaligned, a checkpoint every millisecond over a wide job: each task sees barrier n+1 before
# the last barrier n and declines n as subsumed, so none completes before the step limit.
cat >"$tmp/subsumed.yaml" <<'YAML'
scenario: subsumed-loop
mode: unaligned
checkpointing: {interval: 1, max-concurrent: 2}
job:
  - {name: words, kind: source, parallelism: 6, data: [["a b", "c d"], ["e f", "g a"], ["b c", "d e"], ["f g", "a b"], ["c d", "e f"], ["g a", "b c"]]}
  - {name: split, kind: tokenize, input: words, parallelism: 6}
  - {name: count, kind: keyed-count, input: split, parallelism: 6}
  - {name: out, kind: sink, input: count, parallelism: 1, delivery: transactional}
YAML
check "checkpoints cancelled by newer ones stop at the step limit" 1 "$CKPT" run "$tmp/subsumed.yaml" --seed 2 --trace "$tmp/subsumed.jsonl" --max-steps 3000
grep -q "Hint: no checkpoint completed and [0-9]* were cancelled by a newer one" "$tmp/out" || { failed=$((failed + 1)); echo "cli-check: FAIL: no subsumption hint"; cat "$tmp/out"; }
# Real Flink captures: import, conform, the twin; bad input is exit 2 with its place.
cap=Tests/CheckpointInteropTests/FlinkCaptures
check "import a real capture" 0 "$CKPT" import flink-capture "$cap/expired-tolerable" -o "$tmp/real.jsonl"
check "a real capture conforms, with its twin" 0 "$CKPT" conform "$tmp/real.jsonl" --twin flink/twins/expired-tolerable.yaml
grep -q "same shape" "$tmp/out" || { failed=$((failed + 1)); echo "cli-check: FAIL: twin shape line"; cat "$tmp/out"; }
sed 's/"restore-started","actor":"coordinator","checkpoint":2/"restore-started","actor":"coordinator","checkpoint":1/' "$tmp/real.jsonl" >"$tmp/planted.jsonl"
check "a planted restore of an older checkpoint diverges" 1 "$CKPT" conform "$tmp/planted.jsonl"
grep -q "divergence (.*expired-tolerable/jobmanager.log:[0-9]*): restore-latest" "$tmp/out" || { failed=$((failed + 1)); echo "cli-check: FAIL: divergence line"; cat "$tmp/out"; }
check "conform needs the settings" 2 "$CKPT" conform docs/interop/jobmanager.log
"$CKPT" import flink-log docs/interop/jobmanager.log -o "$tmp/nosettings.jsonl" 2>/dev/null
check "conform without settings in the header" 2 "$CKPT" conform "$tmp/nosettings.jsonl"
grep -q "nosettings.jsonl:1:1: the trace's header gives no checkpointing settings" "$tmp/err" || { failed=$((failed + 1)); echo "cli-check: FAIL: no-settings message"; cat "$tmp/err"; }
cat "$cap/periodic/jobmanager.log" "$cap/task-failure/jobmanager.log" >"$tmp/two-jobs.log"
check "a log of two jobs needs --job" 2 "$CKPT" import flink-log "$tmp/two-jobs.log" -o "$tmp/two.jsonl"
grep -q "two-jobs.log:[0-9]*:1: the log holds 2 jobs (.*ckpt-periodic.*ckpt-task-failure.*): pick one with --job ID" "$tmp/err" || { failed=$((failed + 1)); echo "cli-check: FAIL: two-jobs message"; cat "$tmp/err"; }
[ ! -e "$tmp/two.jsonl" ] || { failed=$((failed + 1)); echo "cli-check: FAIL: a refused import left a file"; }
check "not a capture folder" 2 "$CKPT" import flink-capture docs/interop/jobmanager.log -o "$tmp/x.jsonl"
printf 'scenario: x\njob:\n  - {name: s, kind: source, parallelism: 1, data: [a]}\nscript:\n  - stop: now\n' >"$tmp/stop.yaml"
check "stop takes savepoint" 2 "$CKPT" run "$tmp/stop.yaml" --trace "$tmp/stop.jsonl"
grep -q "stop.yaml:5:11: stop takes savepoint" "$tmp/err" || { failed=$((failed + 1)); echo "cli-check: FAIL: stop message"; cat "$tmp/err"; }
# The step-through web page: its flags, and no page left behind when it is refused.
T1=traces/01-first-checkpoint.jsonl
check "render --format html" 0 "$CKPT" render "$T1" --format html -o "$tmp/p.html"
grep -q '<script type="application/json" id="ckpt-data">' "$tmp/p.html" || { failed=$((failed + 1)); echo "cli-check: FAIL: the page has no data"; }
check "render to .html is the page" 0 "$CKPT" render "$T1" -o "$tmp/p2.html"
cmp -s "$tmp/p.html" "$tmp/p2.html" || { failed=$((failed + 1)); echo "cli-check: FAIL: -o x.html and --format html differ"; }
check "html of another kind" 2 "$CKPT" render "$T1" --format html --kind lifecycle -o "$tmp/k.html"
check "html with --from" 2 "$CKPT" render "$T1" -o "$tmp/f.html" --from 3
grep -q -- "--from does not apply to --format html" "$tmp/err" || { failed=$((failed + 1)); echo "cli-check: FAIL: html --from message"; cat "$tmp/err"; }
check "html over its budget" 2 "$CKPT" render "$T1" -o "$tmp/b.html" --max-elements 10
grep -q "more than --max-elements 10; pass --max-elements" "$tmp/err" || { failed=$((failed + 1)); echo "cli-check: FAIL: html budget message"; cat "$tmp/err"; }
check "lesson --html" 0 "$CKPT" lesson 3 --html -o "$tmp/l.html"
cmp -s "$tmp/l.html" docs/lessons/03-alignment.html || { failed=$((failed + 1)); echo "cli-check: FAIL: docs/lessons/03-alignment.html is not what lesson --html writes (make lesson-docs)"; }
check "lesson --html needs -o" 2 "$CKPT" lesson 3 --html
check "lesson -o needs --html" 2 "$CKPT" lesson 3 -o "$tmp/o.html"
check "lesson --html with --print" 2 "$CKPT" lesson 3 --html --print -o "$tmp/q.html"
for f in k f b o q; do [ ! -e "$tmp/$f.html" ] || { failed=$((failed + 1)); echo "cli-check: FAIL: a refused page left $f.html"; }; done
echo "cli-check: $passed passed, $failed failed"
[ "$failed" = 0 ]
