import CheckpointTrace

/// A diagram as DOT text and the layout engine it needs.
public struct Diagram: Sendable {
    public var text: String
    public var engine: String
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
