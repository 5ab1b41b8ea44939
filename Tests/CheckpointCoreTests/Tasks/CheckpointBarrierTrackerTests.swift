import CheckpointTestSupport
import CheckpointTrace
import Testing
@testable import CheckpointCore

/// CheckpointBarrierTracker (at-least-once, DESIGN.md §2): never blocks, snapshots when every barrier is in.
@Suite struct CheckpointBarrierTrackerTests {
    @Test func atLeastOnceNeverBlocksAndSnapshotsWhenAllBarriersArrived() throws {
        let r = try run("""
        scenario: alo
        mode: at-least-once
        job:
        \(twoInputJob(a: ["x", "y"], b: []))
        script:
        \(SingleCheckpointBarrierHandlerTests.unblockingScript)
        """)
        #expect(r.of(.channelBlocked).isEmpty && r.of(.recordBuffered).isEmpty)
        // y, behind barrier 1 on a[0], is counted before the snapshot: at-least-once, not exactly-once.
        let snapshot = try #require(r.first(.snapshotStarted) { $0.task == "count[0]" })
        #expect(snapshot.state?["counts"]?["y"] == .int(1))
    }

    @Test func atLeastOnceDuplicatesInAPlainSinkAfterAFailureButLosesNothing() throws {
        let r = try run("""
        scenario: alo-dup
        mode: at-least-once
        job:
        \(twoInputJob(a: ["x", "y"], b: [], delivery: "plain"))
        script:
        \(SingleCheckpointBarrierHandlerTests.unblockingScript)
          - run-until: {type: checkpoint-completed, checkpoint: 1}
          - run-until: {type: output-emitted, record: "y=1"}
          - fail: out[0]
        """)
        // y was counted in count[0]'s snapshot, but a[0]'s snapshot was taken before it emitted y:
        // after the restore a[0] replays y, which is counted again. Nothing is lost, y is duplicated.
        #expect(r.result.finalCounts == ["x": 1, "y": 2])
        #expect(r.result.committedRecords["y=1"] == 1 && r.result.committedRecords["y=2"] == 1)
        #expect(r.result.output == ["x": "1", "y": "2"])
        #expect(r.result.finished)
    }
}
