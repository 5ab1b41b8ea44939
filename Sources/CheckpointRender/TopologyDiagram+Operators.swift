import CheckpointReplay
import CheckpointTrace

extension TopologyDiagram {
    /// A wide job drawn as Flink's web UI draws it: one node per operator with its parallelism
    /// (and, at a step, how many subtasks are in each status), one edge per connected pair of
    /// operators with its partitioning and channel count (and what is in flight or blocked).
    static func operatorDOT(_ trace: Trace, _ topology: Topology, _ sel: RenderSelection, state: ReplayState?) -> String {
        let shownTasks = topology.tasks.filter { sel.shows(task: $0.id) }
        let operatorOf = Dictionary(shownTasks.map { ($0.id, $0.operator) }, uniquingKeysWith: { a, _ in a })
        var statuses: [String: [TaskStatus: Int]] = [:]
        var blocked = Set<String>()
        for t in state?.tasks ?? [] {
            guard let op = operatorOf[t.id] else { continue }
            statuses[op, default: [:]][t.status, default: 0] += 1
            blocked.formUnion(t.blocked)
        }
        var out = ["digraph topology {"]
        let title = "\(trace.header.scenario) — topology by operator (\(shownTasks.count) tasks)" + (sel.at.map { " at step \($0)" } ?? "")
        out.append("  graph [rankdir=LR, fontname=\"Helvetica\", label=\(DOT.quote(title)), labelloc=t, fontsize=14, nodesep=0.3, ranksep=1.0]")
        out.append("  node [fontname=\"Helvetica\", fontsize=10, shape=box3d, style=filled, fillcolor=\"#e8eef7\"]")
        out.append("  edge [fontname=\"Helvetica\", fontsize=9, color=\"#777777\"]")
        let counts = Dictionary(shownTasks.map { ($0.operator, 1) }, uniquingKeysWith: +)
        for op in topology.operators {
            guard let n = counts[op.name] else { continue }
            var label = "\(op.name) (\(op.kind)\(op.delivery.map { ", \($0)" } ?? ""))\n×\(n) subtask\(n == 1 ? "" : "s")"
            var fill = "#e8eef7"
            if let byStatus = statuses[op.name] {
                let order: [TaskStatus] = [.failed, .restoring, .aligning, .snapshotting, .running, .finished]
                label += "\n" + order.compactMap { s in byStatus[s].map { "\($0) \(s.rawValue)" } }.joined(separator: ", ")
                if byStatus[.failed] != nil { fill = "#fde2e2" } else if byStatus[.aligning] != nil || byStatus[.snapshotting] != nil { fill = "#fff2cc" }
            }
            out.append("  \(DOT.id(op.name)) [label=\(DOT.quote(label)), fillcolor=\"\(fill)\"]")
        }
        struct Link: Hashable { var from: String, to: String, partition: String }
        var links: [Link] = []
        var channels: [Link: [String]] = [:]
        for c in topology.channels where !c.isRPC {
            guard let a = operatorOf[c.from], let b = operatorOf[c.to] else { continue }
            let link = Link(from: a, to: b, partition: c.partition)
            if channels[link] == nil { links.append(link) }
            channels[link, default: []].append(c.id)
        }
        let queues = Dictionary((state?.channels ?? []).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for link in links {
            let ids = channels[link] ?? []
            var label = "\(link.partition) · \(ids.count) channel\(ids.count == 1 ? "" : "s")"
            var attrs = ""
            if state != nil {
                let items = ids.flatMap { queues[$0]?.queue.items ?? [] }
                let barriers = Set(items.map(\.label).filter { $0.hasPrefix("|") }).sorted()
                let records = items.count - items.filter { $0.label.hasPrefix("|") }.count
                if records > 0 { label += "\n\(records) record(s) in flight" }
                if !barriers.isEmpty { label += "\n" + barriers.joined(separator: " ") }
                let stuck = ids.filter(blocked.contains).count
                if stuck > 0 {
                    label += "\n\(stuck) blocked"
                    attrs = ", color=red, style=dashed, penwidth=2"
                }
            }
            out.append("  \(DOT.id(link.from)) -> \(DOT.id(link.to)) [label=\(DOT.quote(label))\(attrs)]")
        }
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }
}
