import Testing
@testable import CheckpointTrace

/// Compact data-path events stand for exactly the trace events they name.
@Suite struct DataEventTests {
    let names = EventNames(tasks: ["lines[0]", "tokenize[0]", "count[1]"],
                           channels: ["lines[0]->tokenize[0]", "tokenize[0]->count[1]", "coordinator->lines[0]"])

    var samples: [DataEvent] {
        var list = [
            DataEvent(type: .recordEmitted, task: 0, offset: 3, record: "to be"),
            DataEvent(type: .recordSent, task: 1, peer: 2, channel: 1, record: "be"),
            DataEvent(type: .recordReceived, task: 2, peer: 1, channel: 1, record: "be"),
            DataEvent(type: .recordBuffered, task: 2, channel: 1, checkpoint: 4, record: "q\"uote"),
            DataEvent(type: .recordBuffered, task: 2, channel: 1, record: "no alignment"),
            DataEvent(type: .recordProcessed, task: 1, channel: 0, record: "to be"),
            DataEvent(type: .outputEmitted, task: 2, record: "be=2"),
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

    @Test func onlyDataPathTypesHaveACompactForm() {
        let compact = EventType.allCases.filter(DataEvent.hasCompactForm)
        #expect(compact == [.recordEmitted, .recordSent, .recordReceived, .recordProcessed, .recordBuffered, .outputEmitted])
    }

    @Test func theDefaultSinkPathRecordsTheNamedEvent() {
        let sink = MemoryTraceSink()
        for d in samples { sink.record(d, names: names) }
        #expect(sink.events == samples.map { $0.traceEvent(names: names) })
    }
}
