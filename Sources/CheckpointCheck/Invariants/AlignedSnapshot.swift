import CheckpointTrace

/// aligned-snapshot: in aligned mode (and for savepoints in unaligned mode) a task snapshots n only
/// after barrier n arrived on every input channel, and processes nothing from a channel between
/// that channel's barrier n and the snapshot. Tasks and channels are `NameIndex` indices.
struct AlignedSnapshot {
    let facts: JobFacts
    var kinds: [Int: CheckpointKind] = [:]
    /// Per task and checkpoint: the input channels barrier n arrived on (this attempt).
    var arrived: [Int: [Int: Set<Int>]] = [:]
    /// Per channel: the barrier that arrived on it and whose snapshot has not been taken yet.
    var awaitingSnapshot: [Int?] = []
    /// Per task: the newest checkpoint whose barrier arrived, and the ones it finished (snapshot,
    /// cancellation or cancel marker): a barrier of those is ignored by the handler.
    var current: [Int: Int] = [:]
    var finished: [Int: Set<Int>] = [:]

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
        if id < current[task] ?? 0 || finished[task]?.contains(id) == true { return }
        current[task] = id
        arrived[task, default: [:]][id, default: []].insert(c)
        if applies(id) { setAwaiting(c, id) }
    }

    mutating func finish(_ id: Int, at task: Int) {
        finished[task, default: []].insert(id)
        for c in facts.inputs(of: task) where (awaiting(c) ?? Int.max) <= id { setAwaiting(c, nil) }
        arrived[task]?[id] = nil
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

    mutating func observe(_ e: TraceEvent, task: Int?, channel: Int?, names: NameIndex, channels: inout ChannelModel, into out: inout [Violation]) {
        switch e.type {
        case .checkpointTriggered:
            if let id = e.checkpoint { kinds[id] = e.kind ?? .checkpoint }
        case .barrierReceived:
            guard let id = e.checkpoint, let c = channel, let task else { return }
            barrierReceived(id, on: c, at: task, buffered: e.extra?["buffered"] == .bool(true), channels: &channels)
        case .cancelMarkerReceived:
            guard let id = e.checkpoint, let c = channel, e.extra?["buffered"] == .bool(true) else { return }
            channels.buffer(id, on: c)
        case .barrierUnbuffered:
            guard let id = e.checkpoint, let c = channel, let task else { return }
            if channels.takeBarrier(id, from: c), e.extra?["marker"] != .bool(true) { barrierArrived(id, on: c, at: task) }
        case .channelBlocked:
            guard let id = e.checkpoint, let c = channel, let task else { return }
            channelBlocked(id, c, at: task, channels: &channels)
        case .channelUnblocked:
            if let c = channel { setAwaiting(c, nil) }
        case .barrierCancelled, .cancelMarkerSent:
            guard let id = e.checkpoint, let task else { return }
            finish(id, at: task)
        case .snapshotStarted:
            guard let id = e.checkpoint, let task else { return }
            let inputs = facts.inputs(of: task)
            for c in inputs where channels.takeBarrier(id, from: c) { barrierArrived(id, on: c, at: task) }
            if applies(id) {
                let missing = inputs.filter { !(arrived[task]?[id]?.contains($0) ?? false) }
                if !missing.isEmpty {
                    out.append(Violation(.alignedSnapshot, "\(names.tasks[task]) snapshotted checkpoint \(id) before barrier \(id) arrived on \(missing.map { names.channels[$0] }.joined(separator: ", "))", checkpoint: id, seq: e.seq))
                }
            }
            finish(id, at: task)
        case .jobFailover:
            arrived = [:]
            awaitingSnapshot = []
            current = [:]
            finished = [:]
        default:
            break
        }
    }
}
