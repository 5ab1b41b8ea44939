import Testing
import CheckpointTrace
@testable import CheckpointReplay

@Suite struct ReplayStateTests {
    let b = TraceBuilder.standard()

    func state(_ step: Int) -> ReplayState {
        var r = Replayer(trace: b.trace, interval: 7)
        return r.state(at: step)
    }

    @Test func recordsTravelAndAreCounted() {
        let afterSend = state(2)
        #expect(afterSend.channel("src[0]->count[0]")?.queue.items.map(\.self) == [.record("a")])
        #expect(afterSend.task("src[0]")?.offset == 1)
        let afterProcess = state(6)
        #expect(afterProcess.channel("src[0]->count[0]")?.queue.isEmpty == true)
        #expect(afterProcess.task("count[0]")?.counts == ["a": 1])
        #expect(afterProcess.channel("src[1]->count[0]")?.queue.items.map(\.self) == [.record("b")])
    }

    @Test func barrierSentAddsToTailAndReceivedTakesTheHead() {
        let sent = b.step(after: .barrierSent, checkpoint: 1, task: "src[1]")
        let s = state(sent)
        // src[1]'s "b" is still ahead of the barrier: FIFO.
        #expect(s.channel("src[1]->count[0]")?.queue.items.map(\.self) == [.record("b"), .barrier(1)])
        #expect(s.channel("src[0]->count[0]")?.queue.items.map(\.self) == [.barrier(1)])
        let received = b.step(after: .barrierReceived, checkpoint: 1, task: "count[0]")
        #expect(state(received).channel("src[0]->count[0]")?.queue.isEmpty == true)
        let blocked = b.step(after: .channelBlocked, checkpoint: 1)
        #expect(state(blocked).task("count[0]")?.blocked == ["src[0]->count[0]"])
        #expect(state(blocked).task("count[0]")?.status == .aligning)
        let unblocked = b.step(after: .channelUnblocked, checkpoint: 1)
        #expect(state(unblocked).task("count[0]")?.blocked == [])
        #expect(state(unblocked).task("count[0]")?.status == .snapshotting)
    }

    @Test func pendingCheckpointCollectsAcks() {
        let triggered = b.step(after: .checkpointTriggered, checkpoint: 1)
        let p0 = state(triggered).coordinator.pending
        #expect(p0.map(\.id) == [1])
        #expect(p0.first?.acked == [])
        #expect(state(triggered).channel("coordinator->src[0]")?.queue.isEmpty == true)
        let sent = b.step(after: .triggerSent, checkpoint: 1)
        #expect(state(sent).channel("coordinator->src[0]")?.queue.items.map(\.self) == [.rpc("trigger", 1)])
        let twoAcks = b.step(after: .ackReceived, checkpoint: 1, task: "src[1]")
        #expect(state(twoAcks).coordinator.pending.first?.acked == ["src[0]", "src[1]"])
        #expect(state(twoAcks).channel("src[1]->coordinator")?.queue.isEmpty == true)
        #expect(state(twoAcks).channel("out[0]->coordinator")?.queue.items.map(\.self) == [.rpc("ack", 1)])
        let completed = b.step(after: .checkpointCompleted, checkpoint: 1)
        #expect(state(completed).coordinator.pending.isEmpty)
        #expect(state(completed).coordinator.store == [1])
        #expect(state(completed).coordinator.nextID == 2)
    }

    @Test func storeRespectsDiscards() {
        #expect(state(b.step(after: .checkpointCompleted, checkpoint: 2)).coordinator.store == [1, 2])
        #expect(state(b.step(after: .checkpointCompleted, checkpoint: 3)).coordinator.store == [1, 2, 3])
        #expect(state(b.step(after: .checkpointDiscarded, checkpoint: 1)).coordinator.store == [2, 3])
    }

    @Test func failoverEmptiesChannelsAndRestores() {
        let beforeFailover = b.step(after: .jobFailover) - 1
        let before = state(beforeFailover)
        #expect(before.channel("src[1]->count[0]")?.queue.items.map(\.self) == [.record("c")])
        #expect(before.channel("coordinator->src[0]")?.queue.items.map(\.self) == [.rpc("trigger", 4)])
        #expect(before.coordinator.pending.map(\.id) == [4])
        #expect(before.task("count[0]")?.status == .failed)
        let after = state(beforeFailover + 1)
        #expect(after.channels.allSatisfy { $0.queue.isEmpty })
        #expect(after.coordinator.pending.isEmpty)
        #expect(after.coordinator.attempt == 1)
        #expect(after.task("count[0]")?.status == .failed)
        #expect(after.task("src[0]")?.status == .restoring)
        #expect(state(beforeFailover + 2).task("count[0]")?.status == .restoring)
        let restored = state(b.step(after: .taskRestored, task: "count[0]"))
        #expect(restored.task("count[0]")?.counts == ["a": 2, "b": 1])
        #expect(restored.task("count[0]")?.attempt == 1)
        #expect(restored.task("count[0]")?.status == .running)
        let end = state(b.events.count)
        #expect(end.task("src[1]")?.offset == 2)
        #expect(end.task("src[0]")?.offset == 2)
    }

    @Test func ackOnItsWayToTheCoordinatorSurvivesFailover() {
        var t = TraceBuilder()
        t.trigger(1)
        t.sourceBarrier("src[0]", 1, offset: 0)
        t.snapshotDone("src[0]", 1)
        t.failover("src[1]", attempt: 1, from: nil, offsets: (0, 0))
        var r = Replayer(trace: t.trace)
        let s = r.state(at: t.events.count)
        #expect(s.channel("src[0]->coordinator")?.queue.items.map(\.self) == [.rpc("ack", 1)])
        #expect(s.channel("coordinator->src[1]")?.queue.isEmpty == true)
        #expect(s.channel("src[0]->count[0]")?.queue.isEmpty == true)
    }

