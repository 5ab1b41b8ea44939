import CheckpointTrace

/// Applying one event to the state: the protocol's effect as docs/trace-events.md describes it.
/// `*-sent` adds to a channel's tail, `*-received` takes its head; failover empties data channels
/// and drops RPCs on their way to tasks; an unaligned restore puts channel state back.
extension ReplayState {
    /// Applies `event`, the next one of the trace. `layout` maps ids to indices; `previous` is the
    /// event before it (a `record-buffered` right after its `record-received` takes nothing more
    /// off the channel).
    public mutating func apply(_ e: TraceEvent, layout: ReplayLayout, previous: TraceEvent?) {
        step += 1
        if e.type == .barrierUnbuffered { sawUnbuffered = true }
        time = e.time
        let t = layout.taskIndex[e.task ?? e.actor]
        let channelID = e.channel ?? ReplayLayout.impliedChannel(of: e)
        let c = channelID.flatMap { layout.channelIndex[$0] }
        if let t, let m = e.checkpoint, !tasks[t].buffered.isEmpty, ReplayState.processing.contains(e.type), !sawUnbuffered {
            takeBufferedControl(t, checkpoint: m, event: e, previous: previous)
        }

        switch e.type {
        case .checkpointTriggered, .triggerQueued, .triggerSkipped:
            applyRequest(e)
        case .triggerSent, .notifyCompleteSent, .notifyAbortedSent, .ackSent, .declineSent, .triggerReceived, .notifyCompleteReceived,
             .notifyAbortedReceived, .ackReceived, .declineReceived, .ackIgnored, .declineIgnored:
            applyMessage(e, channel: c)
        case .barrierUnbuffered, .barrierSent, .cancelMarkerSent, .recordSent, .barrierReceived, .cancelMarkerReceived, .recordReceived,
             .recordBuffered, .recordProcessed, .recordEmitted, .outputEmitted, .transactionCommitted:
            applyDataPath(e, task: t, channel: c, channelID: channelID, previous: previous)
        case .channelBlocked, .channelUnblocked, .alignmentStarted, .alignmentCompleted, .barrierCancelled, .barrierInjected,
             .snapshotStarted, .snapshotCompleted, .snapshotFailed:
            applyTaskCheckpointing(e, task: t, channelID: channelID)
        case .checkpointCompleted, .checkpointAborted, .checkpointDiscarded:
            applyOutcome(e)
        case .taskFailed, .jobFailover, .restoreStarted, .taskRestored, .sourceRewound, .invariantViolated, .expectationFailed,
             .endOfInput, .jobFinished, .other:
            applyFailureOrEnd(e, task: t, layout: layout)
        }
    }

    /// A trigger request queued, skipped or started (CheckpointRequestDecider, startTriggeringCheckpoint).
    private mutating func applyRequest(_ e: TraceEvent) {
        switch e.type {
        case .checkpointTriggered:
            let id = e.checkpoint ?? coordinator.nextID
            coordinator.pending.append(PendingCheckpoint(id: id, kind: e.kind ?? .checkpoint, isFinal: e.isFinal ?? false,
                                                         triggeredAt: e.time))
            coordinator.nextID = max(coordinator.nextID, id == .max ? id : id + 1)
            removeQueued(e)
        case .triggerQueued:
            coordinator.queued.append(ReplayState.requestLabel(e))
        case .triggerSkipped:
            removeQueued(e)
        default: break
        }
    }

