// Helpers the core's and the harness's tests share: parse and run a scenario (checking every
// invariant online), and the small jobs most tests start from.
import CheckpointCore
import CheckpointHarness
import CheckpointTrace
import Testing

/// A finished test run: the result, the events, and the trace bytes.
public struct TestRun {
    public var result: RunResult
    public var events: [TraceEvent]
    public var trace: Trace

    /// Events of one type, in order.
    public func of(_ type: EventType) -> [TraceEvent] { events.filter { $0.type == type } }

    /// The index of the first event matching, or nil.
    public func first(_ type: EventType, where p: (TraceEvent) -> Bool = { _ in true }) -> TraceEvent? {
        events.first { $0.type == type && p($0) }
    }

    public var bytes: [UInt8] { TraceWriter.encode(trace) }
}

public func parse(_ yaml: String) throws -> Scenario {
    try ScenarioParser.parse(yaml, file: "test.yaml")
}

public func run(_ yaml: String, seed: UInt64? = nil, mutant: Mutant? = nil, maxSteps: Int = 200_000) throws -> TestRun {
    let scenario = try parse(yaml)
    return try run(scenario, seed: seed, mutant: mutant, maxSteps: maxSteps)
}

public func run(_ scenario: Scenario, seed: UInt64? = nil, mutant: Mutant? = nil, maxSteps: Int = 200_000) throws -> TestRun {
    let sink = MemoryTraceSink()
    var options = RunOptions(maxSteps: maxSteps, seed: seed, mutant: mutant)
    options.generator = "ckpt test"
    let simulator = try Simulator(scenario: scenario, options: options, trace: sink)
    simulator.checkInvariants()
    let result = try simulator.run()
    if mutant == nil && scenario.mutant == nil {
        // Every scenario the tests run must keep every invariant of DESIGN.md §6.
        #expect(result.summary.violations.map { "\($0.invariant ?? "?"): \($0.detail ?? "")" } == [], "scenario \(scenario.id)")
    }
    return TestRun(result: result, events: sink.events, trace: sink.trace)
}

/// A linear pipeline: src (p) -> count (p) -> out (p), scripted triggers only.
public func linearJob(parallelism: Int = 1, data: [[String]] = [["a", "b", "a"]], delivery: String = "transactional") -> String {
    let d = "[" + data.map { "[" + $0.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
    return """
      - {name: src, kind: source, parallelism: \(parallelism), data: \(d)}
      - {name: count, kind: keyed-count, input: src, parallelism: \(parallelism)}
      - {name: out, kind: sink, input: count, parallelism: \(parallelism), delivery: \(delivery)}
    """
}

/// Two sources into one keyed count: a two-input task, to show alignment.
public func twoInputJob(a: [String] = ["x", "y"], b: [String] = ["z"], delivery: String = "transactional") -> String {
    func list(_ l: [String]) -> String { "[" + l.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }
    return """
      - {name: a, kind: source, data: \(list(a))}
      - {name: b, kind: source, data: \(list(b))}
      - {name: count, kind: keyed-count, input: [a, b]}
      - {name: out, kind: sink, input: count, delivery: \(delivery)}
    """
}
