import CheckpointTestSupport
import CheckpointTrace
import Testing
@testable import CheckpointCore

/// CheckpointFailureManager's rules (DESIGN.md §2.2): which failures count, and when the count fails the job over.
@Suite struct CheckpointFailureManagerTests {
    @Test func anExpiredCheckpointCountsAndBeyondTheLimitFailsTheJobOver() throws {
        let r = try run("""
        scenario: expire
        checkpointing: {timeout: 30, tolerable-failures: 0}
        timing: {async: [1, 1]}
        job:
        \(linearJob())
        script:
          - trigger: checkpoint
          - advance: 30
          - expect: {type: checkpoint-aborted, checkpoint: 1, reason: CHECKPOINT_EXPIRED}
          - expect: {type: job-failover, reason: tolerable-failures-exceeded}
        """)
        #expect(r.result.summary.failedExpectations.map { $0.detail ?? "" } == [])
        let aborted = try #require(r.first(.checkpointAborted))
        #expect(aborted.time == 30)
        let failover = try #require(r.first(.jobFailover))
        #expect(failover.time == aborted.time && failover.attempt == 1)
        #expect(r.result.finished)
    }

    @Test func oneToleratedFailureDoesNotFailTheJobOver() throws {
        let r = try run("""
        scenario: tolerate
        checkpointing: {timeout: 30, tolerable-failures: 1}
        timing: {async: [1, 1]}
        job:
        \(linearJob())
        script:
          - trigger: checkpoint
          - advance: 30
          - expect: {type: checkpoint-aborted, checkpoint: 1, reason: CHECKPOINT_EXPIRED}
        """)
        #expect(r.of(.jobFailover).count == 0)
        #expect(r.result.finished)
    }

    @Test func anAsyncSnapshotFailureDeclinesAndAbortsWithAsyncException() throws {
        let r = try run("""
        scenario: async-fail
        checkpointing: {tolerable-failures: 5}
        job:
        \(linearJob())
        script:
          - fail-snapshot: {task: "count[0]", checkpoint: 1}
          - trigger: checkpoint
          - run-until: {type: checkpoint-aborted, checkpoint: 1}
        """)
        let failed = try #require(r.first(.snapshotFailed))
        #expect(failed.task == "count[0]" && failed.phase == "async")
        let decline = try #require(r.first(.declineReceived))
        #expect(decline.reason == "CHECKPOINT_ASYNC_EXCEPTION" && decline.task == "count[0]")
        let aborted = try #require(r.first(.checkpointAborted))
        #expect(aborted.reason == "CHECKPOINT_ASYNC_EXCEPTION")
        #expect(r.of(.notifyAbortedSent).filter { $0.checkpoint == 1 }.count == 3)
        #expect(r.of(.jobFailover).isEmpty)
    }
}
