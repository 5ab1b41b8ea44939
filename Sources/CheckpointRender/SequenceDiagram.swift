import CheckpointTrace

/// The space-time diagram: one lifeline per task and the coordinator, time flowing down, messages
/// as arrows, snapshots and blocked channels as bars, failures and restores marked, and each
/// completed checkpoint's consistent cut. Coordinates are computed here and pinned (`pos="x,y!"`,
/// laid out with `nop2`), so a large trace needs no rank assignment.
public enum SequenceDiagram {
    static let columnWidth = 150.0
    static let rowHeight = 20.0

    /// Events drawn on lifelines besides messages.
    static let marks: Set<EventType> = [
        .snapshotStarted, .snapshotCompleted, .snapshotFailed, .channelBlocked, .channelUnblocked, .taskFailed,
        .jobFailover, .restoreStarted, .checkpointTriggered, .checkpointCompleted, .checkpointAborted,
        .checkpointDiscarded, .barrierCancelled, .invariantViolated, .transactionCommitted,
    ]

    /// The columns (coordinator first, then tasks in job order) and the row of every drawn event.
    public struct Layout: Sendable {
        public var columns: [String] { didSet { columnIndex = Self.index(columns) } }
        public var rows: [Int: Int]
        public var messages: [Message]
        /// Column → its position, so that placing an event does not search a wide job's columns.
        private var columnIndex: [String: Int]

        public init(columns: [String], rows: [Int: Int], messages: [Message]) {
            self.columns = columns; self.rows = rows; self.messages = messages
            columnIndex = Self.index(columns)
        }

        static func index(_ columns: [String]) -> [String: Int] {
            Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }

        public func x(_ column: String) -> Double? {
            columnIndex[column].map { Double($0) * SequenceDiagram.columnWidth }
        }

        public func y(row: Int) -> Double { -Double(row) * SequenceDiagram.rowHeight }
    }

    public static func layout(_ trace: Trace, _ sel: RenderSelection) -> Layout {
        let taskIDs = trace.header.topology?.tasks.map(\.id) ?? Array(Set(trace.events.compactMap(\.task))).sorted()
        let columns = ["coordinator"] + taskIDs.filter { sel.shows(task: $0) }
        let visible = Set(columns)
        let cuts = cutCheckpoints(trace, sel)
        let snapshotSeq = snapshotPoints(trace)
        var messages = MessageMatcher.messages(in: trace.events).filter { m in
            guard visible.contains(m.from), visible.contains(m.to), sel.includes(m.sent) else { return false }
            if let k = sel.checkpoint, m.checkpoint != k, m.kind != "record" { return false }
            if m.kind == "record" && !sel.data {
                return cuts.contains { crossing(m, checkpoint: $0, snapshots: snapshotSeq) != nil }
            }
            return true
        }
        messages.sort { $0.sent < $1.sent }
        var drawn = Set<Int>()
        for m in messages { drawn.insert(m.sent); if let r = m.received, sel.includes(r) { drawn.insert(r) } }
        for e in trace.events where marks.contains(e.type) && sel.includes(e.seq) {
            let column = e.type.group == "failure" && e.task != nil ? e.task! : (e.task ?? e.actor)
            guard visible.contains(column) || e.actor == "coordinator" else { continue }
            if let k = sel.checkpoint, e.checkpoint != k, e.type.group != "failure" { continue }
            drawn.insert(e.seq)
        }
        var rows: [Int: Int] = [:]
        for (row, seq) in drawn.sorted().enumerated() { rows[seq] = row + 1 }
        return Layout(columns: columns, rows: rows, messages: messages)
    }

    /// The checkpoints whose cuts are drawn: `--cut K`, else every completed one in the selection.
    static func cutCheckpoints(_ trace: Trace, _ sel: RenderSelection) -> [Int] {
        if let k = sel.cut { return [k] }
        return trace.events.filter { $0.type == .checkpointCompleted && sel.includes($0.seq) && (sel.checkpoint == nil || $0.checkpoint == sel.checkpoint) }
            .compactMap(\.checkpoint)
    }

    /// seq of each task's snapshot-started per checkpoint (the last attempt's).
    static func snapshotPoints(_ trace: Trace) -> [Int: [String: Int]] {
        var out: [Int: [String: Int]] = [:]
        for e in trace.events where e.type == .snapshotStarted {
            if let id = e.checkpoint, let t = e.task { out[id, default: [:]][t] = e.seq }
        }
        return out
    }

    /// How a record crosses the cut of checkpoint `k`: "in-flight" (sent before the sender's
    /// snapshot, processed after the receiver's: channel state) or "orphan" (the other way round).
    /// A record held in an alignment buffer counts from when it was processed, not received.
    static func crossing(_ m: Message, checkpoint k: Int, snapshots: [Int: [String: Int]]) -> String? {
        guard m.kind == "record", let s = snapshots[k]?[m.from], let r = snapshots[k]?[m.to] else { return nil }
        let received = m.consumed ?? (m.buffered ? Int.max : m.received ?? Int.max)
        if m.sent < s && received > r { return "in-flight" }
        if m.sent > s && received < r { return "orphan" }
        return nil
    }
}
