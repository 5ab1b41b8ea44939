import ArgumentParser
import CheckpointCore
import CheckpointTrace
import Foundation

/// `ckpt bench`: measures the simulator (and, as they land, the other parts) and prints figures
/// for BENCHMARKS.md.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure simulator speed (events/s with a null and a JSONL trace sink).",
        discussion: "Build with -c release first: debug builds are many times slower.")

    @Option(help: "Which benchmark: sim, parse-fuzz, determinism, render or fuzz.")
    var what: String = "sim"

    @Option(help: "fuzz: how many schedules.")
    var schedules: Int = 20_000

    @Option(help: "fuzz: run only the shape with this many words a line (1, 2 or 5); all three by default.")
    var words: Int?

    @Option(help: "render: the largest trace plain dot is run on for comparison.")
    var dotLimit: Int = 10_000

    @Option(help: "determinism: how many seeds (each run twice in each mode).")
    var seeds: Int = 1_000

    @Option(help: "parse-fuzz: how many mutated inputs per parser.")
    var inputs: Int = 100_000

    @Option(help: "Lines of text per source subtask in the WordCount benchmark job.")
    var lines: Int = 4_000

    @Option(help: "Trace sinks to measure: null, jsonl or both.")
    var sink: String = "both"

    @Option(help: "Repetitions; the best is reported.")
    var repeats: Int = 3

    func run() throws {
        if what == "parse-fuzz" { return try ParseFuzzBench.run(inputs: inputs) }
        if what == "determinism" { return try DeterminismBench.run(seeds: seeds) }
        if what == "fuzz" {
            guard (1...100_000_000).contains(schedules) else { throw UsageFailure("--schedules must be 1...100000000") }
            if let words {
                guard let shape = FuzzBench.shapes.first(where: { $0.wordsPerLine == words }) else {
                    throw UsageFailure("--words must be one of \(FuzzBench.shapes.map { String($0.wordsPerLine) }.joined(separator: ", ")) (the bench's shapes)")
                }
                return try FuzzBench.run(schedules: schedules, wordsPerLine: shape.wordsPerLine, interval: shape.interval)
            }
            return try FuzzBench.run(schedules: schedules)
        }
        if what == "render" { return try RenderBench.run(sizes: [1_000, 10_000, 100_000], dotLimit: dotLimit) }
        guard what == "sim" else { throw UsageFailure("--what: unknown benchmark '\(what)' (expected: sim, parse-fuzz, determinism, render, fuzz)") }
        guard (1...1_000_000).contains(lines), (1...100).contains(repeats) else {
            throw UsageFailure("--lines must be 1...1000000 and --repeats 1...100")
        }
        let scenario = BenchScenarios.wordCount(linesPerSubtask: lines)
        guard ["null", "jsonl", "both"].contains(sink) else { throw UsageFailure("--sink must be null, jsonl or both") }
        for sinkKind in ["null", "jsonl"] where sink == "both" || sink == sinkKind {
            var best = Double.infinity
            var events = 0
            var bytes = 0
            for _ in 0..<repeats {
                var written = 0
                let sink: TraceSink = sinkKind == "null" ? NullTraceSink() : JSONLinesTraceSink { written += $0.count }
                let simulator = try Simulator(scenario: scenario, options: RunOptions(maxSteps: 100_000_000), trace: sink)
                let start = ContinuousClock.now
                let result = try simulator.run()
                let elapsed = ContinuousClock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                best = min(best, seconds)
                events = result.events
                bytes = written
                guard result.finished else { throw UsageFailure("the benchmark job did not finish") }
            }
            let rate = Double(events) / best
            var line = String(format: "sim %-5@ sink: %d events in %.3f s = %.2f M events/s", sinkKind as NSString, events, best, rate / 1e6)
            if sinkKind == "jsonl" { line += String(format: " (%.1f MB of JSONL)", Double(bytes) / 1e6) }
            print(line)
        }
    }
}

/// Scenarios the benchmarks run.
enum BenchScenarios {
    /// WordCount: 2 sources → tokenize → keyed-count (4) → transactional sink (2), checkpoints every 50 ms.
    static func wordCount(linesPerSubtask: Int, wordsPerLine: Int = 5) -> Scenario {
        let words = ["to", "be", "or", "not", "that", "is", "the", "question", "whether", "tis", "nobler", "in", "mind"]
        var g = SplitMix64(seed: 1)
        let data = (0..<2).map { _ in
            (0..<linesPerSubtask).map { _ in (0..<wordsPerLine).map { _ in words[g.below(words.count)] }.joined(separator: " ") }
        }
        var config = CheckpointConfig()
        config.interval = 50
        config.timeout = 10_000
        config.maxConcurrent = 2
        config.retained = 2
        return Scenario(id: "bench-wordcount", seed: 1, mode: .aligned, checkpointing: config, job: [
            OperatorSpec(name: "lines", kind: .source, parallelism: 2, data: data),
            OperatorSpec(name: "tokenize", kind: .tokenize, parallelism: 2, inputs: ["lines"]),
            OperatorSpec(name: "count", kind: .keyedCount, parallelism: 4, inputs: ["tokenize"]),
            OperatorSpec(name: "out", kind: .sink, parallelism: 2, inputs: ["count"], delivery: .transactional),
        ])
    }
}