    /// An RPC sent or taken off its channel: trigger, notify, ack, decline (ignored ones too).
    private mutating func applyMessage(_ e: TraceEvent, channel c: Int?) {
        switch e.type {
        case .triggerSent: send(c, .rpc("trigger", e.checkpoint))
        case .notifyCompleteSent: send(c, .rpc("notify-complete", e.checkpoint))
        case .notifyAbortedSent: send(c, .rpc("notify-aborted", e.checkpoint))
        case .ackSent: send(c, .rpc("ack", e.checkpoint))
        case .declineSent: send(c, .rpc("decline", e.checkpoint))
        case .triggerReceived, .notifyCompleteReceived, .notifyAbortedReceived:
            let name = e.type == .triggerReceived ? "trigger" : e.type == .notifyCompleteReceived ? "notify-complete" : "notify-aborted"
            take(c, .rpc(name, e.checkpoint))
        case .ackReceived, .declineReceived:
            takeToCoordinator(c, .rpc(e.type == .ackReceived ? "ack" : "decline", e.checkpoint))
            if let i = pendingIndex(e.checkpoint), let task = e.task {
                if e.type == .ackReceived { coordinator.pending[i].acked.append(task) }
                else { coordinator.pending[i].declined.append(task) }
            }
        case .ackIgnored, .declineIgnored:
            // An ignored message was still delivered: take it off its channel unless the
            // `*-received` of the same step already did.
            let name = e.type == .ackIgnored ? "ack" : "decline"
            if let c, channels[c].queue.first == .rpc(name, e.checkpoint) { channels[c].queue.removeFirst() }
            else if let c, channels[c].queue.second == .rpc(name, e.checkpoint) { channels[c].queue.removeSecond() }
        default: break
        }
    }

    /// A record, barrier or cancel marker on a data channel, a record processed, a sink's output.
    private mutating func applyDataPath(_ e: TraceEvent, task t: Int?, channel c: Int?, channelID: String?, previous: TraceEvent?) {
        switch e.type {
        case .barrierUnbuffered:
            // Explicit in traces of ckpt ≥ 0.1: the buffered item leaves the buffer now.
            if let t, let id = channelID, let b = tasks[t].buffered.firstIndex(where: { $0.channel == id }) {
                tasks[t].buffered.remove(at: b)
            }
        case .barrierSent:
            guard let c else { break }
            // Unaligned (the event says what it overtook): the barrier goes ahead of every record,
            // behind the barriers and markers already at the head (DESIGN.md §2).
            if ReplayState.overtaken(e) != nil {
                channels[c].queue.insertPriority(.barrier(e.checkpoint ?? 0))
            } else {
                channels[c].queue.append(.barrier(e.checkpoint ?? 0))
            }
        case .cancelMarkerSent: send(c, .cancelMarker(e.checkpoint ?? 0))
        case .recordSent: send(c, .record(e.record ?? ""))
        case .barrierReceived:
            deliver(c, to: t, .barrier(e.checkpoint ?? 0), intoBuffer: e.extra?["buffered"]?.boolValue == true)
        case .cancelMarkerReceived:
            deliver(c, to: t, .cancelMarker(e.checkpoint ?? 0), intoBuffer: e.extra?["buffered"]?.boolValue == true)
        case .recordReceived:
            take(c, .record(e.record ?? ""))
        case .recordBuffered:
            guard let t, let channelID else { break }
            let justReceived = previous.map {
                $0.type == .recordReceived && ($0.task ?? $0.actor) == tasks[t].id && $0.record == e.record
            } ?? false
            if !justReceived { take(c, .record(e.record ?? "")) }
            tasks[t].buffered.append(BufferedItem(channel: channelID, item: .record(e.record ?? "")))
        case .recordProcessed:
            guard let t else { break }
            if let channelID {
                // The buffer is FIFO per channel: barriers or markers ahead of this record were
                // taken out (with no event of their own) before it.
                let ahead = tasks[t].buffered.firstIndex { $0.channel == channelID && $0.item == .record(e.record ?? "") }
                if let ahead {
                    let before = tasks[t].buffered[..<ahead].filter { $0.channel != channelID }
                    tasks[t].buffered = before + tasks[t].buffered[(ahead + 1)...]
                }
            }
            tasks[t].processed += 1
            if tasks[t].counts != nil, let r = e.record { tasks[t].counts![r, default: 0] += 1 }
        case .recordEmitted:
            if let t { tasks[t].offset = e.offset ?? ((tasks[t].offset ?? 0) + 1) }
        case .outputEmitted:
            guard let t, let r = e.record else { break }
            if tasks[t].sink == nil { tasks[t].sink = SinkOutput(transactional: e.extra?["transaction"] != nil) }
            if tasks[t].sink!.transactional { tasks[t].sink!.open.append(r) } else { tasks[t].sink!.committed.append(r) }
        case .transactionCommitted:
            guard let t else { break }
            if tasks[t].sink == nil { tasks[t].sink = SinkOutput(transactional: true) }
            tasks[t].sink!.committed.append(contentsOf: e.records ?? [])
            if let id = e.checkpoint { tasks[t].sink!.committedTransactions.insert(id) }
            tasks[t].sink!.preCommitted.removeAll { $0.checkpoint == e.checkpoint }
        default: break
        }
    }

