import ArgumentParser
import Foundation
import CheckpointTrace
import CheckpointReplay

/// `ckpt diff`: Show the first step where two traces diverge.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show the first step where two traces diverge.",
        discussion: "Exit status: 0 the traces are the same, 1 they differ, 2 bad input.")

    @Argument(help: "The first trace.")
    var traceA: String

    @Argument(help: "The second trace.")
    var traceB: String

    @Option(help: "Width of the side-by-side view (default: the terminal's or 100).")
    var width: Int?

    @Flag(help: "No colours (accepted for symmetry; the report is plain text).")
    var noColor = false

    func run() throws {
        let a = try Files.readTrace(traceA)
        let b = try Files.readTrace(traceB)
        let diff = TraceDiff.compare(a, b)
        let columns = width ?? (isatty(STDOUT_FILENO) == 1 ? Terminal.size().width : 100)
        let lines = diff.report(nameA: traceA, nameB: traceB, headerA: a.header, headerB: b.header,
                                totalA: a.events.count, totalB: b.events.count, width: columns)
        print(lines.joined(separator: "\n"))
        if !diff.identical { throw ExitCode(1) }
    }
}
