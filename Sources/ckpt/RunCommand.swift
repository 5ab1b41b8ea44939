import ArgumentParser

/// `ckpt run`: Run a scenario, write its trace, check invariants and expectations.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run a scenario, write its trace, check invariants and expectations. (not built yet)")
    @Argument(parsing: .allUnrecognized) var rest: [String] = []
    func run() throws { throw UsageFailure("ckpt run is not built yet") }
}
