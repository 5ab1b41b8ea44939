import CheckpointTrace

/// consistent-cut: the snapshots of a completed checkpoint form a consistent cut. Per data channel
/// A→B (FIFO), with k = records A had sent on it at its snapshot, p = records B had processed from
/// it at its snapshot, and (unaligned) i = B's input channel state and j = A's output channel
/// state for it: every record sent before A's snapshot is processed before B's or is channel
/// state, and nothing else is: p + i + j = k. More is an orphan (a record B counted that A's
/// snapshot says was never sent); less is a record lost from the cut.
struct ConsistentCut {
    let facts: JobFacts
    /// Per pending checkpoint (a handful, so a list): records sent on each channel at its
    /// sender's snapshot and processed from it at its receiver's (-1: not taken yet).
    var cuts: [(checkpoint: Int, cut: Cut)] = []
    /// The lists of checkpoints that ended, for reuse.
    var spare: [Cut] = []

    /// One checkpoint's cut, by channel index.
    struct Cut {
        var sentAt: [Int]
        var processedAt: [Int]

        init(channels: Int) {
            sentAt = Array(repeating: -1, count: channels)
            processedAt = sentAt
        }

        mutating func cover(_ c: Int) {
            if c >= sentAt.count {
                sentAt += repeatElement(-1, count: c + 1 - sentAt.count)
                processedAt += repeatElement(-1, count: c + 1 - processedAt.count)
            }
        }

        /// A task's snapshot: records sent on its outputs and processed from its inputs so far
        /// (one change of the cut in place, rather than a lookup of it per channel).
        mutating func snapshot(outputs: [Int], inputs: [Int], channels: ChannelModel) {
            for c in outputs { cover(c); sentAt[c] = channels.sent(c) }
            for c in inputs { cover(c); processedAt[c] = channels.processed(c) }
        }

        mutating func clear() {
            for c in sentAt.indices { sentAt[c] = -1; processedAt[c] = -1 }
        }
    }

    /// Where checkpoint `id`'s cut is, made (from a spare one if any) when new.
    mutating func cutIndex(_ id: Int) -> Int {
        if let i = cuts.firstIndex(where: { $0.checkpoint == id }) { return i }
        cuts.append((id, spare.popLast() ?? Cut(channels: facts.dataChannelCount)))
        return cuts.count - 1
    }

    /// Checkpoint `id` was aborted: nothing of its cut is checked.
    mutating func aborted(_ id: Int) {
        guard facts.exactlyOnce else { return }
        drop(id)
        channelState[id] = nil
    }

    /// Checkpoint `id` ended: its cut is no longer needed.
    mutating func drop(_ id: Int) {
        guard let i = cuts.firstIndex(where: { $0.checkpoint == id }) else { return }
        var cut = cuts.remove(at: i).cut
        cut.clear()
        spare.append(cut)
    }
    /// Per pending checkpoint and task: channel state sizes from snapshot-completed.
    var channelState: [Int: [Int: (input: [Int: Int], output: [Int: Int])]] = [:]

    init(facts: JobFacts) { self.facts = facts }

    /// Back to the start of a trace, keeping the cut lists as spares.
    mutating func restart() {
        while let id = cuts.last?.checkpoint { drop(id) }
        channelState.removeAll(keepingCapacity: true)
    }

    /// A record sent counts on its channel.
    mutating func observe(_ e: DataRef, channels: inout ChannelModel) {
        guard facts.exactlyOnce, e.type == .recordSent, let c = e.channel else { return }
        channels.addSent(c)
    }

    /// A task's state: a restored task's input channel state counts as sent again; a snapshot
    /// records the task's counts when it starts and its channel state when it completes.
    mutating func observe(_ e: StateRef, names: inout NameIndex, channels: inout ChannelModel) {
        guard facts.exactlyOnce else { return }
        switch e.type {
        case .taskRestored:
            if case .object(let input)? = e.channelState?["input"] {
                for entry in input.entries { channels.addSent(names.channel(entry.key), entry.value.arrayValue?.count ?? 0) }
            }
        case .snapshotStarted:
            guard let id = e.checkpoint, let task = e.task else { return }
            let i = cutIndex(id)
            cuts[i].cut.snapshot(outputs: facts.outputs(of: task), inputs: facts.inputs(of: task), channels: channels)
        case .snapshotCompleted:
            guard let id = e.checkpoint, let task = e.task, let state = e.channelState else { return }
            func sizes(_ part: String) -> [Int: Int] {
                var m: [Int: Int] = [:]
                for entry in state[part]?.objectValue?.entries ?? [] { m[names.channel(entry.key)] = entry.value.arrayValue?.count ?? 0 }
                return m
            }
            channelState[id, default: [:]][task] = (sizes("input"), sizes("output"))
        default:
            break
        }
    }

    mutating func observe(_ e: TraceEvent, names: inout NameIndex, channels: inout ChannelModel, into out: inout [Violation]) {
        guard facts.exactlyOnce else { return }
        switch e.type {
        case .checkpointCompleted:
            guard let id = e.checkpoint else { return }
            defer { drop(id); channelState[id] = nil }
            guard let index = cuts.firstIndex(where: { $0.checkpoint == id }) else { return }
            let cut = cuts[index].cut
            for (c, from, to, _, _) in facts.dataChannels {
                guard c < cut.sentAt.count, cut.sentAt[c] >= 0, cut.processedAt[c] >= 0 else { continue }
                let (k, p) = (cut.sentAt[c], cut.processedAt[c])
                let i = channelState[id]?[to]?.input[c] ?? 0
                let j = channelState[id]?[from]?.output[c] ?? 0
                let (channel, sender, receiver) = (names.channels[c], names.tasks[from], names.tasks[to])
                if p + i + j > k {
                    out.append(Violation(.consistentCut, "checkpoint \(id) is not a consistent cut on \(channel): \(receiver) had processed \(p) record(s) from it (+\(i) in channel state) but \(sender) had sent only \(k) (\(j) in channel state) at its snapshot: an orphan record", checkpoint: id, seq: e.seq))
                } else if p + i + j < k {
                    out.append(Violation(.consistentCut, "checkpoint \(id) loses in-flight data on \(channel): \(sender) had sent \(k) record(s) at its snapshot, but only \(p) were processed by \(receiver) before its snapshot and \(i + j) are in channel state", checkpoint: id, seq: e.seq))
                }
            }
        case .checkpointAborted:
            if let id = e.checkpoint { aborted(id) }
        default:
            break
        }
    }
}
