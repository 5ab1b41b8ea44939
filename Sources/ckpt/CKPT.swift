import ArgumentParser
import CheckpointTrace

/// The `ckpt` command: the root of every subcommand.
struct CKPT: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ckpt",
        abstract: "CheckpointLab: simulate, trace, replay, draw and fuzz Apache Flink's checkpoint protocol.",
        version: ProgramVersion.current,
        subcommands: [
            RunCommand.self, ReplayCommand.self, ExploreCommand.self, DiffCommand.self, RenderCommand.self,
            CheckCommand.self, FuzzCommand.self, LessonsCommand.self, LessonCommand.self, StatsCommand.self,
            ExportCommand.self, ImportCommand.self, ConformCommand.self, BenchCommand.self,
        ]
    )
}