    /// A task's alignment (blocks, start, end, cancellation) and its snapshots.
    private mutating func applyTaskCheckpointing(_ e: TraceEvent, task t: Int?, channelID: String?) {
        switch e.type {
        case .channelBlocked:
            guard let t, let channelID else { break }
            if !tasks[t].blocked.contains(channelID) { tasks[t].blocked.append(channelID) }
            if tasks[t].aligning == nil { tasks[t].aligning = e.checkpoint }
        case .channelUnblocked:
            guard let t, let channelID else { break }
            tasks[t].blocked.removeAll { $0 == channelID }
        case .alignmentStarted:
            if let t { tasks[t].aligning = e.checkpoint }
        case .alignmentCompleted:
            if let t { tasks[t].aligning = nil }
        case .barrierCancelled:
            if let t, tasks[t].aligning == e.checkpoint { tasks[t].aligning = nil }
        case .barrierInjected:
            break
        case .snapshotStarted:
            guard let t, let id = e.checkpoint else { break }
            tasks[t].snapshotting.append(id)
            if let offset = e.state?["offset"]?.intValue { tasks[t].offset = offset }
            if let counts = e.state?["counts"]?.objectValue { tasks[t].counts = ReplayState.counts(counts) }
            if tasks[t].sink?.transactional == true {
                tasks[t].sink!.preCommitted.append(Transaction(checkpoint: id, records: tasks[t].sink!.open))
                tasks[t].sink!.open = []
            }
        case .snapshotCompleted:
            guard let t, let id = e.checkpoint else { break }
            tasks[t].snapshotting.removeAll { $0 == id }
            tasks[t].lastSnapshot = TaskSnapshotInfo(checkpoint: id, state: e.state, bytes: e.bytes)
            if let cs = e.channelState { channelStates[id, default: [:]][tasks[t].id] = cs }
        case .snapshotFailed:
            if let t { tasks[t].snapshotting.removeAll { $0 == e.checkpoint } }
        default: break
        }
    }

    /// A checkpoint completed, aborted or discarded from the store; the failure counter.
    private mutating func applyOutcome(_ e: TraceEvent) {
        switch e.type {
        case .checkpointCompleted:
            guard let id = e.checkpoint else { break }
            let kind = e.kind ?? pendingIndex(id).map { coordinator.pending[$0].kind } ?? .checkpoint
            coordinator.pending.removeAll { $0.id == id }
            if kind == .checkpoint { coordinator.store.append(id) } else { channelStates[id] = nil }
            if id > (coordinator.lastCompleted ?? 0) { coordinator.failureCount = 0; coordinator.lastCompleted = id }
            coordinator.completedCount += 1
            addOutcome(CheckpointOutcome(id: id, kind: kind, result: "completed", time: e.time))
        case .checkpointAborted:
            guard let id = e.checkpoint else { break }
            let kind = e.kind ?? pendingIndex(id).map { coordinator.pending[$0].kind } ?? .checkpoint
            coordinator.pending.removeAll { $0.id == id }
            // CheckpointFailureManager's rule: which reasons count, for which kind.
            let counted = e.reason.map { CheckpointFailureReason.counts($0, for: kind) } ?? false
            if counted && id > (coordinator.lastCompleted ?? 0) { coordinator.failureCount += 1 }
            coordinator.abortedCount += 1
            channelStates[id] = nil
            addOutcome(CheckpointOutcome(id: id, kind: kind, result: e.reason ?? "aborted", time: e.time))
        case .checkpointDiscarded:
            coordinator.store.removeAll { $0 == e.checkpoint }
            if let id = e.checkpoint { channelStates[id] = nil }
        default: break
        }
    }

