import CheckpointTrace
import Testing
@testable import CheckpointCheck

/// Minimal event lists where one invariant holds or breaks, for the rules no mutant exercises.
@Suite struct InvariantCheckerTests {
    static func header(maxConcurrent: Int = 1, minPause: Int = 0, tolerable: Int = 0, retained: Int = 1, mode: String = "aligned") -> TraceHeader {
        var c = CheckpointConfig()
        c.maxConcurrent = maxConcurrent; c.minPause = minPause; c.tolerableFailures = tolerable; c.retained = retained
        let topology = Topology(
            operators: [.init(name: "s", kind: "source", parallelism: 1, inputs: []),
                        .init(name: "o", kind: "sink", parallelism: 1, inputs: ["s"], delivery: "transactional")],
            tasks: [.init(id: "s[0]", operator: "s", kind: "source", subtask: 0), .init(id: "o[0]", operator: "o", kind: "sink", subtask: 0)],
            channels: [.init(id: "s[0]->o[0]", from: "s[0]", to: "o[0]", partition: "forward")])
        return TraceHeader(scenario: "t", seed: 0, mode: mode, config: c, topology: topology, generator: "test")
    }

    /// Builds events with dense seq.
    struct Events {
        var list: [TraceEvent] = []
        mutating func add(_ type: EventType, time: Int = 0, _ configure: (inout TraceEvent) -> Void = { _ in }) {
            var e = TraceEvent(seq: list.count, time: time, type: type, actor: "coordinator")
            configure(&e)
            list.append(e)
        }
        mutating func trigger(_ id: Int, time: Int = 0, periodic: Bool = false, kind: CheckpointKind = .checkpoint) {
            add(.checkpointTriggered, time: time) {
                $0.checkpoint = id; $0.kind = kind; $0.isFinal = false
                $0.extra = JSONObject(["request": .string(periodic ? "periodic" : "manual")])
            }
        }
        mutating func ack(_ id: Int, _ task: String, time: Int = 0, attempt: Int = 0) {
            add(.ackReceived, time: time) { $0.checkpoint = id; $0.task = task; $0.attempt = attempt }
        }
        mutating func complete(_ id: Int, time: Int = 0, kind: CheckpointKind = .checkpoint) {
            ack(id, "s[0]", time: time); ack(id, "o[0]", time: time)
            add(.checkpointCompleted, time: time) { $0.checkpoint = id; $0.kind = kind; $0.isFinal = false }
        }
        mutating func abort(_ id: Int, _ reason: String, time: Int = 0) {
            add(.checkpointAborted, time: time) { $0.checkpoint = id; $0.kind = .checkpoint; $0.reason = reason }
        }
    }

    static func ids(_ header: TraceHeader, _ events: Events) -> [String] {
        InvariantChecker.check(Trace(header: header, events: events.list)).map(\.invariant)
    }

    @Test func maxConcurrent() {
        var e = Events()
        e.trigger(1); e.trigger(2)
        #expect(Self.ids(Self.header(maxConcurrent: 2), e) == [])
        #expect(Self.ids(Self.header(maxConcurrent: 1), e) == ["max-concurrent"])
        var sp = Events()
        sp.trigger(1); sp.trigger(2, kind: .savepoint)
        #expect(Self.ids(Self.header(maxConcurrent: 1), sp) == [], "a savepoint is forced in aligned mode")
        #expect(Self.ids(Self.header(maxConcurrent: 1, mode: "unaligned"), sp) == ["max-concurrent"])
    }

    @Test func minPause() {
        var e = Events()
        e.trigger(1); e.complete(1, time: 10); e.trigger(2, time: 15, periodic: true)
        #expect(Self.ids(Self.header(minPause: 5), e) == [])
        #expect(Self.ids(Self.header(minPause: 6), e) == ["min-pause"])
        var manual = Events()
        manual.trigger(1); manual.complete(1, time: 10); manual.trigger(2, time: 11)
        #expect(Self.ids(Self.header(minPause: 50), manual) == [], "manual requests ignore min-pause")
    }

    /// A real Flink 2.3 run (flink-check's min-pause case, 2026-12-06) logged a periodic trigger
    /// 799 ms after the completion before it with min-pause 800: the log stamps the completion
    /// when it writes the line, after Flink took its time. An imported trace's timing rules
    /// allow `TraceHeader.importedClockTolerance`, as `ckpt conform` does; a simulated one none.
    @Test func anImportedTraceHasClockToleranceInItsTimingRules() {
        var imported = Self.header(minPause: 800)
        imported.importInfo = JSONObject(["from": .string("flink-log")])
        var e = Events()
        e.trigger(1); e.complete(1, time: 2454); e.trigger(2, time: 3253, periodic: true)
        #expect(Self.ids(Self.header(minPause: 800), e) == ["min-pause"])
        #expect(Self.ids(imported, e) == [])
        var early = Events()
        early.trigger(1); early.complete(1, time: 2454); early.trigger(2, time: 2454 + 800 - 11, periodic: true)
        #expect(Self.ids(imported, early) == ["min-pause"], "beyond the tolerance it is a violation")
        imported.config!.timeout = 100
        var late = Events()
        late.trigger(1, time: 0)
        late.add(.recordEmitted, time: 105) { $0.actor = "s[0]"; $0.task = "s[0]"; $0.record = "a"; $0.offset = 1 }
        #expect(Self.ids(imported, late) == [], "5 ms past the timeout is within the tolerance")
        late.add(.recordEmitted, time: 111) { $0.actor = "s[0]"; $0.task = "s[0]"; $0.record = "b"; $0.offset = 2 }
        #expect(Self.ids(imported, late) == ["tolerable-failures"])
    }

