import CheckpointTestSupport
import CheckpointTrace
import Testing
@testable import CheckpointCore

/// CompletedCheckpointStore's rule (DESIGN.md §2.2): retention keeps the newest checkpoints.
@Suite struct CompletedCheckpointStoreTests {
    @Test func theStoreRetainsTheNewestCheckpointsAndDiscardsOldestFirst() throws {
        let r = try run("""
        scenario: retain
        checkpointing: {retained: 2}
        job:
        \(linearJob())
        script:
          - trigger: checkpoint
          - run-until: {type: checkpoint-completed, checkpoint: 1}
          - trigger: checkpoint
          - run-until: {type: checkpoint-completed, checkpoint: 2}
          - trigger: checkpoint
          - run-until: {type: checkpoint-completed, checkpoint: 3}
          - expect: {type: checkpoint-discarded, checkpoint: 1}
          - expect: {type: checkpoint-discarded, count: 1}
          - fail: src[0]
          - expect: {type: restore-started, checkpoint: 3}
        """)
        #expect(r.result.summary.failedExpectations.map { $0.detail ?? "" } == [])
        let completed = try #require(r.first(.checkpointCompleted) { $0.checkpoint == 3 })
        #expect(r.events[completed.seq + 1].type == .checkpointDiscarded)
    }
}
