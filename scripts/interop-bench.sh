#!/usr/bin/env bash
# Throughput of ckpt export/stats/import on a ~100k-event simulator trace and a ~10k-line
# JobManager log (figures for docs/interop.md and BENCHMARKS.md). Needs a release build:
#   swift build -c release --product ckpt
# Usage: scripts/interop-bench.sh [OUT_DIR] [LINES_PER_SOURCE] [CHECKPOINTS_IN_LOG] [SCRIPTED_CHECKPOINTS]
set -euo pipefail
CKPT=${CKPT:-.build/release/ckpt}
OUT=${1:-/tmp/ckpt-interop-bench}
LINES=${2:-975}
CHECKPOINTS=${3:-3300}
SCRIPTED=${4:-1150}
mkdir -p "$OUT"

# Two WordCount jobs (2 sources -> tokenize x2 -> keyed-count x2 -> 2PC sink x2), ~100k events each:
# data.yaml: LINES lines per source, periodic checkpoints two at a time, one crash (records dominate);
# protocol.yaml: 40 lines per source, SCRIPTED checkpoints triggered one after the other, a crash
# halfway (checkpoint events dominate).
python3 - "$OUT/data.yaml" "$LINES" "$OUT/protocol.yaml" "$SCRIPTED" <<'PY'
import sys
words = "to be or not that is the question whether tis nobler in mind suffer slings and arrows of outrageous fortune".split()
lines = int(sys.argv[2])
def source(k):
    return [" ".join(words[(i * 7 + j * 3 + k) % len(words)] for j in range(6)) for i in range(lines)]
data = [source(0), source(1)]
with open(sys.argv[1], "w") as f:
    f.write("scenario: interop-bench\nseed: 1\nmode: aligned\n")
    f.write("checkpointing: {interval: 20, min-pause: 5, max-concurrent: 2, tolerable-failures: 5, retained: 2}\n")
    f.write("job:\n")
    f.write("  - {name: lines, kind: source, parallelism: 2, data: %s}\n" % str(data).replace("'", '"'))
    f.write("  - {name: tokenize, kind: tokenize, input: lines, parallelism: 2}\n")
    f.write("  - {name: count, kind: keyed-count, input: tokenize, parallelism: 2}\n")
    f.write("  - {name: out, kind: sink, input: count, parallelism: 2, delivery: transactional}\n")
    f.write("script:\n  - step: 2000\n  - fail: count[1]\n")
n = int(sys.argv[4])
with open(sys.argv[3], "w") as f:
    f.write("scenario: interop-bench-protocol\nseed: 1\nmode: aligned\n")
    f.write("checkpointing: {interval: 0, tolerable-failures: 5, retained: 2}\n")
    f.write("job:\n")
    f.write("  - {name: lines, kind: source, parallelism: 2, data: %s}\n" % str([d[:40] for d in data]).replace("'", '"'))
    f.write("  - {name: tokenize, kind: tokenize, input: lines, parallelism: 2}\n")
    f.write("  - {name: count, kind: keyed-count, input: tokenize, parallelism: 2}\n")
    f.write("  - {name: out, kind: sink, input: count, parallelism: 2, delivery: transactional}\n")
    f.write("script:\n")
    for k in range(1, n + 1):
        f.write("  - trigger: checkpoint\n  - run-until: {type: checkpoint-completed, checkpoint: %d}\n" % k)
        if k == n // 2:
            f.write("  - fail: count[1]\n")
PY

