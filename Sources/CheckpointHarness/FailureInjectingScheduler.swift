import CheckpointCore

/// A scheduler that now and then injects a failure instead of a delivery: a task crash, or an
/// armed synchronous or asynchronous snapshot failure of a pending or upcoming checkpoint.
public final class FailureInjectingScheduler: SchedulingStrategy {
    /// Chance per step of injecting a failure, in parts per million.
    public let ratePerMillion: Int
    public let maxFailures: Int
    public private(set) var injected = 0

    public init(ratePerMillion: Int = 20_000, maxFailures: Int = 3) {
        self.ratePerMillion = ratePerMillion
        self.maxFailures = maxFailures
    }

    public func choose(from actions: EnabledActions, in simulator: Simulator, rng: inout SplitMix64) -> SchedulerAction {
        if injected < maxFailures, rng.below(1_000_000) < ratePerMillion {
            injected += 1
            let task = rng.below(simulator.graph.tasks.count)
            switch rng.below(4) {
            case 0, 1: return .fail(task: task)
            default:
                let pending = simulator.coordinator.pending.map(\.id)
                let id = pending.isEmpty || rng.below(2) == 0 ? simulator.coordinator.nextId : pending[rng.below(pending.count)]
                return .failSnapshot(task: task, checkpoint: id, phase: rng.below(3) == 0 ? .sync : .async)
            }
        }
        return actions[rng.below(actions.count)]
    }
}
