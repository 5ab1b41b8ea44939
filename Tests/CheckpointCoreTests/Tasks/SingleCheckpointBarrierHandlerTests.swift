import CheckpointTestSupport
import CheckpointTrace
import Testing
@testable import CheckpointCore

/// SingleCheckpointBarrierHandler: aligned and unaligned barrier handling (DESIGN.md §2), driven step by step with scripted deliveries.
@Suite struct SingleCheckpointBarrierHandlerTests {
    /// Barrier 1 reaches count[0] from a[0] first; a record behind it on that channel waits in the
    /// alignment buffer until barrier 1 from b[0] arrives.
    static let alignedScript = unblockingScript + """

      - deliver: {from: "a[0]", to: "count[0]"}
    """

    /// The same deliveries without the last one (which, aligned, takes y out of the buffer).
    static let unblockingScript = """
      - emit: a[0]
      - trigger: checkpoint
      - deliver: {from: coordinator, to: "a[0]"}
      - deliver: {from: coordinator, to: "b[0]"}
      - emit: a[0]
      - deliver: {from: "a[0]", to: "count[0]"}
      - deliver: {from: "a[0]", to: "count[0]"}
      - deliver: {from: "a[0]", to: "count[0]"}
      - deliver: {from: "b[0]", to: "count[0]"}
    """

