import CheckpointReplay
import CheckpointTrace

/// The job: operators, their tasks, and channels with their partitioning; optionally the state at a
/// step (blocked channels, what is in flight, task status).
public enum TopologyDiagram {
    /// Up to this many tasks shown, each subtask is a node; beyond it, each operator is.
    public static let subtasksUpTo = 64

    public static func dot(_ trace: Trace, _ sel: RenderSelection = RenderSelection()) -> String {
        let topology = trace.header.topology ?? Topology(operators: [], tasks: [], channels: [])
        var state: ReplayState?
        if let at = sel.at {
            var replayer = Replayer(trace: trace)
            state = replayer.state(at: at)
        }
        if !(sel.subtasks ?? (topology.tasks.filter { sel.shows(task: $0.id) }.count <= subtasksUpTo)) {
            return operatorDOT(trace, topology, sel, state: state)
        }
        var out = ["digraph topology {"]
        let title = "\(trace.header.scenario) — topology" + (sel.at.map { " at step \($0)" } ?? "")
        out.append("  graph [rankdir=LR, fontname=\"Helvetica\", label=\(DOT.quote(title)), labelloc=t, fontsize=14, nodesep=0.3, ranksep=1.0]")
        out.append("  node [fontname=\"Helvetica\", fontsize=10, shape=box, style=\"rounded,filled\", fillcolor=\"#e8eef7\"]")
        out.append("  edge [fontname=\"Helvetica\", fontsize=9, color=\"#777777\"]")
        for op in topology.operators {
            out.append("  subgraph cluster_\(DOT.id(op.name)) {")
            var label = "\(op.name) (\(op.kind)"
            if let d = op.delivery { label += ", \(d)" }
            label += ")"
            out.append("    label=\(DOT.quote(label)); color=\"#aaaaaa\"; style=rounded")
            for t in topology.tasks where t.operator == op.name && sel.shows(task: t.id) {
                var text = t.id
                var fill = "#e8eef7"
                if let s = state?.task(t.id) {
                    text += "\n" + s.status.rawValue
                    if let off = s.offset { text += " · offset \(off)" }
                    switch s.status {
                    case .failed: fill = "#fde2e2"
                    case .aligning, .snapshotting: fill = "#fff2cc"
                    default: break
                    }
                }
                out.append("    \(DOT.id(t.id)) [label=\(DOT.quote(text)), fillcolor=\"\(fill)\"]")
            }
            out.append("  }")
        }
        for c in topology.channels where !c.isRPC && sel.shows(task: c.from) && sel.shows(task: c.to) {
            var label = c.partition
            var attrs = ""
            if let s = state?.channel(c.id) {
                let items = s.queue.items
                let barriers = items.filter { $0.label.hasPrefix("|") }.count
                let records = items.count - barriers
                if records > 0 { label += "\n\(records) record(s)" }
                if barriers > 0 { label += "\n" + items.filter { $0.label.hasPrefix("|") }.map(\.label).joined(separator: " ") }
                if let to = state?.task(c.to), to.blocked.contains(c.id) {
                    attrs = ", color=red, style=dashed, penwidth=2"
                    label += "\nblocked"
                }
            }
            out.append("  \(DOT.id(c.from)) -> \(DOT.id(c.to)) [label=\(DOT.quote(label))\(attrs)]")
        }
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }
}
