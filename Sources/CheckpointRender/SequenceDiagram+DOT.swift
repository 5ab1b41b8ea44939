import CheckpointTrace

extension SequenceDiagram {
    /// The diagram as DOT text with pinned positions (render with the `nop2` engine).
    public static func dot(_ trace: Trace, _ sel: RenderSelection = RenderSelection()) -> String {
        let layout = self.layout(trace, sel)
        let bySeq = Dictionary(uniqueKeysWithValues: trace.events.map { ($0.seq, $0) })
        let lastRow = (layout.rows.values.max() ?? 0) + 2
        var out: [String] = []
        out.append("digraph sequence {")
        out.append("  graph [splines=false, outputorder=edgesfirst, bgcolor=white, pad=0.4, fontname=\"Helvetica\", label=\(DOT.quote(title(trace, sel))), labelloc=t, fontsize=14]")
        out.append("  node [fontname=\"Helvetica\", fontsize=10]")
        out.append("  edge [fontname=\"Helvetica\", fontsize=8, arrowsize=0.6]")
        // Lifelines.
        for (i, c) in layout.columns.enumerated() {
            let x = DOT.number(Double(i) * columnWidth)
            let fill = c == "coordinator" ? "#fff2cc" : "#e8eef7"
            out.append("  h\(i) [shape=box, style=\"rounded,filled\", fillcolor=\"\(fill)\", label=\(DOT.quote(c)), pos=\"\(x),\(DOT.number(layout.y(row: -1)))!\"]")
            out.append("  z\(i) [shape=point, width=0.01, style=invis, pos=\"\(x),\(DOT.number(layout.y(row: lastRow)))!\"]")
            out.append("  h\(i) -> z\(i) [arrowhead=none, style=dashed, color=\"#c0c0c0\"]")
        }
        func point(_ seq: Int, column: String) -> String? {
            guard let row = layout.rows[seq], let x = layout.x(column) else { return nil }
            return "\(DOT.number(x)),\(DOT.number(layout.y(row: row)))!"
        }
        // Event points on lifelines.
        var placed = Set<Int>()
        func place(_ seq: Int, column: String, attributes: String = "shape=point, width=0.06") {
            guard !placed.contains(seq), let pos = point(seq, column: column) else { return }
            placed.insert(seq)
            out.append("  e\(seq) [\(attributes), pos=\"\(pos)\"]")
        }
        for m in layout.messages {
            place(m.sent, column: m.from, attributes: "shape=point, width=0.05, color=\"\(DOT.color(checkpoint: m.checkpoint))\"")
            if let r = m.received { place(r, column: m.to, attributes: "shape=point, width=0.05, color=\"\(DOT.color(checkpoint: m.checkpoint))\"") }
        }
        var snapshotStart: [String: Int] = [:]
        var blockedStart: [String: Int] = [:]
        for seq in layout.rows.keys.sorted() {
            guard let e = bySeq[seq], !placed.contains(seq) || e.type == .snapshotStarted else { continue }
            let color = DOT.color(checkpoint: e.checkpoint)
            let id = e.checkpoint.map(String.init) ?? ""
            switch e.type {
            case .snapshotStarted, .snapshotCompleted, .snapshotFailed:
                guard let t = e.task else { continue }
                place(seq, column: t, attributes: "shape=square, width=0.1, style=filled, color=\"\(color)\", label=\"\"")
                if e.type == .snapshotStarted { snapshotStart[t + "|" + id] = seq; continue }
                if let start = snapshotStart.removeValue(forKey: t + "|" + id), placed.contains(start) {
                    let failed = e.type == .snapshotFailed
                    out.append("  e\(start) -> e\(seq) [arrowhead=none, penwidth=6, color=\"\(color)60\", label=\(DOT.quote(failed ? "snapshot \(id) failed" : "snapshot \(id)")), fontcolor=\"\(failed ? "red" : color)\"]")
                }
            case .channelBlocked, .channelUnblocked:
                guard let t = e.task, let c = e.channel else { continue }
                place(seq, column: t, attributes: "shape=point, width=0.04, color=\"#cc0000\"")
                if e.type == .channelBlocked { blockedStart[c] = seq; continue }
                if let start = blockedStart.removeValue(forKey: c) {
                    out.append("  e\(start) -> e\(seq) [arrowhead=none, penwidth=4, color=\"#f4cccc\", label=\(DOT.quote("blocked " + c)), fontcolor=\"#aa0000\"]")
                }
            case .taskFailed:
                place(seq, column: e.task ?? e.actor, attributes: "shape=plaintext, label=\"✖\", fontcolor=red, fontsize=20")
            case .jobFailover, .restoreStarted:
                let text = e.type == .jobFailover ? "failover (\(e.reason ?? "?")) → attempt \(e.attempt ?? 0)"
                    : "restore " + (e.checkpoint.map { "checkpoint \($0)" } ?? "fresh start")
                place(seq, column: "coordinator", attributes: "shape=point, width=0.06, color=red")
                let right = "\(DOT.number(Double(layout.columns.count - 1) * columnWidth + 40)),\(DOT.number(layout.y(row: layout.rows[seq]!)))!"
                out.append("  r\(seq) [shape=plaintext, label=\(DOT.quote(text)), fontcolor=red, pos=\"\(right)\"]")
                out.append("  e\(seq) -> r\(seq) [arrowhead=none, style=\(e.type == .jobFailover ? "bold" : "dashed"), color=red]")
            case .checkpointTriggered, .checkpointCompleted, .checkpointAborted, .checkpointDiscarded, .invariantViolated:
                let text: String
                switch e.type {
                case .checkpointTriggered: text = "\(e.kind == .savepoint ? "savepoint" : "checkpoint") \(id) triggered" + (e.isFinal == true ? " (final)" : "")
                case .checkpointCompleted: text = "✔ \(id) completed"
                case .checkpointAborted: text = "✘ \(id) aborted: \(e.reason ?? "?")"
                case .checkpointDiscarded: text = "\(id) discarded"
                default: text = "⚠ \(e.invariant ?? "invariant") violated"
                }
                let danger = e.type == .checkpointAborted || e.type == .invariantViolated
                let pos = point(seq, column: "coordinator")!
                placed.insert(seq)
                out.append("  e\(seq) [shape=box, style=\"rounded,filled\", fillcolor=\"\(danger ? "#fde2e2" : "#ffffff")\", color=\"\(danger ? "red" : color)\", fontcolor=\"\(danger ? "red" : color)\", fontsize=8, margin=\"0.04,0.01\", height=0.2, label=\(DOT.quote(text)), pos=\"\(pos)\"]")
            case .barrierCancelled, .transactionCommitted:
                let text = e.type == .barrierCancelled ? "cancelled \(id)" : "commit \(id)"
                place(seq, column: e.task ?? e.actor, attributes: "shape=plaintext, fontsize=8, fontcolor=\"\(color)\", label=\(DOT.quote(text))")
            default:
                continue
            }
        }
        // Messages.
        let cuts = cutCheckpoints(trace, sel)
        let snapshots = snapshotPoints(trace)
        var orphans: Set<Int> = []
        for v in trace.events where v.type == .invariantViolated && v.invariant == "consistent-cut" {
            if let k = v.checkpoint {
                for m in layout.messages where crossing(m, checkpoint: k, snapshots: snapshots) == "orphan" { orphans.insert(m.sent) }
            }
        }
        for m in layout.messages {
            guard let r = m.received, placed.contains(m.sent), placed.contains(r) else { continue }
            var color = DOT.color(checkpoint: m.checkpoint)
            var width = "1"
            var style = m.kind == "record" ? "solid" : (m.kind == "ack" || m.kind == "decline" ? "dashed" : "solid")
            let crossings = cuts.compactMap { crossing(m, checkpoint: $0, snapshots: snapshots) }
            if crossings.contains("orphan") || orphans.contains(m.sent) { color = "#d00000"; width = "2.5"; style = "bold" }
            else if crossings.contains("in-flight") { width = "2.5"; color = "#000000" }
            if m.kind == "record" && crossings.isEmpty { color = "#9a9a9a" }
            out.append("  e\(m.sent) -> e\(r) [color=\"\(color)\", fontcolor=\"\(color)\", penwidth=\(width), style=\(style), label=\(DOT.quote(m.label))]")
        }
        // Cuts: a line through each task's snapshot point.
        for k in cuts {
            guard let points = snapshots[k] else { continue }
            let chain = layout.columns.compactMap { c -> Int? in points[c].flatMap { layout.rows[$0] != nil ? $0 : nil } }
            guard chain.count >= 2 else { continue }
            for (a, b) in zip(chain, chain.dropFirst()) {
                out.append("  e\(a) -> e\(b) [\(sel.tagSteps ? "class=\"cut cut-\(k)\", " : "")arrowhead=none, style=dashed, penwidth=2, color=\"\(DOT.color(checkpoint: k))\", label=\(a == chain[0] ? DOT.quote("cut \(k)") : "\"\"")]")
            }
        }
        // Legend, right of the last lifeline.
        let ids = Array(Set(trace.events.compactMap { $0.type == .checkpointTriggered ? $0.checkpoint : nil })).sorted()
        let legendX = DOT.number(Double(layout.columns.count) * columnWidth + 140)
        for (i, id) in ids.prefix(12).enumerated() {
            out.append("  l\(id) [shape=box, style=filled, fillcolor=\"\(DOT.color(checkpoint: id))\", fontcolor=white, fontsize=9, width=1.1, height=0.22, label=\"checkpoint \(id)\", pos=\"\(legendX),\(DOT.number(layout.y(row: -1) - Double(i) * 20))!\"]")
        }
        let keyY = layout.y(row: -1) - Double(min(ids.count, 12)) * 20 - 30
        out.append("  legend [shape=note, fontsize=8, label=\"▪ snapshot (sync → async)\\l▬ blocked channel\\l✖ task failure\\l- - cut through snapshots\\lbold: crosses a cut (channel state)\\lred: orphan record\\l\", pos=\"\(legendX),\(DOT.number(keyY))!\"]")
        out.append("}")
        return (sel.tagSteps ? out.map(tagged) : out).joined(separator: "\n") + "\n"
    }

    /// A node `eN`/`rN` or an edge between them with the classes `ev s-N`, N the first event it shows.
    static func tagged(_ line: String) -> String {
        guard line.hasPrefix("  e") || line.hasPrefix("  r"), let open = line.firstIndex(of: "[") else { return line }
        let head = line[line.index(line.startIndex, offsetBy: 2)..<open]
        let seqs = head.split(separator: " ").compactMap { part -> Int? in
            guard part.first == "e" || part.first == "r" else { return nil }
            return Int(part.dropFirst())
        }
        guard let seq = seqs.min() else { return line }
        let rest = line[line.index(after: open)...]
        if rest.hasPrefix("class=\"") { return line[...open] + "class=\"ev s-\(seq) " + rest.dropFirst(7) }
        return line[...open] + "class=\"ev s-\(seq)\", " + rest
    }

    static func title(_ trace: Trace, _ sel: RenderSelection) -> String {
        var t = "\(trace.header.scenario) — sequence (\(trace.header.mode ?? "imported"))"
        if sel.from != nil || sel.to != nil { t += "  steps \(sel.from ?? 0)…\(sel.to.map(String.init) ?? "end")" }
        if let k = sel.checkpoint { t += "  checkpoint \(k)" }
        return t
    }
}
