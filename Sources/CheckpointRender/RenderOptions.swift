/// What part of a trace a diagram shows.
public struct RenderSelection: Sendable {
    /// First and last seq shown (inclusive).
    public var from: Int?
    public var to: Int?
    /// Only these tasks (the coordinator is always shown).
    public var tasks: Set<String>?
    /// Only this checkpoint's events (and failures).
    public var checkpoint: Int?
    /// Draw records too (otherwise only records that cross a drawn cut).
    public var data = false
    /// Draw the cut of this checkpoint only (default: every completed checkpoint's cut).
    public var cut: Int?
    /// The step (seq) whose state the topology diagram shows.
    public var at: Int?
    /// Topology: one node per subtask (true), one per operator (false), or per subtask up to
    /// `TopologyDiagram.subtasksUpTo` tasks shown (nil), as Flink's web UI draws a wide job.
    public var subtasks: Bool?
    /// Sequence, for the HTML page's script: every event's node and edge carries the class
    /// `ev s-SEQ` (SEQ the first event it shows), and a cut's lines `cut cut-K`.
    public var tagSteps = false

    public init() {}

    func includes(_ seq: Int) -> Bool {
        if let from, seq < from { return false }
        if let to, seq > to { return false }
        return true
    }

    func shows(task: String?) -> Bool {
        guard let task, task != "coordinator", let tasks else { return true }
        return tasks.contains(task)
    }
}
