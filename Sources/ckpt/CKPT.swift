import ArgumentParser
import CheckpointTrace

/// The `ckpt` command: the root of every subcommand.
struct CKPT: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ckpt",
        abstract: "CheckpointLab: simulate, trace, replay, draw and fuzz Apache Flink's checkpoint protocol.",
        version: ckptVersion,
        subcommands: [
            RunCommand.self, ReplayCommand.self, ExploreCommand.self, DiffCommand.self, RenderCommand.self,
            CheckCommand.self, FuzzCommand.self, LessonsCommand.self, LessonCommand.self, StatsCommand.self,
            ExportCommand.self, ImportCommand.self, BenchCommand.self,
        ]
    )
}

/// The program version, written into every trace header as `ckpt VERSION`.
let ckptVersion = ProgramVersion.current
