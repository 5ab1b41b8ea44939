import CheckpointTrace

/// A place where an observed history breaks one of Flink's coordinator rules as the core
/// implements them: which rule, at which event (and the log line it came from), and why.
public struct Divergence: Sendable, Hashable, CustomStringConvertible {
    public var rule: ConformanceRule
    /// The event's seq (its line in the trace file is seq + 2).
    public var seq: Int
    /// The source line the event came from (`extra.line` of an imported event), when known.
    public var sourceLine: Int?
    public var checkpoint: Int?
    public var message: String

    public var description: String { "\(rule.rawValue): \(message)" }
}

/// The rules `ckpt conform` holds a history to, each named after the Flink method that makes the
/// decision and the core type that implements it.
public enum ConformanceRule: String, Sendable, Hashable, CaseIterable {
    case idsGrow = "ids-grow"
    case maxConcurrent = "max-concurrent"
    case minPause = "min-pause"
    case outcomeOfPending = "outcome-of-pending"
    case expiresAtTimeout = "expires-at-timeout"
    case subsumesOlder = "subsumes-older"
    case failureCounter = "failure-counter"
    case failoverWhenExceeded = "failover-when-exceeded"
    case failoverAbortsPending = "failover-aborts-pending"
    case restoreLatest = "restore-latest"

    /// The Flink 2.3 class and method that makes the decision.
    public var flinkMethod: String {
        switch self {
        case .idsGrow: return "CheckpointIDCounter.getAndIncrement"
        case .maxConcurrent: return "CheckpointRequestDecider.chooseRequestToExecute"
        case .minPause: return "CheckpointRequestDecider.chooseRequestToExecute (min pause)"
        case .outcomeOfPending: return "CheckpointCoordinator.completePendingCheckpoint / abortPendingCheckpoint"
        case .expiresAtTimeout: return "CheckpointCoordinator.CheckpointCanceller"
        case .subsumesOlder: return "CheckpointCoordinator.dropSubsumedCheckpoints"
        case .failureCounter: return "CheckpointFailureManager.checkFailureCounter"
        case .failoverWhenExceeded: return "CheckpointFailureManager.checkFailureAgainstCounter"
        case .failoverAbortsPending: return "CheckpointCoordinator.stopCheckpointScheduler (abortPendingCheckpoints)"
        case .restoreLatest: return "CheckpointCoordinator.restoreLatestCheckpointedStateInternal"
        }
    }

    /// The core's type that implements the rule (the simulator follows the same code).
    public var coreRule: String {
        switch self {
        case .idsGrow: return "CoordinatorState.nextId"
        case .maxConcurrent: return "CheckpointRequestDecider.mayStart"
        case .minPause: return "CheckpointRequestDecider.tooSoon"
        case .outcomeOfPending: return "CoordinatorState.pending"
        case .expiresAtTimeout: return "Simulator.checkpointTimedOut"
        case .subsumesOlder: return "CheckpointSubsumption.subsumes"
        case .failureCounter: return "CheckpointFailureManager.handleCheckpointException"
        case .failoverWhenExceeded: return "CheckpointFailureManager.handleCheckpointException"
        case .failoverAbortsPending: return "Simulator.failover"
        case .restoreLatest: return "CompletedCheckpointStore.latest"
        }
    }
}
