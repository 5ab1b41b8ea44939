import ArgumentParser

/// `ckpt stats`: Per-checkpoint durations, alignment and state sizes.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Per-checkpoint durations, alignment and state sizes. (not built yet)")
    @Argument(parsing: .allUnrecognized) var rest: [String] = []
    func run() throws { throw UsageFailure("ckpt stats is not built yet") }
}
