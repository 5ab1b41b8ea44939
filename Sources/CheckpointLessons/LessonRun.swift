import CheckpointCore
import CheckpointHarness
import CheckpointTrace

/// A lesson run in memory exactly as `ckpt run` runs it (online invariant checks on, this
/// version's generator), so its bytes are the golden trace's.
public struct LessonRun: Sendable {
    public var lesson: Lesson
    /// The trace file's bytes (JSON Lines), as `ckpt run --trace` would write them.
    public var bytes: [UInt8]
    public var trace: Trace
    public var result: RunResult

    /// Runs the lesson's scenario; a scenario that cannot run is an `InputError` naming its file and position.
    public static func run(_ lesson: Lesson) throws(InputError) -> LessonRun {
        var bytes: [UInt8] = []
        var options = RunOptions()
        options.generator = ProgramVersion.generator
        let result = try Simulator.runChecked(lesson.scenario, file: lesson.file, options: options,
                                              trace: JSONLinesTraceSink { bytes.append(contentsOf: $0) }).result
        let trace: Trace
        do { trace = try TraceReader.read(bytes, file: lesson.goldenTracePath) } catch {
            throw InputError(file: lesson.file, line: 1, column: 1, message: "the lesson's own trace does not read back: \(error.message)")
        }
        return LessonRun(lesson: lesson, bytes: bytes, trace: trace, result: result)
    }
}
