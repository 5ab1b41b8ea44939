import ArgumentParser

/// `ckpt import`: Import a real Flink job's checkpoint history as a trace.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import a real Flink job's checkpoint history as a trace. (not built yet)")
    @Argument(parsing: .allUnrecognized) var rest: [String] = []
    func run() throws { throw UsageFailure("ckpt import is not built yet") }
}
