import CheckpointTestSupport
import CheckpointTrace
import Testing
@testable import CheckpointCore

/// SubtaskCheckpointCoordinator's rules (DESIGN.md §2.2): the synchronous and asynchronous phases of a task's snapshot.
@Suite struct SubtaskCheckpointCoordinatorTests {
    @Test func aTasksAsynchronousPhasesRunOneAfterAnother() throws {
        let r = try run("""
        scenario: fifo
        checkpointing: {max-concurrent: 2}
        timing: {async: [1, 1]}
        job:
        \(linearJob())
        script:
          - slow-snapshot: {task: "src[0]", checkpoint: 1, async: 40}
          - trigger: checkpoint
          - deliver: {from: coordinator, to: "src[0]"}
          - trigger: checkpoint
          - deliver: {from: coordinator, to: "src[0]"}
          - run-until: {type: checkpoint-completed, checkpoint: 2}
        """)
        let started = r.of(.snapshotStarted).filter { $0.task == "src[0]" }
        let done = r.of(.snapshotCompleted).filter { $0.task == "src[0]" }
        #expect(started.compactMap(\.checkpoint).prefix(2) == [1, 2] && started.prefix(2).allSatisfy { $0.time == 0 })
        // The second upload (1 ms) waits for the first (40 ms): it ends at 41, not at 1.
        #expect(done.compactMap(\.checkpoint).prefix(2) == [1, 2])
        #expect(done.map(\.time).prefix(2) == [40, 41])
    }

    @Test func aSynchronousSnapshotFailureFailsTheTaskAfterForwardingTheBarrier() throws {
        let r = try run("""
        scenario: sync-fail
        job:
        \(linearJob())
        script:
          - fail-snapshot: {task: "count[0]", checkpoint: 1, phase: sync}
          - trigger: checkpoint
          - run-until: {type: job-failover}
        """)
        let failed = try #require(r.first(.snapshotFailed))
        #expect(failed.phase == "sync" && failed.task == "count[0]")
        let sent = try #require(r.first(.barrierSent) { $0.task == "count[0]" })
        #expect(sent.seq < failed.seq)
        #expect(r.events[failed.seq + 1].type == .taskFailed)
        #expect(r.first(.taskFailed)?.cause == "sync-snapshot-failure")
        #expect(r.first(.jobFailover)?.reason == "task-failure")
        #expect(r.first(.checkpointAborted)?.reason == "CHECKPOINT_COORDINATOR_SUSPEND")
    }
}
