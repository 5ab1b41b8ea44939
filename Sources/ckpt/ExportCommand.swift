import ArgumentParser

/// `ckpt export`: Export a trace to Perfetto, Mermaid or ShiViz.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export a trace to Perfetto, Mermaid or ShiViz. (not built yet)")
    @Argument(parsing: .allUnrecognized) var rest: [String] = []
    func run() throws { throw UsageFailure("ckpt export is not built yet") }
}
