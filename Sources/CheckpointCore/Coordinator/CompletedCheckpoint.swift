// Mirrors Flink 2.3's CompletedCheckpoint
// (flink-runtime/src/main/java/org/apache/flink/runtime/checkpoint/CompletedCheckpoint.java): what
// the store keeps of a checkpoint that completed, and what a restore reads.

/// A completed checkpoint in the store: every task's snapshot, by task index.
public struct CompletedCheckpoint: Sendable {
    public var id: Int
    public var snapshots: TaskSnapshots
    /// When it completed (CompletedCheckpoint#getCompletionTimestamp).
    public var time: Int
}
