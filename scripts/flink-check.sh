#!/usr/bin/env bash
# make flink-check: CheckpointLab against a live Flink 2.3, end to end. flink/run installs
# apache-flink==2.3.0 (once), starts a localhost-only cluster, runs every case of flink/cases.py and
# captures it; then each capture is imported (ckpt import flink-capture), checked (ckpt check: no
# violation, no setting left unchecked), held to the core's rules (ckpt conform) and compared with its
# twin's simulation (--twin flink/twins/CASE.yaml). The probe's reading of the jar's failure reasons
# is compared with the committed one, and every Flink class#method docs/flink-map.md and the
# core's comments name is looked up in the jar (scripts/flink-map-check.py). Prints a table; exits 1 if any step fails.
set -uo pipefail
cd "$(dirname "$0")/.."
CKPT=${CKPT:-.build/debug/ckpt}
out=${FLINK_CHECK_OUT:-.build/flink-check}
start=$(date +%s)
[ -x "$CKPT" ] || swift build --product ckpt || exit 2
rm -rf "$out" && mkdir -p "$out"
flink/run --out "$out/captures" || { echo "flink-check: the harness failed (see above)"; exit 1; }
failed=0
home=$("${CKPT_FLINK_VENV:-flink/.venv}/bin/python" -c 'import os, pyflink; print(os.path.dirname(pyflink.__file__))')
scripts/flink-map-check.py "$home" || { echo "flink-check: FAIL: docs/flink-map.md or a core comment names a Flink method 2.3 does not have"; failed=$((failed + 1)); }
if ! cmp -s "$out/captures/flink-failure-reasons.json" Tests/CheckpointInteropTests/FlinkCaptures/flink-failure-reasons.json; then
    echo "flink-check: FAIL: Flink's failure reasons differ from the committed probe output (CheckpointFailureReason)"
    failed=$((failed + 1))
fi
printf '%-22s %-8s %-8s %-8s %s\n' case import check conform twin
for dir in "$out"/captures/*/; do
    name=$(basename "$dir")
    trace="$out/$name.jsonl"
    imp=ok chk=ok con=ok twin=ok
    "$CKPT" import flink-capture "$dir" -o "$trace" 2>"$out/$name.import.txt" || imp=FAIL
    if [ $imp = ok ]; then
        "$CKPT" check "$trace" >"$out/$name.check.txt" 2>&1 || chk=FAIL
        grep -q "need the checkpointing settings" "$out/$name.check.txt" && chk=UNCHECKED
        if [ -f "flink/twins/$name.yaml" ]; then
            "$CKPT" conform "$trace" --twin "flink/twins/$name.yaml" >"$out/$name.conform.txt" 2>&1 || { con=FAIL; twin=?; }
            grep -q "^No divergence" "$out/$name.conform.txt" || con=FAIL
            grep -q "same shape" "$out/$name.conform.txt" || twin=DIFFERS
        else
            "$CKPT" conform "$trace" >"$out/$name.conform.txt" 2>&1 || con=FAIL
            twin=none
        fi
    else
        chk=- con=- twin=-
    fi
    printf '%-22s %-8s %-8s %-8s %s\n' "$name" $imp $chk $con $twin
    for r in $imp $chk $con $twin; do
        case $r in ok) ;; *) failed=$((failed + 1)); for f in "$out/$name".*.txt; do sed 's/^/    /' "$f"; done; break ;; esac
    done
done
echo "flink-check: $(ls -d "$out"/captures/*/ | wc -l) cases in $(( $(date +%s) - start )) s; results in $out"
[ $failed = 0 ] || { echo "flink-check: $failed case(s) failed"; exit 1; }
