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

extension Situation {
    /// The situation's bit in a set of situations (its place in `allCases`).
    var bit: UInt32 {
        switch self {
        case .failureDuringAlignment: return 1 << 0
        case .failureDuringAsyncSnapshot: return 1 << 1
        case .failureBetweenCompleteAndNotify: return 1 << 2
        case .failureRightAfterRestore: return 1 << 3
        case .barrierOvertakesData: return 1 << 4
        case .channelStateRestored: return 1 << 5
        case .lateAck: return 1 << 6
        case .staleAck: return 1 << 7
        case .declineWhileOtherPending: return 1 << 8
        case .restoreWithoutCheckpoint: return 1 << 9
        case .subsumption: return 1 << 10
        case .minPauseSkip: return 1 << 11
        case .maxConcurrentQueue: return 1 << 12
        case .expiry: return 1 << 13
        case .syncSnapshotFailure: return 1 << 14
        case .asyncSnapshotFailure: return 1 << 15
        case .tolerableExceeded: return 1 << 16
        case .cancelMarker: return 1 << 17
        case .recordBuffered: return 1 << 18
        case .savepointCompleted: return 1 << 19
        case .finalCheckpointRetried: return 1 << 20
        }
    }
}

/// The situations one schedule reached, as bits: made, compared and counted without hashing
/// (every schedule of a campaign gives one).
public struct SituationSet: Sendable, Equatable, Sequence {
    var bits: UInt32 = 0

    public init() {}

    public init(_ situations: some Sequence<Situation>) {
        for s in situations { insert(s) }
    }

    init(bits: UInt32) { self.bits = bits }

    public mutating func insert(_ s: Situation) { bits |= s.bit }
    public func contains(_ s: Situation) -> Bool { bits & s.bit != 0 }
    public var isEmpty: Bool { bits == 0 }
    public var count: Int { bits.nonzeroBitCount }

    /// The situations in `Situation.allCases` order.
    public func makeIterator() -> IndexingIterator<[Situation]> { Situation.allCases.filter(contains).makeIterator() }
}

/// Watches one run's events and notes the situations it reached.
public final class CoverageObserver: EventObserver {
    /// The situations reached, a bit each (see `Situation.bit`).
    private var reachedBits: UInt32 = 0
    public var reached: SituationSet { SituationSet(bits: reachedBits) }
    // A run has a handful of these at once: lists searched in place beat hash sets here.
    var aligning = SmallSet<TaskCheckpoint>()
    var snapshotting = SmallSet<TaskCheckpoint>()
    /// Completed checkpoints with the notifications still to arrive.
    var awaitingNotify: [(checkpoint: Int, left: Int)] = []
    var pending = SmallSet<Int>()
    var sinceRestore = Int.max
    var finals = 0
    let names: EventNames

    /// A task's work on one checkpoint (alignment or snapshot in progress); the task by index, so
    /// that the compact events, the frequent ones, hash no name.
    struct TaskCheckpoint: Equatable {
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
    }

    /// The same as for the trace event it stands for: of the compact types only a buffered record,
    /// alignment, a notification, an overtaking barrier, snapshots and a restore of channel state
    /// matter; each counts as a step since the restore.
    public func observe(_ e: CompactEvent, names: EventNames) -> [TraceEvent] {
        note(e)
        return []
    }

    /// `observe` without a list of events to return (the fuzz runner calls this one at every event).
    func note(_ e: CompactEvent) {
        sinceRestore = sinceRestore == Int.max ? Int.max : sinceRestore + 1
        switch e.type {
        case .recordBuffered: reach(.recordBuffered)
        case .alignmentStarted: aligning.insert(TaskCheckpoint(e))
        case .alignmentCompleted: aligning.remove(TaskCheckpoint(e))
        case .notifyCompleteReceived: if let id = e.checkpoint { notifyReceived(id) }
        case .barrierSent: if e.note > 0 { reach(.barrierOvertakesData) }
        case .snapshotStarted: snapshotting.insert(TaskCheckpoint(e))
        case .snapshotCompleted: snapshotting.remove(TaskCheckpoint(e))
        case .taskRestored: if e.snapshot?.channelState != nil { reach(.channelStateRestored) }
        case .checkpointTriggered, .checkpointAborted, .taskFailed, .jobFailover, .restoreStarted, .ackIgnored: noteRunEvent(e)
        default: break
        }
    }

    /// The run events coverage looks at: a few a run, kept out of `note`'s way.
    @inline(never) func noteRunEvent(_ e: CompactEvent) {
        switch e.type {
        case .checkpointTriggered: triggered(e.checkpoint, isFinal: e.isFinal)
        case .checkpointAborted: aborted(e.checkpoint, reason: e.reason)
        case .taskFailed: taskFailed()
        case .jobFailover: failover(reason: e.reason)
        case .restoreStarted: restoreStarted(checkpoint: e.checkpoint)
        case .ackIgnored: reach(e.reason == "stale-attempt" ? .staleAck : .lateAck)
        default: break
        }
    }

