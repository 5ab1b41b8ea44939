import CheckpointTestSupport
import CheckpointTrace
import Testing
@testable import CheckpointCore

/// A pending checkpoint's acks, counted once per task whatever its index, and its subsumption by a newer completed one.
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

    @Test func aNewerCompletedCheckpointSubsumesOlderPendingOnes() throws {
        // Find a seed where checkpoint 2 completes while 1 is still pending: count[0]'s slow first
        // upload makes its two acks wait together, and the JobManager may handle ack 2 first.
        var found = false
        for seed in UInt64(0)..<200 {
            let r = try run("""
            scenario: subsume
            checkpointing: {max-concurrent: 2}
            timing: {async: [0, 1]}
            job:
            \(linearJob(parallelism: 2, data: [["a", "b"], ["c"]]))
            script:
              - slow-snapshot: {task: "count[0]", checkpoint: 1, async: 20}
              - trigger: checkpoint
              - trigger: checkpoint
            """, seed: seed)
            guard let subsumed = r.first(.checkpointAborted, where: { $0.reason == "CHECKPOINT_SUBSUMED" }) else { continue }
            found = true
            #expect(subsumed.checkpoint == 1)
            let completed = try #require(r.first(.checkpointCompleted) { $0.checkpoint == 2 })
            #expect(subsumed.seq > completed.seq && subsumed.time == completed.time)
            #expect(r.events[subsumed.seq + 1].type == .notifyAbortedSent)
            #expect(!r.events.contains { $0.type == .checkpointCompleted && $0.checkpoint == 1 })
            break
        }
        #expect(found, "no seed below 200 let checkpoint 2 overtake checkpoint 1")
    }
}
