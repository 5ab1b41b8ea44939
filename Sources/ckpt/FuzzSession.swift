import ArgumentParser
import CheckpointCheck
import CheckpointCore
import CheckpointFuzz
import CheckpointTrace
import Foundation

/// A campaign run from the command line: timing, progress line, output files, reports.
struct FuzzReport {
    var result: CampaignResult
    var seconds: Double
    /// Seconds to the first finding.
    var firstCatchSeconds: Double?
}

/// A finding turned into a small reproducer.
struct ReducedFinding {
    var finding: Finding
    var scenario: Scenario
    var originalSteps: Int?
    var shrinkRuns: Int
}

enum FuzzSession {
    static func elapsed(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// Runs a campaign; after the first finding it goes on (a little) until a finding replays as a
    /// script: a violation that needs the job's final phase cannot be cut into a script, since the
    /// input only ends once a script is done (DESIGN.md §2).
    static func campaignUntilReproduced(_ config: CampaignConfig, timeLimit: Double?, label: String) throws -> (FuzzReport, ReducedFinding?) {
        var c = config
        c.stopAtFirstViolation = false
        var reduced: ReducedFinding?
        var tried = 0
        var firstCatch: Double?
        let start = ContinuousClock.now
        var report = try campaign(c, timeLimit: timeLimit, label: label) { r in
            guard reduced == nil, r.findings.count > tried else { return true }
            if firstCatch == nil { firstCatch = elapsed(since: start) }
            let f = r.findings[tried]
            tried += 1
            let x = FindingReducer.reduce(f, mutant: config.mutant)
            if let s = x.scenario { reduced = ReducedFinding(finding: f, scenario: s, originalSteps: x.originalSteps, shrinkRuns: x.shrinkRuns) }
            return reduced == nil && tried < 30
        }
        report.firstCatchSeconds = firstCatch
        return (report, reduced)
    }

    /// Runs a campaign with a progress line on a terminal (stderr), a time limit and Ctrl-C;
    /// `more(result)` may stop it early.
    static func campaign(_ config: CampaignConfig, timeLimit: Double?, label: String, more: (CampaignResult) -> Bool = { _ in true }) throws -> FuzzReport {
        var campaign = Campaign(config: config)
        let start = ContinuousClock.now
        let terminal = isatty(STDERR_FILENO) == 1
        var lastPrint = start
        let result: CampaignResult
        do {
            result = try campaign.run { r in
                let now = ContinuousClock.now
                if terminal && now - lastPrint > .milliseconds(200) {
                    lastPrint = now
                    let secs = elapsed(since: start)
                    Output.progress(String(format: "\r%@: %d schedules, %.0f/s, %.1f s, %d violation(s)   ",
                                           label as NSString, r.schedules, Double(r.schedules) / max(secs, 1e-9), secs, r.findings.count))
                }
                if fuzzInterrupted != 0 { return false }
                if let limit = timeLimit, elapsed(since: start) > limit { return false }
                return more(r)
            }
        } catch {
            throw UsageFailure("fuzz: step \(error.step): \(error.message)")
        }
        if terminal { Output.progress("\r\u{1B}[K") }
        return FuzzReport(result: result, seconds: elapsed(since: start))
    }

    static func text(_ report: FuzzReport, config: CampaignConfig, reproducer: Scenario?, out: String?) -> String {
        let r = report.result
        var lines: [String] = []
        let what = config.scenario.map { "scenario \($0.id)" } ?? "built-in topologies"
        lines.append("Fuzzed \(what) with the \(config.strategy.rawValue) strategy\(config.mutant.map { ", mutant \($0.rawValue)" } ?? ""): \(r.schedules) schedules, \(r.events) events in \(String(format: "%.2f", report.seconds)) s (\(String(format: "%.0f", Double(r.schedules) / max(report.seconds, 1e-9))) schedules/s)")
        if r.unfinished > 0 { lines.append("\(r.unfinished) schedule(s) hit the step limit before the job finished") }
        if fuzzInterrupted != 0 {
            lines.append("Interrupted after \(r.schedules) of \(config.runs) schedules: the campaign is incomplete.")
        }
        if r.findings.isEmpty {
            lines.append(fuzzInterrupted != 0 ? "No invariant violated in the schedules run." : "No invariant violated.")
        } else {
            for f in r.findings.prefix(5) { lines.append("VIOLATED \(f.invariant) in run \(f.run) (seed \(f.seed)): \(f.detail)") }
            if let s = reproducer {
                lines.append("Shrunk reproducer: \(s.script.count) script step(s)" + (out.map { " — \($0)/reproducer.yaml; `ckpt run \($0)/reproducer.yaml` shows it" } ?? " (use --out DIR to write it)"))
            } else {
                lines.append("The schedule did not replay as a script (the violation depends on the free run after it).")
            }
        }
        lines.append("Protocol situations reached (schedules):")
        for s in Situation.allCases where r.coverage[s, default: 0] > 0 { lines.append(String(format: "  %8d  %@", r.coverage[s]!, s.rawValue as NSString)) }
        let never = Situation.allCases.filter { r.coverage[$0, default: 0] == 0 }
        if !never.isEmpty { lines.append("Never reached: " + never.map(\.rawValue).joined(separator: "; ")) }
        return lines.joined(separator: "\n")
    }

    static func summaryJSON(_ report: FuzzReport, config: CampaignConfig) -> JSONObject {
        let r = report.result
        return JSONObject([
            "schedules": .int(r.schedules), "events": .int(r.events), "seconds": .double(report.seconds),
            "seed": .int(Int(truncatingIfNeeded: config.seed)), "strategy": .string(config.strategy.rawValue),
            "shard": .string("\(config.shard.index)/\(config.shard.count)"), "mutant": config.mutant.map { .string($0.rawValue) } ?? .null,
            "unfinished": .int(r.unfinished), "interrupted": .bool(fuzzInterrupted != 0),
            "violations": .array(r.findings.map { .object(JSONObject(["invariant": .string($0.invariant), "run": .int($0.run),
                                                                      "seed": .string(String($0.seed)), "detail": .string($0.detail)])) }),
            "coverage": .object(JSONObject(Situation.allCases.map { JSONObject.Entry($0.rawValue, .int(r.coverage[$0, default: 0])) })),
        ])
    }

    /// Exits 128 + the signal when a signal stopped the campaign, after its results were written.
    static func exitIfInterrupted() throws {
        if fuzzInterrupted != 0 { throw ExitCode(128 + fuzzInterrupted) }
    }

    static func write(_ report: FuzzReport, reproducer: Scenario?, config: CampaignConfig, to dir: String) throws {
        try Files.prepareFolder(dir, for: "--out")
        let summary = JSONWriter.string(.object(summaryJSON(report, config: config))) + "\n"
        try Files.writeAtomically(Array(summary.utf8), to: dir + "/summary.json")
        if let s = reproducer { try writeReproducer(s, name: "reproducer", to: dir) }
    }

    /// Writes NAME.yaml and the trace `ckpt run` writes for it, NAME.jsonl.
    static func writeReproducer(_ s: Scenario, name: String, to dir: String) throws {
        try Files.prepareFolder(dir, for: "--out")
        var scenario = s
        scenario.id = name
        let yaml = ScenarioWriter.yaml(scenario)
        try Files.writeAtomically(Array(yaml.utf8), to: "\(dir)/\(name).yaml")
        var options = RunOptions()
        options.generator = ProgramVersion.generator
        _ = try? ScenarioLoader.run(scenario, file: "\(dir)/\(name).yaml", options: options, tracePath: "\(dir)/\(name).jsonl")
    }

    static func mutantTable(_ rows: [(MutantRow, Double)]) -> String {
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        func left(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
        var lines = [pad("mutant", 20) + pad("caught", 8) + pad("invariant", 26) + left("schedules", 10) + left("seconds", 9) + "  shrunk script steps"]
        for (row, secs) in rows {
            let steps = row.reproducer.map { "\($0.script.count)" + (row.originalSteps.map { " (from \($0))" } ?? "") } ?? (row.caught ? "did not replay as a script" : "—")
            lines.append(pad(row.mutant.rawValue, 20) + pad(row.caught ? "yes" : "NO", 8) + pad(row.invariant ?? "—", 26)
                         + left(String(row.schedules), 10) + left(String(format: "%.2f", secs), 9) + "  " + steps)
        }
        return lines.joined(separator: "\n")
    }
}
