#!/usr/bin/env bash
# The hostile cases of issue 21, each as a check of the ckpt binary: no trap or crash anywhere
# (exit 132, 134, 139), write errors are one-line errors with exit 2 and leave no temp file, no temp
# file after SIGTERM or SIGHUP, an input given as the output is refused and left unchanged, no
# control character from user data reaches stdout, a 10,000-task job renders or is refused within
# 10 s, import never drops silently, an interrupted fuzz campaign says so, and wrong input is an
# error with a clear message rather than a wrong answer.
set -uo pipefail
cd "$(dirname "$0")/.."
CKPT=${CKPT:-.build/debug/ckpt}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
passed=0; failed=0
fail() { failed=$((failed + 1)); echo "hostile-check: FAIL: $*"; }
check() { # name, expected exit code, command... (stdout in $tmp/out, stderr in $tmp/err)
    local name=$1 want=$2; shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
    case $got in 132|134|139) fail "$name: crashed (exit $got)"; cat "$tmp/err"; return;; esac
    if [ "$got" = "$want" ]; then passed=$((passed + 1)); else fail "$name: exit $got, want $want"; head -3 "$tmp/err"; fi
}
says() { # name, text expected in stderr
    if grep -qF -- "$2" "$tmp/err"; then passed=$((passed + 1)); else fail "$1: stderr lacks '$2'"; head -3 "$tmp/err"; fi
}
no_temp() { # name, folder
    if ls -a "$2" | grep -q '\.tmp$'; then fail "$1: a temp file was left in $2"; ls -la "$2"; else passed=$((passed + 1)); fi
}
L1=lessons/01-first-checkpoint.yaml T1=traces/01-first-checkpoint.jsonl

# 1-2. Write errors: a full device, as a file and as stdout.
if [ -w /dev/full ]; then
    check "run --trace /dev/full" 2 "$CKPT" run $L1 --trace /dev/full; says "run --trace /dev/full" "/dev/full"
    check "render -o /dev/full" 2 "$CKPT" render $T1 -o /dev/full
    check "export -o /dev/full" 2 "$CKPT" export $T1 --to perfetto -o /dev/full
    check "import -o /dev/full" 2 "$CKPT" import flink-log docs/interop/jobmanager.log -o /dev/full
    check "lesson --trace /dev/full" 2 "$CKPT" lesson 1 --print --brief --trace /dev/full
    check "explore w:/dev/full" 2 "$CKPT" explore $L1 --keys "1 w:/dev/full"
    for cmd in "stats $T1" "check $T1" "lessons" "lesson 1 --print" "render $T1 -o -" "run $L1 --trace -"; do
        # shellcheck disable=SC2086
        "$CKPT" $cmd >/dev/full 2>"$tmp/err"; got=$?
        if [ "$got" = 2 ] && grep -q "stdout" "$tmp/err"; then passed=$((passed + 1)); else fail "ckpt $cmd >/dev/full: exit $got"; head -2 "$tmp/err"; fi
    done
fi
"$CKPT" stats $T1 | head -c 10 >/dev/null; got=${PIPESTATUS[0]}
case $got in 0|2) passed=$((passed + 1));; *) fail "stats into a closed pipe: exit $got";; esac

# 3. SIGTERM and SIGHUP leave no temp file.
printf 'scenario: runaway\nseed: 1\nmode: aligned\ncheckpointing: {interval: 1, timeout: 1, min-pause: 0, max-concurrent: 1, tolerable-failures: 1000000000, retained: 1}\njob:\n  - {name: src, kind: source, parallelism: 1, data: ["a", "b"]}\n  - {name: out, kind: sink, input: src, parallelism: 1, delivery: plain}\n' >"$tmp/runaway.yaml"
for sig in TERM HUP INT; do
    mkdir -p "$tmp/sig-$sig"
    "$CKPT" run "$tmp/runaway.yaml" --trace "$tmp/sig-$sig/t.jsonl" --max-trace-mb 100000 >/dev/null 2>&1 &
    pid=$!; sleep 1.5; kill -$sig $pid; wait $pid; got=$?
    [ "$got" -ge 128 ] && [ "$got" != 132 ] && [ "$got" != 134 ] && [ "$got" != 139 ] && passed=$((passed + 1)) || fail "SIG$sig: exit $got"
    no_temp "SIG$sig" "$tmp/sig-$sig"
    [ ! -e "$tmp/sig-$sig/t.jsonl" ] && passed=$((passed + 1)) || fail "SIG$sig left a partial trace"