    @Test func transactionalSinkPreCommitsAndCommits() {
        var t = TraceBuilder()
        t.add(.outputEmitted, "out[0]", tick: true) { $0.record = "a=1"; $0.extra = JSONObject(["transaction": .int(0)]) }
        t.add(.snapshotStarted, "out[0]") { $0.checkpoint = 1 }
        t.add(.outputEmitted, "out[0]", tick: true) { $0.record = "a=2"; $0.extra = JSONObject(["transaction": .int(1)]) }
        t.add(.transactionCommitted, "out[0]", tick: true) { $0.checkpoint = 1; $0.records = ["a=1"] }
        var r = Replayer(trace: t.trace)
        let mid = r.state(at: 3).task("out[0]")!.sink!
        #expect(mid.preCommitted == [Transaction(checkpoint: 1, records: ["a=1"])])
        #expect(mid.open == ["a=2"])
        #expect(mid.committed.isEmpty)
        let end = r.state(at: 4).task("out[0]")!.sink!
        #expect(end.committed == ["a=1"])
        #expect(end.uncommitted == ["a=2"])
    }

    @Test func unalignedRestorePutsChannelStateBack() {
        var t = TraceBuilder()
        t.mode = "unaligned"
        let cs = JSONValue.object(JSONObject([
            "input": .object(JSONObject(["src[1]->count[0]": .array([.string("x")])])),
            "output": .object(JSONObject()),
        ]))
        let srcOut = JSONValue.object(JSONObject([
            "input": .object(JSONObject()),
            "output": .object(JSONObject(["src[1]->count[0]": .array([.string("y")])])),
        ]))
        t.add(.snapshotCompleted, "count[0]", tick: true) { $0.checkpoint = 1; $0.channelState = cs }
        t.add(.snapshotCompleted, "src[1]", tick: true) { $0.checkpoint = 1; $0.channelState = srcOut }
        t.complete(1)
        t.emit("src[1]", "z", offset: 3)
        t.failover("count[0]", attempt: 1, from: 1, offsets: (0, 2))
        var r = Replayer(trace: t.trace)
        let s = r.state(at: t.events.count)
        #expect(s.channel("src[1]->count[0]")?.queue.items.map(\.self) == [.record("x"), .record("y")])
    }

    @Test func failureCounterCountsAsyncFailuresAndResetsOnCompletion() {
        var t = TraceBuilder()
        t.add(.checkpointAborted, "coordinator") { $0.checkpoint = 1; $0.reason = "CHECKPOINT_ASYNC_EXCEPTION" }
        t.add(.checkpointAborted, "coordinator") { $0.checkpoint = 2; $0.reason = "CHECKPOINT_SUBSUMED" }
        t.add(.checkpointAborted, "coordinator") { $0.checkpoint = 3; $0.reason = "CHECKPOINT_EXPIRED" }
        t.add(.checkpointCompleted, "coordinator") { $0.checkpoint = 4; $0.kind = .checkpoint }
        var r = Replayer(trace: t.trace)
        #expect(r.state(at: 3).coordinator.failureCount == 2)
        #expect(r.state(at: 4).coordinator.failureCount == 0)
    }

    @Test func unalignedBarrierGoesToTheHeadAndTheModelAgreesWithTheTrace() {
        var t = TraceBuilder()
        t.mode = "unaligned"
        t.emit("src[0]", "a", offset: 1)
        t.emit("src[0]", "b", offset: 2)
        t.add(.barrierSent, "src[0]") { $0.checkpoint = 1; $0.to = "count[0]"; $0.channel = "src[0]->count[0]"; $0.extra = JSONObject(["overtook": .int(2)]) }
        t.add(.barrierReceived, "count[0]", tick: true) { $0.checkpoint = 1; $0.from = "src[0]"; $0.channel = "src[0]->count[0]" }
        var r = Replayer(trace: t.trace)
        #expect(r.state(at: 5).channel("src[0]->count[0]")?.queue.items.map(\.self) == [.barrier(1), .record("a"), .record("b")])
        #expect(r.state(at: 6).channel("src[0]->count[0]")?.queue.items.map(\.self) == [.record("a"), .record("b")])
        #expect(r.state(at: 6).mismatches == 0)
        var q = ChannelQueue([.barrier(1), .record("a")])
        q.insertPriority(.barrier(2))
        #expect(Array(q.items) == [.barrier(1), .barrier(2), .record("a")], "behind older barriers, ahead of records")
        #expect(Replayer(trace: b.trace).stateFromStart(at: b.events.count).mismatches == 0)
        // A delivery of something that is not at the head is counted, not hidden.
        var bad = TraceBuilder()
        bad.process("src[0]", "ghost")
        #expect(Replayer(trace: bad.trace).stateFromStart(at: 2).mismatches == 1)
    }
}

/// A trace may hold any Int ids and attempts (trace-lint accepts them): replay must not overflow.
@Suite struct ReplayExtremeValueTests {
    @Test func theLargestCheckpointIdAndAttemptReplay() {
        var t = TraceBuilder()
        t.trigger(Int.max)
        t.add(.jobFailover, "coordinator") { $0.reason = "task-failure"; $0.attempt = Int.max }
        t.add(.jobFailover, "coordinator") { $0.reason = "task-failure" }
        var r = Replayer(trace: t.trace)
        let s = r.state(at: t.events.count)
        #expect(s.coordinator.attempt == Int.max)
        #expect(s.coordinator.nextID == Int.max)
    }
}
