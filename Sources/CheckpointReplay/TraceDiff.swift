import CheckpointTrace

/// Where two traces part: header differences, the first event (by seq) that differs, the shared
/// prefix before it, and both states right after the divergent events (`ckpt diff`).
public struct TraceDiff: Sendable {
    /// `field: A vs B` for each header field that differs (scenario, seed, mode, config, ...).
    public var headerDifferences: [String]
    /// The seq of the first event that differs (or that one trace lacks); nil when the events are equal.
    public var divergence: Int?
    /// Events both traces share before the divergence (all of them when equal).
    public var sharedPrefix: Int
    /// `checkpoint-completed` events within the shared prefix.
    public var completedInPrefix: Int
    public var eventA: TraceEvent?
    public var eventB: TraceEvent?
    /// The states after the divergent event (or at the end of a trace that has none).
    public var stateA: ReplayState?
    public var stateB: ReplayState?

    public var identical: Bool { divergence == nil && headerDifferences.isEmpty }

    /// Compares every field of every event: events are equal exactly when their trace lines are.
    public static func compare(_ a: Trace, _ b: Trace) -> TraceDiff {
        var diff = TraceDiff(headerDifferences: headerDifferences(a.header, b.header), divergence: nil,
                             sharedPrefix: 0, completedInPrefix: 0)
        let common = min(a.events.count, b.events.count)
        var i = 0
        while i < common, a.events[i] == b.events[i] {
            if a.events[i].type == .checkpointCompleted { diff.completedInPrefix += 1 }
            i += 1
        }
        diff.sharedPrefix = i
        guard i < a.events.count || i < b.events.count else { return diff }
        diff.divergence = i
        diff.eventA = i < a.events.count ? a.events[i] : nil
        diff.eventB = i < b.events.count ? b.events[i] : nil
        var ra = Replayer(trace: a), rb = Replayer(trace: b)
        diff.stateA = ra.state(at: i + 1)
        diff.stateB = rb.state(at: i + 1)
        return diff
    }

    static func headerDifferences(_ a: TraceHeader, _ b: TraceHeader) -> [String] {
        var out: [String] = []
        func check(_ name: String, _ x: String, _ y: String) { if x != y { out.append("\(name): \(x) vs \(y)") } }
        check("scenario", a.scenario, b.scenario)
        check("seed", a.seed.map { String($0) } ?? "none", b.seed.map { String($0) } ?? "none")
        check("mode", a.mode ?? "none", b.mode ?? "none")
        check("config", a.config.map { JSONWriter.string(.object($0.jsonObject)) } ?? "none",
              b.config.map { JSONWriter.string(.object($0.jsonObject)) } ?? "none")
        if a.topology != b.topology { out.append("topology: the jobs differ") }
        check("generator", a.generator, b.generator)
        return out
    }

    /// The report: header differences, the shared prefix, then both events and both states side
    /// by side in columns that fit `width` (lines that differ are marked `|`, as `diff -y` does).
    public func report(nameA: String, nameB: String, headerA: TraceHeader, headerB: TraceHeader,
                       totalA: Int, totalB: Int, width: Int) -> [String] {
        var out: [String] = []
        for h in headerDifferences { out.append("header differs: " + h) }
        guard let d = divergence else {
            out.append(headerDifferences.isEmpty ? "the traces are identical: \(sharedPrefix) events, \(completedInPrefix) checkpoint(s) completed"
                                                 : "the events are identical: \(sharedPrefix) events, \(completedInPrefix) checkpoint(s) completed")
            return out
        }
        out.append("shared prefix: \(sharedPrefix) event(s) (seq 0..<\(d)), \(completedInPrefix) checkpoint(s) completed")
        out.append("first divergence at seq \(d) (step \(d + 1)):")
        out.append("  A \(nameA): " + (eventA.map(StateText.eventLine) ?? "(end of trace: \(totalA) events)"))
        out.append("  B \(nameB): " + (eventB.map(StateText.eventLine) ?? "(end of trace: \(totalB) events)"))
        let column = max(20, (width - 3) / 2)
        let left = stateA.map { StateText.lines($0, total: totalA, header: headerA, event: eventA) } ?? []
        let right = stateB.map { StateText.lines($0, total: totalB, header: headerB, event: eventB) } ?? []
        out.append("")
        out.append(TraceDiff.cell("A: " + nameA, column) + "   " + "B: " + nameB)
        for i in 0..<max(left.count, right.count) {
            let l = i < left.count ? left[i] : "", r = i < right.count ? right[i] : ""
            let mark = l == r ? " " : "|"
            out.append(TraceDiff.cell(l, column) + " \(mark) " + TraceDiff.cell(r, column, pad: false))
        }
        return out
    }

    static func cell(_ s: String, _ width: Int, pad: Bool = true) -> String {
        if s.count > width { return String(s.prefix(width - 1)) + "…" }
        return pad ? StateText.pad(s, width) : s
    }
}
