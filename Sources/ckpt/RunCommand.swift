import ArgumentParser
import CheckpointCore
import CheckpointHarness
import CheckpointTrace
import Foundation

/// `ckpt run`: runs a scenario, writes its trace, prints a summary, checks invariants and expectations.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario, write its trace, check invariants and expectations.",
        discussion: "Exit status: 0 all held, 1 an expectation or invariant failed, 2 bad input.")

    @Argument(help: "The scenario file (ckpt-scenario/1 YAML).")
    var scenario: String

    @Option(parsing: .unconditional, help: "The scheduler's seed (default: the scenario's).", transform: SeedArgument.parse)
    var seed: UInt64?

    @Option(help: "Where to write the trace (default: traces/<scenario>.jsonl; - for stdout).")
    var trace: String?

    @Option(help: "The step limit: reaching it before the job finishes is a failed expectation.")
    var maxSteps: Int = 1_000_000

    @Option(help: "The trace's size limit in MB: reaching it before the job finishes stops the run, as the step limit does.")
    var maxTraceMb: Int = ScenarioLoader.defaultTraceMegabytes

    @Option(help: "Switch on a deliberate protocol bug: \(Mutant.allCases.map(\.rawValue).joined(separator: ", ")).")
    var mutant: String?

    @Option(help: "The task limit: a bigger job is refused before it is built (default \(JobGraph.defaultMaxTasks), at most \(JobGraph.hardMaxTasks)).")
    var maxTasks: Int = JobGraph.defaultMaxTasks

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @Flag(help: "Plain text without colours.")
    var noColor = false

    func run() throws {
        guard (1...RunOptions.maxStepsLimit).contains(maxSteps) else {
            throw UsageFailure("--max-steps must be between 1 and \(RunOptions.maxStepsLimit), found \(maxSteps)")
        }
        guard (1...ScenarioLoader.maxTraceMegabytes).contains(maxTraceMb) else {
            throw UsageFailure("--max-trace-mb must be between 1 and \(ScenarioLoader.maxTraceMegabytes), found \(maxTraceMb)")
        }
        var options = RunOptions(maxSteps: maxSteps, seed: seed)
        if let mutant {
            guard let m = Mutant(rawValue: mutant) else {
                throw UsageFailure("--mutant: unknown mutant '\(mutant)' (expected one of: \(Mutant.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            options.mutant = m
        }
        options.generator = ProgramVersion.generator
        let parsed = try ScenarioLoader.load(scenario, maxTasks: ScenarioLoader.checkedMaxTasks(maxTasks))
        let tracePath = trace ?? "traces/\(parsed.id).jsonl"
        let outcome = try ScenarioLoader.run(parsed, file: scenario, options: options, tracePath: tracePath, traceMegabytes: maxTraceMb)
        let style = OutputStyle(noColor: noColor)
        if json {
            print(RunReport.json(outcome.result, scenario: parsed, seed: outcome.seed, trace: tracePath))
        } else if tracePath != "-" {
            print(RunReport.text(outcome.result, scenario: parsed, seed: outcome.seed, trace: tracePath, style: style))
        }
        if outcome.result.exitCode != 0 { throw ExitCode(outcome.result.exitCode) }
    }
}

/// Loading and running scenarios from files, shared by `run`, `lesson` and `fuzz`.
enum ScenarioLoader {
    /// The default trace budget: a runaway scenario stops at 64 MB, not half a gigabyte later.
    static let defaultTraceMegabytes = 64
    static let maxTraceMegabytes = 1 << 20

    static func checkedMaxTasks(_ n: Int) throws -> Int {
        guard (1...JobGraph.hardMaxTasks).contains(n) else {
            throw UsageFailure("--max-tasks must be between 1 and \(JobGraph.hardMaxTasks), found \(n)")
        }
        return n
    }

    static func load(_ path: String, maxTasks: Int = JobGraph.defaultMaxTasks) throws -> Scenario {
        let bytes = try Files.read(path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw UsageFailure("\(path):1:1: the scenario is not UTF-8 text")
        }
        do { return try ScenarioParser.parse(text, file: path, maxTasks: maxTasks) } catch { throw UsageFailure(error.description) }
    }

    /// Runs a scenario streaming its trace to `tracePath` (atomically; nothing is left on a script error).
    static func run(_ scenario: Scenario, file: String, options: RunOptions, tracePath: String?,
                    traceMegabytes: Int = defaultTraceMegabytes) throws -> (result: RunResult, seed: UInt64) {
        let writer: AtomicFileWriter? = try tracePath.flatMap { $0 == "-" ? nil : try AtomicFileWriter(path: $0) }
        let sink: TraceSink
        if let writer {
            let lines = JSONLinesTraceSink { bytes in
                do throws(UsageFailure) { try writer.append(bytes) } catch { Output.fail(error) }
            }
            lines.byteLimit = traceMegabytes << 20
            sink = lines
        } else if tracePath == "-" {
            let lines = JSONLinesTraceSink { bytes in
                do throws(UsageFailure) { try Output.writeToStandardOutput(bytes) } catch { Output.fail(error) }
            }
            lines.byteLimit = traceMegabytes << 20
            sink = lines
        } else {
            sink = NullTraceSink()
        }
        let outcome: (result: RunResult, seed: UInt64)
        do { outcome = try Simulator.runChecked(scenario, file: file, options: options, trace: sink) } catch {
            writer?.discard()
            throw UsageFailure(error.description)
        }
        for w in outcome.result.warnings { Output.warn("warning: \(file):\(w)") }
        try writer?.commit()
        return outcome
    }
}
