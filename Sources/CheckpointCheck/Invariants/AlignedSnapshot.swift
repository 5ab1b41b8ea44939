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
    /// `current` on (an older barrier is ignored anyway); the (checkpoint, input channel) pairs
    /// whose barrier arrived. A handful of each, so flat lists, not hash tables, kept with their
    /// storage across failovers.
    struct TaskBarriers {
        var current = 0
        var finished: [Int] = []
        var arrived: [(checkpoint: Int, channel: Int)] = []

        func hasArrived(_ id: Int, on c: Int) -> Bool { arrived.contains { $0.checkpoint == id && $0.channel == c } }

        mutating func reset() {
            current = 0
            finished.removeAll(keepingCapacity: true)
            arrived.removeAll(keepingCapacity: true)
        }
    }

    mutating func cover(_ task: Int) {
        if task >= tasks.count { tasks += repeatElement(TaskBarriers(), count: task + 1 - tasks.count) }
    }

    init(facts: JobFacts) {
        self.facts = facts
        cover(facts.tasks.count - 1)
    }

    /// Back to the start of a trace, keeping storage (a task with nothing recorded is the same as
    /// one not covered yet).
    mutating func restart() {
        kinds.removeAll(keepingCapacity: true)
        for t in tasks.indices { tasks[t].reset() }
        for c in awaitingSnapshot.indices { awaitingSnapshot[c] = nil }
    }

    /// A failover: every task's barrier handler starts afresh.
    mutating func failover() {
        for t in tasks.indices { tasks[t].reset() }
        for c in awaitingSnapshot.indices { awaitingSnapshot[c] = nil }
    }

    /// A checkpoint's kind decides whether the rule applies to it in unaligned mode.
    mutating func triggered(_ id: Int, kind: CheckpointKind) { kinds[id] = kind }

    func applies(_ id: Int) -> Bool {
        facts.isAligned || (facts.mode == "unaligned" && kinds[id] == .savepoint)
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
        if !tasks[task].hasArrived(id, on: c) { tasks[task].arrived.append((id, c)) }
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
        // The list of missing inputs is made only when there are some.
        if applies(id), inputs.contains(where: { task >= tasks.count || !tasks[task].hasArrived(id, on: $0) }) {
            let missing = inputs.filter { task >= tasks.count || !tasks[task].hasArrived(id, on: $0) }
            out.append(Violation(.alignedSnapshot, "\(names.tasks[task]) snapshotted checkpoint \(id) before barrier \(id) arrived on \(missing.map { names.channels[$0] }.joined(separator: ", "))", checkpoint: id, seq: seq))
        }
        finish(id, at: task)
    }

    /// The other events (barriers received, blocks and unblocks come as `MessageRef`s, through
    /// `barrierReceived`, `channelBlocked` and `setAwaiting`; snapshots as `StateRef`s, through
    /// `snapshotStarted`).
    mutating func observe(_ e: TraceEvent, task: Int?, channel: Int?, names: NameIndex, channels: inout ChannelModel, into out: inout [Violation]) {
        switch e.type {
        case .checkpointTriggered:
            if let id = e.checkpoint { triggered(id, kind: e.kind ?? .checkpoint) }
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
            failover()
        default:
            break
        }
    }
}
