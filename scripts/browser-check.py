#!/usr/bin/env python3
"""The step-through web page in a real browser (issue 20): headless Chromium over DevTools.

For every lesson: the page (the same bytes as docs/lessons/NAME.html) loads from file:// with the network off, with no console error or
exception and no request but file: and data:; the fragment opens the page at its step; → moves one
step and the state panel then shows what `ckpt replay TRACE --at N --print` prints; n goes to the
next checkpoint event; a question's choice reveals the verdict. A trace with hostile names gives
no injected element. Screenshots of a lesson page at two steps go to .build/browser-artifacts/.

  scripts/browser-check.py            the checks (exit 1 if one fails)
  scripts/browser-check.py --bench    first paint and step times of a 10,000-event trace's page
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CKPT = os.environ.get("CKPT", os.path.join(ROOT, ".build", "debug", "ckpt"))
ARTIFACTS = os.path.join(ROOT, ".build", "browser-artifacts")
LESSONS = sorted(f[:-5] for f in os.listdir(os.path.join(ROOT, "lessons")) if f.endswith(".yaml"))
BOUNDARIES = {"checkpoint-triggered", "checkpoint-completed", "checkpoint-aborted"}

passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"browser-check: FAIL: {name}" + (f": {detail}" if detail else ""))


def ckpt(*args):
    return subprocess.run([CKPT, *args], cwd=ROOT, capture_output=True, text=True)


def events_of(trace):
    with open(trace) as f:
        lines = [json.loads(line) for line in f if line.strip()]
    return [e for e in lines if "seq" in e]


class Page:
    """One browser tab on a file:// page with the network off and its console watched."""

    def __init__(self, browser):
        self.b = browser
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.b.call(f"{domain}.enable")
        self.b.call("Network.emulateNetworkConditions", offline=True, latency=0,
                    downloadThroughput=-1, uploadThroughput=-1)

    def open(self, path, step=None):
        url = "file://" + os.path.abspath(path) + (f"#step={step}" if step is not None else "")
        # A new document for each open, so a fragment-only change does not reuse the old page.
        self.b.call("Page.navigate", url="about:blank")
        self.b.wait_for("Page.loadEventFired")
        self.b.events.clear()
        self.b.call("Page.navigate", url=url)
        self.b.wait_for("Page.loadEventFired")
        deadline = time.time() + 20
        while not self.b.evaluate("document.documentElement.getAttribute('data-ready') === '1'"):
            if time.time() > deadline:
                raise RuntimeError(f"{path}: the page never became ready")
            time.sleep(0.02)

    def problems(self):
        """Console errors, uncaught exceptions and requests for anything but file: and data:."""
        self.b.call("Runtime.evaluate", expression="0")  # flush events still on the wire
        found = []
        for e in self.b.events:
            m, p = e["method"], e.get("params", {})
            if m == "Runtime.exceptionThrown":
                found.append("exception: " + p["exceptionDetails"].get("text", ""))
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert", "warning"):
                found.append("console: " + " ".join(str(a.get("value", a.get("description"))) for a in p["args"]))
            elif m == "Log.entryAdded" and p["entry"]["level"] in ("error", "warning"):
                found.append("log: " + p["entry"]["text"])
            elif m == "Network.requestWillBeSent":
                url = p["request"]["url"]
                if not url.startswith(("file:", "data:", "about:")):
                    found.append("request: " + url)
        return found

    def step(self):
        return self.b.evaluate("window.ckptPage.step")

    def state(self):
        return self.b.evaluate("window.ckptPage.stateText()")

    def hash(self):
        return self.b.evaluate("location.hash")


def next_boundary(events, step):
    for i, e in enumerate(events):
        if i + 1 > step and e["type"] in BOUNDARIES:
            return i + 1
    return step