done
# 12. The default budget stops a runaway run.
check "runaway stops at the trace budget" 1 "$CKPT" run "$tmp/runaway.yaml" --trace "$tmp/runaway.jsonl"
grep -qF -- "--max-trace-mb" "$tmp/out" && passed=$((passed + 1)) || fail "runaway: the hint does not name --max-trace-mb"
size=$(stat -c %s "$tmp/runaway.jsonl" 2>/dev/null || echo 0)
[ "$size" -le $((65 * 1024 * 1024)) ] && [ "$size" -gt 0 ] && passed=$((passed + 1)) || fail "runaway trace is $size bytes"

# 4. An output that is the input is refused, and the input is unchanged (also through a link).
cp $L1 "$tmp/s.yaml"; cp $T1 "$tmp/in.jsonl"; cp docs/interop/jobmanager.log "$tmp/x.log"; ln -s in.jsonl "$tmp/link.jsonl"
sums() { sha256sum "$tmp/s.yaml" "$tmp/in.jsonl" "$tmp/x.log"; }
before=$(sums)
check "run --trace = scenario" 2 "$CKPT" run "$tmp/s.yaml" --trace "$tmp/s.yaml"; says "run --trace = scenario" "is an input"
check "render -o = trace" 2 "$CKPT" render "$tmp/in.jsonl" -o "$tmp/in.jsonl"
check "render -o a link to the trace" 2 "$CKPT" render "$tmp/in.jsonl" --format svg -o "$tmp/link.jsonl"
check "export -o = trace" 2 "$CKPT" export "$tmp/in.jsonl" --to shiviz -o "$tmp/in.jsonl"
check "import -o = log" 2 "$CKPT" import flink-log "$tmp/x.log" -o "$tmp/x.log"
[ "$before" = "$(sums)" ] && passed=$((passed + 1)) || fail "an input was changed"

# 5. No control character from user data reaches stdout.
printf 'scenario: esc\ntitle: "\\e]0;pwned\\a\\e[2J"\nseed: 1\njob:\n  - {name: s, kind: source, data: ["\\e[31mred", "bell\\a"]}\n  - {name: o, kind: sink, input: s}\n' >"$tmp/esc.yaml"
check "run with escapes in the title and records" 0 "$CKPT" run "$tmp/esc.yaml" --trace "$tmp/esc.jsonl" --no-color
for cmd in "run $tmp/esc.yaml --trace - --no-color" "replay $tmp/esc.jsonl --print --no-color" "replay $tmp/esc.jsonl --no-color" \
           "replay $tmp/esc.jsonl --keys n --no-color" "stats $tmp/esc.jsonl" "check $tmp/esc.jsonl"; do
    # shellcheck disable=SC2086
    "$CKPT" $cmd >"$tmp/out" 2>&1
    if [[ "$cmd" == run*"--trace -"* ]]; then grep -v '^{' "$tmp/out" >"$tmp/out2"; mv "$tmp/out2" "$tmp/out"; fi
    if LC_ALL=C grep -q $'[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]' "$tmp/out"; then fail "ckpt $cmd printed a control character"; else passed=$((passed + 1)); fi
done
"$CKPT" run "$tmp/esc.yaml" --trace "$tmp/esc2.jsonl" --no-color | grep -qiF '\u{1b}]0;pwned' && passed=$((passed + 1)) || fail "escapes are not shown escaped"


