/// A message drawn as an arrow: where it was sent and where it arrived (nil: lost in a failover,
/// or still in flight at the end of the selection).
public struct Message: Sendable, Hashable {
    public var kind: String
    public var checkpoint: Int?
    public var channel: String
    public var from: String
    public var to: String
    public var sent: Int
    public var received: Int?
    /// For a record: when the receiver processed it (later than `received` when it waited in an
    /// alignment buffer); nil if never. This, not `received`, places a record against a cut.
    public var consumed: Int?
    /// The record waited in the receiver's alignment buffer.
    public var buffered = false
    public var label: String
}

/// Pairs every `*-sent` event with the event that takes it off its channel, per channel and kind of
/// message (FIFO; an unaligned barrier overtakes records but not earlier barriers, so barriers and
/// records are matched separately).
public enum MessageMatcher {
    static func category(_ t: EventType) -> String? {
        switch t {
        case .recordSent, .recordReceived: return "record"
        case .barrierSent, .barrierReceived, .cancelMarkerSent, .cancelMarkerReceived: return "control"
        case .triggerSent, .triggerReceived, .notifyCompleteSent, .notifyCompleteReceived,
             .notifyAbortedSent, .notifyAbortedReceived, .ackSent, .ackReceived, .ackIgnored,
             .declineSent, .declineReceived, .declineIgnored:
            return "rpc"
        default: return nil
        }
    }

    static let sends: Set<EventType> = [.recordSent, .barrierSent, .cancelMarkerSent, .triggerSent, .notifyCompleteSent, .notifyAbortedSent, .ackSent, .declineSent]

    static func label(_ e: TraceEvent) -> (kind: String, text: String) {
        let id = e.checkpoint.map(String.init) ?? ""
        switch e.type {
        case .recordSent: return ("record", e.record.map { "\"\($0)\"" } ?? "record")
        case .barrierSent: return ("barrier", "barrier \(id)")
        case .cancelMarkerSent: return ("cancel", "cancel \(id)")
        case .triggerSent: return ("trigger", "trigger \(id)")
        case .notifyCompleteSent: return ("notify-complete", "complete \(id)")
        case .notifyAbortedSent: return ("notify-aborted", "aborted \(id)")
        case .ackSent: return ("ack", "ack \(id)")
        case .declineSent: return ("decline", "decline \(id)" + (e.reason.map { "\n\($0)" } ?? ""))
        default: return ("?", e.typeName)
        }
    }

    public static func messages(in events: [TraceEvent]) -> [Message] {
        var out: [Message] = []
        var queues: [String: [Int]] = [:]  // "channel|category" -> indices into out
        var heads: [String: Int] = [:]
        var justReceived: [String: Int] = [:]  // channel -> the record received in this step, not yet processed
        var buffered: [String: [Int]] = [:]    // channel -> records in the alignment buffer, in order
        for e in events {
            if let channel = e.channel {
                switch e.type {
                case .recordBuffered:
                    if let i = justReceived.removeValue(forKey: channel) {
                        out[i].buffered = true
                        buffered[channel, default: []].append(i)
                    }
                case .recordProcessed:
                    if let i = justReceived.removeValue(forKey: channel) {
                        out[i].consumed = e.seq
                    } else if var b = buffered[channel], !b.isEmpty {
                        out[b.removeFirst()].consumed = e.seq
                        buffered[channel] = b
                    }
                default: break
                }
            }
            if e.type == .jobFailover {
                justReceived = [:]; buffered = [:]
                // Data channels and RPCs to tasks are emptied: what was in them is lost.
                for key in queues.keys where !key.hasSuffix("->coordinator|rpc") { queues[key] = []; heads[key] = 0 }
                continue
            }
            guard let cat = category(e.type), let channel = e.channel else { continue }
            let key = channel + "|" + cat
            if sends.contains(e.type) {
                let (kind, text) = label(e)
                let ends = endpoints(channel)
                queues[key, default: []].append(out.count)
                out.append(Message(kind: kind, checkpoint: e.checkpoint, channel: channel, from: ends.from, to: ends.to,
                                   sent: e.seq, received: nil, consumed: nil, buffered: false, label: text))
            } else {
                let h = heads[key, default: 0]
                guard let q = queues[key], h < q.count else { continue }
                out[q[h]].received = e.seq
                heads[key] = h + 1
                if e.type == .recordReceived { justReceived[channel] = q[h] }
            }
        }
        return out
    }

    public static func endpoints(_ channel: String) -> (from: String, to: String) {
        if let r = channel.range(of: "->") { return (String(channel[..<r.lowerBound]), String(channel[r.upperBound...])) }
        return (channel, channel)
    }
}