def check_lesson(page, lesson, workdir):
    number = lesson.split("-")[0]
    html = os.path.join(workdir, lesson + ".html")
    made = ckpt("lesson", number, "--html", "-o", html)
    check(f"{lesson}: ckpt lesson --html", made.returncode == 0, made.stderr.strip())
    if made.returncode != 0:
        return
    docs_page = os.path.join(ROOT, "docs", "lessons", lesson + ".html")
    with open(html, "rb") as f, open(docs_page, "rb") if os.path.exists(docs_page) else open(os.devnull, "rb") as g:
        check(f"{lesson}: docs/lessons/{lesson}.html is current (make lesson-docs)", f.read() == g.read())
    trace = os.path.join(ROOT, "traces", lesson + ".jsonl")
    events = events_of(trace)
    total = len(events)
    page.open(html)
    check(f"{lesson}: total", page.b.evaluate("window.ckptPage.total") == total)
    check(f"{lesson}: opens at step 0", page.step() == 0)
    for k in sorted({1, 2, total // 3, total // 2, (2 * total) // 3, total}):
        page.open(html, step=k - 1)
        check(f"{lesson}: #step={k - 1} opens at step {k - 1}", page.step() == k - 1, f"at {page.step()}")
        page.b.key("ArrowRight", key_code=39)
        check(f"{lesson}: → from {k - 1} goes to {k}", page.step() == k, f"at {page.step()}")
        check(f"{lesson}: the address keeps step {k}", page.hash() == f"#step={k}", page.hash())
        want = ckpt("replay", trace, "--at", str(k), "--print").stdout.rstrip("\n")
        got = page.state()
        check(f"{lesson}: state at step {k} is replay --at {k} --print", got == want,
              f"\n--- page\n{got}\n--- replay\n{want}")
        page.b.key("ArrowLeft", key_code=37)
        check(f"{lesson}: ← from {k} goes to {k - 1}", page.step() == k - 1)
    page.open(html)
    at = 0
    for _ in range(3):
        page.b.key("n", key_code=78)
        want = next_boundary(events, at)
        check(f"{lesson}: n from {at} goes to the next checkpoint event ({want})", page.step() == want, f"at {page.step()}")
        at = page.step()
    page.b.key("End", key_code=35)
    check(f"{lesson}: End goes to the last step", page.step() == total)
    with open(trace) as f:
        tasks = [t["id"] for t in json.loads(f.readline())["topology"]["tasks"]]
    lanes = page.b.evaluate("Array.prototype.map.call(document.querySelectorAll('#lanes span'), function (s) { return s.textContent; })")
    check(f"{lesson}: the lifelines' names are kept for the top of the diagram", lanes == ["coordinator"] + tasks, str(lanes))
    page.b.key("Home", key_code=36)
    check(f"{lesson}: Home goes to step 0", page.step() == 0)
    questions = json.loads(page.b.evaluate("document.getElementById('ckpt-data').textContent"))["questions"]
    with open(os.path.join(ROOT, "lessons", lesson + ".yaml")) as f:
        asked = sum(1 for item in yaml.safe_load(f).get("narration", []) if "ask" in item)
    check(f"{lesson}: the page has the lesson's {asked} questions", len(questions) == asked, f"{len(questions)} on the page")
    if questions:
        q = questions[0]
        page.open(html, step=q["step"])
        shown = page.b.evaluate("document.querySelectorAll('#question button').length")
        check(f"{lesson}: question at step {q['step']} shows its {len(q['choices'])} choices", shown == len(q["choices"]))
        wrong = (q["answer"] + 1) % len(q["choices"])
        page.b.evaluate(f"document.querySelectorAll('#question button')[{wrong}].click()")
        verdict = page.b.evaluate("document.querySelector('#question .verdict').textContent")
        check(f"{lesson}: a wrong choice reveals the answer", verdict.startswith(f"Not quite: the answer is {q['answer'] + 1}."), verdict)
        page.b.key(str(q["answer"] + 1), key_code=49 + q["answer"])
        verdict = page.b.evaluate("document.querySelector('#question .verdict').textContent")
        check(f"{lesson}: the right choice (key {q['answer'] + 1}) says so", verdict.startswith("Right."), verdict)
        right = page.b.evaluate("document.querySelectorAll('#question button.right').length")
        check(f"{lesson}: the right choice is marked", right == 1)
    cuts = page.b.evaluate("document.querySelectorAll('.cuttoggle').length")
    completed = len({e["checkpoint"] for e in events if e["type"] == "checkpoint-completed"})
    check(f"{lesson}: a cut toggle for each completed checkpoint ({completed})", cuts == completed, f"{cuts} toggles")
    if cuts:
        page.b.evaluate("var b=document.querySelector('.cuttoggle'); b.click(); 0")
        hidden = page.b.evaluate("Array.prototype.every.call(document.querySelectorAll('#diagram svg .cut-' + document.querySelector('.cuttoggle').value), function (e) { return e.style.display === 'none'; })")
        shown = page.b.evaluate("document.querySelectorAll('#diagram svg .cut-' + document.querySelector('.cuttoggle').value).length")
        check(f"{lesson}: unticking a cut hides its overlay", hidden and shown > 0, f"{shown} lines")
    problems = page.problems()
    check(f"{lesson}: no console error, exception or network request", not problems, "; ".join(problems))
    return html


HOSTILE_NAME = "</script><script>window.pwned=1</script> \"><img src=x onerror=window.pwned=2> 'q' & ünï\nline two"
HOSTILE = """scenario: hostile
seed: 1
mode: aligned
checkpointing: {interval: 0, timeout: 10000, min-pause: 0, max-concurrent: 1, tolerable-failures: 0, retained: 1}
job:
  - {name: src, kind: source, parallelism: 1, data: ["</script><script>window.pwned=3</script>", "<img src=x onerror=window.pwned=4>", "\\"quoted\\" 'single'", "new\\nline", "üñï ✓ \\u2028 sep"]}
  - {name: out, kind: sink, input: src, parallelism: 1, delivery: plain}
script:
  - emit: src[0]
  - emit: src[0]
  - trigger: checkpoint
  - run-until: {type: checkpoint-completed, checkpoint: 1}
"""


def check_hostile(page, workdir):
    scenario = os.path.join(workdir, "hostile.yaml")
    with open(scenario, "w") as f:
        f.write(HOSTILE)
    trace = os.path.join(workdir, "hostile.jsonl")
    ran = ckpt("run", scenario, "--trace", trace, "--no-color")
    check("hostile: the scenario runs", ran.returncode in (0, 1), ran.stderr.strip())
    # Scenario and task names of a scenario are plain words; a trace from elsewhere may hold any text.
    with open(trace) as f:
        text = f.read()
    name = json.dumps(HOSTILE_NAME)[1:-1]
    text = text.replace('"src[', '"' + name + '[').replace('"src"', '"' + name + '"')
    first, rest = text.split("\n", 1)
    header = json.loads(first)
    header["scenario"] = HOSTILE_NAME + " scenario"
    header["title"] = HOSTILE_NAME + " title"
    with open(trace, "w") as f:
        f.write(json.dumps(header, ensure_ascii=False, separators=(",", ":")) + "\n" + rest)
    html = os.path.join(workdir, "hostile.html")
    made = ckpt("render", trace, "--format", "html", "--data", "-o", html)
    check("hostile: render --format html", made.returncode == 0, made.stderr.strip())
    if made.returncode != 0:
        return
    page.open(html)
    check("hostile: no injected script ran", page.b.evaluate("typeof window.pwned") == "undefined")
    check("hostile: exactly the page's two scripts", page.b.evaluate("document.scripts.length") == 2)
    check("hostile: no img or iframe", page.b.evaluate("document.querySelectorAll('img,iframe,object,embed').length") == 0)
    check("hostile: no element with an event handler", page.b.evaluate("document.querySelectorAll('[onerror],[onload],[onclick]').length") == 0)
    column = page.b.evaluate("Array.prototype.some.call(document.querySelectorAll('#diagram svg text'), function (t) { return t.textContent.indexOf('</script><script>window.pwned=1') >= 0; })")
    check("hostile: the diagram shows the task name as text", column)
    title = page.b.evaluate("document.querySelector('h1').textContent")
    check("hostile: the heading shows the title as text", title == HOSTILE_NAME + " title", repr(title))
    check("hostile: the page's title is the text", page.b.evaluate("document.title") == (HOSTILE_NAME + " title").replace("\n", " "),
          page.b.evaluate("document.title"))
    page.b.key("End", key_code=35)
    state = page.state()
    want = ckpt("replay", trace, "--at", str(page.step()), "--print").stdout.rstrip("\n")
    check("hostile: the state at the end is replay's", state == want, f"\n--- page\n{state}\n--- replay\n{want}")
    problems = page.problems()
    check("hostile: no console error, exception or network request", not problems, "; ".join(problems))


def screenshots(page, html):
    os.makedirs(ARTIFACTS, exist_ok=True)
    for k in (0, 40):
        page.open(html, step=k)
        page.b.screenshot(os.path.join(ARTIFACTS, f"lesson-03-step-{k}.png"))


def main():
    if not os.path.exists(CKPT):
        print(f"browser-check: {CKPT} not found (swift build first)")
        return 2
    if "--bench" in sys.argv:
        return bench()
    browser = Browser()
    try:
        with tempfile.TemporaryDirectory(prefix="ckpt-browser-") as workdir:
            page = Page(browser)
            pages = {}
            for lesson in LESSONS:
                pages[lesson] = check_lesson(page, lesson, workdir)
            check_hostile(page, workdir)
            if pages.get("03-alignment"):
                screenshots(page, pages["03-alignment"])
    finally:
        browser.stop()
    print(f"browser-check: {passed} passed, {failed} failed; screenshots in {os.path.relpath(ARTIFACTS, ROOT)}/")
    return 1 if failed else 0


def bench_scenario(records):
    """A parallel WordCount with periodic checkpoints, run to its end: about 10,000 events."""
    words = ["apple", "pear", "fig", "plum", "kiwi", "lime"]
    half = [", ".join(f'"{words[(i + k) % len(words)]}"' for i in range(records // 2)) for k in (0, 3)]
    data = f"[{half[0]}], [{half[1]}]"
    return f"""scenario: bench-10k
title: "10,000 events: the page's paint and step times"
seed: 7
mode: aligned
checkpointing: {{interval: 200, timeout: 100000, min-pause: 0, max-concurrent: 1, tolerable-failures: 0, retained: 1}}
job:
  - {{name: words, kind: source, parallelism: 2, data: [{data}]}}
  - {{name: count, kind: keyed-count, input: words, parallelism: 2}}
  - {{name: out, kind: sink, input: count, parallelism: 1, delivery: plain}}
script: []
"""


def bench():
    with tempfile.TemporaryDirectory(prefix="ckpt-bench-") as workdir:
        scenario = os.path.join(workdir, "bench.yaml")
        records = int(os.environ.get("BENCH_RECORDS", "1200"))
        with open(scenario, "w") as f:
            f.write(bench_scenario(records))
        trace = os.path.join(workdir, "bench.jsonl")
        ran = ckpt("run", scenario, "--trace", trace, "--no-color")
        if ran.returncode not in (0, 1):
            print(ran.stderr)
            return 2
        events = len(events_of(trace))
        html = os.path.join(workdir, "bench.html")
        t0 = time.time()
        # Every record drawn (--data), as on a lesson's page: the most the page can hold.
        made = ckpt("render", trace, "--format", "html", "--data", "-o", html)
        made_s = time.time() - t0
        if made.returncode != 0:
            print(made.stderr)
            return 2
        size = os.path.getsize(html)
        browser = Browser()
        try:
            page = Page(browser)
            loads = []
            for _ in range(5):
                page.open(html)
                loads.append(browser.evaluate("""(function () {
                  var nav = performance.getEntriesByType('navigation')[0];
                  var paint = performance.getEntriesByName('first-contentful-paint')[0];
                  return {fcp: paint ? paint.startTime : null, load: nav.loadEventEnd};
                })()"""))
            def timed(targets):
                return browser.evaluate(f"""(function () {{
                  var p = window.ckptPage, out = [], targets = {json.dumps(targets)};
                  for (var i = 0; i < targets.length; i++) {{
                    var t0 = performance.now();
                    p.go(targets[i]);
                    document.body.offsetHeight;
                    out.push(performance.now() - t0);
                  }}
                  return out;
                }})()""")
            browser.evaluate("window.ckptPage.go(0)")
            steps = timed(list(range(1, 301)) + list(range(events // 2, events // 2 + 300)))
            jumps = timed([(i * 7919) % (events + 1) for i in range(300)])
            frames = browser.evaluate("""new Promise(function (done) {
              var p = window.ckptPage, last = null, gaps = [], i = 0;
              p.go(0);
              function tick(t) {
                if (last !== null) gaps.push(t - last);
                last = t;
                p.go(p.step + 1);
                if (++i < 200) requestAnimationFrame(tick); else done(gaps);
              }
              requestAnimationFrame(tick);
            })""", await_promise=True)
            # Five loads in a row make Chromium throttle navigation and say so; that is not the page's.
            problems = [p for p in page.problems() if "Throttling navigation" not in p]
        finally:
            browser.stop()

    def q(values, p):
        values = sorted(values)
        return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]

    fcps = [x["fcp"] for x in loads if x["fcp"] is not None]
    print(f"trace: {events} events; page {size / 1e6:.2f} MB, written in {made_s:.2f} s")
    print(f"first contentful paint: median {statistics.median(fcps):.0f} ms, max {max(fcps):.0f} ms over {len(fcps)} loads;"
          f" load event median {statistics.median(x['load'] for x in loads):.0f} ms")
    print(f"one step forward (go + style + layout), 600 steps: p50 {q(steps, .5):.2f} ms, p95 {q(steps, .95):.2f} ms, max {max(steps):.2f} ms")
    print(f"jump to a random step, 300 jumps: p50 {q(jumps, .5):.2f} ms, p95 {q(jumps, .95):.2f} ms, max {max(jumps):.2f} ms")
    print(f"frames while stepping each frame, 200 frames: p50 {q(frames, .5):.1f} ms, p95 {q(frames, .95):.1f} ms, max {max(frames):.1f} ms")
    if problems:
        print("problems: " + "; ".join(problems))
    return 0


if __name__ == "__main__":
    sys.exit(main())
