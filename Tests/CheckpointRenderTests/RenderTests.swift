import CheckpointTrace
import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import CheckpointRender

/// DOT text, in-process rendering through libgvc, escaping, and the sequence layout's ordering.
@Suite(.serialized) struct RenderTests {
    /// A small hand-made trace: a trigger, a barrier, snapshots, acks and a completion.
    static func trace(taskName: String = "b[0]", record: String = "x") -> Trace {
        let header = TraceHeader(scenario: "small", seed: 1, mode: "aligned", config: CheckpointConfig(),
                                 topology: Topology(operators: [.init(name: "a", kind: "source", parallelism: 1, inputs: []),
                                                                .init(name: "b", kind: "sink", parallelism: 1, inputs: ["a"], delivery: "transactional")],
                                                    tasks: [.init(id: "a[0]", operator: "a", kind: "source", subtask: 0),
                                                            .init(id: taskName, operator: "b", kind: "sink", subtask: 0)],
                                                    channels: [.init(id: "a[0]->\(taskName)", from: "a[0]", to: taskName, partition: "forward"),
                                                               .init(id: "coordinator->a[0]", from: "coordinator", to: "a[0]", partition: "rpc"),
                                                               .init(id: "a[0]->coordinator", from: "a[0]", to: "coordinator", partition: "rpc"),
                                                               .init(id: "\(taskName)->coordinator", from: taskName, to: "coordinator", partition: "rpc")]),
                                 generator: "test")
        let ch = "a[0]->\(taskName)"
        var events: [TraceEvent] = []
        func add(_ e: TraceEvent) { var e = e; e.seq = events.count; e.time = events.count; events.append(e) }
        add(TraceEvent(type: .checkpointTriggered, actor: "coordinator", checkpoint: 1, kind: .checkpoint, isFinal: false))
        add(TraceEvent(type: .triggerSent, actor: "coordinator", checkpoint: 1, task: "a[0]", to: "a[0]", channel: "coordinator->a[0]"))
        add(TraceEvent(type: .recordSent, actor: "a[0]", task: "a[0]", to: taskName, channel: ch, record: record))
        add(TraceEvent(type: .triggerReceived, actor: "a[0]", checkpoint: 1, task: "a[0]", channel: "coordinator->a[0]"))
        add(TraceEvent(type: .barrierSent, actor: "a[0]", checkpoint: 1, task: "a[0]", to: taskName, channel: ch))
        add(TraceEvent(type: .snapshotStarted, actor: "a[0]", checkpoint: 1, task: "a[0]", state: .object(JSONObject(["offset": .int(1)]))))
        add(TraceEvent(type: .recordReceived, actor: taskName, task: taskName, from: "a[0]", channel: ch, record: record))
        add(TraceEvent(type: .recordProcessed, actor: taskName, task: taskName, channel: ch, record: record))
        add(TraceEvent(type: .barrierReceived, actor: taskName, checkpoint: 1, task: taskName, from: "a[0]", channel: ch))
        add(TraceEvent(type: .snapshotStarted, actor: taskName, checkpoint: 1, task: taskName, state: .object(JSONObject())))
        add(TraceEvent(type: .snapshotCompleted, actor: "a[0]", checkpoint: 1, task: "a[0]", state: .object(JSONObject(["offset": .int(1)])), bytes: 12))
        add(TraceEvent(type: .ackSent, actor: "a[0]", checkpoint: 1, task: "a[0]", channel: "a[0]->coordinator", attempt: 0))
        add(TraceEvent(type: .snapshotCompleted, actor: taskName, checkpoint: 1, task: taskName, state: .object(JSONObject()), bytes: 2))
        add(TraceEvent(type: .ackSent, actor: taskName, checkpoint: 1, task: taskName, channel: "\(taskName)->coordinator", attempt: 0))
        add(TraceEvent(type: .ackReceived, actor: "coordinator", checkpoint: 1, task: "a[0]", channel: "a[0]->coordinator", attempt: 0))
        add(TraceEvent(type: .ackReceived, actor: "coordinator", checkpoint: 1, task: taskName, channel: "\(taskName)->coordinator", attempt: 0))
        add(TraceEvent(type: .checkpointCompleted, actor: "coordinator", checkpoint: 1, kind: .checkpoint, isFinal: false))
        return Trace(header: header, events: events)
    }

    static let goldenURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/small-sequence.dot")

