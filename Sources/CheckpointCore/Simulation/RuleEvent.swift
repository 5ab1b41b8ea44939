import CheckpointTrace

/// An event a protocol rule records, said in the protocol's words: every rule emits through
/// `Simulator.emit(_:)`, and this file alone decides how each is written (DESIGN.md §3): the
/// frequent ones in compact form (`CompactEvent`: tasks and channels as indices), the rest as named
/// trace events. Tasks and channels are indices into the job graph.
enum RuleEvent {
    // Requests and triggers (CheckpointRequestDecider, CheckpointCoordinator).
    case triggerQueued(TriggerRequest)
    case triggerSkipped(TriggerRequest, reason: CheckpointFailureReason)
    case checkpointTriggered(checkpoint: Int, kind: CheckpointKind, isFinal: Bool, periodic: Bool)
    /// A stop-with-savepoint's synchronous savepoint started.
    case stopSavepointTriggered(checkpoint: Int)
    case triggerSent(checkpoint: Int, source: Int, channel: Int)
    case triggerReceived(checkpoint: Int, task: Int, channel: Int)
    // Acks and declines.
    case ackSent(checkpoint: Int, task: Int, channel: Int, attempt: Int)
    case ackReceived(checkpoint: Int, from: Int, channel: Int, attempt: Int)
    case ackIgnored(checkpoint: Int, from: Int, channel: Int, attempt: Int, why: String)
    case declineSent(checkpoint: Int, task: Int, channel: Int, reason: CheckpointFailureReason, attempt: Int)
    case declineReceived(checkpoint: Int, from: Int, channel: Int, reason: CheckpointFailureReason, attempt: Int)
    case declineIgnored(checkpoint: Int, from: Int, channel: Int, attempt: Int, why: String, reason: CheckpointFailureReason)
    // Outcomes and notifications.
    case checkpointCompleted(checkpoint: Int, kind: CheckpointKind, isFinal: Bool, bytes: Int, duration: Int)
    case checkpointDiscarded(checkpoint: Int)
    case checkpointAborted(checkpoint: Int, kind: CheckpointKind, reason: CheckpointFailureReason)
    case notifyCompleteSent(checkpoint: Int, task: Int, channel: Int)
    case notifyCompleteReceived(checkpoint: Int, task: Int, channel: Int)
    case notifyAbortedSent(checkpoint: Int, task: Int, channel: Int, latest: Int?)
    case notifyAbortedReceived(checkpoint: Int, task: Int, channel: Int, latest: Int?)
    case transactionCommitted(checkpoint: Int, task: Int, records: [String])
    // Barriers, markers and alignment at a task.
    case barrierInjected(checkpoint: Int, task: Int)
    case barrierSent(checkpoint: Int, task: Int, to: Int, channel: Int, overtook: Int)
    case barrierReceived(checkpoint: Int, task: Int, from: Int, channel: Int, buffered: Bool)
    /// A barrier (or, `marker`, a cancel marker) leaves the alignment buffer.
    case barrierUnbuffered(checkpoint: Int, task: Int, channel: Int, marker: Bool)
    case alignmentStarted(checkpoint: Int, task: Int)
    case alignmentCompleted(checkpoint: Int, task: Int)
    case channelBlocked(checkpoint: Int, task: Int, channel: Int)
    case channelUnblocked(checkpoint: Int, task: Int, channel: Int)
    case barrierCancelled(checkpoint: Int, task: Int, reason: CheckpointFailureReason)
    /// The task skips a checkpoint it was told was aborted (no decline).
    case checkpointSkippedAsAborted(checkpoint: Int, task: Int)
    case cancelMarkerSent(checkpoint: Int, task: Int, to: Int, channel: Int)
    case cancelMarkerReceived(checkpoint: Int, task: Int, from: Int, channel: Int, buffered: Bool)
    // Snapshots.
    case snapshotStarted(checkpoint: Int, task: Int, payload: CompactEvent.SnapshotPayload)
    case snapshotCompleted(checkpoint: Int, task: Int, payload: CompactEvent.SnapshotPayload)
    case snapshotFailed(checkpoint: Int, task: Int, phase: SnapshotPhase)
    // The data path.
    case recordEmitted(task: Int, offset: Int, record: String)
    case recordSent(task: Int, to: Int, channel: Int, record: String)
    case recordReceived(task: Int, from: Int, channel: Int, record: String)
    case recordBuffered(task: Int, channel: Int, checkpoint: Int?, record: String)
    case recordProcessed(task: Int, channel: Int, record: String)
    case outputEmitted(task: Int, record: String)
    // Failures, restores and the run's end.
    case taskFailed(task: Int, attempt: Int, cause: String?)
    case jobFailover(task: Int?, attempt: Int, reason: FailoverReason)
    case restoreStarted(checkpoint: Int?, attempt: Int)
    case taskRestored(checkpoint: Int?, task: Int, attempt: Int, payload: CompactEvent.SnapshotPayload)
    case sourceRewound(task: Int, checkpoint: Int?, offset: Int)
    case endOfInput
    case jobFinished(checkpoint: Int?)
}

