// Mirrors Flink 2.3's PendingCheckpoint
// (flink-runtime/src/main/java/org/apache/flink/runtime/checkpoint/PendingCheckpoint.java): a
// checkpoint that was triggered and has not yet completed or aborted, the acks it has and the
// ones it waits for, and which pending checkpoints a completion subsumes (canBeSubsumed).
import CheckpointTrace

/// A checkpoint that was triggered and has not yet completed or aborted (PendingCheckpoint).
public struct PendingCheckpoint: Sendable {
    public var id: Int
    public var kind: CheckpointKind
    public var isFinal: Bool
    public var isPeriodic: Bool
    public var isStop = false
    public var triggerTime: Int
    /// Which tasks (by index) acked, and how many have not yet.
    public private(set) var acknowledged = SmallIndexSet()
    public var missingAcks: Int { snapshots.count - acknowledged.count }
    public var snapshots: TaskSnapshots
    public var bytes = 0

    /// A checkpoint of `tasks` tasks, triggered at `triggerTime`, waiting for every ack.
    init(id: Int, kind: CheckpointKind, isFinal: Bool, isPeriodic: Bool, triggerTime: Int, tasks: Int) {
        self.id = id; self.kind = kind; self.isFinal = isFinal; self.isPeriodic = isPeriodic; self.triggerTime = triggerTime
        snapshots = TaskSnapshots(count: tasks)
    }

    /// PendingCheckpoint#acknowledgeTask: task `t`'s ack counts and its snapshot (with its size)
    /// joins the checkpoint (a second ack from the same task changes nothing but the snapshot).
    mutating func acknowledge(_ t: Int, snapshot: TaskSnapshot) {
        precondition(t >= 0 && t < snapshots.count, "task \(t) of \(snapshots.count)")
        acknowledged.insert(t)
        snapshots[t] = snapshot
        bytes += snapshot.bytes
    }
}

/// Every task's snapshot of one checkpoint, by task index (nil: no ack from that task), as
/// PendingCheckpoint#getOperatorStates holds them.
public struct TaskSnapshots: Sendable {
    private var byTask: [TaskSnapshot?]

    init(count: Int) { byTask = Array(repeating: nil, count: count) }

    /// How many tasks there are.
    public var count: Int { byTask.count }

    public subscript(t: Int) -> TaskSnapshot? {
        get { t >= 0 && t < byTask.count ? byTask[t] : nil }
        set { byTask[t] = newValue }
    }
}

/// Which pending checkpoints a completion ends as subsumed (CheckpointCoordinator#dropSubsumedCheckpoints,
/// PendingCheckpoint#canBeSubsumed).
public enum CheckpointSubsumption {
    /// A completed checkpoint (not a savepoint) subsumes every pending checkpoint with a smaller id
    /// that is not a savepoint: it is aborted with CHECKPOINT_SUBSUMED.
    public static func subsumes(completed: Int, completedKind: CheckpointKind, pending: Int, pendingKind: CheckpointKind) -> Bool {
        completedKind == .checkpoint && pendingKind == .checkpoint && pending < completed
    }
}
