import CheckpointTrace

/// One plain-English sentence per event type saying what the event means in the protocol,
/// with the event's fields filled in.
public enum EventExplanation {
    /// `header` (when known) tells a transactional sink from a plain one.
    public static func sentence(for e: TraceEvent, header: TraceHeader? = nil) -> String {
        let task = e.task ?? e.actor
        let n = e.checkpoint.map(String.init) ?? "?"
        let what = e.kind == .savepoint ? "savepoint" : "checkpoint"
        let channel = e.channel ?? "?"
        let reason = e.reason ?? "?"
        switch e.type {
        case .checkpointTriggered, .triggerQueued, .triggerSkipped, .triggerSent, .triggerReceived:
            return requestSentence(e, task: task, n: n, what: what, channel: channel, reason: reason, header: header)
        case .barrierInjected, .barrierSent, .barrierReceived, .cancelMarkerSent, .cancelMarkerReceived, .channelBlocked,
             .channelUnblocked, .alignmentStarted, .alignmentCompleted, .barrierCancelled, .barrierUnbuffered:
            return barrierSentence(e, task: task, n: n, what: what, channel: channel, reason: reason, header: header)
        case .snapshotStarted, .snapshotCompleted, .snapshotFailed, .ackSent, .ackReceived,
             .declineSent, .declineReceived, .ackIgnored, .declineIgnored:
            return snapshotSentence(e, task: task, n: n, what: what, channel: channel, reason: reason, header: header)
        case .checkpointCompleted, .checkpointAborted, .checkpointDiscarded, .notifyCompleteSent,
             .notifyCompleteReceived, .notifyAbortedSent, .notifyAbortedReceived, .transactionCommitted:
            return outcomeSentence(e, task: task, n: n, what: what, channel: channel, reason: reason, header: header)
        case .taskFailed, .jobFailover, .restoreStarted, .taskRestored, .sourceRewound:
            return failureSentence(e, task: task, n: n, what: what, channel: channel, reason: reason, header: header)
        case .recordEmitted, .recordSent, .recordReceived, .recordProcessed, .recordBuffered, .outputEmitted:
            return dataSentence(e, task: task, n: n, what: what, channel: channel, reason: reason, header: header)
        case .invariantViolated, .expectationFailed, .endOfInput, .jobFinished, .other:
            return runSentence(e, task: task, n: n, what: what, channel: channel, reason: reason, header: header)
        }
    }

    /// A trigger request and the trigger RPC.
    private static func requestSentence(_ e: TraceEvent, task: String, n: String, what: String, channel: String, reason: String,
                                    header: TraceHeader?) -> String {
        switch e.type {
        case .checkpointTriggered:
            let request = e.extra?["request"]?.stringValue.map { " (\($0) request)" } ?? ""
            return (e.isFinal == true ? "The coordinator starts the final \(what) \(n) after end of input"
                                      : "The coordinator starts \(what) \(n)\(request)")
                + ": it becomes pending and the trigger RPC goes to every source."
        case .triggerQueued:
            return "A \(e.kind?.rawValue ?? "checkpoint") request waits in the coordinator's queue (too many checkpoints pending)."
        case .triggerSkipped:
            return "The coordinator drops a \(e.kind?.rawValue ?? "checkpoint") request: \(reason)."
        case .triggerSent:
            return "The coordinator sends the trigger for \(what) \(n) to source \(task) over \(channel)."
        case .triggerReceived:
            return "Source \(task) receives the trigger for checkpoint \(n)."
        default: return other(e)
        }
    }

