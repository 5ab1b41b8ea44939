#!/usr/bin/env python3
"""CheckpointLab's real-Flink harness: runs the cases of cases.py on a local Flink 2.3 cluster and
captures what each one shows of checkpointing (JobManager and TaskManager log, REST JSON).

    flink/run [--cases a,b] [--out DIR] [--keep-work]

One run: compile the jobs (javac, no Maven), start a standalone cluster with the package's
bin/start-cluster.sh (localhost only, its own conf, log and pid folders), upload the job jar, run
every case through the REST API, write one capture folder per case, and stop the cluster by the
PIDs it started, also on an error, Ctrl-C or SIGTERM. Python's standard library only.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import cases as case_catalog  # noqa: E402

JOB_CLASS = "checkpointlab.CheckpointLabJob"
TERMINAL = {"FINISHED", "FAILED", "CANCELED", "SUSPENDED"}


def log(message):
    print(f"[flink {time.strftime('%H:%M:%S')}] {message}", flush=True)


class HarnessError(Exception):
    """A step of the harness failed; the message says which and why."""


def free_port(preferred):
    """`preferred` when nothing listens there on localhost, else a port the kernel picks."""
    for port in (preferred, 0):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return s.getsockname()[1]
            except OSError:
                continue
    raise HarnessError("no free port on localhost")


def probe_failure_reasons(flink_home, build_dir):
    """Runs probes/FailureReasons.java against the package's jars: every CheckpointFailureReason
    with its message and whether the failure manager counts it, as JSON."""
    classes = os.path.join(build_dir, "probes")
    os.makedirs(classes, exist_ok=True)
    classpath = os.path.join(flink_home, "lib", "*")
    source = os.path.join(HERE, "probes", "FailureReasons.java")
    result = subprocess.run(["javac", "--release", "17", "-d", classes, "-cp", classpath, source], capture_output=True, text=True)
    if result.returncode != 0:
        raise HarnessError("javac of the probe failed:\n" + result.stdout + result.stderr)
    result = subprocess.run(["java", "-cp", classpath + os.pathsep + classes, "FailureReasons"], capture_output=True, text=True)
    if result.returncode != 0:
        raise HarnessError("the failure-reason probe failed:\n" + result.stdout + result.stderr)
    return result.stdout


def compile_jobs(flink_home, build_dir):
    """javac the job sources against the package's lib/*.jar and pack them with jar."""
    classes = os.path.join(build_dir, "classes")
    shutil.rmtree(classes, ignore_errors=True)
    os.makedirs(classes)
    sources = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(os.path.join(HERE, "jobs")) for f in fs if f.endswith(".java"))
    classpath = os.path.join(flink_home, "lib", "*")
    result = subprocess.run(["javac", "--release", "17", "-d", classes, "-cp", classpath] + sources, capture_output=True, text=True)
    if result.returncode != 0:
        raise HarnessError("javac failed:\n" + result.stdout + result.stderr)
    jar = os.path.join(build_dir, "checkpointlab-jobs.jar")
    result = subprocess.run(["jar", "--create", "--file", jar, "-C", classes, "."], capture_output=True, text=True)
    if result.returncode != 0:
        raise HarnessError("jar failed:\n" + result.stdout + result.stderr)
    return jar


