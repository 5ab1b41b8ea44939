"""The cases the harness runs on real Flink: the job's arguments, its checkpointing settings and
faults, and a driver that does what the case needs through the REST API while the job runs.
Each case has a twin scenario in Tests/CheckpointInteropTests/FlinkCaptures/<name>/twin.yaml."""

RESTART = {
    "restart-strategy.type": "fixed-delay",
    "restart-strategy.fixed-delay.attempts": "3",
    "restart-strategy.fixed-delay.delay": "500 ms",
}


def settings(interval="300 ms", timeout="10 s", min_pause="0 ms", max_concurrent=1, tolerable=0, retained=1,
             mode="EXACTLY_ONCE", unaligned=False):
    conf = {
        "execution.checkpointing.timeout": timeout,
        "execution.checkpointing.min-pause": min_pause,
        "execution.checkpointing.max-concurrent-checkpoints": str(max_concurrent),
        "execution.checkpointing.tolerable-failed-checkpoints": str(tolerable),
        "execution.checkpointing.num-retained": str(retained),
        "execution.checkpointing.mode": mode,
        "execution.checkpointing.unaligned.enabled": "true" if unaligned else "false",
    }
    if interval:
        conf["execution.checkpointing.interval"] = interval
    conf.update(RESTART)
    return conf


def program_args(case):
    args = ["--name", "ckpt-" + case["name"], "--records", str(case.get("records", 1500)), "--rate", str(case.get("rate", 300)),
            "--parallelism", str(case.get("parallelism", 2)), "--keys", str(case.get("keys", 4)), "--faults", case.get("faults", "")]
    for key, value in sorted(case["conf"].items()):
        args += ["--conf", f"{key}={value}"]
    return args


def nothing(job):
    """Let the job run to its end."""


def savepoint_then_stop(job):
    """A savepoint after three completed checkpoints, then stop-with-savepoint after three more."""
    job.wait_completed(3)
    job.savepoint()
    job.wait_completed(7)
    job.stop_with_savepoint()


def manual_triggers(job):
    """Exact triggers: checkpoint, checkpoint, savepoint, checkpoint, each after the one before ended."""
    job.wait_running()
    job.trigger_checkpoint()
    job.trigger_checkpoint()
    job.savepoint()
    job.trigger_checkpoint()


# Long enough that no periodic checkpoint comes while the job runs: Flink's first periodic
# trigger comes after a random delay between min-pause and the interval.
NO_PERIODIC = dict(interval="1 h", min_pause="10 min")

CASES = [
    dict(name="periodic", summary="periodic checkpoints every 300 ms, all complete; the final one after end of input",
         conf=settings(), drive=nothing),
    dict(name="task-failure", summary="faults[1] fails at its 200th record: restore the latest completed checkpoint, ids go on",
         faults="fail-record:1:200", conf=settings(), drive=nothing),
    dict(name="expired-tolerable", summary="faults[0] stalls 2.5 s in the snapshot of checkpoint 3 (timeout 1 s): 3 and 4 expire, "
         "the second exceeds tolerable-failures 1, the job fails over and restores checkpoint 2",
         faults="sleep-snapshot:0:3:2500", conf=settings(timeout="1 s", tolerable=1), drive=nothing),
    dict(name="snapshot-exception", summary="faults[0] throws in snapshotState of checkpoint 3: decline, the task fails, restore 2",
         faults="throw-snapshot:0:3", conf=settings(), drive=nothing),
    dict(name="async-failure", summary="the uploads of faults[1] for checkpoints 3 and 4 fail: two counted failures exceed "
         "tolerable-failures 1, failover, restore 2",
         faults="async-fail:1:3,async-fail:1:4", conf=settings(tolerable=1), drive=nothing),
    dict(name="unaligned-failure", summary="unaligned checkpoints; faults[0] fails at its 250th record: restore the latest",
         faults="fail-record:0:250", conf=settings(unaligned=True), drive=nothing),
    dict(name="concurrent-subsumed", summary="max-concurrent 2: the upload of faults[0] for checkpoint 3 takes 1.5 s, "
         "checkpoint 4 completes first and subsumes 3",
         faults="slow-upload:0:3:1500", conf=settings(max_concurrent=2), drive=nothing),
    dict(name="concurrent-io-order", summary="max-concurrent 3: faults[0] stalls 1.5 s in the snapshot of checkpoint 3, then three "
         "checkpoints finish within milliseconds; the JobManager may handle their acks out of order (its IO thread pool), and then a "
         "newer one subsumes an older one (whether it does is timing)",
         faults="sleep-snapshot:0:3:1500", conf=settings(max_concurrent=3), drive=nothing),
    dict(name="min-pause", summary="interval 100 ms but min-pause 800 ms: each trigger waits 800 ms after the last completion",
         conf=settings(interval="100 ms", min_pause="800 ms"), drive=nothing),
    dict(name="savepoint-stop", summary="a savepoint after 3 checkpoints, then stop-with-savepoint after 7", records=100000,
         conf=settings(), drive=savepoint_then_stop),
    dict(name="final-checkpoint", summary="no periodic checkpoint while the job runs: the only one is the final checkpoint "
         "Flink triggers at end of input", records=600, conf=settings(**NO_PERIODIC), drive=nothing),
    dict(name="manual-triggers", summary="no periodic checkpoints; REST triggers checkpoint, checkpoint, savepoint, checkpoint, "
         "then the final checkpoint at end of input", records=1500, conf=settings(**NO_PERIODIC), drive=manual_triggers),
    dict(name="at-least-once", summary="at-least-once barriers (no alignment); faults[1] fails at its 200th record: restore the latest",
         faults="fail-record:1:200", conf=settings(mode="AT_LEAST_ONCE"), drive=nothing),
]
