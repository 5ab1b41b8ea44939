#!/usr/bin/env python3
"""Prints docs/flink-conformance.md's table from the committed real captures: per case, the real
checkpoint history, the twin's simulated one, their shape, and whether they match, as
`ckpt conform --twin --json` reports them.  Usage: scripts/flink-conformance-table.py [CKPT]"""
import json, os, subprocess, sys, tempfile

ckpt = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/ckpt"
root = "Tests/CheckpointInteropTests/FlinkCaptures"
print("| case | real Flink 2.3 | simulated twin | shape (both) | match |")
print("| --- | --- | --- | --- | --- |")
with tempfile.TemporaryDirectory() as tmp:
    for name in sorted(os.listdir(root)):
        if not os.path.isdir(os.path.join(root, name)):
            continue
        trace = os.path.join(tmp, name + ".jsonl")
        subprocess.run([ckpt, "import", "flink-capture", os.path.join(root, name), "-o", trace], check=True, capture_output=True)
        r = subprocess.run([ckpt, "conform", trace, "--twin", f"flink/twins/{name}.yaml", "--json"], capture_output=True, text=True)
        o = json.loads(r.stdout)
        t = o["twin"]
        shape = " · ".join(t["observed-shape"]) if t["matches"] else " · ".join(t["observed-shape"]) + " / " + " · ".join(t["simulated-shape"])
        conform = "" if o["conforms"] else " (conform: divergence)"
        print(f"| [{name}](../flink/cases.py) | `{t['observed']}` | `{t['simulated']}` | {shape} | {'yes' if t['matches'] else 'NO'}{conform} |")