class Cluster:
    """A standalone session cluster on localhost, in a work folder of its own."""

    def __init__(self, flink_home, work, slots=8):
        self.flink_home = flink_home
        self.work = work
        self.slots = slots
        self.conf_dir = os.path.join(work, "conf")
        self.log_dir = os.path.join(work, "log")
        self.pid_dir = os.path.join(work, "pid")
        self.pids = []
        self.port = None

    @property
    def url(self):
        return f"http://localhost:{self.port}"

    def write_conf(self):
        os.makedirs(self.conf_dir, exist_ok=True)
        for name in ("log4j.properties", "log4j-console.properties", "log4j-cli.properties", "log4j-session.properties",
                     "logback.xml", "logback-console.xml", "logback-session.xml"):
            src = os.path.join(self.flink_home, "conf", name)
            if os.path.exists(src):
                shutil.copy(src, self.conf_dir)
        self.port = free_port(8081)
        rpc = free_port(6123)
        lines = [
            # The package's own JVM options (the module opens Flink needs on Java 17).
            f"env.java.opts.all: {_PACKAGE_JAVA_OPTS}",
            "jobmanager.bind-host: localhost",
            "jobmanager.rpc.address: localhost",
            f"jobmanager.rpc.port: {rpc}",
            "jobmanager.memory.process.size: 1024m",
            "jobmanager.execution.failover-strategy: region",
            "taskmanager.bind-host: localhost",
            "taskmanager.host: localhost",
            f"taskmanager.numberOfTaskSlots: {self.slots}",
            "taskmanager.memory.process.size: 2048m",
            "rest.address: localhost",
            "rest.bind-address: localhost",
            f"rest.port: {self.port}",
            "blob.server.port: 0",
            "taskmanager.rpc.port: 0",
            "taskmanager.data.port: 0",
            "parallelism.default: 1",
            # Keep every checkpoint of a case in the REST history, not Flink's last 10, and answer
            # from the current state, not a cache up to 3 s old (a finished job's last checkpoints).
            "web.checkpoints.history: 10000",
            "web.exception-history-size: 100",
            "web.refresh-interval: 100 ms",
            "rest.cache.checkpoint-statistics.timeout: 100 ms",
            "rest.cache.execution-graph.timeout: 100 ms",
            f"execution.checkpointing.dir: file://{self.work}/checkpoints",
            f"execution.checkpointing.savepoint-dir: file://{self.work}/savepoints",
            # A finished job stays in the REST API long enough to collect it.
            "jobstore.expiration-time: 3600",
        ]
        with open(os.path.join(self.conf_dir, "config.yaml"), "w") as f:
            f.write("\n".join(lines) + "\n")
        with open(os.path.join(self.conf_dir, "masters"), "w") as f:
            f.write(f"localhost:{self.port}\n")
        with open(os.path.join(self.conf_dir, "workers"), "w") as f:
            f.write("localhost\n")

    def env(self):
        env = dict(os.environ)
        env.update(FLINK_CONF_DIR=self.conf_dir, FLINK_LOG_DIR=self.log_dir, FLINK_PID_DIR=self.pid_dir)
        return env

    def start(self):
        self.write_conf()
        os.makedirs(self.log_dir, exist_ok=True)
        os.makedirs(self.pid_dir, exist_ok=True)
        log(f"starting a standalone cluster (REST on localhost:{self.port}, {self.slots} slots)")
        result = subprocess.run([os.path.join(self.flink_home, "bin", "start-cluster.sh")], env=self.env(), capture_output=True, text=True)
        self.read_pids()
        if result.returncode != 0:
            raise HarnessError("bin/start-cluster.sh failed:\n" + result.stdout + result.stderr)
        deadline = time.time() + 90
        while time.time() < deadline:
            self.read_pids()
            try:
                overview = get_json(self.url + "/overview")
                if overview.get("taskmanagers", 0) >= 1 and overview.get("slots-total", 0) >= self.slots:
                    log(f"cluster up: {overview['taskmanagers']} TaskManager, {overview['slots-total']} slots, Flink {overview.get('flink-version')}")
                    return
            except (urllib.error.URLError, OSError, ValueError):
                pass
            time.sleep(0.5)
        raise HarnessError("the cluster did not answer on REST within 90 s; see " + self.log_dir)

    def read_pids(self):
        """The PIDs bin/flink-daemon.sh wrote for the processes this cluster started."""
        if not os.path.isdir(self.pid_dir):
            return
        for name in os.listdir(self.pid_dir):
            if not name.endswith(".pid"):
                continue
            with open(os.path.join(self.pid_dir, name)) as f:
                for line in f:
                    line = line.strip()
                    if line.isdigit() and int(line) not in self.pids:
                        self.pids.append(int(line))

    def stop(self):
        """Stops exactly the processes this cluster started: SIGTERM, then SIGKILL after 15 s."""
        self.read_pids()
        alive = [p for p in self.pids if pid_alive(p)]
        if not alive:
            return
        log(f"stopping the cluster (PIDs {', '.join(map(str, alive))})")
        for p in alive:
            try:
                os.kill(p, signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.time() + 15
        while time.time() < deadline and any(pid_alive(p) for p in alive):
            time.sleep(0.2)
        for p in alive:
            if pid_alive(p):
                try:
                    os.kill(p, signal.SIGKILL)
                except ProcessLookupError:
                    pass

    def log_file(self, kind):
        """The current JobManager ('standalonesession') or TaskManager ('taskexecutor') log."""
        for name in sorted(os.listdir(self.log_dir)):
            if kind in name and name.endswith(".log"):
                return os.path.join(self.log_dir, name)
        return None


def pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child counts as gone.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def request(method, url, body=None, timeout=30):
    data = None
    headers = {}
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        raise HarnessError(f"{method} {url}: HTTP {e.code}: {e.read().decode(errors='replace')[:500]}")


def get_json(url):
    return request("GET", url)


def upload_jar(url, jar):
    """POST /jars/upload (multipart), returning the jar id."""
    boundary = uuid.uuid4().hex
    with open(jar, "rb") as f:
        content = f.read()
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"{os.path.basename(jar)}\"\r\n"
            "Content-Type: application/x-java-archive\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    req = urllib.request.Request(url + "/jars/upload", data=body, method="POST",
                                 headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    with urllib.request.urlopen(req, timeout=60) as r:
        answer = json.loads(r.read())
    if answer.get("status") != "success":
        raise HarnessError(f"jar upload failed: {answer}")
    return os.path.basename(answer["filename"])


class Job:
    """One running case: the REST calls a case's driver makes."""

    def __init__(self, cluster, job_id, case):
        self.cluster = cluster
        self.id = job_id
        self.case = case
        self.notes = []

    def url(self, path=""):
        return f"{self.cluster.url}/jobs/{self.id}{path}"

    def status(self):
        return get_json(self.url())["state"]

    def checkpoints(self):
        return get_json(self.url("/checkpoints"))

    def wait(self, what, condition, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            value = condition()
            if value:
                return value
            time.sleep(0.1)
        raise HarnessError(f"case {self.case['name']}: timed out after {timeout} s waiting for {what}")

    def wait_running(self):
        def running():
            info = get_json(self.url())
            return info["state"] == "RUNNING" and all(v["status"] == "RUNNING" for v in info["vertices"])
        self.wait("every task RUNNING", running)

    def wait_completed(self, n, timeout=60):
        """Until n checkpoints (savepoints included) have completed."""
        self.wait(f"{n} completed checkpoints", lambda: self.checkpoints()["counts"]["completed"] >= n, timeout)

    def wait_status(self, statuses, timeout=120):
        return self.wait(f"job status in {statuses}", lambda: (s := self.status()) in statuses and s, timeout)

    def trigger_checkpoint(self):
        """POST /jobs/:id/checkpoints (a manual checkpoint, Flink ≥ 1.19)."""
        answer = request("POST", self.url("/checkpoints"), {"checkpointType": "FULL"})
        result = self.poll(f"/checkpoints/{answer['request-id']}")
        self.notes.append({"action": "trigger-checkpoint", "result": result})
        return result

    def savepoint(self):
        answer = request("POST", self.url("/savepoints"), {"cancel-job": False, "formatType": "CANONICAL"})
        result = self.poll(f"/savepoints/{answer['request-id']}")
        self.notes.append({"action": "savepoint", "result": result})
        return result

    def stop_with_savepoint(self):
        answer = request("POST", self.url("/stop"), {"drain": False, "formatType": "CANONICAL"})
        result = self.poll(f"/savepoints/{answer['request-id']}")
        self.notes.append({"action": "stop-with-savepoint", "result": result})
        return result

    def poll(self, path, timeout=60):
        def done():
            answer = get_json(self.url(path))
            return answer if answer.get("status", {}).get("id") == "COMPLETED" else None
        return self.wait(path, done, timeout)


def last_triggered_id(log_text, job_id):
    """The largest checkpoint id the JobManager log shows triggered for this job."""
    last = 0
    for line in log_text.splitlines():
        if job_id not in line:
            continue
        for marker in ("Triggering checkpoint ", "Triggering Checkpoint "):
            at = line.find(marker)
            if at >= 0:
                digits = line[at + len(marker):].split(" ", 1)[0]
                if digits.isdigit():
                    last = max(last, int(digits))
    return last


def without_summaries(value):
    """A subtask details answer without its `summary` block (min/max/percentiles of the subtasks it lists)."""
    if isinstance(value, dict):
        return {k: without_summaries(v) for k, v in value.items() if k != "summary"}
    return value


def collect(job, out, last_id):
    """Everything the REST API shows of the job's checkpointing, as files in `out`; waits until the
    history reaches `last_id`, the newest checkpoint the log shows."""
    os.makedirs(os.path.join(out, "rest", "details"), exist_ok=True)
    def save(name, value):
        with open(os.path.join(out, "rest", name), "w") as f:
            json.dump(value, f, indent=1, sort_keys=True)
            f.write("\n")
    info = get_json(job.url())
    save("job.json", info)
    deadline = time.time() + 15
    while True:
        checkpoints = get_json(job.url("/checkpoints"))
        newest = max((e["id"] for e in checkpoints.get("history", [])), default=0)
        if newest >= last_id or time.time() > deadline:
            break
        time.sleep(0.3)
    if newest < last_id:
        raise HarnessError(f"case {job.case['name']}: the REST history ends at checkpoint {newest}, the log shows {last_id}")
    save("checkpoints.json", checkpoints)
    save("checkpoints-config.json", get_json(job.url("/checkpoints/config")))
    save("exceptions.json", get_json(job.url("/exceptions?maxExceptions=100")))
    try:
        save("jobmanager-config.json", get_json(job.url("/jobmanager/config")))
    except HarnessError:
        save("jobmanager-config.json", get_json(job.cluster.url + "/jobmanager/config"))
    for entry in checkpoints.get("history", []):
        cid = entry["id"]
        detail = get_json(job.url(f"/checkpoints/details/{cid}"))
        detail["subtasks"] = {}
        for vertex in detail.get("tasks", {}):
            try:
                detail["subtasks"][vertex] = without_summaries(get_json(job.url(f"/checkpoints/details/{cid}/subtasks/{vertex}")))
            except HarnessError as e:
                detail["subtasks"][vertex] = {"error": str(e)}
        save(os.path.join("details", f"{cid}.json"), detail)


def read_from(path, offset):
    if path is None or not os.path.exists(path):
        return ""
    with open(path, "rb") as f:
        f.seek(offset)
        return f.read().decode("utf-8", errors="replace")


def size_of(path):
    return os.path.getsize(path) if path and os.path.exists(path) else 0


def run_case(cluster, jar_id, case, out_root):
    out = os.path.join(out_root, case["name"])
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    jm_log, tm_log = cluster.log_file("standalonesession"), cluster.log_file("taskexecutor")
    jm_start, tm_start = size_of(jm_log), size_of(tm_log)
    args = case_catalog.program_args(case)
    log(f"case {case['name']}: {case['summary']}")
    started = time.time()
    answer = request("POST", f"{cluster.url}/jars/{jar_id}/run", {"entryClass": JOB_CLASS, "programArgsList": args}, timeout=120)
    job = Job(cluster, answer["jobid"], case)
    try:
        case["drive"](job)
        final = job.wait_status(TERMINAL, timeout=case.get("timeout", 120))
    except BaseException:
        try:
            request("PATCH", job.url("?mode=cancel"))
        except Exception:
            pass
        raise
    # The last log lines of a job (its final state, the checkpoint store's shutdown) come just after it ends.
    time.sleep(1.0)
    jm_text = read_from(jm_log, jm_start)
    collect(job, out, last_triggered_id(jm_text, job.id))
    with open(os.path.join(out, "jobmanager.log"), "w") as f:
        f.write(jm_text)
    with open(os.path.join(out, "taskmanager.log"), "w") as f:
        f.write(read_from(tm_log, tm_start))
    meta = {
        "case": case["name"], "summary": case["summary"], "job": job.id, "final-status": final,
        "flink": get_json(cluster.url + "/config").get("flink-version"), "program-args": args,
        "actions": job.notes, "seconds": round(time.time() - started, 1),
    }
    with open(os.path.join(out, "case.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    expected = case.get("status", "FINISHED")
    if final != expected:
        raise HarnessError(f"case {case['name']}: the job ended {final}, expected {expected}; see {out}")
    log(f"case {case['name']}: {final} in {meta['seconds']} s, {len(get_json(job.url('/checkpoints')).get('history', []))} checkpoints -> {out}")
    return meta


_PACKAGE_JAVA_OPTS = ""


def package_java_opts(flink_home):
    """env.java.opts.all of the package's own config.yaml (the JDK 17 module opens Flink needs)."""
    with open(os.path.join(flink_home, "conf", "config.yaml")) as f:
        for line in f:
            if line.strip().startswith("all:"):
                return line.split("all:", 1)[1].strip()
    return ""


def main():
    parser = argparse.ArgumentParser(description="Run CheckpointLab's cases on a local Flink 2.3 cluster and capture them.")
    parser.add_argument("--flink-home", required=True, help="the pyflink folder of apache-flink==2.3.0")
    parser.add_argument("--cases", default="", help="comma-separated case names (default: every case)")
    parser.add_argument("--out", required=True, help="where the capture folders go (one per case)")
    parser.add_argument("--work", default="", help="the cluster's work folder (default: a temporary one)")
    parser.add_argument("--keep-work", action="store_true", help="keep the work folder (conf, logs, checkpoints)")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    options = parser.parse_args()
    if options.list:
        for c in case_catalog.CASES:
            print(f"{c['name']:28} {c['summary']}")
        return 0
    chosen = case_catalog.CASES
    if options.cases:
        names = options.cases.split(",")
        unknown = [n for n in names if n not in {c["name"] for c in case_catalog.CASES}]
        if unknown:
            print(f"error: unknown case(s) {', '.join(unknown)}; cases: {', '.join(c['name'] for c in case_catalog.CASES)}", file=sys.stderr)
            return 2
        chosen = [c for c in case_catalog.CASES if c["name"] in names]
    global _PACKAGE_JAVA_OPTS
    _PACKAGE_JAVA_OPTS = package_java_opts(options.flink_home)
    work = options.work or tempfile.mkdtemp(prefix="ckpt-flink-")
    os.makedirs(work, exist_ok=True)
    cluster = Cluster(options.flink_home, os.path.abspath(work))

    def stop_on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")
    # SIGINT too: a shell starts a background command with SIGINT ignored, which Python keeps.
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, stop_on_signal)
    failures = []
    try:
        jar = compile_jobs(options.flink_home, os.path.join(work, "build"))
        log(f"compiled {jar}")
        os.makedirs(options.out, exist_ok=True)
        with open(os.path.join(options.out, "flink-failure-reasons.json"), "w") as f:
            f.write(probe_failure_reasons(options.flink_home, os.path.join(work, "build")))
        cluster.start()
        jar_id = upload_jar(cluster.url, jar)
        for case in chosen:
            try:
                run_case(cluster, jar_id, case, os.path.abspath(options.out))
            except HarnessError as e:
                log(f"FAILED: {e}")
                failures.append(case["name"])
    except HarnessError as e:
        log(f"error: {e}")
        return 1
    except KeyboardInterrupt as e:
        log(f"interrupted ({e}); stopping")
        return 130
    finally:
        cluster.stop()
        if not options.keep_work and not options.work:
            shutil.rmtree(work, ignore_errors=True)
    if failures:
        log(f"{len(failures)} case(s) failed: {', '.join(failures)}")
        return 1
    log(f"all {len(chosen)} case(s) captured in {options.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
