import Testing
@testable import CheckpointCore

/// A pending checkpoint's acks: counted once per task, whatever the task's index.
@Suite struct PendingCheckpointTests {
    @Test func aPendingCheckpointCountsEachTasksAckOnce() {
        var p = PendingCheckpoint(id: 1, kind: .checkpoint, isFinal: false, isPeriodic: true, triggerTime: 0, tasks: 70)
        let snapshot = TaskSnapshot(captured: CapturedState(.source(offset: 3)))
        p.acknowledge(69, snapshot: snapshot)
        p.acknowledge(69, snapshot: snapshot)
        p.acknowledge(0, snapshot: snapshot)
        #expect(p.missingAcks == 68)
        #expect(p.acknowledged.contains(69) && p.acknowledged.contains(0) && !p.acknowledged.contains(64))
        #expect(p.snapshots[69] === snapshot && p.snapshots[1] == nil && p.snapshots[500] == nil)
    }
}
