import CheckpointCore
import CheckpointTrace

/// The built-in jobs the fuzzer explores when no scenario is given: linear, WordCount and two-input
/// topologies over the three modes, with random checkpoint settings.
public enum FuzzScenarios {
    public static let shapes = ["linear", "wordcount", "two-input"]
    /// The most tasks a built-in job has (a source and a map of parallelism 2, a count of 2, a sink).
    public static let largestJobTasks = 7
    static let words = ["a", "b", "c", "d", "e"]

    /// A scenario drawn from `seed`; `mode` fixes the barrier mode (else drawn too).
    public static func generate(seed: UInt64, mode: BarrierMode? = nil) -> Scenario {
        var g = SplitMix64(seed: seed)
        let shape = shapes[g.below(shapes.count)]
        let m = mode ?? BarrierMode.allCases[g.below(3)]
        func records(_ n: Int) -> [String] { (0..<n).map { _ in words[g.below(words.count)] } }
        var job: [OperatorSpec] = []
        let p = 1 + g.below(2)
        switch shape {
        case "linear":
            job.append(OperatorSpec(name: "src", kind: .source, parallelism: p, data: (0..<p).map { _ in records(1 + g.below(5)) }))
            job.append(OperatorSpec(name: "map", kind: .map, parallelism: p, inputs: ["src"]))
            job.append(OperatorSpec(name: "count", kind: .keyedCount, parallelism: 1 + g.below(2), inputs: ["map"]))
        case "wordcount":
            let lines = (0..<p).map { _ in (0..<(1 + g.below(3))).map { _ in records(1 + g.below(3)).joined(separator: " ") } }
            job.append(OperatorSpec(name: "lines", kind: .source, parallelism: p, data: lines))
            job.append(OperatorSpec(name: "tokenize", kind: .tokenize, parallelism: p, inputs: ["lines"]))
            job.append(OperatorSpec(name: "count", kind: .keyedCount, parallelism: 1 + g.below(2), inputs: ["tokenize"]))
        default:
            job.append(OperatorSpec(name: "left", kind: .source, data: [records(1 + g.below(4))]))
            job.append(OperatorSpec(name: "right", kind: .source, data: [records(1 + g.below(4))]))
            job.append(OperatorSpec(name: "count", kind: .keyedCount, parallelism: 1 + g.below(2), inputs: ["left", "right"]))
        }
        job.append(OperatorSpec(name: "out", kind: .sink, parallelism: 1, inputs: ["count"], delivery: g.below(4) == 0 ? .plain : .transactional))
        var c = CheckpointConfig()
        c.interval = [0, 4, 8, 15][g.below(4)]
        c.minPause = g.below(3) == 0 ? g.below(8) : 0
        c.timeout = g.below(4) == 0 ? 25 + g.below(30) : 300
        c.maxConcurrent = 1 + g.below(3)
        c.tolerableFailures = g.below(4)
        c.retained = 1 + g.below(3)
        c.asyncRange = 1...(2 + g.below(8))
        var script: [ScriptStep] = []
        for _ in 0..<g.below(3) { script.append(ScriptStep(.trigger(g.below(5) == 0 ? .savepoint : .checkpoint))) }
        return Scenario(id: "fuzz-\(shape)", seed: seed, mode: m, checkpointing: c, job: job, script: script)
    }
}
