import Testing
@testable import CheckpointTrace

/// Compact events stand for exactly the trace events they name.
@Suite struct CompactEventTests {
    let names = EventNames(tasks: ["lines[0]", "tokenize[0]", "count[1]"],
                           channels: ["lines[0]->tokenize[0]", "tokenize[0]->count[1]", "coordinator->lines[0]"])

    var samples: [CompactEvent] {
        var list = [
            CompactEvent(type: .recordEmitted, task: 0, offset: 3, record: "to be"),
            CompactEvent(type: .recordSent, task: 1, peer: 2, channel: 1, record: "be"),
            CompactEvent(type: .recordReceived, task: 2, peer: 1, channel: 1, record: "be"),
            CompactEvent(type: .recordBuffered, task: 2, channel: 1, checkpoint: 4, record: "q\"uote"),
            CompactEvent(type: .recordBuffered, task: 2, channel: 1, record: "no alignment"),
            CompactEvent(type: .recordProcessed, task: 1, channel: 0, record: "to be"),
            CompactEvent(type: .outputEmitted, task: 2, record: "be=2"),
            CompactEvent(type: .triggerSent, checkpoint: 1, task: 0, byCoordinator: true, peer: 0, channel: 2),
            CompactEvent(type: .triggerReceived, checkpoint: 1, task: 0, channel: 2),
            CompactEvent(type: .barrierInjected, checkpoint: 1, task: 0),
            CompactEvent(type: .barrierSent, checkpoint: 1, task: 0, peer: 1, channel: 0),
            CompactEvent(type: .barrierSent, checkpoint: 2, task: 0, peer: 1, channel: 0, note: 0),
            CompactEvent(type: .barrierSent, checkpoint: 3, task: 0, peer: 1, channel: 0, note: 12),
            CompactEvent(type: .barrierReceived, checkpoint: 1, task: 1, peer: 0, channel: 0),
            CompactEvent(type: .barrierReceived, checkpoint: 2, task: 1, peer: 0, channel: 0, note: 1),
            CompactEvent(type: .channelBlocked, checkpoint: 1, task: 1, channel: 0),
            CompactEvent(type: .channelUnblocked, checkpoint: 1, task: 1, channel: 0),
            CompactEvent(type: .alignmentStarted, checkpoint: 1, task: 1),
            CompactEvent(type: .alignmentCompleted, checkpoint: 1, task: 1),
            CompactEvent(type: .ackSent, checkpoint: 1, task: 1, channel: 2, attempt: 0),
            CompactEvent(type: .ackReceived, checkpoint: 1, task: 1, byCoordinator: true, channel: 2, attempt: 3),
            CompactEvent(type: .notifyCompleteSent, checkpoint: 1, task: 2, byCoordinator: true, peer: 2, channel: 2),
            CompactEvent(type: .notifyCompleteReceived, checkpoint: 1, task: 2, channel: 2),
            CompactEvent(type: .snapshotStarted, checkpoint: 2, task: 2, state: .object(JSONObject(["counts": .object(JSONObject(["be": .int(2)]))]))),
            CompactEvent(type: .snapshotCompleted, checkpoint: 2, task: 0, state: .object(JSONObject(["offset": .int(3)])), bytes: 12),
            CompactEvent(type: .snapshotCompleted, checkpoint: 3, task: 1, state: .object(JSONObject()), bytes: 4,
                         channelState: .object(JSONObject(["input": .object(JSONObject(["lines[0]->tokenize[0]": .array([.string("x")])])),
                                                           "output": .object(JSONObject())]))),
            CompactEvent(type: .taskRestored, checkpoint: nil, task: 0, attempt: 1, state: .object(JSONObject(["offset": .int(0)]))),
            CompactEvent(type: .taskRestored, checkpoint: 2, task: 1, attempt: 2, state: .object(JSONObject()),
                         channelState: .object(JSONObject(["input": .object(JSONObject(["lines[0]->tokenize[0]": .array([.string("y")])]))]))),
            CompactEvent(notifyAborted: .notifyAbortedSent, checkpoint: 4, task: 0, channel: 2, latest: 3),
            CompactEvent(notifyAborted: .notifyAbortedSent, checkpoint: 4, task: 0, channel: 2, latest: nil),
            CompactEvent(notifyAborted: .notifyAbortedReceived, checkpoint: 4, task: 0, channel: 2, latest: 3),
            CompactEvent(sourceRewound: 0, checkpoint: 3, offset: 2),
            CompactEvent(sourceRewound: 0, checkpoint: nil, offset: 0),
            CompactEvent(run: .endOfInput),
            CompactEvent(run: .jobFinished, checkpoint: 7),
            CompactEvent(run: .jobFinished),
            CompactEvent(run: .restoreStarted, checkpoint: 3, attempt: 2),
            CompactEvent(run: .restoreStarted, checkpoint: nil, attempt: 1),
            CompactEvent(run: .taskFailed, task: 1, attempt: 0, cause: "task-crash"),
            CompactEvent(run: .ackIgnored, checkpoint: 2, task: 2, channel: 2, attempt: 1, reason: "late"),
            CompactEvent(triggered: 5, kind: .checkpoint, isFinal: false, periodic: true),
            CompactEvent(triggered: 6, kind: .savepoint, isFinal: false, periodic: false),
            CompactEvent(triggered: 7, kind: .checkpoint, isFinal: true, periodic: false),
            CompactEvent(aborted: 5, kind: .checkpoint, reason: "CHECKPOINT_EXPIRED"),
            CompactEvent(aborted: 6, kind: .savepoint, reason: "CHECKPOINT_DECLINED"),
            CompactEvent(committed: 4, task: 2, records: ["be=2", "q\"uote=1"]),
            CompactEvent(committed: 5, task: 2, records: []),
            CompactEvent(run: .jobFailover, task: 1, attempt: 2, reason: "task-failure"),
            CompactEvent(run: .jobFailover, attempt: 3, reason: "tolerable-failures-exceeded"),
        ]
        for i in list.indices { list[i].seq = 10 + i; list[i].time = 7 * i }
        return list
    }