    func triggered(_ id: Int?, isFinal: Bool?) {
        if let id { pending.insert(id) }
        if isFinal == true { finals += 1; if finals > 1 { reach(.finalCheckpointRetried) } }
    }

    func aborted(_ id: Int?, reason: String?) {
        if let id { pending.remove(id) }
        if reason == CheckpointFailureReason.checkpointSubsumed.name { reach(.subsumption) }
        if reason == CheckpointFailureReason.checkpointExpired.name { reach(.expiry) }
    }

    func failover(reason: String?) {
        if reason == "tolerable-failures-exceeded" { reach(.tolerableExceeded) }
        aligning.removeAll(); snapshotting.removeAll(); awaitingNotify.removeAll(keepingCapacity: true); pending.removeAll()
    }

    /// A task failed: in which of the situations the run was.
    func taskFailed() {
        if !aligning.isEmpty { reach(.failureDuringAlignment) }
        if !snapshotting.isEmpty { reach(.failureDuringAsyncSnapshot) }
        if !awaitingNotify.isEmpty { reach(.failureBetweenCompleteAndNotify) }
        if sinceRestore < 30 { reach(.failureRightAfterRestore) }
    }

    func restoreStarted(checkpoint: Int?) {
        if checkpoint == nil { reach(.restoreWithoutCheckpoint) }
        sinceRestore = 0
    }

    func notifyReceived(_ id: Int) {
        guard let i = awaitingNotify.firstIndex(where: { $0.checkpoint == id }) else { return }
        if awaitingNotify[i].left > 1 { awaitingNotify[i].left -= 1 } else { awaitingNotify.remove(at: i) }
    }

    func reach(_ s: Situation) { reachedBits |= s.bit }

    public func observe(_ e: TraceEvent) -> [TraceEvent] {
        sinceRestore = sinceRestore == Int.max ? Int.max : sinceRestore + 1
        switch e.type {
        case .alignmentStarted: aligning.insert(TaskCheckpoint(e, names))
        case .alignmentCompleted, .barrierCancelled: aligning.remove(TaskCheckpoint(e, names))
        case .snapshotStarted: snapshotting.insert(TaskCheckpoint(e, names))
        case .snapshotCompleted: snapshotting.remove(TaskCheckpoint(e, names))
        case .snapshotFailed:
            snapshotting.remove(TaskCheckpoint(e, names))
            reach(e.phase == "sync" ? .syncSnapshotFailure : .asyncSnapshotFailure)
        case .checkpointTriggered: triggered(e.checkpoint, isFinal: e.isFinal)
        case .checkpointCompleted:
            if let id = e.checkpoint {
                pending.remove(id)
                if e.kind == .checkpoint {
                    if let i = awaitingNotify.firstIndex(where: { $0.checkpoint == id }) { awaitingNotify[i].left = names.tasks.count } else { awaitingNotify.append((id, names.tasks.count)) }
                } else {
                    reach(.savepointCompleted)
                }
            }
        case .notifyCompleteReceived:
            if let id = e.checkpoint { notifyReceived(id) }
        case .checkpointAborted: aborted(e.checkpoint, reason: e.reason)
        case .taskFailed: taskFailed()
        case .jobFailover: failover(reason: e.reason)
        case .restoreStarted: restoreStarted(checkpoint: e.checkpoint)
        case .barrierSent:
            if (e.extra?["overtook"]?.intValue ?? 0) > 0 { reach(.barrierOvertakesData) }
        case .taskRestored:
            if e.channelState != nil { reach(.channelStateRestored) }
        case .ackIgnored:
            reach(e.reason == "stale-attempt" ? .staleAck : .lateAck)
        case .declineReceived:
            if pending.count >= 2 { reach(.declineWhileOtherPending) }
        case .triggerSkipped:
            if e.reason == CheckpointFailureReason.minimumTimeBetweenCheckpoints.name { reach(.minPauseSkip) }
        case .triggerQueued: reach(.maxConcurrentQueue)
        case .cancelMarkerReceived: reach(.cancelMarker)
        case .recordBuffered: reach(.recordBuffered)
        default: break
        }
        return []
    }
}

/// A few distinct values in a list: membership by linear search, cheaper than hashing for the
/// handful a run holds at once; the storage is kept when emptied.
struct SmallSet<Element: Equatable> {
    private(set) var items: [Element] = []

    var isEmpty: Bool { items.isEmpty }
    var count: Int { items.count }

    mutating func insert(_ x: Element) { if !items.contains(x) { items.append(x) } }

    mutating func remove(_ x: Element) {
        guard let i = items.firstIndex(of: x) else { return }
        items.swapAt(i, items.count - 1)
        items.removeLast()
    }

    mutating func removeAll() { items.removeAll(keepingCapacity: true) }
}