    /// A failure, failover and restore; a finding; the end of input and of the job.
    private mutating func applyFailureOrEnd(_ e: TraceEvent, task t: Int?, layout: ReplayLayout) {
        switch e.type {
        case .taskFailed:
            if let t { tasks[t].failed = true }
        case .jobFailover:
            failover(e)
        case .restoreStarted:
            for i in tasks.indices { tasks[i].restoring = true; tasks[i].failed = false }
            if !layout.restoredChannelStateInTrace, let id = e.checkpoint, let states = channelStates[id] {
                restoreChannels(states, layout: layout)
            }
        case .taskRestored:
            guard let t else { break }
            restore(t, e)
            // Unaligned: what went back to the head of this task's input channels.
            for entry in e.channelState?["input"]?.objectValue?.entries ?? [] {
                guard let c = layout.channelIndex[entry.key] else { continue }
                channels[c].queue.prepend((entry.value.arrayValue ?? []).compactMap(\.stringValue).map { .record($0) })
            }
        case .sourceRewound:
            if let t { tasks[t].offset = e.offset ?? 0 }
        case .invariantViolated, .expectationFailed:
            findings += 1
        case .endOfInput:
            endOfInput = true
        case .jobFinished:
            jobFinished = true
            for i in tasks.indices { tasks[i].finished = true }
        case .other:
            break
        default: break
        }
    }
    /// Events by which a task acts on a barrier or cancel marker (its checkpoint in `checkpoint`).
    static let processing: Set<EventType> = [.alignmentStarted, .channelBlocked, .alignmentCompleted, .barrierCancelled,
                                              .snapshotStarted, .barrierSent, .cancelMarkerSent, .declineSent]

    /// A buffered barrier or cancel marker leaves the buffer with no event of its own (its later
    /// delivery from the buffer records only what the task does with it). The first event of that
    /// work names its checkpoint: one on the item's channel, or one without a channel that does
    /// not follow another event of the same checkpoint at this task (that would belong to a
    /// barrier that came straight from the network).
    private mutating func takeBufferedControl(_ t: Int, checkpoint m: Int, event e: TraceEvent, previous: TraceEvent?) {
        for channel in Set(tasks[t].buffered.map(\.channel)) {
            guard let b = tasks[t].buffered.firstIndex(where: { $0.channel == channel }) else { continue }
            let item = tasks[t].buffered[b].item
            guard item == .barrier(m) || item == .cancelMarker(m) else { continue }
            let sameStep = previous.map { ($0.task ?? $0.actor) == tasks[t].id && $0.checkpoint == m } ?? false
            if e.channel == channel || (e.channel == nil && !sameStep) || (e.type == .channelBlocked && e.channel == channel) {
                tasks[t].buffered.remove(at: b)
                return
            }
        }
    }

    /// Takes the head of a channel; a head other than the event says (or none) means the trace
    /// and this model disagree, which is counted rather than hidden.
    private mutating func take(_ c: Int?, _ expected: InFlight) {
        guard let c else { mismatches += 1; return }
        if channels[c].queue.removeFirst() != expected { mismatches += 1 }
    }

    /// Takes an ack or decline off a task's channel to the coordinator: the head, or the one just
    /// behind it, which the JobManager may handle first (DESIGN.md §2.2, the IO thread pool).
    private mutating func takeToCoordinator(_ c: Int?, _ expected: InFlight) {
        guard let c else { mismatches += 1; return }
        if channels[c].queue.first != expected, channels[c].queue.second == expected {
            channels[c].queue.removeSecond()
            return
        }
        take(c, expected)
    }

    private mutating func send(_ c: Int?, _ item: InFlight) {
        if let c { channels[c].queue.append(item) }
    }

    /// A barrier or cancel marker arrives: into the alignment buffer if its channel is blocked,
    /// or, when it was buffered earlier, out of the buffer (it left the channel then).
    private mutating func deliver(_ c: Int?, to t: Int?, _ item: InFlight, intoBuffer: Bool) {
        if let t, !intoBuffer, let c, let b = tasks[t].buffered.firstIndex(where: { $0.channel == channels[c].id }),
           tasks[t].buffered[b].item == item {
            tasks[t].buffered.remove(at: b)
            return
        }
        take(c, item)
        if intoBuffer, let t, let c { tasks[t].buffered.append(BufferedItem(channel: channels[c].id, item: item)) }
    }

