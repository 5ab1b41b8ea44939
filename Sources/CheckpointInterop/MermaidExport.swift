import CheckpointTrace

/// Why an export could not be made (too large, nothing selected).
public struct ExportError: Error, Sendable {
    public var message: String
}

/// A Mermaid `sequenceDiagram` (renders in GitHub Markdown): participants for the coordinator and
/// tasks, an arrow per protocol message at the moment it arrives, notes for snapshots, outcomes
/// and failures.
public enum MermaidExport {
    /// The diagram text; `from`/`to` are seqs (inclusive), `checkpoint` keeps one checkpoint's
    /// messages and notes (and failures); more than `maxMessages` arrows throws.
    public static func text(_ trace: Trace, from: Int? = nil, to: Int? = nil, checkpoint: Int? = nil, maxMessages: Int = 500) throws(ExportError) -> String {
        let actors = ["coordinator"] + (trace.header.topology?.tasks.map(\.id) ?? Array(Set(trace.events.compactMap(\.task))).sorted())
        let alias = Dictionary(actors.enumerated().map { ($1, $0 == 0 ? "C" : "T\($0)") }, uniquingKeysWith: { a, _ in a })
        func inRange(_ seq: Int) -> Bool { seq >= (from ?? 0) && seq <= (to ?? Int.max) }
        func wanted(_ id: Int?) -> Bool { checkpoint == nil || id == checkpoint }
        // Arrows are drawn where the message arrives, so they come in trace order with the notes.
        var arrivals: [Int: Message] = [:]
        for m in MessageMatcher.messages(in: trace.events) where m.kind != "record" {
            if let r = m.received, inRange(r), wanted(m.checkpoint) { arrivals[r] = m }
        }
        guard arrivals.count <= maxMessages else {
            throw ExportError(message: "the selection has \(arrivals.count) messages, more than the cap of \(maxMessages) (Mermaid gets unreadable and slow): narrow it with --from/--until/--checkpoint, or raise the cap with --max-messages \(arrivals.count)")
        }
        var lines = ["sequenceDiagram"]
        for a in actors { lines.append("    participant \(alias[a]!) as \(label(a))") }
        for e in trace.events where inRange(e.seq) {
            if let m = arrivals[e.seq], let f = alias[m.from], let t = alias[m.to] {
                let arrow = m.kind == "ack" || m.kind == "decline" ? "-->>" : (m.kind == "cancel" ? "--x" : "->>")
                lines.append("    \(f)\(arrow)\(t): \(label(m.label))")
                continue
            }
            guard wanted(e.checkpoint) || e.type.group == "failure" else { continue }
            let who = alias[e.task ?? e.actor] ?? "C"
            let id = e.checkpoint.map(String.init) ?? ""
            let note: String?
            switch e.type {
            case .checkpointTriggered: note = "\(e.kind?.rawValue ?? "checkpoint") \(id) triggered" + (e.isFinal == true ? " (final)" : "")
            case .checkpointCompleted: note = "✔ \(id) completed"
            case .checkpointAborted: note = "✘ \(id) aborted: \(e.reason ?? "?")"
            case .snapshotStarted: note = "snapshot \(id)"
            case .snapshotFailed: note = "snapshot \(id) failed (\(e.phase ?? "?"))"
            case .channelBlocked: note = "blocks \(e.channel ?? "?")"
            case .taskFailed: note = "✖ failed"
            case .jobFailover: note = "failover: \(e.reason ?? "?")"
            case .restoreStarted: note = "restore " + (e.checkpoint.map { "checkpoint \($0)" } ?? "fresh start")
            case .transactionCommitted: note = "commit \(id)"
            case .invariantViolated: note = "⚠ \(e.invariant ?? "invariant") violated"
            default: note = nil
            }
            if let note { lines.append("    Note over \(who): \(label(note))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Mermaid text: one line, and the characters that end a statement (`;`), start a comment or an
    /// entity (`#`) or that HTML would eat (`"`, `<`, `>`) written as Mermaid's entity codes
    /// (`#59;`, `#35;`, ...), which it renders back as the character.
    static func label(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "\n", "\r", "\r\n": out += " "
            case ";": out += "#59;"
            case "#": out += "#35;"
            case "\"": out += "#quot;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            default: out.append(ch)
            }
        }
        return out
    }
}