    @Test func alignedModeBlocksTheChannelAndBuffersWhatArrivesBehindTheBarrier() throws {
        let r = try run("""
        scenario: aligned
        job:
        \(twoInputJob(a: ["x", "y"], b: []))
        script:
        \(Self.alignedScript)
        """)
        let types = r.events.filter { $0.task == "count[0]" && $0.type != .notifyCompleteReceived && $0.type != .recordSent }.prefix(12).map(\.type)
        #expect(Array(types) == [
            .recordReceived, .recordProcessed,                  // x, before the barrier
            .barrierReceived, .alignmentStarted, .channelBlocked,
            .recordReceived, .recordBuffered,                   // y waits behind barrier 1
            .barrierReceived, .alignmentCompleted, .barrierSent, .snapshotStarted, .channelUnblocked,
        ])
        let snapshot = try #require(r.first(.snapshotStarted) { $0.task == "count[0]" })
        #expect(snapshot.state == .object(JSONObject(["counts": .object(JSONObject(["x": .int(1)]))])))
        let processedY = try #require(r.first(.recordProcessed) { $0.task == "count[0]" && $0.record == "y" })
        #expect(processedY.seq > snapshot.seq)
        #expect(r.first(.recordBuffered)?.checkpoint == 1)
    }

    @Test func withoutAlignmentTheRecordOvertakesTheSnapshot() throws {
        let r = try run("""
        scenario: no-align
        job:
        \(twoInputJob(a: ["x", "y"], b: []))
        script:
        \(Self.unblockingScript)
        """, mutant: .noAlignment)
        #expect(r.of(.channelBlocked).isEmpty)
        let snapshot = try #require(r.first(.snapshotStarted) { $0.task == "count[0]" })
        #expect(snapshot.state?["counts"]?["y"] == .int(1), "y was processed before the snapshot")
    }

    @Test func unalignedSnapshotsAtTheFirstBarrierAndKeepsInFlightRecordsAsChannelState() throws {
        let r = try run("""
        scenario: unaligned
        mode: unaligned
        job:
        \(twoInputJob(a: [], b: ["z", "w"]))
        script:
          - emit: b[0]
          - trigger: checkpoint
          - deliver: {from: coordinator, to: "a[0]"}
          - deliver: {from: coordinator, to: "b[0]"}
          - deliver: {from: "a[0]", to: "count[0]"}
          - emit: b[0]
          - deliver: {from: "b[0]", to: "count[0]"}
          - deliver: {from: "b[0]", to: "count[0]"}
          - run-until: {type: snapshot-completed, task: "count[0]"}
        """)
        // b[0]'s barrier overtook z in its output channel: z is b[0]'s output channel state.
        let bBarrier = try #require(r.first(.barrierSent) { $0.task == "b[0]" })
        #expect(bBarrier.extra?["overtook"] == .int(1))
        // count[0] snapshots at the first barrier (from a[0]), with nothing counted yet.
        let started = try #require(r.first(.snapshotStarted) { $0.task == "count[0]" })
        #expect(started.state?["counts"] == .object(JSONObject()))
        #expect(r.of(.channelBlocked).isEmpty)
        let completed = try #require(r.first(.snapshotCompleted) { $0.task == "count[0]" })
        let bCompleted = try #require(r.first(.snapshotCompleted) { $0.task == "b[0]" })
        #expect(bCompleted.channelState?["output"]?["b[0]->count[0]"] == .array([.string("z")]))
        #expect(completed.channelState?["input"] == .object(JSONObject()))
    }

    @Test func unalignedChannelStateGoesBackToTheHeadOfItsChannelOnRestore() throws {
        let r = try run("""
        scenario: unaligned-restore
        mode: unaligned
        job:
        \(twoInputJob(a: ["x"], b: ["z", "w"]))
        script:
          - emit: b[0]
          - trigger: checkpoint
          - deliver: {from: coordinator, to: "a[0]"}
          - deliver: {from: coordinator, to: "b[0]"}
          - deliver: {from: "a[0]", to: "count[0]"}
          - run-until: {type: checkpoint-completed, checkpoint: 1}
          - fail: count[0]
        """)
        let restored = try #require(r.first(.taskRestored) { $0.task == "count[0]" })
        #expect(restored.channelState?["input"]?["b[0]->count[0]"] == .array([.string("z")]))
        #expect(r.result.finalCounts == ["x": 1, "z": 1, "w": 1])
        #expect(r.result.committedRecords == ["x=1": 1, "z=1": 1, "w=1": 1])
    }

    @Test func dropInflightLosesTheChannelState() throws {
        let r = try run("""
        scenario: unaligned-restore
        mode: unaligned
        job:
        \(twoInputJob(a: ["x"], b: ["z", "w"]))
        script:
          - emit: b[0]
          - trigger: checkpoint
          - deliver: {from: coordinator, to: "a[0]"}
          - deliver: {from: coordinator, to: "b[0]"}
          - deliver: {from: "a[0]", to: "count[0]"}
          - run-until: {type: checkpoint-completed, checkpoint: 1}
          - fail: count[0]
        """, mutant: .dropInflight)
        #expect(r.result.finalCounts["z"] == nil)
    }

    @Test func aNewerBarrierCancelsTheOlderCheckpointAtTheTaskWithADecline() throws {
        // Unaligned, two checkpoints at once: b[0] delivers barriers 1 and 2 while count[0] still
        // waits for barrier 1 from a[0].
        let r = try run("""
        scenario: subsumed-at-task
        mode: unaligned
        checkpointing: {max-concurrent: 2, tolerable-failures: 5}
        job:
        \(twoInputJob(a: [], b: []))
        script:
          - trigger: checkpoint
          - trigger: checkpoint
          - deliver: {from: coordinator, to: "b[0]"}
          - deliver: {from: coordinator, to: "b[0]"}
          - deliver: {from: "b[0]", to: "count[0]"}
          - deliver: {from: "b[0]", to: "count[0]"}
          - run-until: {type: checkpoint-aborted, checkpoint: 1}
        """)
        let cancelled = try #require(r.first(.barrierCancelled))
        #expect(cancelled.checkpoint == 1 && cancelled.task == "count[0]" && cancelled.reason == "CHECKPOINT_DECLINED_SUBSUMED")
        let decline = try #require(r.first(.declineSent))
        #expect(decline.checkpoint == 1 && decline.reason == "CHECKPOINT_DECLINED_SUBSUMED" && decline.seq > cancelled.seq)
        let marker = try #require(r.first(.cancelMarkerSent) { $0.task == "count[0]" })
        #expect(marker.checkpoint == 1 && marker.to == "out[0]")
        #expect(r.first(.alignmentStarted) { $0.checkpoint == 2 && $0.task == "count[0]" } != nil)
        #expect(r.first(.checkpointAborted)?.reason == "CHECKPOINT_DECLINED_SUBSUMED")
        #expect(r.of(.jobFailover).isEmpty, "a declined-subsumed abort is not a counted failure")
    }

    @Test func aNotifyAbortedBeforeTheCheckpointPointForwardsACancelMarkerThatCancelsDownstream() throws {
        let r = try run("""
        scenario: marker
        checkpointing: {timeout: 50, tolerable-failures: 5}
        timing: {async: [1, 2]}
        job:
          - {name: a, kind: source, data: []}
          - {name: b, kind: source, data: []}
          - {name: m, kind: map, input: a}
          - {name: count, kind: keyed-count, input: [m, b]}
          - {name: out, kind: sink, input: count}
        script:
          - trigger: checkpoint
          - deliver: {from: coordinator, to: "a[0]"}
          - deliver: {from: coordinator, to: "b[0]"}
          - deliver: {from: "b[0]", to: "count[0]"}
          - advance: 50
          - expect: {type: checkpoint-aborted, checkpoint: 1, reason: CHECKPOINT_EXPIRED}
          - deliver: {from: coordinator, to: "m[0]"}
          - deliver: {from: "a[0]", to: "m[0]"}
          - deliver: {from: "m[0]", to: "count[0]"}
        """)
        #expect(r.result.summary.failedExpectations.count == 0)
        // m[0] learnt of the abort before its checkpoint point: a cancel marker instead of a barrier.
        #expect(r.first(.snapshotStarted) { $0.task == "m[0]" && $0.checkpoint == 1 } == nil)
        let mMarker = try #require(r.first(.cancelMarkerSent) { $0.task == "m[0]" })
        #expect(mMarker.checkpoint == 1)
        #expect(r.first(.barrierSent) { $0.task == "m[0]" && $0.checkpoint == 1 } == nil)
        // count[0] was aligning 1 with b[0] blocked: the marker cancels it and unblocks.
        let cancelled = try #require(r.first(.barrierCancelled) { $0.task == "count[0]" })
        #expect(cancelled.reason == "CHECKPOINT_DECLINED_ON_CANCELLATION_BARRIER")
        #expect(r.first(.channelUnblocked) { $0.task == "count[0]" }.map { $0.seq > cancelled.seq } == true)
        // Its decline reaches a coordinator that already ended checkpoint 1.
        #expect(r.first(.declineIgnored) { $0.task == "count[0]" }?.reason == "late")
    }
}
