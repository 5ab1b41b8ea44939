/// One thing the scheduler may do in a step (timers are not choices: they fire when due).
public enum SchedulerAction: Sendable, Hashable {
    /// Deliver the head of a channel (for a data channel: the alignment buffer's head first).
    case deliver(channel: Int)
    /// A source emits its next record.
    case emit(task: Int)
    /// Crash a task (failover): injected by a fuzzing strategy.
    case fail(task: Int)
    /// Arm a failure of a task's snapshot of a checkpoint: injected by a fuzzing strategy.
    case failSnapshot(task: Int, checkpoint: Int, phase: SnapshotPhase)
}

/// Picks the next action among the enabled ones; the fuzzer plugs in its own strategies.
public protocol SchedulingStrategy: AnyObject {
    /// `actions` is never empty. A strategy may also return a failure action of its own.
    func choose(from actions: [SchedulerAction], in simulator: Simulator, rng: inout SplitMix64) -> SchedulerAction
}

/// The default strategy: each enabled action equally likely, from the run's seeded generator.
public final class SeededScheduler: SchedulingStrategy {
    public init() {}
    public func choose(from actions: [SchedulerAction], in simulator: Simulator, rng: inout SplitMix64) -> SchedulerAction {
        actions[rng.below(actions.count)]
    }
}
