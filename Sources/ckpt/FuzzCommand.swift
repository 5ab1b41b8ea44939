import ArgumentParser
import CheckpointCheck
import CheckpointCore
import CheckpointFuzz
import CheckpointTrace
import Foundation

/// `ckpt fuzz`: explore failure interleavings, check every invariant, shrink what breaks.
struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Explore failure interleavings and shrink what breaks.",
        discussion: """
        Each run is a schedule: deliveries, emits and timers chosen by a seeded strategy, with task crashes and \
        snapshot failures injected. Without a scenario it fuzzes built-in linear, WordCount and two-input jobs over \
        the three modes with random checkpoint settings. A violation is shrunk into a ckpt-scenario/1 reproducer \
        (written to --out with its trace). Ctrl-C, SIGTERM or SIGHUP stop it after the current schedule: what was \
        found is still written, the summary says "interrupted", and the exit status is 128 + the signal (130 for \
        Ctrl-C; a second signal quits at once). Exit 0: nothing found (or, with --mutants, every mutant caught); \
        1: a finding; 2: bad input.
        """,
        subcommands: [FuzzRunCommand.self, FuzzMergeCommand.self],
        defaultSubcommand: FuzzRunCommand.self)
}

/// The signal (Ctrl-C, SIGTERM, SIGHUP) that interrupted the campaign, or 0: campaigns stop after
/// the current schedule, still write what they found, mark the summary interrupted and exit 128 + it.
nonisolated(unsafe) var fuzzInterrupted: sig_atomic_t = 0

/// `ckpt fuzz [SCENARIO] ...` (the default subcommand).
struct FuzzRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run a fuzz campaign (the default).")

    @Argument(help: "A scenario to fuzz (default: built-in topologies).")
    var scenario: String?

    @Option(help: "Schedules to run.")
    var runs: Int = 2_000

    @Option(parsing: .unconditional, help: "The campaign's seed (default: 0).", transform: SeedArgument.parse)
    var seed: UInt64 = 0

    @Option(help: "Fix the barrier mode: aligned, unaligned or at-least-once.")
    var mode: String?

    @Option(help: "Fuzz a protocol with this deliberate bug.")
    var mutant: String?

    @Flag(help: "Run a campaign per mutant and print a table: every mutant must be caught.")
    var mutants = false

    @Option(help: "uniform | boundary | pct")
    var strategy: String = "boundary"

    @Option(help: "Stop after this many seconds.")
    var timeLimit: Double?

    @Option(help: "Take shard I of N of the seed space (e.g. 2/8).")
    var shard: String?

    @Option(help: "Write reproducers, their traces and a JSON summary here.")
    var out: String?

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @Flag(help: "Keep going after the first violation.")
    var keepGoing = false

    @Option(help: "The task limit of SCENARIO: a bigger job is refused before it is built (default \(JobGraph.defaultMaxTasks), at most \(JobGraph.hardMaxTasks)).")
    var maxTasks: Int?

    func run() throws {
        var config = CampaignConfig()
        guard (1...100_000_000).contains(runs) else { throw UsageFailure("--runs must be between 1 and 100000000") }
        if let timeLimit, !(timeLimit > 0 && timeLimit <= 1e9) {
            throw UsageFailure("--time-limit must be a number of seconds above 0, found \(timeLimit)")
        }
        config.runs = runs
        config.seed = seed
        config.stopAtFirstViolation = !keepGoing
        guard let s = StrategyKind(rawValue: strategy) else { throw UsageFailure("--strategy must be uniform, boundary or pct, found '\(strategy)'") }
        config.strategy = s
        if let mode {
            guard let m = BarrierMode(rawValue: mode) else { throw UsageFailure("--mode must be aligned, unaligned or at-least-once, found '\(mode)'") }
            config.mode = m
        }
        if let mutant {
            guard let m = Mutant(rawValue: mutant) else {
                throw UsageFailure("--mutant: unknown mutant '\(mutant)' (expected one of: \(Mutant.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            config.mutant = m
        }
        if let shard {
            let parts = shard.split(separator: "/").compactMap { Int($0) }
            guard parts.count == 2, parts[1] >= 1, (0..<parts[1]).contains(parts[0]) else {
                throw UsageFailure("--shard must be I/N with 0 ≤ I < N, found '\(shard)'")
            }
            config.shard = (parts[0], parts[1])
        }
        if let scenario {
            config.scenario = try ScenarioLoader.load(scenario, maxTasks: ScenarioLoader.checkedMaxTasks(maxTasks ?? JobGraph.defaultMaxTasks))
        } else if maxTasks != nil {
            throw UsageFailure("--max-tasks limits the job of a SCENARIO; the built-in jobs have at most \(FuzzScenarios.largestJobTasks) tasks (give a scenario to fuzz a bigger job)")
        }
        if let out { try Files.prepareFolder(out, for: "--out") }
        if mutants && mutant != nil { throw UsageFailure("--mutant and --mutants exclude each other: --mutants runs a campaign for every mutant") }
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { s in
                // A second signal does not wait for the schedule to end.
                if fuzzInterrupted != 0 { AtomicFileWriter.removeAllPending(); _exit(128 + s) }
                fuzzInterrupted = s
            }
        }
        if mutants { return try runMutants(config) }
        let (report, reduced) = try FuzzSession.campaignUntilReproduced(config, timeLimit: timeLimit, label: mutant ?? "protocol")
        if let out { try FuzzSession.write(report, reproducer: reduced?.scenario, config: config, to: out) }
        if json {
            print(JSONWriter.string(.object(FuzzSession.summaryJSON(report, config: config))))
        } else {
            print(FuzzSession.text(report, config: config, reproducer: reduced?.scenario, out: out))
        }
        if !report.result.findings.isEmpty { throw ExitCode(1) }
        try FuzzSession.exitIfInterrupted()
    }

    func runMutants(_ base: CampaignConfig) throws {
        var rows: [(MutantRow, Double)] = []
        for m in Mutant.allCases {
            var config = base
            config.mutant = m
            let (report, reduced) = try FuzzSession.campaignUntilReproduced(config, timeLimit: timeLimit, label: m.rawValue)
            var row = MutantRow(mutant: m, caught: !report.result.findings.isEmpty, invariant: report.result.findings.first?.invariant,
                                schedules: report.result.schedulesToFirstFinding ?? report.result.schedules)
            if let reduced {
                row.invariant = reduced.finding.invariant
                row.reproducer = reduced.scenario
                row.originalSteps = reduced.originalSteps
                row.shrinkRuns = reduced.shrinkRuns
                if let out { try FuzzSession.writeReproducer(reduced.scenario, name: "mutant-\(m.rawValue)", to: out) }
            }
            rows.append((row, report.firstCatchSeconds ?? report.seconds))
            if fuzzInterrupted != 0 { break }
        }
        print(FuzzSession.mutantTable(rows))
        if fuzzInterrupted != 0 { print("Interrupted after \(rows.count) of \(Mutant.allCases.count) mutants.") }
        try FuzzSession.exitIfInterrupted()
        if rows.contains(where: { !$0.0.caught }) || rows.count < Mutant.allCases.count { throw ExitCode(1) }
    }
}

