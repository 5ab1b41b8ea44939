import ArgumentParser
import Foundation
import CheckpointInterop
import CheckpointTrace

/// `ckpt import`: a real Flink job's checkpoint history as a `ckpt-trace/1` trace.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a real Flink job's checkpoint history as a trace.",
        discussion: """
        flink-log: a JobManager log (checkpoint triggers, completions, declines, expiry, failures, restores, restarts). \
        flink-rest: the JSON of GET /jobs/:jobid/checkpoints. Only what the source shows goes into the trace (no \
        barriers are invented); its header says it was imported. Then: ckpt stats, ckpt render --kind lifecycle.
        """)

    @Argument(help: "flink-log | flink-rest")
    var source: String

    @Argument(help: "The log file or REST JSON file.")
    var file: String

    @Option(name: .shortAndLong, help: "The trace to write (atomically); - for stdout.")
    var output: String

    func run() throws {
        let bytes = try Files.read(file)
        let trace: Trace
        do {
            switch source {
            case "flink-log":
                guard let text = String(validating: bytes, as: UTF8.self) else { throw UsageFailure("\(file):1:1: not UTF-8 text: not a Flink log") }
                trace = try FlinkLogImport.trace(fromLog: text, file: file)
                if let skipped = trace.header.importInfo?["skipped"]?.intValue, let lines = trace.header.importInfo?["lines"]?.intValue {
                    FileHandle.standardError.write(Data("import: \(trace.events.count) events from \(lines - skipped) of \(lines) lines; \(skipped) lines skipped (not about checkpoints)\n".utf8))
                }
            case "flink-rest":
                trace = try FlinkRestImport.trace(fromJSON: bytes, file: file)
            default:
                throw UsageFailure("the source must be flink-log or flink-rest, found '\(source)'")
            }
        } catch let e as ImportError {
            throw UsageFailure("\(file):\(e.line):1: \(e.message)")
        }
        try Files.writeAtomically(TraceWriter.encode(trace), to: output)
    }
}
