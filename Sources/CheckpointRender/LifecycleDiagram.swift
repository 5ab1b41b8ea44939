import CheckpointTrace

/// The checkpoint state machine (triggered → pending → completed / aborted(reason) / subsumed →
/// discarded) with how many checkpoints of the trace took each transition, and the task state
/// machine (running → aligning → snapshotting → failed → restoring) with its counts.
public enum LifecycleDiagram {
    /// One checkpoint's path through the states, from the trace.
    static func paths(_ trace: Trace) -> [Int: [String]] {
        var out: [Int: [String]] = [:]
        for e in trace.events {
            guard let id = e.checkpoint else { continue }
            switch e.type {
            case .checkpointTriggered: out[id] = ["triggered", "pending"]
            case .checkpointCompleted: out[id, default: []].append("completed")
            case .checkpointAborted:
                out[id, default: []].append(e.reason == CheckpointFailureReason.checkpointSubsumed.name ? "subsumed" : "aborted: \(e.reason ?? "?")")
            case .checkpointDiscarded: out[id, default: []].append("discarded")
            default: break
            }
        }
        return out
    }

    /// Task state transitions counted over the trace.
    static func taskTransitions(_ trace: Trace) -> [String: Int] {
        var state: [String: String] = [:]
        var counts: [String: Int] = [:]
        func move(_ task: String, to next: String) {
            let from = state[task] ?? "running"
            if from != next { counts["\(from)|\(next)", default: 0] += 1 }
            state[task] = next
        }
        for e in trace.events {
            guard let t = e.task, e.actor != "coordinator" || e.type == .taskRestored else { continue }
            switch e.type {
            case .alignmentStarted: move(t, to: "aligning")
            case .snapshotStarted: move(t, to: "snapshotting")
            case .ackSent, .declineSent, .barrierCancelled: move(t, to: "running")
            case .taskFailed: move(t, to: "failed")
            case .taskRestored:
                if state[t] != "failed" { move(t, to: "failed") }
                move(t, to: "restoring")
            case .recordProcessed, .recordEmitted, .triggerReceived, .barrierReceived:
                if state[t] == "restoring" { move(t, to: "running") }
            default: break
            }
        }
        return counts
    }

    public static func dot(_ trace: Trace, _ sel: RenderSelection = RenderSelection()) -> String {
        let paths = self.paths(trace)
        var edges: [String: Int] = [:]
        var states: [String] = ["triggered", "pending"]
        for (_, p) in paths {
            for (a, b) in zip(p, p.dropFirst()) { edges["\(a)|\(b)", default: 0] += 1 }
            for s in p where !states.contains(s) { states.append(s) }
        }
        let order = ["triggered", "pending", "completed", "subsumed", "discarded"]
        states.sort { (order.firstIndex(of: $0) ?? 99, $0) < (order.firstIndex(of: $1) ?? 99, $1) }
        let highlight = Set(sel.checkpoint.flatMap { k in paths[k].map { p in zip(p, p.dropFirst()).map { "\($0)|\($1)" } } } ?? [])
        let hlColor = DOT.color(checkpoint: sel.checkpoint)
        var out = ["digraph lifecycle {"]
        out.append("  graph [rankdir=LR, fontname=\"Helvetica\", label=\(DOT.quote("\(trace.header.scenario) — checkpoint and task lifecycles" + (sel.checkpoint.map { ", checkpoint \($0) highlighted" } ?? ""))), labelloc=t, fontsize=14, nodesep=0.4, ranksep=0.7]")
        out.append("  node [fontname=\"Helvetica\", fontsize=11, shape=box, style=\"rounded,filled\", fillcolor=\"#f4f6fa\"]")
        out.append("  edge [fontname=\"Helvetica\", fontsize=10]")
        out.append("  subgraph cluster_checkpoint {")
        out.append("    label=\"checkpoints (how many took each transition)\"; color=\"#cccccc\"; fontsize=11")
        for s in states {
            let fill = s == "completed" ? "#dff0d8" : (s.hasPrefix("aborted") ? "#fde2e2" : (s == "subsumed" || s == "discarded" ? "#eeeeee" : "#f4f6fa"))
            out.append("    \(DOT.id("c_" + s)) [label=\(DOT.quote(s)), fillcolor=\"\(fill)\"]")
        }
        for key in edges.keys.sorted() {
            let parts = key.split(separator: "|", maxSplits: 1).map(String.init)
            let on = highlight.contains(key)
            out.append("    \(DOT.id("c_" + parts[0])) -> \(DOT.id("c_" + parts[1])) [label=\"\(edges[key]!)\"\(on ? ", color=\"\(hlColor)\", penwidth=3, fontcolor=\"\(hlColor)\"" : "")]")
        }
        out.append("  }")
        let taskCounts = taskTransitions(trace)
        out.append("  subgraph cluster_task {")
        out.append("    label=\"tasks (transitions over all tasks)\"; color=\"#cccccc\"; fontsize=11")
        for s in ["running", "aligning", "snapshotting", "failed", "restoring"] {
            out.append("    \(DOT.id("t_" + s)) [label=\"\(s)\", fillcolor=\"\(s == "failed" ? "#fde2e2" : "#f4f6fa")\"]")
        }
        for key in taskCounts.keys.sorted() {
            let parts = key.split(separator: "|", maxSplits: 1).map(String.init)
            out.append("    \(DOT.id("t_" + parts[0])) -> \(DOT.id("t_" + parts[1])) [label=\"\(taskCounts[key]!)\"]")
        }
        out.append("  }")
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }
}
