/// A deliberate protocol bug behind `--mutant NAME`, so that the checker and fuzzer can be seen to
/// catch it (DESIGN.md §6).
public enum Mutant: String, Sendable, CaseIterable {
    /// Aligned mode does not block a channel after its barrier: records overtake the snapshot.
    case noAlignment = "no-alignment"
    /// A checkpoint completes when all acks but one have arrived.
    case earlyComplete = "early-complete"
    /// Pending checkpoints survive a failover, and acks of the old attempt still count.
    case staleAck = "stale-ack"
    /// Failover restores the oldest retained checkpoint instead of the latest.
    case restoreOldest = "restore-oldest"
    /// Failover restores operator state but leaves sources at their current offsets.
    case noSourceRewind = "no-source-rewind"
    /// A transactional sink commits its transaction when it pre-commits it, not on notify-complete.
    case commitOnSnapshot = "commit-on-snapshot"
    /// Unaligned restore drops the in-flight channel state instead of putting it back.
    case dropInflight = "drop-inflight"
    /// Checkpoints never expire.
    case noTimeout = "no-timeout"
    /// The checkpoint id counter starts again at 1 after a failover.
    case reuseIds = "reuse-ids"
}
