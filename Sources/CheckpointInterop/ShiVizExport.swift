import CheckpointTrace

/// A ShiViz log: the parsing regex on the first line, a blank line, then per event the host and its
/// vector clock on one line and the event on the next. Clocks follow message causality: a
/// receive merges the clock its message was sent with.
public enum ShiVizExport {
    /// The parsing regex ShiViz is given (braces escaped, as in its docs: strict engines refuse a bare `{`).
    public static let regex = #"(?<host>\S*) (?<clock>\{.*\})\n(?<event>.*)"#

    /// The vector clock of every event (host → count), in trace order.
    public static func clocks(_ trace: Trace) -> [[String: Int]] {
        var receivedFrom: [Int: Int] = [:]  // receive seq → send seq
        for m in MessageMatcher.messages(in: trace.events) { if let r = m.received { receivedFrom[r] = m.sent } }
        var current: [String: [String: Int]] = [:]
        var out: [[String: Int]] = []
        out.reserveCapacity(trace.events.count)
        for e in trace.events {
            let host = hostName(e)
            var clock = current[host] ?? [:]
            if let s = receivedFrom[e.seq] {
                for (h, n) in out[s] { clock[h] = max(clock[h] ?? 0, n) }
            }
            clock[host, default: 0] += 1
            current[host] = clock
            out.append(clock)
        }
        return out
    }

    /// The whole file: regex, empty delimiter line, then two lines per event.
    public static func text(_ trace: Trace) -> String {
        let clocks = self.clocks(trace)
        var lines = [regex, ""]
        for (i, e) in trace.events.enumerated() {
            let host = hostName(e)
            let clock = "{" + clocks[i].keys.sorted().map { "\(JSONWriter.string(.string($0))): \(clocks[i][$0]!)" }.joined(separator: ", ") + "}"
            lines.append("\(host) \(clock)")
            var text = "\(e.typeName)"
            if let c = e.checkpoint { text += " checkpoint \(c)" }
            if let ch = e.channel { text += " \(ch)" }
            if let r = e.record { text += " \(JSONWriter.string(.string(r)))" }
            if let r = e.reason { text += " \(r)" }
            lines.append(String(text.map { $0.isNewline ? " " : $0 }))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The process an event happens at: its actor (`ack-received` is the coordinator's, `trigger-sent`
    /// too, though it names the task it goes to), without white space, which the regex's `\S*` stops at.
    static func hostName(_ e: TraceEvent) -> String {
        String(e.actor.map { $0.isWhitespace ? "_" : $0 })
    }
}