/// `ckpt fuzz merge DIR...`: combine the JSON summaries written by sharded campaigns.
struct FuzzMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "merge", abstract: "Combine the summaries of sharded campaigns (their --out folders).")

    @Argument(help: "Folders written by `ckpt fuzz --out`.")
    var dirs: [String]

    func run() throws {
        guard !dirs.isEmpty else { throw UsageFailure("give at least one folder written by ckpt fuzz --out") }
        var schedules = 0, events = 0, violations = 0
        var coverage: [String: Int] = [:]
        var invariants: [String: Int] = [:]
        var seen: [FileIdentity: String] = [:]
        var interrupted: [String] = []
        for dir in dirs {
            let path = dir + "/summary.json"
            let bytes = try Files.read(path)
            if let identity = FileIdentity(path) {
                if let first = seen[identity] { throw UsageFailure("\(path): the same summary as \(first + "/summary.json"); give each shard's folder once") }
                seen[identity] = dir
            }
            let value: JSONValue
            do { value = try JSONParser.parse(bytes) } catch { throw UsageFailure("\(path):1:\(error.column): \(error.message)") }
            guard value.objectValue != nil, value["schedules"] != nil else { throw UsageFailure("\(path):1:1: not a ckpt fuzz summary (no 'schedules')") }
            func count(_ key: String, _ v: JSONValue?) throws -> Int {
                guard let v else { return 0 }
                guard let n = v.intValue, n >= 0 else { throw UsageFailure("\(path):1:1: '\(key)' must be a whole number ≥ 0, found \(JSONWriter.string(v))") }
                return n
            }
            schedules += try count("schedules", value["schedules"])
            events += try count("events", value["events"])
            if value["interrupted"]?.boolValue == true { interrupted.append(dir) }
            let found = value["violations"] ?? .array([])
            guard let list = found.arrayValue else { throw UsageFailure("\(path):1:1: 'violations' must be an array") }
            for v in list {
                violations += 1
                invariants[v["invariant"]?.stringValue ?? "?", default: 0] += 1
            }
            for entry in value["coverage"]?.objectValue?.entries ?? [] { coverage[entry.key, default: 0] += try count("coverage." + entry.key, entry.value) }
        }
        print("merged \(dirs.count) shard(s): \(schedules) schedules, \(events) events, \(violations) violation(s)")
        for dir in interrupted { print("  incomplete: \(dir) was interrupted (its schedules are counted, its share of the seed space is not all run)") }
        for (k, v) in invariants.sorted(by: { $0.key < $1.key }) { print("  \(k): \(v)") }
        print("coverage:")
        for s in Situation.allCases { print(String(format: "  %8d  %@", coverage[s.rawValue] ?? 0, s.rawValue as NSString)) }
        if violations > 0 { throw ExitCode(1) }
    }
}