# The web page of a trace with control characters and markup in its records: escaped, nothing injected.
printf 'scenario: page\nseed: 1\njob:\n  - {name: s, kind: source, data: ["\\e[31m</script><script>alert(1)</script>", "<img src=x onerror=alert(2)>"]}\n  - {name: o, kind: sink, input: s}\n' >"$tmp/page.yaml"
"$CKPT" run "$tmp/page.yaml" --trace "$tmp/page.jsonl" >/dev/null 2>&1
check "render --format html of hostile records" 0 "$CKPT" render "$tmp/page.jsonl" --format html --data -o "$tmp/page.html"
grep -q 'alert(1)' "$tmp/page.html" && [ "$(grep -o '<script' "$tmp/page.html" | wc -l)" = 2 ] && ! grep -q '<img' "$tmp/page.html" && passed=$((passed + 1)) || fail "the page of hostile records has an injected element"
LC_ALL=C grep -q $'[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]' "$tmp/page.html" && fail "the page holds a control character" || passed=$((passed + 1))
# 6. A 10,000-task job renders, or is refused, within 10 s.
python3 - "$tmp/wide.yaml" <<'PY'
import sys
p = 2500
ops = [("src", "source"), ("m1", "map"), ("m2", "map"), ("out", "sink")]
lines = ["scenario: wide", "seed: 1", "job:"]
lines.append("  - {name: src, kind: source, parallelism: %d, data: [%s]}" % (p, ",".join("[]" for _ in range(p))))
lines += ["  - {name: m1, kind: map, input: src, parallelism: %d}" % p, "  - {name: m2, kind: map, input: m1, parallelism: %d}" % p,
          "  - {name: out, kind: sink, input: m2, parallelism: %d}" % p]
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY
check "a 10,000-task job runs" 0 "$CKPT" run "$tmp/wide.yaml" --trace "$tmp/wide.jsonl" --max-tasks 10000
for kind in sequence lifecycle topology; do
    start=$(date +%s%N)
    "$CKPT" render "$tmp/wide.jsonl" --kind $kind -o "$tmp/wide-$kind.svg" >/dev/null 2>"$tmp/err"; got=$?
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    { [ "$got" = 0 ] || [ "$got" = 2 ]; } && [ "$ms" -le 10000 ] && passed=$((passed + 1)) || fail "render $kind of 10,000 tasks: exit $got after $ms ms"
    if [ "$got" = 2 ]; then grep -q "nodes and edges" "$tmp/err" && passed=$((passed + 1)) || fail "render $kind refusal message"; fi
done
grep -q "×2500 subtasks" "$tmp/wide-topology.svg" && passed=$((passed + 1)) || fail "a wide topology is not drawn per operator"

# 7. Import never drops silently.
python3 - Tests/CheckpointInteropTests/FlinkCaptures/min-pause/rest/checkpoints.json "$tmp" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
open(sys.argv[2] + "/trigger.json", "w").write(re.sub(r'"trigger_timestamp"\s*:\s*\d+', '"trigger_timestamp": 1e30', s, count=1))
open(sys.argv[2] + "/id.json", "w").write(re.sub(r'"id"\s*:\s*\d+', '"id": 18446744073709551616', s, count=1))
open(sys.argv[2] + "/ack.json", "w").write(re.sub(r'"latest_ack_timestamp"\s*:\s*\d+', '"latest_ack_timestamp": 1e30', s, count=1))
PY
check "REST trigger_timestamp 1e30" 2 "$CKPT" import flink-rest "$tmp/trigger.json" -o "$tmp/r.jsonl"; says "REST trigger_timestamp 1e30" "history[0]: 'trigger_timestamp'"
check "REST id 2^64" 2 "$CKPT" import flink-rest "$tmp/id.json" -o "$tmp/r.jsonl"; says "REST id 2^64" "out of range"
check "REST ack time 1e30" 0 "$CKPT" import flink-rest "$tmp/ack.json" -o "$tmp/r.jsonl"; says "REST ack time 1e30" "1 value(s) could not be read"
sed -E '0,/Completed checkpoint [0-9]+ /s//Completed checkpoint 18446744073709551616 /' docs/interop/jobmanager.log >"$tmp/big.log"
check "log id 2^64" 0 "$CKPT" import flink-log "$tmp/big.log" -o "$tmp/l.jsonl"; says "log id 2^64" "(checkpoint id)"