extension Simulator {
    /// Records what a rule says happened (see `RuleEvent`). Transparent (inlined before
    /// optimization): the case is known at every call, so only its own branch is left there, and
    /// no event value is made.
    @_transparent
    func emit(_ event: RuleEvent) {
        switch event {
        case .triggerQueued(let r):
            record(TraceEvent(type: .triggerQueued, actor: "coordinator", kind: r.kind, isFinal: r.isFinal,
                              extra: JSONObject("request", .string(r.requestName))))
        case .triggerSkipped(let r, let reason):
            record(TraceEvent(type: .triggerSkipped, actor: "coordinator", kind: r.kind, isFinal: r.isFinal,
                              reason: reason.name, extra: JSONObject("request", .string(r.requestName))))
        case .checkpointTriggered(let id, let kind, let isFinal, let periodic):
            record(CompactEvent(triggered: id, kind: kind, isFinal: isFinal, periodic: periodic))
        case .stopSavepointTriggered(let id):
            record(TraceEvent(type: .checkpointTriggered, actor: "coordinator", checkpoint: id, kind: .savepoint, isFinal: false,
                              extra: JSONObject(["request": .string("manual"), "stop": .bool(true)])))
        case .triggerSent(let id, let s, let c):
            record(CompactEvent(type: .triggerSent, checkpoint: id, task: s, byCoordinator: true, peer: s, channel: c))
        case .triggerReceived(let id, let t, let c):
            record(CompactEvent(type: .triggerReceived, checkpoint: id, task: t, channel: c))
        case .ackSent(let id, let t, let c, let a):
            record(CompactEvent(type: .ackSent, checkpoint: id, task: t, channel: c, attempt: a))
        case .ackReceived(let id, let t, let c, let a):
            record(CompactEvent(type: .ackReceived, checkpoint: id, task: t, byCoordinator: true, channel: c, attempt: a))
        case .ackIgnored(let id, let t, let c, let a, let why):
            record(CompactEvent(run: .ackIgnored, checkpoint: id, task: t, channel: c, attempt: a, reason: why))
        case .declineSent(let id, let t, let c, let reason, let a):
            record(TraceEvent(type: .declineSent, actor: taskName(t), checkpoint: id, task: taskName(t), channel: channelName(c),
                              reason: reason.name, attempt: a))
        case .declineReceived(let id, let t, let c, let reason, let a):
            record(TraceEvent(type: .declineReceived, actor: "coordinator", checkpoint: id, task: taskName(t), channel: channelName(c),
                              reason: reason.name, attempt: a))
        case .declineIgnored(let id, let t, let c, let a, let why, let reason):
            record(TraceEvent(type: .declineIgnored, actor: "coordinator", checkpoint: id, task: taskName(t), channel: channelName(c),
                              reason: why, attempt: a, extra: JSONObject("decline-reason", .string(reason.name))))
        case .checkpointCompleted(let id, let kind, let isFinal, let bytes, let duration):
            record(TraceEvent(type: .checkpointCompleted, actor: "coordinator", checkpoint: id, kind: kind, isFinal: isFinal, bytes: bytes,
                              extra: JSONObject("duration", .int(duration))))
        case .checkpointDiscarded(let id):
            record(TraceEvent(type: .checkpointDiscarded, actor: "coordinator", checkpoint: id))
        case .checkpointAborted(let id, let kind, let reason):
            record(CompactEvent(aborted: id, kind: kind, reason: reason))
        case .notifyCompleteSent(let id, let t, let c):
            record(CompactEvent(type: .notifyCompleteSent, checkpoint: id, task: t, byCoordinator: true, peer: t, channel: c))
        case .notifyCompleteReceived(let id, let t, let c):
            record(CompactEvent(type: .notifyCompleteReceived, checkpoint: id, task: t, channel: c))
        case .notifyAbortedSent(let id, let t, let c, let latest):
            record(CompactEvent(notifyAborted: .notifyAbortedSent, checkpoint: id, task: t, channel: c, latest: latest))
        case .notifyAbortedReceived(let id, let t, let c, let latest):
            record(CompactEvent(notifyAborted: .notifyAbortedReceived, checkpoint: id, task: t, channel: c, latest: latest))
        case .transactionCommitted(let id, let t, let records):
            record(CompactEvent(committed: id, task: t, records: records))
        // The task side: barriers, alignment, snapshots, the data path, failures and restores.
        case .barrierInjected(let id, let t):
            record(CompactEvent(type: .barrierInjected, checkpoint: id, task: t))
        case .barrierSent(let id, let t, let to, let c, let overtook):
            record(CompactEvent(type: .barrierSent, checkpoint: id, task: t, peer: to, channel: c, note: overtook))
        case .barrierReceived(let id, let t, let from, let c, let buffered):
            record(CompactEvent(type: .barrierReceived, checkpoint: id, task: t, peer: from, channel: c, note: buffered ? 1 : -1))
        case .barrierUnbuffered(let id, let t, let c, let marker):
            var e = TraceEvent(type: .barrierUnbuffered, actor: taskName(t), checkpoint: id, task: taskName(t), channel: channelName(c))
            if marker { e.extra = JSONObject("marker", .bool(true)) }
            record(e)
        case .alignmentStarted(let id, let t):
            record(CompactEvent(type: .alignmentStarted, checkpoint: id, task: t))
        case .alignmentCompleted(let id, let t):
            record(CompactEvent(type: .alignmentCompleted, checkpoint: id, task: t))
        case .channelBlocked(let id, let t, let c):
            record(CompactEvent(type: .channelBlocked, checkpoint: id, task: t, channel: c))
        case .channelUnblocked(let id, let t, let c):
            record(CompactEvent(type: .channelUnblocked, checkpoint: id, task: t, channel: c))
        case .barrierCancelled(let id, let t, let reason):
            record(TraceEvent(type: .barrierCancelled, actor: taskName(t), checkpoint: id, task: taskName(t), reason: reason.name))
        case .checkpointSkippedAsAborted(let id, let t):
            record(TraceEvent(type: .barrierCancelled, actor: taskName(t), checkpoint: id, task: taskName(t), reason: Simulator.notifiedAborted))
        case .cancelMarkerSent(let id, let t, let to, let c):
            record(TraceEvent(type: .cancelMarkerSent, actor: taskName(t), checkpoint: id, task: taskName(t), to: taskName(to), channel: channelName(c)))
        case .cancelMarkerReceived(let id, let t, let from, let c, let buffered):
            var e = TraceEvent(type: .cancelMarkerReceived, actor: taskName(t), checkpoint: id, task: taskName(t), from: taskName(from),
                               channel: channelName(c))
            if buffered { e.extra = JSONObject("buffered", .bool(true)) }
            record(e)
        case .snapshotStarted(let id, let t, let payload):
            record(CompactEvent(type: .snapshotStarted, checkpoint: id, task: t, payload: payload))
        case .snapshotCompleted(let id, let t, let payload):
            record(CompactEvent(type: .snapshotCompleted, checkpoint: id, task: t, payload: payload))
        case .snapshotFailed(let id, let t, let phase):
            record(TraceEvent(type: .snapshotFailed, actor: taskName(t), checkpoint: id, task: taskName(t), phase: phase.rawValue))
        case .recordEmitted(let t, let offset, let r):
            record(CompactEvent(type: .recordEmitted, task: t, offset: offset, record: r))
        case .recordSent(let t, let to, let c, let r):
            record(CompactEvent(type: .recordSent, task: t, peer: to, channel: c, record: r))
        case .recordReceived(let t, let from, let c, let r):
            record(CompactEvent(type: .recordReceived, task: t, peer: from, channel: c, record: r))
        case .recordBuffered(let t, let c, let id, let r):
            record(CompactEvent(type: .recordBuffered, task: t, channel: c, checkpoint: id, record: r))
        case .recordProcessed(let t, let c, let r):
            record(CompactEvent(type: .recordProcessed, task: t, channel: c, record: r))
        case .outputEmitted(let t, let r):
            record(CompactEvent(type: .outputEmitted, task: t, record: r))
        case .taskFailed(let t, let a, let cause):
            record(CompactEvent(run: .taskFailed, task: t, attempt: a, cause: cause))
        case .jobFailover(let t, let a, let reason):
            record(CompactEvent(run: .jobFailover, task: t ?? -1, attempt: a, reason: reason.rawValue))
        case .restoreStarted(let id, let a):
            record(CompactEvent(run: .restoreStarted, checkpoint: id, attempt: a))
        case .taskRestored(let id, let t, let a, let payload):
            record(CompactEvent(type: .taskRestored, checkpoint: id, task: t, attempt: a, payload: payload))
        case .sourceRewound(let t, let id, let offset):
            record(CompactEvent(sourceRewound: t, checkpoint: id, offset: offset))
        case .endOfInput:
            record(CompactEvent(run: .endOfInput))
        case .jobFinished(let id):
            record(CompactEvent(run: .jobFinished, checkpoint: id))
        }
    }
}