    /// Barriers, cancel markers and alignment at a task.
    private static func barrierSentence(_ e: TraceEvent, task: String, n: String, what: String, channel: String, reason: String,
                                    header: TraceHeader?) -> String {
        switch e.type {
        case .barrierInjected:
            return "Source \(task) injects barrier \(n) into its stream: records before it belong to checkpoint \(n)."
        case .barrierSent:
            let overtook = ReplayState.overtaken(e).map { $0 > 0 ? " overtaking \($0) record(s) (unaligned)" : "" } ?? ""
            return "\(task) puts barrier \(n) on \(channel)\(overtook)."
        case .barrierReceived:
            return e.extra?["buffered"]?.boolValue == true
                ? "\(task) receives barrier \(n) on a blocked channel, \(channel): it waits in the alignment buffer."
                : "\(task) receives barrier \(n) from \(e.from ?? "?") on \(channel)."
        case .cancelMarkerSent:
            return "\(task) sends a cancel marker for checkpoint \(n) on \(channel): downstream tasks stop waiting for barrier \(n)."
        case .cancelMarkerReceived:
            return "\(task) receives a cancel marker for checkpoint \(n) on \(channel)."
        case .channelBlocked:
            return "\(task) blocks \(channel): barrier \(n) arrived there first, so later input on it waits until alignment ends."
        case .channelUnblocked:
            return "\(task) unblocks \(channel): input held for checkpoint \(n) is processed again."
        case .alignmentStarted:
            return "\(task) starts aligning checkpoint \(n): it waits for barrier \(n) on every input channel."
        case .alignmentCompleted:
            return "\(task) has barrier \(n) from every input: alignment of checkpoint \(n) is done."
        case .barrierCancelled:
            return "\(task) gives up checkpoint \(n) (\(reason)): it unblocks, declines and forwards a cancel marker."
        case .barrierUnbuffered:
            let what = e.extra?["marker"] == .bool(true) ? "cancel marker" : "barrier"
            return "\(e.task ?? "?") takes \(what) \(n) out of its alignment buffer for \(channel) and acts on it now."
        default: return other(e)
        }
    }

    /// A task's snapshot and the ack or decline it sends.
    private static func snapshotSentence(_ e: TraceEvent, task: String, n: String, what: String, channel: String, reason: String,
                                    header: TraceHeader?) -> String {
        switch e.type {
        case .snapshotStarted:
            return "\(task) takes the synchronous part of its snapshot for checkpoint \(n)\(stateText(e.state)); the upload runs asynchronously."
        case .snapshotCompleted:
            let bytes = e.bytes.map { ", \($0) bytes" } ?? ""
            let channels = e.channelState != nil ? " with in-flight channel state" : ""
            return "\(task) finishes its snapshot for checkpoint \(n)\(bytes)\(channels)."
        case .snapshotFailed:
            return "\(task)'s snapshot for checkpoint \(n) fails in its \(e.phase ?? "async") phase."
        case .ackSent:
            return "\(task) acknowledges checkpoint \(n) to the coordinator (attempt \(e.attempt ?? 0))."
        case .ackReceived:
            return "The coordinator receives \(task)'s ack for checkpoint \(n)."
        case .declineSent:
            return "\(task) declines checkpoint \(n): \(reason)."
        case .declineReceived:
            return "The coordinator receives \(task)'s decline of checkpoint \(n) (\(reason)), so checkpoint \(n) cannot complete."
        case .ackIgnored:
            return "The coordinator ignores \(task)'s ack for checkpoint \(n): \(reason)."
        case .declineIgnored:
            return "The coordinator ignores \(task)'s decline of checkpoint \(n): \(reason)."
        default: return other(e)
        }
    }

    /// How a checkpoint ends, the notifications, a sink's commit.
    private static func outcomeSentence(_ e: TraceEvent, task: String, n: String, what: String, channel: String, reason: String,
                                    header: TraceHeader?) -> String {
        switch e.type {
        case .checkpointCompleted:
            let kindText = e.kind == .savepoint ? "Savepoint" : "Checkpoint"
            let store = e.kind == .savepoint ? "; savepoints never enter the store" : " and enters the store"
            return "\(kindText) \(n) is complete: every task acknowledged\(store)."
        case .checkpointAborted:
            return "\(what.prefix(1).uppercased() + what.dropFirst()) \(n) is aborted: \(reason)."
        case .checkpointDiscarded:
            return "Checkpoint \(n) is dropped from the completed store: more than the retained number are kept."
        case .notifyCompleteSent:
            return "The coordinator tells \(task) that checkpoint \(n) completed (notifyCheckpointComplete)."
        case .notifyCompleteReceived:
            return "\(task) learns that checkpoint \(n) completed; a two-phase-commit sink commits now."
        case .notifyAbortedSent:
            return "The coordinator tells \(task) that checkpoint \(n) was aborted."
        case .notifyAbortedReceived:
            return "\(task) learns that checkpoint \(n) was aborted."
        case .transactionCommitted:
            return "Sink \(task) commits the transaction of checkpoint \(n): \(e.records?.count ?? 0) record(s) become visible."
        default: return other(e)
        }
    }