    /// `CKPT_UPDATE_GOLDEN=1 swift test --filter RenderTests` rewrites the golden file.
    @Test func sequenceDOTMatchesTheGoldenText() throws {
        let dot = SequenceDiagram.dot(Self.trace())
        if ProcessInfo.processInfo.environment["CKPT_UPDATE_GOLDEN"] != nil {
            try dot.write(to: Self.goldenURL, atomically: true, encoding: .utf8)
        }
        #expect(dot == (try String(contentsOf: Self.goldenURL, encoding: .utf8)))
        #expect(SequenceDiagram.dot(Self.trace()) == dot, "deterministic")
    }

    @Test func messagesPairSendsWithReceivesPerChannel() {
        let m = MessageMatcher.messages(in: Self.trace().events)
        #expect(m.map(\.kind) == ["trigger", "record", "barrier", "ack", "ack"])
        #expect(m.allSatisfy { $0.received != nil })
        #expect(m.first { $0.kind == "barrier" }.map { ($0.sent, $0.received) }! == (4, 8))
    }

    @Test func onEveryLifelineRowsIncreaseWithSeq() {
        let trace = Self.trace()
        let layout = SequenceDiagram.layout(trace, RenderSelection())
        for column in layout.columns {
            let rows = trace.events.filter { ($0.task ?? $0.actor) == column }.compactMap { layout.rows[$0.seq] }
            #expect(rows == rows.sorted() && Set(rows).count == rows.count)
        }
    }

    @Test func theCutsCrossingRecordIsDrawnBold() {
        // "x" was sent before a[0]'s snapshot and processed before b[0]'s: not crossing.
        let dot = SequenceDiagram.dot(Self.trace())
        #expect(dot.contains("label=\"cut 1\""))
        #expect(!dot.contains("penwidth=2.5"))
    }

    @Test(arguments: [GraphvizFormat.svg, .png, .pdf])
    func rendersInProcess(format: GraphvizFormat) throws {
        let bytes = try Graphviz.render(dot: SequenceDiagram.dot(Self.trace()), engine: "nop2", format: format)
        switch format {
        case .svg:
            let text = String(decoding: bytes, as: UTF8.self)
            for lifeline in ["coordinator", "a[0]", "b[0]"] { #expect(text.contains(">\(lifeline)<")) }
            let parser = XMLParser(data: Data(bytes))
            #expect(parser.parse(), "SVG parses as XML")
        case .png: #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        case .pdf: #expect(Array(bytes.prefix(5)) == Array("%PDF-".utf8))
        }
    }

    @Test func hostileNamesNeitherBreakTheDOTNorInjectMarkup() throws {
        let hostile = "b\"]; x [label=<<b>pwn</b>>] {\\n\n& <script>"
        let trace = Self.trace(taskName: hostile, record: "<img src=x onerror=alert(1)> \"q\" \\ {}")
        for kind in ["sequence", "lifecycle", "topology"] {
            let d = Diagrams.dot(kind: kind, trace: trace, selection: RenderSelection())
            let svg = try Graphviz.render(dot: d.text, engine: d.engine, format: .svg)
            let text = String(decoding: svg, as: UTF8.self)
            #expect(!text.contains("<script>") && !text.contains("<b>pwn") && !text.contains("<img"), "\(kind)")
            #expect(XMLParser(data: Data(svg)).parse(), "\(kind) SVG parses")
        }
    }

    @Test func aDOTSyntaxErrorIsASwiftError() {
        #expect(throws: GraphvizError.self) { try Graphviz.render(dot: "digraph { a -> }", engine: "dot", format: .svg) }
    }

    @Test func lifecycleCountsTransitionsAndHighlightsOneCheckpoint() {
        var sel = RenderSelection()
        sel.checkpoint = 1
        let dot = LifecycleDiagram.dot(Self.trace(), sel)
        #expect(dot.contains("nc_95_pending -> nc_95_completed [label=\"1\", color="))
        #expect(dot.contains("label=\"snapshotting\""))
    }
}

/// Cuts drawn over real lesson traces.
@Suite struct CutDrawingTests {
    /// Lesson 3 holds a record in count[0]'s alignment buffer across the snapshot: it was received
    /// before the cut but counted after it, so it is no orphan and nothing may be drawn red.
    @Test func aRecordHeldInTheAlignmentBufferIsNotDrawnAsAnOrphan() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("traces/03-alignment.jsonl")
        let trace = try TraceReader.read([UInt8](Data(contentsOf: url)), file: "03-alignment.jsonl")
        #expect(trace.events.contains { $0.type == .recordBuffered })
        var sel = RenderSelection()
        sel.data = true
        let dot = Diagrams.dot(kind: "sequence", trace: trace, selection: sel).text
        #expect(dot.contains("cut 1"))
        #expect(!dot.contains("#d00000"), "a correct run has no orphan record")
    }
}