# A JobManager log in Flink 1.20's wording: CHECKPOINTS checkpoints, one line in three
# about something else, a decline + failure (with its CheckpointException and stack) every 50th,
# an expiry and a restart every 200th, a savepoint every 500th, the pre-1.15 completion wording
# every 7th.
python3 - "$OUT/jobmanager.log" "$CHECKPOINTS" <<'PY'
import sys, datetime
job = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
t = datetime.datetime(2024, 3, 5, 10, 0, 0)
out = []
def log(level, cls, msg, dt_ms=0):
    global t
    t += datetime.timedelta(milliseconds=dt_ms)
    out.append("%s,%03d %-5s %-60s [] - %s" % (t.strftime("%Y-%m-%d %H:%M:%S"), t.microsecond // 1000, level, cls, msg))
CC = "org.apache.flink.runtime.checkpoint.CheckpointCoordinator"
EG = "org.apache.flink.runtime.executiongraph.ExecutionGraph"
FM = "org.apache.flink.runtime.checkpoint.CheckpointFailureManager"
log("INFO", EG, "Job WordCount (%s) switched from state CREATED to RUNNING." % job)
for n in range(1, int(sys.argv[2]) + 1):
    ts = int(t.timestamp() * 1000)
    kind = "SavepointType{name='Savepoint', postCheckpointAction=NONE, formatType=CANONICAL}" if n % 500 == 0 else "CheckpointType{name='Checkpoint', sharingFilesStrategy=FORWARD_BACKWARD}"
    log("INFO", CC, "Triggering checkpoint %d (type=%s) @ %d for job %s." % (n, kind, ts, job), 10000)
    log("INFO", "org.apache.flink.runtime.taskexecutor.TaskExecutor", "Received heartbeat request from resource manager.", 40)
    if n % 200 == 0:
        log("INFO", CC, "Checkpoint %d of job %s expired before completing." % (n, job), 600000)
        log("INFO", EG, "Job WordCount (%s) switched from state RUNNING to RESTARTING." % job, 1000)
        log("INFO", CC, "Restoring job %s from Checkpoint %d @ %d for %s located at file:/tmp/chk/%s/chk-%d." % (job, n - 1, ts - 10000, job, job, n - 1), 1000)
        log("INFO", EG, "Job WordCount (%s) switched from state RESTARTING to RUNNING." % job, 500)
    elif n % 50 == 0:
        log("INFO", CC, "Decline checkpoint %d by task 8c0e1b9e2d4a6f3c5b7d9e1f3a5c7e9b_2_0 of job %s at 172.17.0.3:41235-6f1c2d (dataPort=36789)." % (n, job), 300)
        log("WARN", FM, "Failed to trigger or complete checkpoint %d for job %s. (1 consecutive failed attempts so far)" % (n, job), 1)
        out.append("org.apache.flink.runtime.checkpoint.CheckpointException: Asynchronous task checkpoint failed.")
        out.append("\tat org.apache.flink.runtime.checkpoint.CheckpointCoordinator.abortPendingCheckpoint(CheckpointCoordinator.java:2160) ~[flink-dist-1.20.0.jar:1.20.0]")
    elif n % 7 == 0:
        log("INFO", CC, "Completed checkpoint %d for job %s (%d bytes in %d ms)." % (n, job, 20000 + n, 250), 210)
    else:
        log("INFO", CC, "Completed checkpoint %d for job %s (%d bytes, checkpointDuration=%d ms, finalizationTime=3 ms)." % (n, job, 20000 + n, 250), 210)
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY

T="/usr/bin/time -f %e_s_%M_KB"
echo "log: $(wc -l < "$OUT/jobmanager.log") lines"
run() { local name=$1; shift; printf '%-36s ' "$name"; $T "$@" 2>&1 >/dev/null | tail -1 | tr '_' ' '; }
for kind in data protocol; do
  "$CKPT" run "$OUT/$kind.yaml" --trace "$OUT/$kind.jsonl" >/dev/null || [ $? -le 1 ]
  echo "$kind.jsonl: $(($(wc -l < "$OUT/$kind.jsonl") - 1)) events, $(du -h "$OUT/$kind.jsonl" | cut -f1)"
  run "  export --to perfetto" "$CKPT" export "$OUT/$kind.jsonl" --to perfetto -o "$OUT/$kind.perfetto.json"
  run "  export --to shiviz" "$CKPT" export "$OUT/$kind.jsonl" --to shiviz -o "$OUT/$kind.shiviz.log"
  run "  export --to mermaid --checkpoint 2" "$CKPT" export "$OUT/$kind.jsonl" --to mermaid --checkpoint 2 -o "$OUT/$kind.mmd"
  run "  stats" "$CKPT" stats "$OUT/$kind.jsonl"
done
run "import flink-log" "$CKPT" import flink-log "$OUT/jobmanager.log" -o "$OUT/jobmanager.jsonl"
run "stats (imported log)" "$CKPT" stats "$OUT/jobmanager.jsonl"
