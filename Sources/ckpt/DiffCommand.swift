import ArgumentParser

/// `ckpt diff`: Show the first step where two traces diverge.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diff", abstract: "Show the first step where two traces diverge. (not built yet)")
    @Argument(parsing: .allUnrecognized) var rest: [String] = []
    func run() throws { throw UsageFailure("ckpt diff is not built yet") }
}
