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
        flink-capture DIR: a capture folder (flink/run writes one per case; flink/collect makes one of your own job): \
        the JobManager log for what happened and in which order, the REST API's JSON for every subtask's ack, the job's \
        tasks and its checkpointing settings. flink-log FILE: a JobManager log alone. flink-rest FILE: the JSON of \
        GET /jobs/:jobid/checkpoints alone. Only what the sources show goes into the trace (no barriers are invented; \
        discards beyond num-retained are inferred and say so); tasks are named operator[subtask]. Then: ckpt check, \
        ckpt conform, ckpt stats, ckpt render --kind lifecycle.
        """)

    @Argument(help: "flink-capture | flink-log | flink-rest")
    var source: String

    @Argument(help: "The capture folder, log file or REST JSON file.")
    var file: String

    @Option(name: .shortAndLong, help: "The trace to write (atomically); - for stdout.")
    var output: String

    @Option(help: "The job to import from a log that holds several (its 32-digit id).")
    var job: String?

    @Option(help: "The JSON of GET /jobs/:jobid/checkpoints/config: the settings go into the header, so that every invariant is checked.")
    var checkpointConfig: String?

    @Flag(help: "List the log lines the import did not use.")
    var verbose = false

    func run() throws {
        let trace: Trace
        var skipped: [(Int, String)] = []
        do {
            switch source {
            case "flink-capture":
                (trace, skipped) = try FlinkCaptureImport.read(FlinkCaptureFiles.load(directory: file), job: job)
            case "flink-log":
                let bytes = try Files.read(file)
                guard let text = String(validating: bytes, as: UTF8.self) else { throw UsageFailure("\(file):1:1: not UTF-8 text: not a Flink log") }
                let history = try FlinkLogImport.read(text, job: job)
                skipped = history.skipped
                trace = try FlinkLogImport.withSettings(history, file: file, settings: settings())
            case "flink-rest":
                trace = try FlinkRestImport.trace(fromJSON: Files.read(file), file: file, settings: settings())
            default:
                throw UsageFailure("the source must be flink-capture, flink-log or flink-rest, found '\(source)'")
            }
        } catch let e as ImportError {
            throw UsageFailure("\(e.file ?? file):\(e.line):\(e.column): \(e.message)")
        }
        if let info = trace.header.importInfo, let lines = info["lines"]?.intValue, let count = info["skipped"]?.intValue {
            let used = lines - count - (trace.header.importInfo?["out-of-range"]?["lines"]?.intValue ?? 0)
            Diagnostics.note("import: \(trace.events.count) events from \(used) of \(lines) log lines; \(count) lines skipped (not about the job's checkpointing)\(verbose ? "" : "; --verbose lists them")")
        } else {
            Diagnostics.note("import: \(trace.events.count) events")
        }
        if let unread = trace.header.importInfo?["out-of-range"], let count = unread["count"]?.intValue {
            Diagnostics.note("import: warning: \(count) value(s) could not be read (beyond 2^63−1, not whole, or not a number) and were left out; the first: \(unread["first"]?.stringValue ?? "?")")
        }
        if let d = trace.header.importInfo?["disagreements"]?.arrayValue {
            for line in d { Diagnostics.note("import: log and REST API disagree: \(line.scalarText)") }
        }
        if verbose {
            for (n, text) in skipped { Diagnostics.note("  skipped line \(n): \(text.prefix(200))") }
        }
        try Files.writeAtomically(TraceWriter.encode(trace), to: output)
    }

    func settings() throws -> FlinkSettings? {
        guard let path = checkpointConfig else { return nil }
        do { return try FlinkSettings.read(checkpointConfig: Files.read(path), file: path) } catch let e as ImportError {
            throw UsageFailure("\(path):\(e.line):\(e.column): \(e.message)")
        }
    }
}

/// Lines for the user on stderr (progress, warnings), kept off stdout, which may be the trace.
enum Diagnostics {
    static func note(_ line: String) {
        Output.warn(line)
    }
}