    @Test func aCompactEventIsTheTraceEventItNames() {
        let e = samples[1].traceEvent(names: names)
        #expect(e == TraceEvent(seq: 11, time: 7, type: .recordSent, actor: "tokenize[0]", task: "tokenize[0]", to: "count[1]",
                                channel: "tokenize[0]->count[1]", record: "be"))
        let received = samples[2].traceEvent(names: names)
        #expect(received.from == "tokenize[0]" && received.to == nil)
        #expect(samples[0].traceEvent(names: names).offset == 3 && samples[0].traceEvent(names: names).channel == nil)
        #expect(samples[3].traceEvent(names: names).checkpoint == 4 && samples[4].traceEvent(names: names).checkpoint == nil)
        let trigger = samples[7].traceEvent(names: names)
        #expect(trigger == TraceEvent(seq: 17, time: 49, type: .triggerSent, actor: "coordinator", checkpoint: 1, task: "lines[0]",
                                      to: "lines[0]", channel: "coordinator->lines[0]"))
        #expect(samples[10].traceEvent(names: names).extra == nil)
        #expect(samples[11].traceEvent(names: names).extra == JSONObject(["overtook": .int(0)]))
        #expect(samples[12].traceEvent(names: names).extra == JSONObject(["overtook": .int(12)]))
        #expect(samples[13].traceEvent(names: names).from == "lines[0]" && samples[13].traceEvent(names: names).extra == nil)
        #expect(samples[14].traceEvent(names: names).extra == JSONObject(["buffered": .bool(true)]))
        let ack = samples[20].traceEvent(names: names)
        #expect(ack.actor == "coordinator" && ack.task == "tokenize[0]" && ack.attempt == 3 && ack.to == nil && ack.from == nil)
        let completed = samples[24].traceEvent(names: names)
        #expect(completed.actor == "lines[0]" && completed.bytes == 12 && completed.state == .object(JSONObject(["offset": .int(3)])))
        #expect(completed.channelState == nil && samples[25].traceEvent(names: names).channelState != nil)
        let fresh = samples[26].traceEvent(names: names)
        #expect(fresh.type == .taskRestored && fresh.checkpoint == nil && fresh.attempt == 1 && fresh.bytes == nil)
        #expect(samples[28].traceEvent(names: names) == TraceEvent(seq: 38, time: 196, type: .notifyAbortedSent, actor: "coordinator",
                                                                   checkpoint: 4, task: "lines[0]", to: "lines[0]",
                                                                   channel: "coordinator->lines[0]", latest: 3))
        #expect(samples[29].traceEvent(names: names).latest == nil && samples[29].traceEvent(names: names).attempt == nil)
        #expect(samples[30].traceEvent(names: names) == TraceEvent(seq: 40, time: 210, type: .notifyAbortedReceived, actor: "lines[0]",
                                                                   checkpoint: 4, task: "lines[0]", channel: "coordinator->lines[0]",
                                                                   latest: 3))
        #expect(samples[31].traceEvent(names: names) == TraceEvent(seq: 41, time: 217, type: .sourceRewound, actor: "lines[0]",
                                                                   checkpoint: 3, task: "lines[0]", offset: 2))
        let rewoundFresh = samples[32].traceEvent(names: names)
        #expect(rewoundFresh.checkpoint == nil && rewoundFresh.offset == 0 && rewoundFresh.attempt == nil)
    }

    /// Run events are the trace events the simulator used to record by name, field for field.
    @Test func aRunEventIsTheTraceEventItNames() {
        let run = Array(samples[33...])
        #expect(run.map { $0.traceEvent(names: names) } == [
            TraceEvent(seq: 43, time: 231, type: .endOfInput, actor: "coordinator"),
            TraceEvent(seq: 44, time: 238, type: .jobFinished, actor: "coordinator", checkpoint: 7),
            TraceEvent(seq: 45, time: 245, type: .jobFinished, actor: "coordinator"),
            TraceEvent(seq: 46, time: 252, type: .restoreStarted, actor: "coordinator", checkpoint: 3, attempt: 2),
            TraceEvent(seq: 47, time: 259, type: .restoreStarted, actor: "coordinator", attempt: 1),
            TraceEvent(seq: 48, time: 266, type: .taskFailed, actor: "tokenize[0]", task: "tokenize[0]", cause: "task-crash", attempt: 0),
            TraceEvent(seq: 49, time: 273, type: .ackIgnored, actor: "coordinator", checkpoint: 2, task: "count[1]",
                       channel: "coordinator->lines[0]", reason: "late", attempt: 1),
            TraceEvent(seq: 50, time: 280, type: .checkpointTriggered, actor: "coordinator", checkpoint: 5, kind: .checkpoint, isFinal: false,
                       extra: JSONObject("request", .string("periodic"))),
            TraceEvent(seq: 51, time: 287, type: .checkpointTriggered, actor: "coordinator", checkpoint: 6, kind: .savepoint, isFinal: false,
                       extra: JSONObject("request", .string("manual"))),
            TraceEvent(seq: 52, time: 294, type: .checkpointTriggered, actor: "coordinator", checkpoint: 7, kind: .checkpoint, isFinal: true,
                       extra: JSONObject("request", .string("manual"))),
            TraceEvent(seq: 53, time: 301, type: .checkpointAborted, actor: "coordinator", checkpoint: 5, kind: .checkpoint,
                       reason: "CHECKPOINT_EXPIRED"),
            TraceEvent(seq: 54, time: 308, type: .checkpointAborted, actor: "coordinator", checkpoint: 6, kind: .savepoint,
                       reason: "CHECKPOINT_DECLINED"),
            TraceEvent(seq: 55, time: 315, type: .transactionCommitted, actor: "count[1]", checkpoint: 4, task: "count[1]",
                       records: ["be=2", "q\"uote=1"]),
            TraceEvent(seq: 56, time: 322, type: .transactionCommitted, actor: "count[1]", checkpoint: 5, task: "count[1]", records: []),
            TraceEvent(seq: 57, time: 329, type: .jobFailover, actor: "coordinator", task: "tokenize[0]", reason: "task-failure", attempt: 2),
            TraceEvent(seq: 58, time: 336, type: .jobFailover, actor: "coordinator", reason: "tolerable-failures-exceeded", attempt: 3),
        ])
        #expect(run.allSatisfy { $0.record == nil && $0.snapshot == nil })
        #expect(run[7].isPeriodic == true && run[8].isPeriodic == false && run[0].isPeriodic == nil && run[10].isFinal == nil)
        #expect(run[5].cause == "task-crash" && run[5].reason == nil && run[6].reason == "late" && run[6].cause == nil)
    }

    @Test func theDirectLineIsByteForByteTheNamedEventsLine() {
        for d in samples {
            var direct: [UInt8] = []
            var named: [UInt8] = []
            TraceWriter.appendLine(d, names: names, to: &direct)
            TraceWriter.appendLine(d.traceEvent(names: names), to: &named)
            #expect(String(decoding: direct, as: UTF8.self) == String(decoding: named, as: UTF8.self))
        }
    }

    @Test func whichTypesHaveACompactForm() {
        let data = EventType.allCases.filter(CompactEvent.isDataPath)
        #expect(data == [.recordEmitted, .recordSent, .recordReceived, .recordProcessed, .recordBuffered, .outputEmitted])
        let messages = EventType.allCases.filter(CompactEvent.isCheckpointMessage)
        #expect(Set(messages) == [.triggerSent, .triggerReceived, .barrierInjected, .barrierSent, .barrierReceived, .channelBlocked,
                                  .channelUnblocked, .alignmentStarted, .alignmentCompleted, .ackSent, .ackReceived,
                                  .notifyCompleteSent, .notifyCompleteReceived, .notifyAbortedSent, .notifyAbortedReceived,
                                  .sourceRewound])
        #expect(EventType.allCases.filter(CompactEvent.isTaskState) == [.snapshotStarted, .snapshotCompleted, .taskRestored])
        #expect(Set(EventType.allCases.filter(CompactEvent.isRunEvent)) == [.checkpointTriggered, .checkpointAborted, .transactionCommitted,
                                                                            .endOfInput, .jobFinished, .taskFailed, .jobFailover,
                                                                            .restoreStarted, .ackIgnored])
        #expect(EventType.allCases.filter(CompactEvent.hasCompactForm).count == data.count + messages.count + 3 + 9)
    }

    /// Every event is built, passed and destroyed once per step: its size is pinned, and a record
    /// and a task's state share one field.
    @Test func anEventIsSmallAndCarriesARecordOrAState() {
        #expect(MemoryLayout<CompactEvent>.size <= 72)
        let data = CompactEvent(type: .recordSent, task: 0, peer: 1, channel: 0, record: "to be")
        #expect(data.record == "to be" && data.snapshot == nil)
        let state = CompactEvent(type: .snapshotStarted, checkpoint: 1, task: 0, state: .object(JSONObject("offset", .int(3))))
        #expect(state.record == nil && state.snapshot?.state == .object(JSONObject("offset", .int(3))))
        let message = CompactEvent(type: .ackSent, checkpoint: 1, task: 0, attempt: 0)
        #expect(message.record == nil && message.snapshot == nil)
    }

    @Test func theDefaultSinkPathRecordsTheNamedEvent() {
        let sink = MemoryTraceSink()
        for d in samples { sink.record(d, names: names) }
        #expect(sink.events == samples.map { $0.traceEvent(names: names) })
    }
}
