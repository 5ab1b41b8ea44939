/// Why a checkpoint failed, with Flink's names and messages (Flink 2.3's
/// org.apache.flink.runtime.checkpoint.CheckpointFailureReason). Traces carry the name as `reason`.
///
/// The list, the messages, `isPreFlight` and `countsTowardTolerableFailures` were read off the
/// apache-flink 2.3.0 jar by flink/probes/FailureReasons.java; a test compares them with that
/// probe's output, committed with the real captures.
public enum CheckpointFailureReason: String, Sendable, Hashable, CaseIterable {
    case periodicSchedulerShutdown = "PERIODIC_SCHEDULER_SHUTDOWN"
    case tooManyCheckpointRequests = "TOO_MANY_CHECKPOINT_REQUESTS"
    case minimumTimeBetweenCheckpoints = "MINIMUM_TIME_BETWEEN_CHECKPOINTS"
    case notAllRequiredTasksRunning = "NOT_ALL_REQUIRED_TASKS_RUNNING"
    case ioException = "IO_EXCEPTION"
    case blockingOutputExist = "BLOCKING_OUTPUT_EXIST"
    case checkpointAsyncException = "CHECKPOINT_ASYNC_EXCEPTION"
    case channelStateSharedStreamException = "CHANNEL_STATE_SHARED_STREAM_EXCEPTION"
    case checkpointExpired = "CHECKPOINT_EXPIRED"
    case checkpointSubsumed = "CHECKPOINT_SUBSUMED"
    case checkpointDeclined = "CHECKPOINT_DECLINED"
    case checkpointDeclinedTaskNotReady = "CHECKPOINT_DECLINED_TASK_NOT_READY"
    case checkpointDeclinedTaskClosing = "CHECKPOINT_DECLINED_TASK_CLOSING"
    case checkpointDeclinedSubsumed = "CHECKPOINT_DECLINED_SUBSUMED"
    case checkpointDeclinedOnCancellationBarrier = "CHECKPOINT_DECLINED_ON_CANCELLATION_BARRIER"
    case checkpointDeclinedInputEndOfStream = "CHECKPOINT_DECLINED_INPUT_END_OF_STREAM"
    case checkpointCoordinatorShutdown = "CHECKPOINT_COORDINATOR_SHUTDOWN"
    case checkpointCoordinatorSuspend = "CHECKPOINT_COORDINATOR_SUSPEND"
    case jobFailoverRegion = "JOB_FAILOVER_REGION"
    case taskFailure = "TASK_FAILURE"
    case taskCheckpointFailure = "TASK_CHECKPOINT_FAILURE"
    case unknownTaskCheckpointNotificationFailure = "UNKNOWN_TASK_CHECKPOINT_NOTIFICATION_FAILURE"
    case finalizeCheckpointFailure = "FINALIZE_CHECKPOINT_FAILURE"
    case triggerCheckpointFailure = "TRIGGER_CHECKPOINT_FAILURE"

    /// Flink's name, as traces carry it.
    public var name: String { rawValue }

    /// The reason of this name, or nil for a name Flink 2.3 does not have.
    public init?(name: String) { self.init(rawValue: name) }

