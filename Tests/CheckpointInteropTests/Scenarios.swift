import CheckpointCore
import CheckpointTrace
import Foundation
import Testing

/// Traces made by the simulator, in memory, for the exporters and stats to work on.
enum Scenarios {
    /// Runs a scenario (YAML, `ckpt-scenario/1`) to its end and returns its trace.
    static func run(_ yaml: String, seed: UInt64? = nil) throws -> Trace {
        let scenario = try ScenarioParser.parse(yaml, file: "test.yaml")
        var options = RunOptions(maxSteps: 200_000, seed: seed)
        options.generator = "ckpt test"
        let sink = MemoryTraceSink()
        let simulator = try Simulator(scenario: scenario, options: options, trace: sink)
        _ = try simulator.run()
        return sink.trace
    }

    /// WordCount with periodic checkpoints, two at a time, and a crash: acks out of order,
    /// concurrent snapshots at a task, a failover with lost messages.
    static func wordCount(mode: String = "aligned", maxConcurrent: Int = 2, name: String = "count") -> String {
        func quoted(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
        }
        return """
        scenario: interop-\(mode)
        mode: \(mode)
        checkpointing: {interval: 15, min-pause: 3, max-concurrent: \(maxConcurrent), tolerable-failures: 3, retained: 2}
        job:
          - {name: lines, kind: source, parallelism: 2, data: [["to be or not to be", "that is", "the question"], ["and arrows of", "outrageous fortune", "or to take arms"]]}
          - {name: tokenize, kind: tokenize, input: lines, parallelism: 2}
          - {name: \(quoted(name)), kind: keyed-count, input: tokenize, parallelism: 2}
          - {name: out, kind: sink, input: \(quoted(name)), parallelism: 2, delivery: transactional}
        script:
          - step: 40
          - fail: \(quoted(name + "[1]"))
        """
    }

    /// Every mode, a few seeds: the traces the structural tests go over.
    static func variety() throws -> [(String, Trace)] {
        var out: [(String, Trace)] = []
        for mode in ["aligned", "unaligned", "at-least-once"] {
            for seed: UInt64 in [1, 7, 42] {
                out.append(("\(mode) seed \(seed)", try run(wordCount(mode: mode), seed: seed)))
            }
        }
        out.append(("tour", tour))
        return out
    }

    /// traces/00-tour.jsonl, the trace of the tour lesson, as committed.
    static let tour: Trace = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../traces/00-tour.jsonl").standardized
        let bytes = Array((try? Data(contentsOf: url)) ?? Data())
        return (try? TraceReader.read(bytes, file: url.path)) ?? Trace(header: TraceHeader(scenario: "missing", seed: 0, mode: nil, config: nil, topology: nil, generator: "?"), events: [])
    }()
}
