import CheckpointTrace

/// aligned-snapshot: in aligned mode (and for savepoints in unaligned mode) a task snapshots n only
/// after barrier n arrived on every input channel, and processes nothing from a channel between
/// that channel's barrier n and the snapshot. Tasks and channels are `NameIndex` indices.
struct AlignedSnapshot {
    let facts: JobFacts
    var kinds: [Int: CheckpointKind] = [:]
    /// Per task (this attempt): what its barrier handler has seen.
    var tasks: [TaskBarriers] = []
    /// Per channel: the barrier that arrived on it and whose snapshot has not been taken yet.
    var awaitingSnapshot: [Int?] = []

    /// One task's barriers: the newest checkpoint whose barrier arrived; the ones it finished
    /// (snapshot, cancellation or cancel marker), whose barriers the handler ignores, kept from
    /// `current` on (an older barrier is ignored anyway); per checkpoint, the input channels its
    /// barrier arrived on. A handful of each, so lists, not hash tables.
    struct TaskBarriers {
        var current = 0
        var finished: [Int] = []
        var arrived: [(checkpoint: Int, channels: [Int])] = []

        func channels(_ id: Int) -> [Int] { arrived.first { $0.checkpoint == id }?.channels ?? [] }
    }

    mutating func cover(_ task: Int) {
        if task >= tasks.count { tasks += repeatElement(TaskBarriers(), count: task + 1 - tasks.count) }
    }

    init(facts: JobFacts) { self.facts = facts }

    func applies(_ id: Int) -> Bool {
        facts.mode == "aligned" || (facts.mode == "unaligned" && kinds[id] == .savepoint)
    }

    func awaiting(_ c: Int) -> Int? { c < awaitingSnapshot.count ? awaitingSnapshot[c] : nil }

    mutating func setAwaiting(_ c: Int, _ id: Int?) {
        if c >= awaitingSnapshot.count {
            guard id != nil else { return }
            awaitingSnapshot += repeatElement(nil, count: c + 1 - awaitingSnapshot.count)
        }
        awaitingSnapshot[c] = id
    }

    mutating func barrierArrived(_ id: Int, on c: Int, at task: Int) {
        cover(task)
        if id < tasks[task].current || tasks[task].finished.contains(id) { return }
        if id > tasks[task].current {
            tasks[task].current = id
            tasks[task].finished.removeAll { $0 < id }
        }
        if let i = tasks[task].arrived.firstIndex(where: { $0.checkpoint == id }) {
            if !tasks[task].arrived[i].channels.contains(c) { tasks[task].arrived[i].channels.append(c) }
        } else {
            tasks[task].arrived.append((id, [c]))
        }
        if applies(id) { setAwaiting(c, id) }
    }

    mutating func finish(_ id: Int, at task: Int) {
        cover(task)
        if id >= tasks[task].current && !tasks[task].finished.contains(id) { tasks[task].finished.append(id) }
        for c in facts.inputs(of: task) where (awaiting(c) ?? Int.max) <= id { setAwaiting(c, nil) }
        tasks[task].arrived.removeAll { $0.checkpoint == id }
    }

    /// A barrier arrives, or waits in the alignment buffer behind a block.
    mutating func barrierReceived(_ id: Int, on c: Int, at task: Int, buffered: Bool, channels: inout ChannelModel) {
        if buffered { channels.buffer(id, on: c) } else { barrierArrived(id, on: c, at: task) }
    }

    /// A channel blocks after its barrier: one waiting at the head of its buffer has arrived now.
    mutating func channelBlocked(_ id: Int, _ c: Int, at task: Int, channels: inout ChannelModel) {
        if channels.takeBarrier(id, from: c) { barrierArrived(id, on: c, at: task) }
    }

    /// A buffered record waits behind the block; a processed one takes out the barriers before it
    /// and must not come between its channel's barrier and the snapshot.
    mutating func observe(_ e: DataRef, names: NameIndex, channels: inout ChannelModel, into out: inout [Violation]) {
        switch e.type {
        case .recordBuffered:
            if let c = e.channel { channels.buffer(nil, on: c) }
        case .recordProcessed:
            guard let c = e.channel, let task = e.task else { return }
            for id in channels.takeLeadingBarriers(c) { barrierArrived(id, on: c, at: task) }
            channels.takeRecord(c)
            if let id = awaiting(c) {
                out.append(Violation(.alignedSnapshot, "\(names.tasks[task]) processed \(e.record.map { "\"\($0)\"" } ?? "a record") from \(names.channels[c]) after barrier \(id) arrived on it and before its snapshot of checkpoint \(id)", checkpoint: id, seq: e.seq))
                setAwaiting(c, nil)
            }
        default:
            break
        }
    }

    /// A task snapshots `id`: barriers waiting at the head of its buffers have arrived; in aligned
    /// mode every input must have had its barrier.
    mutating func snapshotStarted(_ id: Int, at task: Int, seq: Int, names: NameIndex, channels: inout ChannelModel, into out: inout [Violation]) {
        let inputs = facts.inputs(of: task)
        for c in inputs where channels.takeBarrier(id, from: c) { barrierArrived(id, on: c, at: task) }
        if applies(id) {
            let arrived = task < tasks.count ? tasks[task].channels(id) : []
            let missing = inputs.filter { !arrived.contains($0) }
            if !missing.isEmpty {
                out.append(Violation(.alignedSnapshot, "\(names.tasks[task]) snapshotted checkpoint \(id) before barrier \(id) arrived on \(missing.map { names.channels[$0] }.joined(separator: ", "))", checkpoint: id, seq: seq))
            }
        }
        finish(id, at: task)
    }

    /// The other events (barriers received, blocks and unblocks come as `MessageRef`s, through
    /// `barrierReceived`, `channelBlocked` and `setAwaiting`; snapshots as `StateRef`s, through
    /// `snapshotStarted`).
    mutating func observe(_ e: TraceEvent, task: Int?, channel: Int?, names: NameIndex, channels: inout ChannelModel, into out: inout [Violation]) {
        switch e.type {
        case .checkpointTriggered:
            if let id = e.checkpoint { kinds[id] = e.kind ?? .checkpoint }
        case .cancelMarkerReceived:
            guard let id = e.checkpoint, let c = channel, e.extra?["buffered"] == .bool(true) else { return }
            channels.buffer(id, on: c)
        case .barrierUnbuffered:
            guard let id = e.checkpoint, let c = channel, let task else { return }
            if channels.takeBarrier(id, from: c), e.extra?["marker"] != .bool(true) { barrierArrived(id, on: c, at: task) }
        case .barrierCancelled, .cancelMarkerSent:
            guard let id = e.checkpoint, let task else { return }
            finish(id, at: task)
        case .jobFailover:
            tasks = []
            awaitingSnapshot = []
        default:
            break
        }
    }
}
