import CheckpointCheck
import CheckpointCore
import CheckpointTrace

/// A scenario made ready for many runs (a fuzz campaign's schedules): its job graph, its names and
/// a fresh invariant checker are built once instead of once per run.
public final class PreparedScenario: Sendable {
    public let scenario: Scenario
    let graph: JobGraph
    let names: EventNames
    /// A checker that has seen nothing yet; each run starts from a copy.
    let checker: InvariantChecker

    public init(_ scenario: Scenario) throws(JobError) {
        let simulator = try Simulator(scenario: scenario)
        self.scenario = scenario
        graph = simulator.graph
        names = simulator.names
        checker = InvariantChecker(header: simulator.header)
    }
}

extension Simulator {
    /// A run of a prepared scenario: its job graph is built once for many runs.
    public convenience init(prepared: PreparedScenario, options: RunOptions = RunOptions(), trace: TraceSink = NullTraceSink()) {
        self.init(scenario: prepared.scenario, graph: prepared.graph, names: prepared.names, options: options, trace: trace)
    }
}
