import CheckpointTrace

/// aligned-snapshot: in aligned mode (and for savepoints in unaligned mode) a task snapshots n only
/// after barrier n arrived on every input channel, and processes nothing from a channel between
/// that channel's barrier n and the snapshot.
struct AlignedSnapshot {
    let facts: JobFacts
    var kinds: [Int: CheckpointKind] = [:]
    /// Per task and checkpoint: the input channels barrier n arrived on (this attempt).
    var arrived: [String: [Int: Set<String>]] = [:]
    /// Per channel: the barrier that arrived on it and whose snapshot has not been taken yet.
    var awaitingSnapshot: [String: Int] = [:]
    /// Per task: the newest checkpoint whose barrier arrived, and the ones it finished (snapshot,
    /// cancellation or cancel marker): a barrier of those is ignored by the handler.
    var current: [String: Int] = [:]
    var finished: [String: Set<Int>] = [:]

    init(facts: JobFacts) { self.facts = facts }

    func applies(_ id: Int) -> Bool {
        facts.mode == "aligned" || (facts.mode == "unaligned" && kinds[id] == .savepoint)
    }

    mutating func barrierArrived(_ id: Int, on c: String, at task: String) {
        if id < current[task] ?? 0 || finished[task]?.contains(id) == true { return }
        current[task] = id
        arrived[task, default: [:]][id, default: []].insert(c)
        if applies(id) { awaitingSnapshot[c] = id }
    }

    mutating func finish(_ id: Int, at task: String) {
        finished[task, default: []].insert(id)
        for c in facts.inputs[task] ?? [] where (awaitingSnapshot[c] ?? Int.max) <= id { awaitingSnapshot[c] = nil }
        arrived[task]?[id] = nil
    }

    mutating func observe(_ e: TraceEvent, channels: inout ChannelModel, into out: inout [Violation]) {
        switch e.type {
        case .checkpointTriggered:
            if let id = e.checkpoint { kinds[id] = e.kind ?? .checkpoint }
        case .barrierReceived:
            guard let id = e.checkpoint, let c = e.channel, let task = e.task else { return }
            if e.extra?["buffered"] == .bool(true) {
                channels.buffers[c, default: []].append(id)
            } else {
                barrierArrived(id, on: c, at: task)
            }
        case .cancelMarkerReceived:
            guard let id = e.checkpoint, let c = e.channel, e.extra?["buffered"] == .bool(true) else { return }
            channels.buffers[c, default: []].append(id)
        case .barrierUnbuffered:
            guard let id = e.checkpoint, let c = e.channel, let task = e.task else { return }
            if channels.takeBarrier(id, from: c), e.extra?["marker"] != .bool(true) { barrierArrived(id, on: c, at: task) }
        case .recordBuffered:
            if let c = e.channel { channels.buffers[c, default: []].append(nil) }
        case .recordProcessed:
            guard let c = e.channel, let task = e.task else { return }
            for id in channels.takeLeadingBarriers(c) { barrierArrived(id, on: c, at: task) }
            channels.takeRecord(c)
            if let id = awaitingSnapshot[c] {
                out.append(Violation(.alignedSnapshot, "\(task) processed \(e.record.map { "\"\($0)\"" } ?? "a record") from \(c) after barrier \(id) arrived on it and before its snapshot of checkpoint \(id)", checkpoint: id, seq: e.seq))
                awaitingSnapshot[c] = nil
            }
        case .channelBlocked:
            guard let id = e.checkpoint, let c = e.channel, let task = e.task else { return }
            if channels.takeBarrier(id, from: c) { barrierArrived(id, on: c, at: task) }
        case .channelUnblocked:
            if let c = e.channel { awaitingSnapshot[c] = nil }
        case .barrierCancelled, .cancelMarkerSent:
            guard let id = e.checkpoint, let task = e.task else { return }
            finish(id, at: task)
        case .snapshotStarted:
            guard let id = e.checkpoint, let task = e.task else { return }
            let inputs = facts.inputs[task] ?? []
            for c in inputs where channels.takeBarrier(id, from: c) { barrierArrived(id, on: c, at: task) }
            if applies(id) {
                let missing = inputs.filter { !(arrived[task]?[id]?.contains($0) ?? false) }
                if !missing.isEmpty {
                    out.append(Violation(.alignedSnapshot, "\(task) snapshotted checkpoint \(id) before barrier \(id) arrived on \(missing.joined(separator: ", "))", checkpoint: id, seq: e.seq))
                }
            }
            finish(id, at: task)
        case .jobFailover:
            arrived = [:]
            awaitingSnapshot = [:]
            current = [:]
            finished = [:]
        default:
            break
        }
    }
}