    private mutating func failover(_ e: TraceEvent) {
        coordinator.attempt = e.attempt ?? (coordinator.attempt == .max ? .max : coordinator.attempt + 1)
        coordinator.failovers += 1
        if e.reason == "tolerable-failures-exceeded" { coordinator.failureCount = 0 }
        coordinator.pending.removeAll()
        coordinator.queued.removeAll()
        for i in channels.indices where !channels[i].isRPC || channels[i].to != "coordinator" {
            channels[i].queue.removeAll()
        }
        for i in tasks.indices {
            tasks[i].restoring = true
            tasks[i].aligning = nil
            tasks[i].snapshotting = []
            tasks[i].blocked = []
            tasks[i].buffered = []
        }
    }

    private mutating func restore(_ t: Int, _ e: TraceEvent) {
        tasks[t].restoring = false
        tasks[t].failed = false
        if let a = e.attempt { tasks[t].attempt = a }
        tasks[t].processed = 0
        let state = e.state
        if let offset = state?["offset"]?.intValue { tasks[t].offset = offset } else if tasks[t].offset != nil { tasks[t].offset = 0 }
        if let counts = state?["counts"]?.objectValue { tasks[t].counts = ReplayState.counts(counts) }
        else if tasks[t].counts != nil { tasks[t].counts = [:] }
        if tasks[t].sink != nil {
            tasks[t].sink!.open = []
            // Re-committing a transaction the output store already has changes nothing and records
            // no event (commits are idempotent), so those are not pending any more.
            let done = tasks[t].sink!.committedTransactions
            tasks[t].sink!.preCommitted = (state?["transactions"]?.arrayValue ?? []).compactMap { v in
                guard let id = v["checkpoint"]?.intValue, !done.contains(id) else { return nil }
                return Transaction(checkpoint: id, records: (v["records"]?.arrayValue ?? []).compactMap(\.stringValue))
            }
        }
    }

    /// Unaligned restore: per channel, the receiver's input channel state, then the sender's
    /// output channel state, go back to the head of the channel (docs/trace-events.md).
    private mutating func restoreChannels(_ states: [String: JSONValue], layout: ReplayLayout) {
        var input: [String: [InFlight]] = [:], output: [String: [InFlight]] = [:]
        for task in tasks {
            guard let cs = states[task.id] else { continue }
            for entry in cs["input"]?.objectValue?.entries ?? [] {
                input[entry.key, default: []] += (entry.value.arrayValue ?? []).compactMap(\.stringValue).map { .record($0) }
            }
            for entry in cs["output"]?.objectValue?.entries ?? [] {
                output[entry.key, default: []] += (entry.value.arrayValue ?? []).compactMap(\.stringValue).map { .record($0) }
            }
        }
        for i in channels.indices {
            let items = (input[channels[i].id] ?? []) + (output[channels[i].id] ?? [])
            if !items.isEmpty { channels[i].queue.prepend(items) }
        }
    }

    private func pendingIndex(_ id: Int?) -> Int? { coordinator.pending.firstIndex { $0.id == id } }

    private mutating func addOutcome(_ o: CheckpointOutcome) {
        coordinator.outcomes.append(o)
        if coordinator.outcomes.count > 8 { coordinator.outcomes.removeFirst() }
    }

    private mutating func removeQueued(_ e: TraceEvent) {
        let label = ReplayState.requestLabel(e)
        if let i = coordinator.queued.firstIndex(of: label) { coordinator.queued.remove(at: i) }
    }

    /// `kind/request` (`checkpoint/periodic`, `savepoint/manual`): how queued requests are told apart.
    static func requestLabel(_ e: TraceEvent) -> String {
        "\((e.kind ?? .checkpoint).rawValue)/\(e.extra?["request"]?.stringValue ?? "manual")"
    }

    /// The number of records an unaligned barrier overtook: `overtook` as a count or a list.
    static func overtaken(_ e: TraceEvent) -> Int? {
        switch e.extra?["overtook"] {
        case .int(let n)?: return n
        case .array(let items)?: return items.count
        default: return nil
        }
    }

    static func counts(_ o: JSONObject) -> [String: Int] {
        var d: [String: Int] = [:]
        for entry in o.entries { if let n = entry.value.intValue { d[entry.key] = n } }
        return d
    }
}
