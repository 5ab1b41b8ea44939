import ArgumentParser
import CheckpointConform
import CheckpointTrace
import Foundation

/// `ckpt conform`: an observed history against Flink's coordinator rules as the core implements them.
struct ConformCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conform",
        abstract: "Check an observed checkpoint history (a real Flink run) against the core's coordinator rules.",
        discussion: """
        Drives a model of the checkpoint coordinator with the trace's events and checks, at each, that Flink's \
        rules as the core implements them allow it and that every decision they force happened: ids only grow, \
        also after a restore; at most max-concurrent pending; min-pause before a periodic trigger; expiry at the \
        timeout; subsumption of older checkpoints; the failure counter (Flink's own count where the log gives it) \
        and a failover exactly when it exceeds tolerable-failures; a failover aborts what is pending; a restore \
        takes the latest completed checkpoint. The trace needs its checkpointing settings (ckpt import \
        flink-capture gives them). Imported traces get a clock tolerance of 10 ms (--tolerance). With --twin, the \
        checkpoint-level history is also compared with the simulation of a ckpt-scenario/1 twin. \
        Exit status: 0 conforms, 1 a divergence (the first is printed, with the log line it came from), 2 bad input.
        """)

    @Argument(help: "The trace (ckpt-trace/1), e.g. from ckpt import flink-capture.")
    var trace: String

    @Option(help: "Milliseconds of clock tolerance in time comparisons (default: 10 for an imported trace, 0 otherwise).")
    var tolerance: Int?

    @Option(help: "A ckpt-scenario/1 twin: its simulated checkpoint history must have the same shape as the trace's.")
    var twin: String?

    @Flag(help: "Print every divergence, not only the first.")
    var all = false

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        if let tolerance, tolerance < 0 { throw ValidationError("--tolerance must be 0 or more, found \(tolerance)") }
    }

    func run() throws {
        let t = try Files.readTrace(trace)
        let report: Conformance.Report
        do { report = try Conformance.check(t, tolerance: tolerance) } catch {
            throw UsageFailure("\(trace):1:1: \(error.message)")
        }
        var twinResult: TwinComparison?
        if let twin { twinResult = try TwinComparison.compare(observed: t, twinPath: twin) }
        // The log the events' lines are in: the file itself, or a capture folder's log.
        let file = t.header.importInfo?["file"]?.stringValue
        let source = t.header.importInfo?["from"] == .string("flink-capture") ? file.map { $0 + "/jobmanager.log" } : file
        if json {
            var o = JSONObject([
                "trace": .string(trace), "events": .int(report.events), "checkpoints": .int(report.checkpoints),
                "failovers": .int(report.failovers), "restores": .int(report.restores), "tolerance": .int(report.tolerance),
                "conforms": .bool(report.conforms),
                "divergences": .array(report.divergences.map { d in
                    var o = JSONObject(["rule": .string(d.rule.rawValue), "seq": .int(d.seq), "flink": .string(d.rule.flinkMethod),
                                        "core": .string(d.rule.coreRule), "message": .string(d.message)])
                    if let l = d.sourceLine { o["source-line"] = .int(l) }
                    return .object(o)
                }),
            ])
            if let twinResult { o["twin"] = .object(twinResult.json) }
            print(JSONWriter.string(.object(o)))
        } else {
            print("\(trace): \(report.events) events, \(report.checkpoints) checkpoints, \(report.failovers) failover(s), \(report.restores) restore(s) held to the core's coordinator rules (clock tolerance \(report.tolerance) ms)")
            if report.conforms {
                print("No divergence: every event is one Flink's rules allow, and every decision they force happened.")
            }
            for d in report.divergences.prefix(all ? .max : 1) {
                let place = d.sourceLine.map { " (\(source ?? "source"):\($0))" } ?? ""
                print("\(trace):\(d.seq + 2): divergence\(place): \(d.rule.rawValue): \(d.message)")
                print("  rule: Flink's \(d.rule.flinkMethod); the core's \(d.rule.coreRule)")
            }
            if !all && report.divergences.count > 1 { print("(\(report.divergences.count - 1) more; --all lists them)") }
            if let twinResult { twinResult.printSummary() }
        }
        if !report.conforms || twinResult?.matches == false { throw ExitCode(1) }
    }
}

extension TwinComparison {
    /// Loads and simulates the twin, and compares it with the observed trace.
    static func compare(observed: Trace, twinPath: String) throws -> TwinComparison {
        let scenario = try ScenarioLoader.load(twinPath)
        let simulated: Trace
        do { simulated = try TwinComparison.simulate(scenario) } catch {
            throw UsageFailure("\(twinPath):\(error.position?.line ?? 1):\(error.position?.column ?? 1): step \(error.step): \(error.message)")
        }
        return TwinComparison(observed: observed, simulated: simulated)
    }

    func printSummary() {
        print("twin: real      \(observed.text)")
        print("      simulated \(simulated.text)")
        print("      shape     \(observed.shape.joined(separator: " · "))")
        if let d = firstDifference {
            print("The twin's history differs at item \(d.index + 1) of its shape: real \(d.observed ?? "(ends)"), simulated \(d.simulated ?? "(ends)")")
            print("      simulated shape \(simulated.shape.joined(separator: " · "))")
        } else {
            print("The twin's simulated history has the same shape.")
        }
    }
}