    /// A failure, failover and restore.
    private static func failureSentence(_ e: TraceEvent, task: String, n: String, what: String, channel: String, reason: String,
                                    header: TraceHeader?) -> String {
        switch e.type {
        case .taskFailed:
            return "\(task) fails (\(e.cause ?? "?")): the job must restart."
        case .jobFailover:
            return "The job fails over (\(reason)): pending checkpoints are aborted, channels are emptied, attempt \(e.attempt.map(String.init) ?? "?") begins."
        case .restoreStarted:
            return e.checkpoint.map { "The job restores from checkpoint \($0), the latest in the store." }
                ?? "The job restarts from scratch: the store holds no completed checkpoint."
        case .taskRestored:
            return "\(task) is restored\(e.checkpoint.map { " from checkpoint \($0)" } ?? " fresh")\(stateText(e.state))."
        case .sourceRewound:
            return "Source \(task) rewinds to offset \(e.offset ?? 0): records after it will be replayed."
        default: return other(e)
        }
    }

    /// Records on their way, and a sink's output.
    private static func dataSentence(_ e: TraceEvent, task: String, n: String, what: String, channel: String, reason: String,
                                    header: TraceHeader?) -> String {
        switch e.type {
        case .recordEmitted:
            return "Source \(task) reads \"\(e.record ?? "")\" (offset now \(e.offset.map(String.init) ?? "?"))."
        case .recordSent:
            return "\(task) sends \"\(e.record ?? "")\" on \(channel)."
        case .recordReceived:
            return "\(task) receives \"\(e.record ?? "")\" from \(e.from ?? "?")."
        case .recordProcessed:
            return "\(task) processes \"\(e.record ?? "")\"."
        case .recordBuffered:
            return "\(task) holds \"\(e.record ?? "")\" from blocked \(channel) in its alignment buffer (checkpoint \(n))."
        case .outputEmitted:
            let tx: String
            switch sinkDelivery(of: task, header) {
            case "transactional": tx = " into its open transaction (visible only once a checkpoint commits it)"
            case "plain": tx = " (visible at once: at-least-once)"
            default: tx = ""
            }
            return "Sink \(task) writes \"\(e.record ?? "")\"\(tx)."
        default: return other(e)
        }
    }

    /// Findings, the end of input, the job's end, unknown events.
    private static func runSentence(_ e: TraceEvent, task: String, n: String, what: String, channel: String, reason: String,
                                    header: TraceHeader?) -> String {
        switch e.type {
        case .invariantViolated:
            return "Invariant \(e.invariant ?? "?") is violated: \(e.detail ?? "")."
        case .expectationFailed:
            return "An expectation of the scenario failed: \(e.detail ?? "")."
        case .endOfInput:
            return "All input is processed: the periodic timer stops and a final checkpoint is requested."
        case .jobFinished:
            return "The final checkpoint completed and every task was notified: the job is finished."
        case .other:
            return other(e)
        default: return other(e)
        }
    }

    /// An event of a type this program does not know.
    private static func other(_ e: TraceEvent) -> String { "An event of a type this program does not know (\(e.typeName))." }

    private static func stateText(_ state: JSONValue?) -> String {
        guard let state, state.objectValue?.isEmpty == false else { return "" }
        return " " + JSONWriter.string(state)
    }

    /// The `delivery` of the sink operator a task belongs to, from the header's topology.
    static func sinkDelivery(of task: String, _ header: TraceHeader?) -> String? {
        guard let topology = header?.topology else { return nil }
        let op = topology.tasks.first { $0.id == task }?.operator ?? String(task.prefix { $0 != "[" })
        return topology.operators.first { $0.name == op }?.delivery
    }
}
