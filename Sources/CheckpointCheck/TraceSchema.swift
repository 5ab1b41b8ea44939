import CheckpointTrace

/// The shape rules of `ckpt-trace/1` (DESIGN.md §3): which fields each event type must carry.
/// The same rules as the independent trace linter the project was built against, so that `ckpt check` refuses what it refuses.
public enum TraceSchema {
    /// A shape problem on one event: its line in the file (header = 1) and what is wrong.
    public struct Problem: Sendable, Hashable {
        public var line: Int
        public var key: String?
        public var message: String
    }

    static let needsCheckpoint: Set<EventType> = Set(EventType.allCases.filter {
        ["trigger", "barrier", "snapshot", "ack", "outcome"].contains($0.group)
    }).subtracting([.triggerQueued, .triggerSkipped])
    static let needsReason: Set<EventType> = [.checkpointAborted, .triggerSkipped, .declineSent, .declineReceived, .ackIgnored, .declineIgnored, .jobFailover]
    static let needsTask: Set<EventType> = [
        .triggerReceived, .barrierReceived, .channelBlocked, .channelUnblocked, .alignmentStarted, .alignmentCompleted,
        .snapshotStarted, .snapshotCompleted, .snapshotFailed, .ackSent, .ackReceived, .declineSent, .declineReceived,
        .notifyCompleteReceived, .notifyAbortedReceived, .taskFailed, .taskRestored, .sourceRewound, .recordProcessed,
        .recordBuffered, .barrierInjected, .barrierSent, .cancelMarkerSent, .cancelMarkerReceived, .barrierCancelled,
        .recordEmitted, .recordSent, .recordReceived, .outputEmitted,
    ]
    static let needsChannel: Set<EventType> = [
        .barrierSent, .barrierReceived, .cancelMarkerSent, .cancelMarkerReceived, .channelBlocked, .channelUnblocked,
        .recordSent, .recordReceived, .recordBuffered,
    ]
    static let reasons: Set<String> = Set([
        CheckpointFailureReason.checkpointAsyncException, .checkpointExpired, .checkpointSubsumed, .checkpointDeclinedSubsumed,
        .checkpointDeclinedOnCancellationBarrier, .checkpointCoordinatorSuspend,
    ].map(\.name))

    /// Sizes and durations (`bytes`, and Flink's figures on completions and acks): whole numbers ≥ 0.
    static let measures = ["duration", "finalization", "sync", "async", "alignment", "start-delay"]

    public static func problems(in trace: Trace) -> [Problem] {
        let imported = trace.header.importInfo != nil
        var out: [Problem] = []
        for e in trace.events {
            let line = e.seq + 2
            func bad(_ key: String?, _ m: String) { out.append(Problem(line: line, key: key, message: "\(e.typeName): \(m)")) }
            if needsCheckpoint.contains(e.type) && e.checkpoint == nil { bad("checkpoint", "lacks an integer 'checkpoint'") }
            if needsReason.contains(e.type) && (e.reason ?? "").isEmpty { bad("reason", "lacks 'reason'") }
            if needsTask.contains(e.type) && (e.task ?? "").isEmpty { bad("task", "lacks 'task'") }
            if needsTask.contains(e.type) && e.type != .ackReceived && e.type != .declineReceived, let t = e.task, t != e.actor {
                bad("task", "happens at a task: 'task' must equal 'actor'")
            }
            if needsChannel.contains(e.type) && (e.channel ?? "").isEmpty { bad("channel", "lacks 'channel'") }
            if let b = e.bytes, b < 0 { bad("bytes", "'bytes' must be a size ≥ 0, found \(b)") }
            if let extra = e.extra {
                for key in measures {
                    guard let v = extra[key] else { continue }
                    if let n = v.intValue, n >= 0 { continue }
                    bad(key, "'\(key)' must be a whole number of ms ≥ 0, found \(JSONWriter.string(v))")
                }
            }
            switch e.type {
            case .checkpointCompleted where e.kind == nil: bad("kind", "lacks 'kind'")
            case .checkpointTriggered where e.kind == nil: bad("kind", "needs 'kind': checkpoint or savepoint")
            case .taskRestored where e.state == nil: bad("state", "lacks 'state'")
            case .sourceRewound where e.offset == nil: bad("offset", "lacks 'offset'")
            case .invariantViolated where e.invariant == nil: bad("invariant", "lacks 'invariant'")
            case .outputEmitted where e.record == nil: bad("record", "lacks 'record'")
            case .snapshotFailed where e.phase == nil: bad("phase", "lacks 'phase'")
            case .barrierCancelled where e.reason == nil: bad("reason", "lacks 'reason'")
            case .transactionCommitted where e.records == nil: bad("records", "lacks the list 'records'")
            case .checkpointAborted where !imported && !reasons.contains(e.reason ?? ""):
                bad("reason", "reason \(e.reason.map { "'\($0)'" } ?? "(none)") is not in DESIGN.md §2.2's table")
            default: break
            }
        }
        return out
    }
}
