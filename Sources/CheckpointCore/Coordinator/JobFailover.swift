// Failover and restore. No single Flink class: Flink spreads this over DefaultScheduler
// (#handleTaskFailure, #handleGlobalFailure → restartTasks), its failover strategy
// (RestartPipelinedRegionFailoverStrategy; every task here is in one region),
// CheckpointCoordinator#restoreLatestCheckpointedStateToAll (which checkpoint), the tasks'
// StreamTask#restoreInternal (operator and channel state) and, for sources, the offsets in their
// restored state. CheckpointFailureManager's failover for too many failures ends here too.
import CheckpointTrace

/// Why the job fails over (`job-failover`'s `reason`, DESIGN.md §3).
public enum FailoverReason: String, Sendable {
    /// A task crashed (scripted, injected, or a synchronous snapshot failure).
    case taskFailure = "task-failure"
    /// CheckpointFailureManager: more counted checkpoint failures than `tolerable-failures`.
    case tolerableFailuresExceeded = "tolerable-failures-exceeded"
}

extension Simulator {
    /// DefaultScheduler#handleTaskFailure / #handleGlobalFailure → restartTasks, in one step: abort
    /// what is pending (CheckpointCoordinator#abortPendingCheckpoints, CHECKPOINT_COORDINATOR_SUSPEND),
    /// drop the queue, empty the channels, restore every task from the latest completed checkpoint
    /// (or a fresh start), rewind sources, restart the periodic scheduler.
    public func failover(failedTask: Int?, cause: String?, reason: FailoverReason) {
        if let t = failedTask {
            emit(.taskFailed(task: t, attempt: attempt, cause: cause))
        }
        if deviations.failoverEndsPending { abortPendingOnFailover() }
        for request in coordinator.queue.removeAll(where: { _ in true }) {
            recordSkipped(request, reason: .checkpointCoordinatorSuspend)
        }
        attempt += 1
        emit(.jobFailover(task: failedTask, attempt: attempt, reason: reason))
        for c in graph.channels.indices {
            let ch = graph.channels[c]
            network.reset(c, keepQueue: ch.isRPC && ch.from != JobGraph.coordinator)
        }
        timers.removeAll()
        if !deviations.failoverEndsPending {
            for p in coordinator.pending { timers.schedule(.checkpointTimeout(checkpoint: p.id), at: p.triggerTime + config.timeout) }
        }
        if !deviations.idCounterSurvivesFailover { coordinator.nextId = 1 }
        coordinator.endOfInput = false
        coordinator.stopping = false
        coordinator.finalRequested = false
        coordinator.finalCompletedId = nil
        coordinator.finalNotified.removeAll()
        restoreLatestCheckpointedState()
        startPeriodicScheduler()
    }

    /// CheckpointCoordinator#abortPendingCheckpoints on a failover: every pending checkpoint ends
    /// with CHECKPOINT_COORDINATOR_SUSPEND; its notifications would reach tasks that are gone, so
    /// none is sent, and the abort counts toward nothing.
    func abortPendingOnFailover() {
        for p in coordinator.pending {
            coordinator.endedIds.insert(p.id)
            emit(.checkpointAborted(checkpoint: p.id, kind: p.kind, reason: .checkpointCoordinatorSuspend))
        }
        coordinator.pending = []
    }

    /// CheckpointCoordinator#restoreLatestCheckpointedStateToAll: restore every task from the
    /// latest checkpoint in the store (savepoints never enter it), or start afresh.
    func restoreLatestCheckpointedState() {
        let restored = deviations.restoresLatest ? coordinator.store.latest : coordinator.store.oldest
        emit(.restoreStarted(checkpoint: restored?.id, attempt: attempt))
        // Channel state first: what goes back to the head of each data channel (unaligned).
        var channelContents: [Int: [String]] = [:]
        if let restored, deviations.restoresChannelState {
            for c in graph.channels.indices where !graph.channels[c].isRPC {
                let ch = graph.channels[c]
                let records = (restored.snapshots[ch.to]?.inputChannelState[c] ?? []) + (restored.snapshots[ch.from]?.outputChannelState[c] ?? [])
                if !records.isEmpty { channelContents[c] = records }
            }
        }
        let previousOffsets = tasks.map(\.offset)
        recordsInFlight = 0
        recordsToEmit = 0
        for t in tasks.indices {
            let snapshot = restored?.snapshots[t]
            let runtime = tasks[t]
            runtime.reset(attempt: attempt)
            runtime.lastNotifiedComplete = restored?.id ?? 0
            if let snapshot { apply(snapshot.state, to: runtime) }
            // The restored state is the snapshot's, or a fresh start's, the same for every task of a kind.
            let captured = snapshot?.captured ?? CapturedState.fresh(kind: graph.tasks[t].kind, delivery: graph.tasks[t].delivery)
            runtime.captured = captured
            resetRoundRobin(t)
            let inputs = channelContents.isEmpty ? [] : graph.tasks[t].inputs.filter { channelContents[$0] != nil }
            if inputs.isEmpty {
                emit(.taskRestored(checkpoint: restored?.id, task: t, attempt: attempt, payload: captured.payload))
            } else {
                let channelState: JSONValue = .object(JSONObject(["input": .object(JSONObject(inputs.map {
                    JSONObject.Entry(channelName($0), .array(channelContents[$0]!.map { .string($0) }))
                }))]))
                emit(.taskRestored(checkpoint: restored?.id, task: t, attempt: attempt,
                                   payload: CompactEvent.SnapshotPayload(source: captured.state, bytes: nil, channelState: channelState)))
            }
            if graph.tasks[t].kind == .sink && graph.tasks[t].delivery == .transactional {
                recoverAndCommit(task: t)
            }
        }
        for s in graph.sourceTasks {
            if !deviations.rewindsSources { tasks[s].offset = previousOffsets[s] }
            emit(.sourceRewound(task: s, checkpoint: restored?.id, offset: tasks[s].offset))
            recordsToEmit += max(0, sourceData(s).count - tasks[s].offset)
        }
        noteSourceOffsets()
        for (c, records) in channelContents.sorted(by: { $0.key < $1.key }) {
            network.replace(c, with: records.map { .record($0) })
            recordsInFlight += records.count
        }
    }

    /// StreamTask#restoreInternal → the operators' initializeState: a task takes its snapshotted state.
    func apply(_ state: OperatorState, to runtime: TaskRuntime) {
        switch state {
        case .source(let offset): runtime.offset = offset
        case .keyedCount(let counts): runtime.counts = counts
        case .transactionalSink(let pending): runtime.pendingTransactions = pending
        case .stateless, .plainSink: break
        }
    }
}

extension TaskRuntime {
    /// The task's operator state now, captured once until it changes.
    func capturedState(kind: OperatorKind, delivery: SinkDelivery) -> CapturedState {
        if let captured { return captured }
        // A stateless operator's and a plain sink's state never differs from a fresh start's.
        let holdsNoData = kind == .tokenize || kind == .map || (kind == .sink && delivery != .transactional)
        let now = holdsNoData ? CapturedState.fresh(kind: kind, delivery: delivery) : CapturedState(operatorState(kind: kind, delivery: delivery))
        captured = now
        return now
    }

    /// The task's operator state now, as a snapshot captures it.
    func operatorState(kind: OperatorKind, delivery: SinkDelivery) -> OperatorState {
        switch kind {
        case .source: return .source(offset: offset)
        case .tokenize, .map: return .stateless
        case .keyedCount: return .keyedCount(counts)
        case .sink: return delivery == .transactional ? .transactionalSink(pending: pendingTransactions) : .plainSink
        }
    }
}
