import CheckpointCheck
import CheckpointCore
import CheckpointHarness
import CheckpointInterop
import CheckpointRender
import CheckpointReplay
import CheckpointTrace
import Foundation

/// `ckpt bench --what parse-fuzz`: feeds mutated traces and scenarios to our parsers and counts
/// crashes (none may happen: a crash ends the process) and rejections without a position. What a
/// parser accepts goes on to what consumes it: an accepted trace is checked, summed up, exported,
/// replayed and drawn (as DOT); an accepted scenario is run, its invariants checked.
enum ParseFuzzBench {
    static func run(inputs: Int) throws {
        guard (1...10_000_000).contains(inputs) else { throw UsageFailure("--inputs must be 1...10000000") }
        let scenario = BenchScenarios.wordCount(linesPerSubtask: 3)
        let sink = MemoryTraceSink()
        let simulator = try Simulator(scenario: scenario, trace: sink)
        _ = try simulator.run()
        let trace = TraceWriter.encode(sink.trace)
        let yaml = Array(sampleScenario.utf8)
        for (name, valid) in [("trace", trace), ("scenario", yaml)] {
            var mutator = InputMutator(seed: 42)
            var rejected = 0, accepted = 0, bad = 0, ran = 0, stopped = 0
            let start = ContinuousClock.now
            for _ in 0..<inputs {
                let input = mutator.mutate(valid)
                let error: InputError?
                if name == "trace" {
                    do { consume(try TraceReader.read(input, file: "m.jsonl")); error = nil } catch let e { error = e }
                } else if let text = String(validating: input, as: UTF8.self) {
                    do {
                        let parsed = try ScenarioParser.parse(text, file: "m.yaml")
                        error = nil
                        do {
                            _ = try Simulator.runChecked(parsed, file: "m.yaml", options: RunOptions(maxSteps: 20_000), trace: NullTraceSink())
                            ran += 1
                        } catch {
                            // A script step that cannot be performed: a one-line error, like any other.
                            stopped += 1
                            if error.line < 1 || error.column < 1 || error.message.isEmpty || error.description.contains("\n") { bad += 1 }
                        }
                    } catch let e { error = e }
                } else {
                    error = InputError(file: "m.yaml", line: 1, column: 1, message: "not UTF-8")
                }
                if let error {
                    rejected += 1
                    if error.line < 1 || error.column < 1 || error.message.isEmpty || error.description.contains("\n") { bad += 1 }
                } else {
                    accepted += 1
                }
            }
            let elapsed = ContinuousClock.now - start
            let after = name == "trace" ? "each accepted trace checked, summed up, exported, replayed and drawn" : "\(ran) accepted scenarios ran to the end or the step limit, \(stopped) stopped at a script step that could not be performed"
            print("parse-fuzz \(name): \(inputs) inputs, \(rejected) rejected, \(accepted) accepted (\(after)), \(bad) errors without a one-line position, 0 crashes, \(elapsed)")
        }
    }

    /// Everything that reads a trace, once.
    static func consume(_ t: Trace) {
        _ = InvariantChecker.check(t)
        _ = CheckpointStats(trace: t).text()
        if PerfettoExport.firstUnrepresentableEvent(in: t) == nil { _ = PerfettoExport.json(t) }
        _ = try? MermaidExport.text(t)
        _ = ShiVizExport.text(t)
        var replayer = Replayer(trace: t)
        _ = replayer.state(at: t.events.count)
        for kind in ["sequence", "lifecycle", "topology"] { _ = Diagrams.dot(kind: kind, trace: t, selection: RenderSelection()) }
    }

    static let sampleScenario = """
    scenario: alignment
    title: Barrier alignment
    seed: 7
    mode: aligned
    checkpointing: {interval: 0, timeout: 10000, min-pause: 0, max-concurrent: 1, tolerable-failures: 1, retained: 1}
    job:
      - {name: words,  kind: source, parallelism: 2, data: [["a","b","a"], ["b","c"]]}
      - {name: count,  kind: keyed-count, input: words, partition: hash, parallelism: 2}
      - {name: out,    kind: sink, input: count, delivery: transactional}
    script:
      - emit: words[0]
      - trigger: checkpoint
      - deliver: {from: coordinator, to: "words[0]"}
      - run-until: {type: checkpoint-completed, checkpoint: 1}
      - fail-snapshot: {task: "count[1]", checkpoint: 2}
      - fail: count[0]
    expect:
      - {type: restore-started, checkpoint: 1}
      - output: {a: 2, b: 2, c: 1}
    narration:
      - at: {type: alignment-completed, task: "count[1]"}
        ask: "What does count[1] do?"
        choices: ["forward, snapshot, unblock", "unblock"]
        answer: 0
    """
}