    /// The text Flink gives this reason (CheckpointFailureReason.message(); a CheckpointException's message).
    public var message: String {
        switch self {
        case .periodicSchedulerShutdown: return "Periodic checkpoint scheduler is shut down."
        case .tooManyCheckpointRequests: return "The maximum number of queued checkpoint requests exceeded"
        case .minimumTimeBetweenCheckpoints:
            return "The minimum time between checkpoints is still pending. Checkpoint will be triggered after the minimum time."
        case .notAllRequiredTasksRunning: return "Not all required tasks are currently running."
        case .ioException: return "An Exception occurred while triggering the checkpoint. IO-problem detected."
        case .blockingOutputExist: return "Blocking output edge exists in running tasks."
        case .checkpointAsyncException: return "Asynchronous task checkpoint failed."
        case .channelStateSharedStreamException:
            return "The checkpoint was aborted due to exception of other subtasks sharing the ChannelState file."
        case .checkpointExpired: return "Checkpoint expired before completing."
        case .checkpointSubsumed: return "Checkpoint has been subsumed."
        case .checkpointDeclined: return "Checkpoint was declined."
        case .checkpointDeclinedTaskNotReady: return "Checkpoint was declined (tasks not ready)"
        case .checkpointDeclinedTaskClosing: return "Checkpoint was declined (task is closing)"
        case .checkpointDeclinedSubsumed: return "Checkpoint was canceled because a barrier from newer checkpoint was received."
        case .checkpointDeclinedOnCancellationBarrier: return "Task received cancellation from one of its inputs"
        case .checkpointDeclinedInputEndOfStream: return "Checkpoint was declined because one input stream is finished"
        case .checkpointCoordinatorShutdown: return "CheckpointCoordinator shutdown."
        case .checkpointCoordinatorSuspend: return "Checkpoint Coordinator is suspending."
        case .jobFailoverRegion: return "FailoverRegion is restarting."
        case .taskFailure: return "Task has failed."
        case .taskCheckpointFailure: return "Task local checkpoint failure."
        case .unknownTaskCheckpointNotificationFailure: return "Unknown task for the checkpoint to notify."
        case .finalizeCheckpointFailure: return "Failure to finalize checkpoint."
        case .triggerCheckpointFailure: return "Trigger checkpoint failure."
        }
    }

    /// The reason whose message `text` carries, the longest match first ("Checkpoint was declined
    /// (task is closing)" is not plain "Checkpoint was declined."); nil when none does.
    public init?(message text: Substring) {
        var best: CheckpointFailureReason?
        for r in CheckpointFailureReason.byMessageLength where text.contains(r.messageStem) {
            best = r
            break
        }
        guard let best else { return nil }
        self = best
    }

    /// The message without its final full stop: Flink prints some with it, some without, and
    /// wraps others ("Failure reason: Checkpoint was declined.").
    var messageStem: String { message.hasSuffix(".") ? String(message.dropLast()) : message }

    static let byMessageLength: [CheckpointFailureReason] = allCases.sorted { $0.messageStem.count > $1.messageStem.count }

    /// Fails before the checkpoint reaches any task (CheckpointFailureReason.isPreFlight()): a
    /// trigger that did not start, which gets no checkpoint of its own in the history.
    public var isPreFlight: Bool {
        switch self {
        case .periodicSchedulerShutdown, .tooManyCheckpointRequests, .minimumTimeBetweenCheckpoints,
             .notAllRequiredTasksRunning, .ioException, .blockingOutputExist:
            return true
        default:
            return false
        }
    }

    /// CheckpointFailureManager.checkFailureCounter: the reasons that count toward
    /// `tolerable-failures` (each checkpoint once, and only if newer than the last success). The
    /// rest are ignored: shutdowns, suspensions, subsumption, task-side declines that are no fault
    /// of the checkpoint, and failures of tasks, which fail the job on their own.
    public var countsTowardTolerableFailures: Bool {
        switch self {
        case .ioException, .checkpointAsyncException, .checkpointExpired, .checkpointDeclined, .finalizeCheckpointFailure:
            return true
        default:
            return false
        }
    }

    /// Whether a failure with this reason counts for a checkpoint of `kind`. The failure manager
    /// counts a savepoint's failure only when a task reported it (handleTaskLevelCheckpointException):
    /// a savepoint that expires at the JobManager does not count (handleJobLevelCheckpointException).
    public func counts(for kind: CheckpointKind) -> Bool {
        guard countsTowardTolerableFailures else { return false }
        return kind == .checkpoint || reportedByTask
    }

    /// Failures a task reports with its decline (the rest the JobManager finds on its own).
    public var reportedByTask: Bool {
        switch self {
        case .checkpointAsyncException, .checkpointDeclined, .checkpointDeclinedTaskNotReady, .checkpointDeclinedTaskClosing,
             .checkpointDeclinedSubsumed, .checkpointDeclinedOnCancellationBarrier, .checkpointDeclinedInputEndOfStream,
             .taskCheckpointFailure, .channelStateSharedStreamException:
            return true
        default:
            return false
        }
    }

    /// Whether a failure named `reason` counts for a checkpoint of `kind`; a name Flink does not
    /// have counts for nothing.
    public static func counts(_ reason: String, for kind: CheckpointKind) -> Bool {
        CheckpointFailureReason(name: reason)?.counts(for: kind) ?? false
    }
}
