import ArgumentParser

/// `ckpt replay`: Step through a trace in the terminal.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "replay", abstract: "Step through a trace in the terminal. (not built yet)")
    @Argument(parsing: .allUnrecognized) var rest: [String] = []
    func run() throws { throw UsageFailure("ckpt replay is not built yet") }
}
