import CheckpointTrace

/// A diagram as DOT text and the layout engine it needs.
public struct Diagram: Sendable {
    public var text: String
    public var engine: String

    /// Its nodes and edges: what a layout's time grows with.
    public var elements: Int {
        var n = 0
        for line in text.split(separator: "\n") {
            let s = line.drop { $0 == " " }
            guard s.contains("["), !s.hasPrefix("graph "), !s.hasPrefix("node "), !s.hasPrefix("edge ") else { continue }
            n += 1
        }
        return n
    }

    /// The most elements laid out by default, in a few seconds here (BENCHMARKS.md, "Render
    /// size"): Graphviz's time grows faster than the element count, so beyond it a render is
    /// refused unless asked for (`ckpt render --max-elements`).
    public var defaultLayoutBudget: Int { engine == "nop2" ? 40_000 : 4_000 }
}

/// The diagram kinds `ckpt render` draws.
public enum Diagrams {
    public static func dot(kind: String, trace: Trace, selection: RenderSelection) -> Diagram {
        switch kind {
        case "lifecycle": return Diagram(text: LifecycleDiagram.dot(trace, selection), engine: "dot")
        case "topology": return Diagram(text: TopologyDiagram.dot(trace, selection), engine: "dot")
        default: return Diagram(text: SequenceDiagram.dot(trace, selection), engine: "nop2")
        }
    }
}
