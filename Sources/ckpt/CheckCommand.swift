import ArgumentParser

/// `ckpt check`: Validate a trace and check every invariant offline.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Validate a trace and check every invariant offline. (not built yet)")
    @Argument(parsing: .allUnrecognized) var rest: [String] = []
    func run() throws { throw UsageFailure("ckpt check is not built yet") }
}
