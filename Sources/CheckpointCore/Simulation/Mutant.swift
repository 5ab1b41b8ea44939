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

/// The points where a mutant makes the protocol deviate from Flink's, each a question a rule asks
/// (DESIGN.md §6). The unmutated protocol answers every one as Flink does; a mutant flips one
/// (stale-ack two), so the rules read as the protocol and name the point where a bug would enter.
public struct ProtocolDeviations: Sendable, Equatable {
    /// Aligned mode blocks a channel that delivered its barrier until the alignment completes
    /// (no-alignment: it does not).
    public var blocksAlignedChannels = true
    /// How many acks a checkpoint may still miss when it completes (early-complete: one).
    public var acksShortOfComplete = 0
    /// A failover ends the pending checkpoints (stale-ack: they survive it).
    public var failoverEndsPending = true
    /// Acks and declines of an earlier attempt are stale (stale-ack: they count).
    public var ignoresEarlierAttempts = true
    /// A restore takes the latest completed checkpoint (restore-oldest: the oldest retained).
    public var restoresLatest = true
    /// A restore rewinds sources to their snapshotted offsets (no-source-rewind: it does not).
    public var rewindsSources = true
    /// A restore puts unaligned channel state back (drop-inflight: it drops it).
    public var restoresChannelState = true
    /// A two-phase-commit sink commits on notify-complete (commit-on-snapshot: when it pre-commits).
    public var commitsOnNotifyComplete = true
    /// A checkpoint not completed within the timeout expires (no-timeout: never).
    public var checkpointsExpire = true
    /// The checkpoint id counter survives a failover (reuse-ids: it starts again at 1).
    public var idCounterSurvivesFailover = true

    /// Flink's protocol, or the one deviation `mutant` makes.
    public init(_ mutant: Mutant?) {
        switch mutant {
        case nil: break
        case .noAlignment: blocksAlignedChannels = false
        case .earlyComplete: acksShortOfComplete = 1
        case .staleAck: failoverEndsPending = false; ignoresEarlierAttempts = false
        case .restoreOldest: restoresLatest = false
        case .noSourceRewind: rewindsSources = false
        case .commitOnSnapshot: commitsOnNotifyComplete = false
        case .dropInflight: restoresChannelState = false
        case .noTimeout: checkpointsExpire = false
        case .reuseIds: idCounterSurvivesFailover = false
        }
    }
}
