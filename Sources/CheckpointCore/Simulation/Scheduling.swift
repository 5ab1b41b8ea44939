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

/// The actions enabled at one scheduler step, in the scheduler's fixed order: a view of the
/// simulator's own list, valid only during the `choose` call it is passed to (listing them at
/// every step then allocates and copies nothing).
public struct EnabledActions: RandomAccessCollection {
    private let base: UnsafePointer<SchedulerAction>
    public let count: Int

    init(_ base: UnsafePointer<SchedulerAction>, count: Int) {
        self.base = base
        self.count = count
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(i: Int) -> SchedulerAction {
        precondition(i >= 0 && i < count, "no enabled action \(i) of \(count)")
        return base[i]
    }
}

/// Picks the next action among the enabled ones; the fuzzer plugs in its own strategies.
public protocol SchedulingStrategy: AnyObject {
    /// `actions` is never empty. A strategy may also return a failure action of its own.
    func choose(from actions: EnabledActions, in simulator: Simulator, rng: inout SplitMix64) -> SchedulerAction
}

/// The default strategy: each enabled action equally likely, from the run's seeded generator.
public final class SeededScheduler: SchedulingStrategy {
    public init() {}
    public func choose(from actions: EnabledActions, in simulator: Simulator, rng: inout SplitMix64) -> SchedulerAction {
        actions[rng.below(actions.count)]
    }
}