    @Test func retainedKeepsTheNewestAndDiscardsOldestFirst() {
        var e = Events()
        e.trigger(1); e.complete(1); e.trigger(2); e.complete(2)
        e.add(.checkpointDiscarded) { $0.checkpoint = 1 }
        e.add(.notifyCompleteSent) { $0.checkpoint = 2; $0.task = "s[0]" }
        #expect(Self.ids(Self.header(retained: 1), e) == [])
        var kept = Events()
        kept.trigger(1); kept.complete(1); kept.trigger(2); kept.complete(2)
        kept.add(.notifyCompleteSent) { $0.checkpoint = 2; $0.task = "s[0]" }
        #expect(Self.ids(Self.header(retained: 1), kept) == ["retained"])
        var wrong = Events()
        wrong.trigger(1); wrong.complete(1); wrong.trigger(2); wrong.complete(2)
        wrong.add(.checkpointDiscarded) { $0.checkpoint = 2 }
        #expect(Self.ids(Self.header(retained: 1), wrong) == ["retained"])
    }

    @Test func tolerableFailuresFailsOverExactlyWhenExceeded() {
        var ok = Events()
        ok.trigger(1); ok.abort(1, "CHECKPOINT_EXPIRED")
        ok.add(.jobFailover) { $0.reason = "tolerable-failures-exceeded"; $0.attempt = 1 }
        #expect(Self.ids(Self.header(tolerable: 0), ok) == [])
        #expect(Self.ids(Self.header(tolerable: 1), ok) == ["tolerable-failures"], "one failure does not exceed 1")
        var missing = Events()
        missing.trigger(1); missing.abort(1, "CHECKPOINT_ASYNC_EXCEPTION"); missing.trigger(2)
        #expect(Self.ids(Self.header(tolerable: 0), missing) == ["tolerable-failures"])
        var notCounted = Events()
        notCounted.trigger(1); notCounted.abort(1, "CHECKPOINT_DECLINED_SUBSUMED"); notCounted.trigger(2)
        #expect(Self.ids(Self.header(tolerable: 0), notCounted) == [])
        var reset = Events()
        reset.trigger(1); reset.abort(1, "CHECKPOINT_EXPIRED"); reset.trigger(2); reset.complete(2)
        reset.trigger(3); reset.abort(3, "CHECKPOINT_EXPIRED"); reset.trigger(4)
        #expect(Self.ids(Self.header(tolerable: 1), reset) == [], "a success resets the count")
    }

    /// complete-needs-all-acks counts the acks of the current attempt that reached the coordinator
    /// for that checkpoint: not an older attempt's, and not those of an earlier life of a reused id.
    @Test func aCompletionNeedsEveryAckOfTheCurrentAttempt() {
        func completion(_ build: (inout Events) -> Void) -> [String] {
            var e = Events()
            build(&e)
            e.add(.checkpointCompleted) { $0.checkpoint = 1; $0.kind = .checkpoint; $0.isFinal = false }
            return Self.ids(Self.header(maxConcurrent: 3), e).filter { $0 == "complete-needs-all-acks" }
        }
        #expect(completion { $0.trigger(1); $0.ack(1, "s[0]"); $0.ack(1, "o[0]") } == [])
        #expect(completion { $0.trigger(1); $0.ack(1, "s[0]") } == ["complete-needs-all-acks"])
        #expect(completion { $0.trigger(1); $0.ack(2, "s[0]"); $0.ack(1, "o[0]") } == ["complete-needs-all-acks"], "another checkpoint's ack")
        #expect(completion {
            $0.trigger(1); $0.ack(1, "s[0]")
            $0.add(.jobFailover) { $0.attempt = 1; $0.reason = "task-failure" }
            $0.ack(1, "o[0]", attempt: 1)
        } == ["complete-needs-all-acks"], "an ack from before the failover no longer counts")
        #expect(completion {
            $0.trigger(1); $0.ack(1, "s[0]"); $0.ack(1, "o[0]", attempt: 5)
        } == ["complete-needs-all-acks"], "an ack of another attempt")
        #expect(completion { $0.trigger(1); $0.ack(1, "s[0]"); $0.trigger(1); $0.ack(1, "o[0]") } == ["complete-needs-all-acks"],
                "a checkpoint triggered again starts its acks over")
        // Acks for a checkpoint that is not pending are kept for it, as acks.
        #expect(completion { $0.ack(1, "s[0]"); $0.ack(1, "o[0]") } == [])
        #expect(completion { $0.ack(1, "s[0]"); $0.ack(1, "o[0]"); $0.trigger(1) } == ["complete-needs-all-acks"])
        #expect(completion { $0.trigger(1); $0.complete(1); $0.ack(1, "s[0]") } == ["complete-needs-all-acks"],
                "a second completion has only the late ack")
    }

    @Test func singleOutcomeAndMonotonicIds() {
        var e = Events()
        e.trigger(1); e.complete(1); e.abort(1, "CHECKPOINT_EXPIRED")
        #expect(Self.ids(Self.header(tolerable: 5), e) == ["single-outcome"])
        var ids = Events()
        ids.trigger(2); ids.abort(2, "CHECKPOINT_COORDINATOR_SUSPEND"); ids.trigger(2)
        #expect(Self.ids(Self.header(), ids) == ["monotonic-ids"])
    }

    @Test func consistentCutFindsLostInFlightRecords() {
        var e = Events()
        e.trigger(1)
        e.add(.recordSent) { $0.actor = "s[0]"; $0.task = "s[0]"; $0.channel = "s[0]->o[0]"; $0.record = "a" }
        e.add(.snapshotStarted) { $0.actor = "s[0]"; $0.task = "s[0]"; $0.checkpoint = 1 }
        // o[0] snapshots before processing "a" (which was sent before s[0]'s snapshot): a lost record.
        e.add(.barrierReceived) { $0.actor = "o[0]"; $0.task = "o[0]"; $0.checkpoint = 1; $0.channel = "s[0]->o[0]" }
        e.add(.snapshotStarted) { $0.actor = "o[0]"; $0.task = "o[0]"; $0.checkpoint = 1 }
        e.complete(1)
        #expect(Self.ids(Self.header(), e) == ["consistent-cut"])
    }

    @Test func violationsAlreadyInATraceAreNotRechecked() {
        var e = Events()
        e.trigger(1)
        e.add(.invariantViolated) { $0.invariant = "max-concurrent"; $0.detail = "x" }
        #expect(Self.ids(Self.header(), e) == [])
    }
}

