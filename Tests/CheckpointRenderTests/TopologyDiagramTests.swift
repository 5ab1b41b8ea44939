import CheckpointTrace
import Foundation
import Testing
@testable import CheckpointRender

/// A wide job's topology is drawn per operator, as Flink's web UI draws it, and any diagram's size
/// is known before it is laid out.
@Suite struct TopologyDiagramTests {
    static func golden(_ name: String) throws -> Trace {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("traces/\(name).jsonl")
        return try TraceReader.read([UInt8](Data(contentsOf: url)), file: name)
    }

    /// A forward job of `parallelism` subtasks per operator, in its header only.
    static func wide(_ parallelism: Int) -> Trace {
        let ops = ["src", "map", "out"]
        var tasks: [Topology.Task] = [], channels: [Topology.Channel] = []
        for (i, op) in ops.enumerated() {
            for s in 0..<parallelism {
                tasks.append(.init(id: "\(op)[\(s)]", operator: op, kind: i == 0 ? "source" : i == 2 ? "sink" : "map", subtask: s))
                if i > 0 { channels.append(.init(id: "\(ops[i - 1])[\(s)]->\(op)[\(s)]", from: "\(ops[i - 1])[\(s)]", to: "\(op)[\(s)]", partition: "forward")) }
            }
        }
        let operators: [Topology.Operator] = [.init(name: "src", kind: "source", parallelism: parallelism, inputs: []),
                                              .init(name: "map", kind: "map", parallelism: parallelism, inputs: ["src"]),
                                              .init(name: "out", kind: "sink", parallelism: parallelism, inputs: ["map"], delivery: "plain")]
        let header = TraceHeader(scenario: "wide", seed: 1, mode: "aligned", config: nil,
                                 topology: Topology(operators: operators, tasks: tasks, channels: channels), generator: "test")
        return Trace(header: header, events: [])
    }

    @Test func aSmallJobIsDrawnPerSubtask() throws {
        let dot = Diagrams.dot(kind: "topology", trace: try Self.golden("02-wordcount-parallel"), selection: RenderSelection()).text
        #expect(dot.contains("subgraph cluster_"))
        #expect(!dot.contains("by operator"))
    }

    @Test func aWideJobIsDrawnPerOperatorWithItsParallelismAndChannelCount() {
        let diagram = Diagrams.dot(kind: "topology", trace: Self.wide(TopologyDiagram.subtasksUpTo), selection: RenderSelection())
        #expect(diagram.text.contains("by operator (\(3 * TopologyDiagram.subtasksUpTo) tasks)"))
        #expect(diagram.text.contains("×\(TopologyDiagram.subtasksUpTo) subtasks"))
        #expect(diagram.text.contains("forward · \(TopologyDiagram.subtasksUpTo) channels"))
        #expect(diagram.elements == 5, "three operators, two links")
    }

    @Test func bySubtaskDrawsEveryTaskOfAWideJob() {
        var sel = RenderSelection()
        sel.subtasks = true
        let diagram = Diagrams.dot(kind: "topology", trace: Self.wide(100), selection: sel)
        #expect(diagram.elements == 300 + 200)
    }

    @Test func theStateAtAStepIsCountedPerOperator() throws {
        var sel = RenderSelection()
        sel.subtasks = false
        let trace = try Self.golden("03-alignment")
        let blockedAt = try #require(trace.events.first { $0.type == .channelBlocked }).seq + 1
        sel.at = blockedAt
        let dot = Diagrams.dot(kind: "topology", trace: trace, selection: sel).text
        #expect(dot.contains("1 aligning"))
        #expect(dot.contains("1 blocked"))
        #expect(dot.contains("color=red"))
    }

    @Test func theElementCountIsTheNodesAndEdgesOfTheDOT() throws {
        let diagram = Diagrams.dot(kind: "topology", trace: try Self.golden("01-first-checkpoint"), selection: RenderSelection())
        // words[0], count[0], out[0] and the two channels between them.
        #expect(diagram.elements == 5)
    }
}
