#!/usr/bin/env python3
"""Validates traces (*.jsonl) and scenarios (*.yaml) against the JSON Schemas beside this file.
Usage: validate.py FILE...   Prints one line per problem; exit 0 all valid, 1 problems, 2 missing modules."""
import json, os, sys
try:
    import jsonschema, yaml
except ImportError as e:
    print(f"validate.py: {e} (pip install jsonschema pyyaml)"); sys.exit(2)
here = os.path.dirname(os.path.abspath(__file__))
trace = jsonschema.Draft202012Validator(json.load(open(os.path.join(here, "ckpt-trace-1.schema.json"))))
scenario = jsonschema.Draft202012Validator(json.load(open(os.path.join(here, "ckpt-scenario-1.schema.json"))))
problems = 0
for path in sys.argv[1:]:
    if path.endswith(".jsonl"):
        for n, line in enumerate(open(path, encoding="utf-8"), start=1):
            for err in trace.iter_errors(json.loads(line)):
                problems += 1; print(f"{path}:{n}: {err.message}")
    else:
        for err in scenario.iter_errors(yaml.safe_load(open(path, encoding="utf-8"))):
            problems += 1; print(f"{path}: {'/'.join(map(str, err.absolute_path))}: {err.message}")
print(f"validate.py: {len(sys.argv) - 1} file(s), {problems} problem(s)")
sys.exit(1 if problems else 0)
