import CheckpointCore
import CheckpointTrace

/// A real run and its twin: the ckpt-scenario/1 that models the same job, settings and faults.
/// They match when their checkpoint histories have the same shape (`CheckpointHistory.shape`).
public struct TwinComparison: Sendable {
    public var observed: CheckpointHistory
    public var simulated: CheckpointHistory
    public var matches: Bool { observed.shape == simulated.shape }

    public init(observed: Trace, simulated: Trace) {
        self.observed = CheckpointHistory(observed)
        self.simulated = CheckpointHistory(simulated)
    }

    /// Simulates a twin scenario (its own seed) and returns the trace.
    public static func simulate(_ scenario: Scenario) throws(ScriptError) -> Trace {
        let sink = MemoryTraceSink()
        let simulator: Simulator
        do { simulator = try Simulator(scenario: scenario, trace: sink) } catch {
            throw ScriptError(step: 0, position: nil, message: "\(error)")
        }
        _ = try simulator.run()
        return sink.trace
    }

    /// The first place where the two shapes differ (nil when they match).
    public var firstDifference: (index: Int, observed: String?, simulated: String?)? {
        let a = observed.shape, b = simulated.shape
        for i in 0..<max(a.count, b.count) where (i < a.count ? a[i] : nil) != (i < b.count ? b[i] : nil) {
            return (i, i < a.count ? a[i] : nil, i < b.count ? b[i] : nil)
        }
        return nil
    }

    public var json: JSONObject {
        JSONObject([
            "matches": .bool(matches),
            "observed": .string(observed.text), "simulated": .string(simulated.text),
            "observed-shape": .array(observed.shape.map { .string($0) }), "simulated-shape": .array(simulated.shape.map { .string($0) }),
        ])
    }
}
