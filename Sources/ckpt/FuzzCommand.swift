import ArgumentParser

/// `ckpt fuzz`: Explore failure interleavings and shrink what breaks.
struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fuzz", abstract: "Explore failure interleavings and shrink what breaks. (not built yet)")
    @Argument(parsing: .allUnrecognized) var rest: [String] = []
    func run() throws { throw UsageFailure("ckpt fuzz is not built yet") }
}