/// An imported trace has no checkpointing settings: the invariants about them are not checked.
@Suite struct ImportedTraceChecks {
    @Test func settingsInvariantsAreSkippedWithoutAConfig() {
        let header = TraceHeader(scenario: "flink-job", seed: nil, mode: nil, config: nil, topology: nil,
                                 generator: "ckpt import", importInfo: JSONObject(["from": .string("flink-log")]))
        // Two counted failures and no failover: a violation of tolerable-failures (limit 0) if the limit were known.
        let events = [
            TraceEvent(seq: 0, time: 0, type: .checkpointTriggered, actor: "coordinator", checkpoint: 1, kind: .checkpoint, isFinal: false),
            TraceEvent(seq: 1, time: 5, type: .checkpointAborted, actor: "coordinator", checkpoint: 1, reason: "CHECKPOINT_EXPIRED"),
            TraceEvent(seq: 2, time: 6, type: .checkpointTriggered, actor: "coordinator", checkpoint: 2, kind: .checkpoint, isFinal: false),
            TraceEvent(seq: 3, time: 9, type: .checkpointAborted, actor: "coordinator", checkpoint: 2, reason: "CHECKPOINT_EXPIRED"),
            TraceEvent(seq: 4, time: 10, type: .checkpointTriggered, actor: "coordinator", checkpoint: 3, kind: .checkpoint, isFinal: false),
        ]
        var known = header
        known.config = CheckpointConfig()
        #expect(InvariantChecker.check(Trace(header: header, events: events)).isEmpty)
        #expect(InvariantChecker.check(Trace(header: known, events: events)).contains { $0.invariant == "tolerable-failures" })
    }
}

/// A trace may hold any Int times and settings (trace-lint accepts them): the checker must not
/// overflow on them.
@Suite struct ExtremeValueChecks {
    typealias T = InvariantCheckerTests

    @Test func aHugeTimeoutNeverOverflowsTheExpiryCheck() {
        var header = T.header()
        header.config!.timeout = Int.max
        var e = T.Events()
        e.trigger(1, time: 5)
        e.add(.recordEmitted, time: Int.max) { $0.actor = "s[0]"; $0.task = "s[0]"; $0.record = "a"; $0.offset = 1 }
        #expect(T.ids(header, e) == [])
        header.config!.timeout = 10
        #expect(T.ids(header, e) == ["tolerable-failures"], "overdue past a normal timeout")
    }

    @Test func timesAtBothEndsOfIntNeverOverflowTheMinPauseCheck() {
        var e = T.Events()
        e.trigger(1, time: Int.min)
        e.complete(1, time: Int.min)
        e.trigger(2, time: Int.max, periodic: true)
        #expect(T.ids(T.header(minPause: 1_000), e) == [], "the gap is larger than any Int, so larger than min-pause")
        var near = T.Events()
        near.trigger(1, time: Int.max - 10)
        near.complete(1, time: Int.max - 10)
        near.trigger(2, time: Int.max, periodic: true)
        #expect(T.ids(T.header(minPause: 1_000), near) == ["min-pause"])
    }
}
