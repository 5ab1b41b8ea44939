import CheckpointCore
import CheckpointTrace

/// The protocol situations a campaign reports reaching (and which it never reached).
public enum Situation: String, Sendable, CaseIterable {
    case failureDuringAlignment = "failure during alignment"
    case failureDuringAsyncSnapshot = "failure during an asynchronous snapshot"
    case failureBetweenCompleteAndNotify = "failure between completion and notify-complete"
    case failureRightAfterRestore = "failure right after a restore"
    case barrierOvertakesData = "barrier overtaking data (unaligned)"
    case channelStateRestored = "channel state restored (unaligned)"
    case lateAck = "ack arriving after expiry or abort"
    case staleAck = "ack from an earlier attempt"
    case declineWhileOtherPending = "decline while another checkpoint is pending"
    case restoreWithoutCheckpoint = "restore with no completed checkpoint"
    case subsumption = "newer checkpoint completing first (subsumption)"
    case minPauseSkip = "periodic trigger dropped by min-pause"
    case maxConcurrentQueue = "trigger queued by max-concurrent"
    case expiry = "checkpoint expired"
    case syncSnapshotFailure = "synchronous snapshot failure"
    case asyncSnapshotFailure = "asynchronous snapshot failure"
    case tolerableExceeded = "tolerable failures exceeded"
    case cancelMarker = "cancel marker received"
    case recordBuffered = "record buffered behind a blocked channel"
    case savepointCompleted = "savepoint completed"
    case finalCheckpointRetried = "final checkpoint retried"
}

/// Watches one run's events and notes the situations it reached.
public final class CoverageObserver: EventObserver {
    public private(set) var reached: Set<Situation> = []
    var aligning: Set<TaskCheckpoint> = []
    var snapshotting: Set<TaskCheckpoint> = []
    var awaitingNotify: [Int: Int] = [:]  // checkpoint → notifications still to arrive
    var pending: Set<Int> = []
    var sinceRestore = Int.max
    var finals = 0
    let taskCount: Int
    let names: EventNames

    /// A task's work on one checkpoint (alignment or snapshot in progress); the task by index, so
    /// that the compact events, the frequent ones, hash no name.
    struct TaskCheckpoint: Hashable {
        var task: Int
        var checkpoint: Int
        init(_ e: TraceEvent, _ names: EventNames) {
            task = e.task.flatMap { names.tasks.firstIndex(of: $0) } ?? -1
            checkpoint = e.checkpoint ?? 0
        }
        init(_ e: CompactEvent) { task = Int(e.task); checkpoint = e.checkpoint ?? 0 }
    }

    /// Coverage of a run of the job whose tasks and channels `names` lists.
    public init(names: EventNames) {
        self.names = names
        taskCount = names.tasks.count
    }

    /// The same as for the trace event it stands for: of the compact types only a buffered record,
    /// alignment, a notification, an overtaking barrier, snapshots and a restore of channel state
    /// matter; each counts as a step since the restore.
    public func observe(_ e: CompactEvent, names: EventNames) -> [TraceEvent] {
        sinceRestore = sinceRestore == Int.max ? Int.max : sinceRestore + 1
        switch e.type {
        case .recordBuffered: reached.insert(.recordBuffered)
        case .alignmentStarted: aligning.insert(TaskCheckpoint(e))
        case .alignmentCompleted: aligning.remove(TaskCheckpoint(e))
        case .notifyCompleteReceived: if let id = e.checkpoint { notifyReceived(id) }
        case .barrierSent: if e.note > 0 { reached.insert(.barrierOvertakesData) }
        case .snapshotStarted: snapshotting.insert(TaskCheckpoint(e))
        case .snapshotCompleted: snapshotting.remove(TaskCheckpoint(e))
        case .taskRestored: if e.snapshot?.channelState != nil { reached.insert(.channelStateRestored) }
        default: break
        }
        return []
    }

    func notifyReceived(_ id: Int) {
        if let n = awaitingNotify[id] { awaitingNotify[id] = n > 1 ? n - 1 : nil }
    }

    public func observe(_ e: TraceEvent) -> [TraceEvent] {
        sinceRestore = sinceRestore == Int.max ? Int.max : sinceRestore + 1
        switch e.type {
        case .alignmentStarted: aligning.insert(TaskCheckpoint(e, names))
        case .alignmentCompleted, .barrierCancelled: aligning.remove(TaskCheckpoint(e, names))
        case .snapshotStarted: snapshotting.insert(TaskCheckpoint(e, names))
        case .snapshotCompleted: snapshotting.remove(TaskCheckpoint(e, names))
        case .snapshotFailed:
            snapshotting.remove(TaskCheckpoint(e, names))
            reached.insert(e.phase == "sync" ? .syncSnapshotFailure : .asyncSnapshotFailure)
        case .checkpointTriggered:
            if let id = e.checkpoint { pending.insert(id) }
            if e.isFinal == true { finals += 1; if finals > 1 { reached.insert(.finalCheckpointRetried) } }
        case .checkpointCompleted:
            if let id = e.checkpoint {
                pending.remove(id)
                if e.kind == .checkpoint { awaitingNotify[id] = taskCount } else { reached.insert(.savepointCompleted) }
            }
        case .notifyCompleteReceived:
            if let id = e.checkpoint { notifyReceived(id) }
        case .checkpointAborted:
            if let id = e.checkpoint { pending.remove(id) }
            if e.reason == "CHECKPOINT_SUBSUMED" { reached.insert(.subsumption) }
            if e.reason == "CHECKPOINT_EXPIRED" { reached.insert(.expiry) }
        case .taskFailed:
            if !aligning.isEmpty { reached.insert(.failureDuringAlignment) }
            if !snapshotting.isEmpty { reached.insert(.failureDuringAsyncSnapshot) }
            if !awaitingNotify.isEmpty { reached.insert(.failureBetweenCompleteAndNotify) }
            if sinceRestore < 30 { reached.insert(.failureRightAfterRestore) }
        case .jobFailover:
            if e.reason == "tolerable-failures-exceeded" { reached.insert(.tolerableExceeded) }
            aligning = []; snapshotting = []; awaitingNotify = [:]; pending = []
        case .restoreStarted:
            if e.checkpoint == nil { reached.insert(.restoreWithoutCheckpoint) }
            sinceRestore = 0
        case .barrierSent:
            if (e.extra?["overtook"]?.intValue ?? 0) > 0 { reached.insert(.barrierOvertakesData) }
        case .taskRestored:
            if e.channelState != nil { reached.insert(.channelStateRestored) }
        case .ackIgnored:
            reached.insert(e.reason == "stale-attempt" ? .staleAck : .lateAck)
        case .declineReceived:
            if pending.count >= 2 { reached.insert(.declineWhileOtherPending) }
        case .triggerSkipped:
            if e.reason == "MINIMUM_TIME_BETWEEN_CHECKPOINTS" { reached.insert(.minPauseSkip) }
        case .triggerQueued: reached.insert(.maxConcurrentQueue)
        case .cancelMarkerReceived: reached.insert(.cancelMarker)
        case .recordBuffered: reached.insert(.recordBuffered)
        default: break
        }
        return []
    }
}