# 8. An interrupted fuzz campaign says so; merge validates.
for sig in INT TERM; do
    "$CKPT" fuzz --runs 100000000 --out "$tmp/fz-$sig" >"$tmp/out" 2>&1 &
    pid=$!; sleep 2; kill -$sig $pid; wait $pid; got=$?
    want=$([ $sig = INT ] && echo 130 || echo 143)
    [ "$got" = "$want" ] && passed=$((passed + 1)) || fail "fuzz SIG$sig: exit $got, want $want"
    grep -q '"interrupted":true' "$tmp/fz-$sig/summary.json" && passed=$((passed + 1)) || fail "fuzz SIG$sig: summary not marked interrupted"
    grep -q "Interrupted after" "$tmp/out" && passed=$((passed + 1)) || fail "fuzz SIG$sig: no interruption line"
done
check "merge names an interrupted shard" 0 "$CKPT" fuzz merge "$tmp/fz-INT"; grep -q "incomplete" "$tmp/out" && passed=$((passed + 1)) || fail "merge does not name the interrupted shard"
check "merge of one folder twice" 2 "$CKPT" fuzz merge "$tmp/fz-INT" "$tmp/fz-INT/"
mkdir -p "$tmp/neg"; echo '{"schedules":-5,"events":"x"}' >"$tmp/neg/summary.json"
check "merge of a negative count" 2 "$CKPT" fuzz merge "$tmp/neg"

# 9. Wrong answers become errors.
check "check --reference of another scenario" 2 "$CKPT" check traces/04-failure-and-restore.jsonl --reference $T1; says "reference of another scenario" "scenario '01-first-checkpoint'"
sed 's/"bytes":\([0-9]\)/"bytes":-\1/' $T1 >"$tmp/neg.jsonl"
check "negative bytes in check" 2 "$CKPT" check "$tmp/neg.jsonl"; check "negative bytes in stats" 2 "$CKPT" stats "$tmp/neg.jsonl"
check "inverted --from/--to" 2 "$CKPT" render $T1 --from 50 --to 10 -o "$tmp/x.svg"
check "export inverted --from/--until" 2 "$CKPT" export $T1 --to mermaid --from 50 --until 10 -o "$tmp/x.mmd"
check "unknown --checkpoint" 2 "$CKPT" render $T1 --checkpoint 999 -o "$tmp/x.svg"
check "unknown -o extension" 2 "$CKPT" render $T1 -o "$tmp/x.bmpx"
check "--mutant with --mutants" 2 "$CKPT" fuzz --mutant stale-ack --mutants
check "fuzz --max-tasks without a scenario" 2 "$CKPT" fuzz --max-tasks 3 --runs 1
[ ! -e "$tmp/x.svg" ] && [ ! -e "$tmp/x.bmpx" ] && passed=$((passed + 1)) || fail "a refused render left a file"

# 10. Messages.
touch "$tmp/afile"
check "fuzz --out a file" 2 "$CKPT" fuzz --runs 1 --out "$tmp/afile"; says "fuzz --out a file" "a file of that name exists"
grep -q NSCocoaErrorDomain "$tmp/err" && fail "raw Foundation error" || passed=$((passed + 1))
printf 'scenario: x\nseed: 18446744073709551616\njob: []\n' >"$tmp/big.yaml"
check "seed 2^64" 2 "$CKPT" run "$tmp/big.yaml" --trace "$tmp/b.jsonl"; says "seed 2^64" "out of range"
check "--seed -1" 2 "$CKPT" fuzz --seed -1 --runs 1; says "--seed -1" "a seed is not negative"
python3 -c "print('scenario: x\njob: ' + '[' * 2000)" >"$tmp/nest.yaml"
check "deep nesting" 2 "$CKPT" run "$tmp/nest.yaml" --trace "$tmp/n.jsonl"; grep -q yaml_set_max_nest_level "$tmp/err" && fail "libyaml's wording leaks" || passed=$((passed + 1))
{ printf '\xef\xbb\xbf'; cat $T1; } >"$tmp/bom.jsonl"
check "BOM" 2 "$CKPT" check "$tmp/bom.jsonl"; says "BOM" "byte order mark"
"$CKPT" fuzz --help >"$tmp/out" 2>&1; grep -q -- "--runs" "$tmp/out" && passed=$((passed + 1)) || fail "fuzz --help hides the campaign options"

echo "hostile-check: $passed passed, $failed failed"
[ "$failed" = 0 ]
