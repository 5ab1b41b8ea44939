import CheckpointTestSupport
import CheckpointTrace
import Testing
@testable import CheckpointCore

/// TwoPhaseCommitSinkFunction: a transaction per checkpoint, committed on notify-complete (or on a
/// notify-aborted naming a newer completed checkpoint) and again on restore, never twice.
@Suite struct TwoPhaseCommitSinkFunctionTests {
    @Test func theTransactionalSinkRecommitsOnRestoreWithoutDuplicates() throws {
        // Fail the sink after checkpoint 1 completed but before it received notify-complete.
        let r = try run("""
        scenario: recommit
        job:
        \(linearJob(data: [["a", "b"]]))
        script:
          - emit: src[0]
          - emit: src[0]
          - step: 8
          - trigger: checkpoint
          - run-until: {type: checkpoint-completed, checkpoint: 1}
          - fail: src[0]
        """)
        let restored = try #require(r.first(.taskRestored) { $0.task == "out[0]" })
        let committed = r.of(.transactionCommitted).filter { $0.checkpoint == 1 }
        #expect(committed.count == 1, "a transaction is committed once")
        // The notify-complete was lost in the failover: the restored sink re-commits what its snapshot
        // held as pre-committed, right after restoring.
        #expect(committed.first?.seq == restored.seq + 1)
        #expect(r.of(.notifyCompleteReceived).filter { $0.checkpoint == 1 }.isEmpty)
        #expect(r.result.committedRecords.values.allSatisfy { $0 == 1 })
        #expect(r.result.output == ["a": "1", "b": "1"])
    }

    @Test func notifyAbortedCarriesTheLatestCompletedCheckpointAndCommitsIt() throws {
        // The notify-complete for 1 is still in flight when 2 aborts; the abort carries latest=1.
        let r = try run("""
        scenario: latest
        checkpointing: {tolerable-failures: 5}
        job:
        \(linearJob(data: [["a"]]))
        script:
          - emit: src[0]
          - deliver: {from: "src[0]", to: "count[0]"}
          - deliver: {from: "count[0]", to: "out[0]"}
          - trigger: checkpoint
          - run-until: {type: checkpoint-completed, checkpoint: 1}
          - fail-snapshot: {task: "src[0]", checkpoint: 2}
          - trigger: checkpoint
          - run-until: {type: notify-aborted-received, checkpoint: 2, task: "out[0]"}
        """)
        let abortSent = try #require(r.first(.notifyAbortedSent) { $0.checkpoint == 2 })
        #expect(abortSent.latest == 1)
        let commit = try #require(r.first(.transactionCommitted) { $0.checkpoint == 1 })
        #expect(commit.records == ["a=1"])
    }
}
