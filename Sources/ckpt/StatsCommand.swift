import ArgumentParser
import CheckpointInterop
import CheckpointTrace

/// `ckpt stats`: per-checkpoint durations, alignment and state sizes, like Flink's checkpoint tab.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Per-checkpoint durations, alignment and state sizes, like Flink's checkpoint UI.")

    @Argument(help: "The trace file (ckpt-trace/1, also imported ones).")
    var trace: String

    @Flag(help: "Only one line per checkpoint.")
    var summary = false

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let t = try Files.readCheckedTrace(trace)
        let stats = CheckpointStats(trace: t)
        if json { print(JSONWriter.string(stats.json)) } else { print(stats.text(perTask: !summary)) }
    }
}
