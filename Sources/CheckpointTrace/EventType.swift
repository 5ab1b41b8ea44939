/// The type of a trace event: the names of DESIGN.md §3, written as they appear in a trace.
public enum EventType: String, Sendable, CaseIterable, Hashable {
    // trigger
    case checkpointTriggered = "checkpoint-triggered"
    case triggerQueued = "trigger-queued"
    case triggerSkipped = "trigger-skipped"
    case triggerSent = "trigger-sent"
    case triggerReceived = "trigger-received"
    // barrier
    case barrierInjected = "barrier-injected"
    case barrierSent = "barrier-sent"
    case barrierReceived = "barrier-received"
    case cancelMarkerSent = "cancel-marker-sent"
    case cancelMarkerReceived = "cancel-marker-received"
    case channelBlocked = "channel-blocked"
    case channelUnblocked = "channel-unblocked"
    case alignmentStarted = "alignment-started"
    case alignmentCompleted = "alignment-completed"
    case barrierCancelled = "barrier-cancelled"
    // snapshot
    case snapshotStarted = "snapshot-started"
    case snapshotCompleted = "snapshot-completed"
    case snapshotFailed = "snapshot-failed"
    // ack
    case ackSent = "ack-sent"
    case ackReceived = "ack-received"
    case declineSent = "decline-sent"
    case declineReceived = "decline-received"
    case ackIgnored = "ack-ignored"
    case declineIgnored = "decline-ignored"
    // outcome
    case checkpointCompleted = "checkpoint-completed"
    case checkpointAborted = "checkpoint-aborted"
    case checkpointDiscarded = "checkpoint-discarded"
    case notifyCompleteSent = "notify-complete-sent"
    case notifyCompleteReceived = "notify-complete-received"
    case notifyAbortedSent = "notify-aborted-sent"
    case notifyAbortedReceived = "notify-aborted-received"
    case transactionCommitted = "transaction-committed"
    // failure
    case taskFailed = "task-failed"
    case jobFailover = "job-failover"
    case restoreStarted = "restore-started"
    case taskRestored = "task-restored"
    case sourceRewound = "source-rewound"
    // data
    case recordEmitted = "record-emitted"
    case recordSent = "record-sent"
    case recordReceived = "record-received"
    case recordProcessed = "record-processed"
    case recordBuffered = "record-buffered"
    case outputEmitted = "output-emitted"
    // check
    case invariantViolated = "invariant-violated"
    case expectationFailed = "expectation-failed"
    // extensions of ours
    /// The job processed all its input and the run ends after one final checkpoint (FLIP-147).
    case endOfInput = "end-of-input"
    /// Every task finished after the final checkpoint: the run is over.
    case jobFinished = "job-finished"
    /// A barrier or cancel marker held in an alignment buffer is taken out and acted on now.
    case barrierUnbuffered = "barrier-unbuffered"
    /// A type this program does not know (a trace from a newer generator); its name is kept.
    case other = "?"

    /// The DESIGN.md §3 group of the type ("trigger", "barrier", ..., "check"), or "other".
    public var group: String {
        switch self {
        case .checkpointTriggered, .triggerQueued, .triggerSkipped, .triggerSent, .triggerReceived: return "trigger"
        case .barrierInjected, .barrierSent, .barrierReceived, .cancelMarkerSent, .cancelMarkerReceived,
             .channelBlocked, .channelUnblocked, .alignmentStarted, .alignmentCompleted, .barrierCancelled:
            return "barrier"
        case .snapshotStarted, .snapshotCompleted, .snapshotFailed: return "snapshot"
        case .ackSent, .ackReceived, .declineSent, .declineReceived, .ackIgnored, .declineIgnored: return "ack"
        case .checkpointCompleted, .checkpointAborted, .checkpointDiscarded, .notifyCompleteSent,
             .notifyCompleteReceived, .notifyAbortedSent, .notifyAbortedReceived, .transactionCommitted:
            return "outcome"
        case .taskFailed, .jobFailover, .restoreStarted, .taskRestored, .sourceRewound: return "failure"
        case .recordEmitted, .recordSent, .recordReceived, .recordProcessed, .recordBuffered, .outputEmitted:
            return "data"
        case .invariantViolated, .expectationFailed: return "check"
        case .endOfInput, .jobFinished, .barrierUnbuffered, .other: return "other"
        }
    }

    /// The types DESIGN.md §3 requires every generator to know.
    public static var required: [EventType] { allCases.filter { $0.group != "other" } }
}
