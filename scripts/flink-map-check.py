#!/usr/bin/env python3
"""Checks that every Flink `Class#method` docs/flink-map.md names, and every Class#method the
core's doc comments name (Sources/CheckpointCore), exists in Flink 2.3's runtime.

Reads the class files of flink-dist-2.3.0.jar (shipped by PyPI's apache-flink==2.3.0) with javap.
Usage: scripts/flink-map-check.py PYFLINK_HOME   (the folder holding lib/flink-dist-*.jar)
Exit 0 when every method exists, 1 when one does not, 2 on bad usage.
"""
import glob, os, re, subprocess, sys, zipfile

def main():
    if len(sys.argv) != 2:
        print("usage: flink-map-check.py PYFLINK_HOME", file=sys.stderr); return 2
    jars = glob.glob(os.path.join(sys.argv[1], "lib", "flink-dist-*.jar"))
    if not jars:
        print(f"flink-map-check: no lib/flink-dist-*.jar under {sys.argv[1]}", file=sys.stderr); return 2
    jar = jars[0]
    here = os.path.dirname(os.path.abspath(__file__))
    doc = open(os.path.join(here, "..", "docs", "flink-map.md"), encoding="utf-8").read()
    wanted = set(re.findall(r"`([A-Z]\w*(?:\.[A-Z]\w*)?)#(\w+)`", doc))
    for source in glob.glob(os.path.join(here, "..", "Sources", "CheckpointCore", "**", "*.swift"), recursive=True):
        for line in open(source, encoding="utf-8"):
            if line.lstrip().startswith("//"):
                wanted |= set(re.findall(r"\b([A-Z]\w*(?:\.[A-Z]\w*)?)#(\w+)", line))
    wanted = sorted(wanted)
    classes = {}
    for name in zipfile.ZipFile(jar).namelist():
        if name.startswith("org/apache/flink/") and "/shaded/" not in name and name.endswith(".class"):
            simple = name.rsplit("/", 1)[1][:-6]
            classes.setdefault(simple.replace("$", "."), []).append(name[:-6].replace("/", "."))
    methods, missing = {}, []
    for cls, method in wanted:
        candidates = classes.get(cls, [])
        if not candidates:
            missing.append(f"{cls}#{method}: no class {cls} in {os.path.basename(jar)}"); continue
        found = False
        for fqn in candidates:
            if fqn not in methods:
                out = subprocess.run(["javap", "-p", "-cp", jar, fqn], capture_output=True, text=True).stdout
                methods[fqn] = set(re.findall(r"[\s.](\w+)\(", out))
            found = found or method in methods[fqn]
        if not found:
            missing.append(f"{cls}#{method}: {cls} has no method {method} ({', '.join(candidates)})")
    for m in missing:
        print("flink-map-check: " + m)
    print(f"flink-map-check: {len(wanted) - len(missing)} of {len(wanted)} Flink methods named in docs/flink-map.md and the core's comments exist in {os.path.basename(jar)}")
    return 1 if missing else 0

sys.exit(main())
