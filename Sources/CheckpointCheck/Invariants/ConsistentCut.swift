import CheckpointTrace

/// consistent-cut: the snapshots of a completed checkpoint form a consistent cut. Per data channel
/// A→B (FIFO), with k = records A had sent on it at its snapshot, p = records B had processed from
/// it at its snapshot, and (unaligned) i = B's input channel state and j = A's output channel
/// state for it: every record sent before A's snapshot is processed before B's or is channel
/// state, and nothing else is: p + i + j = k. More is an orphan (a record B counted that A's
/// snapshot says was never sent); less is a record lost from the cut.
struct ConsistentCut {
    let facts: JobFacts
    /// Per pending checkpoint and task: records sent per output channel and processed per input
    /// channel when the snapshot was taken.
    var cuts: [Int: [String: (sent: [String: Int], processed: [String: Int])]] = [:]
    /// Per pending checkpoint and task: channel state sizes from snapshot-completed.
    var channelState: [Int: [String: (input: [String: Int], output: [String: Int])]] = [:]

    init(facts: JobFacts) { self.facts = facts }

    mutating func observe(_ e: TraceEvent, channels: inout ChannelModel, into out: inout [Violation]) {
        guard facts.exactlyOnce else { return }
        switch e.type {
        case .recordSent:
            if let c = e.channel { channels.sent[c, default: 0] += 1 }
        case .taskRestored:
            if case .object(let input)? = e.channelState?["input"] {
                for entry in input.entries { channels.sent[entry.key, default: 0] += entry.value.arrayValue?.count ?? 0 }
            }
        case .snapshotStarted:
            guard let id = e.checkpoint, let task = e.task else { return }
            var sent: [String: Int] = [:]
            var processed: [String: Int] = [:]
            for (c, ends) in facts.ends {
                if ends.from == task { sent[c] = channels.sent[c, default: 0] }
                if ends.to == task { processed[c] = channels.processed[c, default: 0] }
            }
            cuts[id, default: [:]][task] = (sent, processed)
        case .snapshotCompleted:
            guard let id = e.checkpoint, let task = e.task, let state = e.channelState else { return }
            func sizes(_ part: String) -> [String: Int] {
                var m: [String: Int] = [:]
                for entry in state[part]?.objectValue?.entries ?? [] { m[entry.key] = entry.value.arrayValue?.count ?? 0 }
                return m
            }
            channelState[id, default: [:]][task] = (sizes("input"), sizes("output"))
        case .checkpointCompleted:
            guard let id = e.checkpoint else { return }
            defer { cuts[id] = nil; channelState[id] = nil }
            guard let cut = cuts[id] else { return }
            for (c, ends) in facts.ends.sorted(by: { $0.key < $1.key }) {
                guard let k = cut[ends.from]?.sent[c], let p = cut[ends.to]?.processed[c] else { continue }
                let i = channelState[id]?[ends.to]?.input[c] ?? 0
                let j = channelState[id]?[ends.from]?.output[c] ?? 0
                if p + i + j > k {
                    out.append(Violation(.consistentCut, "checkpoint \(id) is not a consistent cut on \(c): \(ends.to) had processed \(p) record(s) from it (+\(i) in channel state) but \(ends.from) had sent only \(k) (\(j) in channel state) at its snapshot: an orphan record", checkpoint: id, seq: e.seq))
                } else if p + i + j < k {
                    out.append(Violation(.consistentCut, "checkpoint \(id) loses in-flight data on \(c): \(ends.from) had sent \(k) record(s) at its snapshot, but only \(p) were processed by \(ends.to) before its snapshot and \(i + j) are in channel state", checkpoint: id, seq: e.seq))
                }
            }
        case .checkpointAborted:
            if let id = e.checkpoint { cuts[id] = nil; channelState[id] = nil }
        default:
            break
        }
    }
}
