import Testing
@testable import CheckpointTrace

@Suite struct TraceReaderTests {
    static let header = TraceHeader(scenario: "t", seed: 7, mode: "aligned", config: CheckpointConfig(),
                                    topology: Topology(operators: [], tasks: [], channels: []), generator: "ckpt test")

    static func sampleEvents() -> [TraceEvent] {
        [
            TraceEvent(seq: 0, time: 0, type: .checkpointTriggered, actor: "coordinator", checkpoint: 1, kind: .checkpoint, isFinal: false),
            TraceEvent(seq: 1, time: 0, type: .triggerSent, actor: "coordinator", checkpoint: 1, task: "src[0]", to: "src[0]", channel: "coordinator->src[0]"),
            TraceEvent(seq: 2, time: 3, type: .snapshotCompleted, actor: "count[0]", checkpoint: 1, task: "count[0]",
                       state: .object(JSONObject(["counts": .object(JSONObject(["a": .int(2)]))])), bytes: 14),
            TraceEvent(seq: 3, time: 4, type: .restoreStarted, actor: "coordinator", attempt: 1),
            TraceEvent(seq: 4, time: 4, type: .transactionCommitted, actor: "out[0]", checkpoint: 1, task: "out[0]", records: ["a=1", "b=1"],
                       extra: JSONObject(["custom": .string("kept")])),
        ]
    }

    @Test func roundTripsEventsByteForByte() throws {
        let trace = Trace(header: Self.header, events: Self.sampleEvents())
        let bytes = TraceWriter.encode(trace)
        let back = try TraceReader.read(bytes, file: "t.jsonl")
        #expect(back.header == Self.header)
        #expect(back.events == trace.events)
        #expect(TraceWriter.encode(back) == bytes)
        #expect(back.warnings.isEmpty)
    }

    @Test func restoreWithoutCheckpointIsWrittenAsNull() {
        var out: [UInt8] = []
        TraceWriter.appendLine(Self.sampleEvents()[3], to: &out)
        #expect(String(decoding: out, as: UTF8.self) ==
                #"{"seq":3,"time":4,"type":"restore-started","actor":"coordinator","checkpoint":null,"attempt":1}"# + "\n")
    }

    @Test func readsACutOffTraceUpToItsLastCompleteLineWithAWarning() throws {
        var bytes = TraceWriter.encode(Trace(header: Self.header, events: Self.sampleEvents()))
        bytes.removeLast(10)
        let back = try TraceReader.read(bytes, file: "cut.jsonl")
        #expect(back.events.count == 4)
        #expect(back.warnings.count == 1)
        #expect(back.warnings[0].hasPrefix("cut.jsonl:6:1: warning"))
    }

    @Test func namesFileLineAndColumnOfABadField() {
        var bytes = TraceWriter.encode(Trace(header: Self.header, events: Array(Self.sampleEvents().prefix(1))))
        bytes += Array(#"{"seq":1,"time":0,"type":"ack-sent","actor":"a[0]","checkpoint":"one"}"#.utf8) + [0x0A]
        #expect(throws: InputError(file: "x.jsonl", line: 3, column: 52, message: "'checkpoint' must be an integer, found a string")) {
            try TraceReader.read(bytes, file: "x.jsonl")
        }
    }

    @Test func anIntegerBeyond64BitsIsOutOfRangeNotANonInteger() {
        var bytes = TraceWriter.encode(Trace(header: Self.header, events: Array(Self.sampleEvents().prefix(1))))
        bytes += Array(#"{"seq":1,"time":0,"type":"ack-sent","actor":"a[0]","checkpoint":18446744073709551616}"#.utf8) + [0x0A]
        #expect(throws: InputError(file: "x.jsonl", line: 3, column: 52,
                                   message: "'checkpoint' is out of range: a trace's integers are from −2^63 to 2^63−1, found about 1.8446744073709552e+19")) {
            try TraceReader.read(bytes, file: "x.jsonl")
        }
    }

    @Test func aByteOrderMarkIsNamedAsSuch() {
        let bytes = [0xEF, 0xBB, 0xBF] + TraceWriter.encode(Trace(header: Self.header, events: Self.sampleEvents()))
        do {
            _ = try TraceReader.read(bytes, file: "x.jsonl")
            Issue.record("a BOM was accepted")
        } catch {
            #expect(error.line == 1 && error.column == 1)
            #expect(error.message.hasPrefix("the line starts with a byte order mark (U+FEFF)"))
        }
    }

    @Test func refusesAnotherSchema() {
        let bytes = Array(#"{"type":"header","schema":"ckpt-trace/9","scenario":"x"}"#.utf8) + [0x0A]
        #expect(throws: InputError.self) { try TraceReader.read(bytes, file: "x.jsonl") }
    }

    @Test func refusesAGapInSeq() {
        var events = Self.sampleEvents()
        events[2].seq = 7
        let bytes = TraceWriter.encode(Trace(header: Self.header, events: events))
        #expect(throws: InputError.self) { try TraceReader.read(bytes, file: "x.jsonl") }
    }
}

extension TraceReaderTests {
    @Test func theDirectLineEncoderWritesWhatTheJSONObjectSays() {
        for e in Self.sampleEvents() {
            var direct: [UInt8] = []
            TraceWriter.appendLine(e, to: &direct)
            var viaObject: [UInt8] = []
            JSONWriter.write(.object(e.jsonObject), into: &viaObject)
            viaObject.append(0x0A)
            #expect(direct == viaObject)
        }
    }

    @Test func rareFieldsAreCopiedOnWrite() {
        let a = TraceEvent(type: .snapshotCompleted, actor: "t[0]", state: .int(1), bytes: 3)
        var b = a
        b.bytes = 4
        #expect(a.bytes == 3 && b.bytes == 4)
        #expect(a != b)
        b.bytes = 3
        #expect(a == b && a.hashValue == b.hashValue)
    }
}
