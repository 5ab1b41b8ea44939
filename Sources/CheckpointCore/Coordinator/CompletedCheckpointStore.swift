// Mirrors Flink 2.3's CompletedCheckpointStore
// (flink-runtime/src/main/java/org/apache/flink/runtime/checkpoint/CompletedCheckpointStore.java),
// as DefaultCompletedCheckpointStore implements it (StandaloneCompletedCheckpointStore without
// high availability): add with retention, the latest for a restore.

/// The completed checkpoints a job can restore (CompletedCheckpointStore): at most `retained`, the newest;
/// savepoints never enter it. Generic over what is kept: the simulator keeps every task's
/// snapshot, `ckpt conform` only the ids.
public struct CompletedCheckpointStore<Entry: Sendable>: Sendable {
    /// Oldest first.
    public private(set) var checkpoints: [Entry] = []
    public let retained: Int

    public init(retained: Int) { self.retained = max(1, retained) }

    /// DefaultCompletedCheckpointStore.addCheckpointAndSubsumeOldestOne: add the newest and, when
    /// that makes one more than `retained`, drop the oldest. Returns the dropped one. (One at a time
    /// in, so at most one out: the store never holds more than `retained`.)
    public mutating func add(_ checkpoint: Entry) -> Entry? {
        checkpoints.append(checkpoint)
        return checkpoints.count > retained ? checkpoints.removeFirst() : nil
    }

    /// CompletedCheckpointStore.getLatestCheckpoint: what a restore takes (nil: a fresh start).
    public var latest: Entry? { checkpoints.last }
    public var oldest: Entry? { checkpoints.first }
    public var count: Int { checkpoints.count }
    public var isEmpty: Bool { checkpoints.isEmpty }

    mutating func removeAll() { checkpoints.removeAll(keepingCapacity: true) }
}
