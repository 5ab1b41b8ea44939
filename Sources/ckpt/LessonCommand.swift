import ArgumentParser
import CheckpointInterop
import CheckpointLessons
import CheckpointReplay
import CheckpointTrace
import Foundation

/// `ckpt lesson`: runs one lesson and steps through it in the replay player with its narration and questions.
struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Step through one lesson with narration and prediction questions.",
        discussion: """
        ID is a lesson's number (1), file name (01-first-checkpoint) or name (first-checkpoint); see ckpt lessons. \
        In the player, answer a question with its number before moving on; →/n next, ←/p back, c next checkpoint \
        boundary, ? help, q quit. Without a terminal (or with --print) the lesson is printed as text.
        """)

    @Argument(help: "The lesson: number, file name or name.")
    var id: String

    @Option(help: "The lessons folder (default: ./lessons, or CKPT_LESSONS).")
    var dir: String?

    @Flag(name: .customLong("print"), help: "Walk the lesson as text: every event, narration and answers inline.")
    var printText = false

    @Flag(help: "With --print: only the narrated events.")
    var brief = false

    @Option(help: "Also write the lesson's trace to FILE.")
    var trace: String?

    @Flag(help: "Write the lesson's step-through web page to -o FILE (diagram, state, narration, questions) instead of playing it.")
    var html = false

    @Option(name: .shortAndLong, help: "With --html: the page to write (- for stdout).")
    var output: String?

    @Option(help: "Feed these keys to the player without a terminal (e.g. \"n n 1 n q\"); print the final screen.")
    var keys: String?

    @OptionGroup var screen: ScreenSizeOptions

    @Flag(help: "No colours (also: NO_COLOR set, or stdout not a terminal).")
    var noColor = false

    func run() throws {
        if html && output == nil { throw UsageFailure("--html needs -o FILE: the page to write") }
        if !html, let output { throw UsageFailure("-o \(output) is for --html (the lesson's web page); --trace FILE writes the trace") }
        if html, printText || keys != nil { throw UsageFailure("--html writes a page; it does not go with \(printText ? "--print" : "--keys")") }
        let lesson = try LessonFiles.lesson(id, dir: dir)
        let run: LessonRun
        do { run = try LessonRun.run(lesson) } catch { throw UsageFailure(error.description) }
        if let trace { try Files.writeAtomically(run.bytes, to: trace) }
        let narration = LessonNarration(lesson.scenario.narration, events: run.trace.events)
        for p in narration.unmatched {
            let pos = p.narration.at.position.map { "\($0.line):\($0.column)" } ?? "1:1"
            Output.warn("warning: \(lesson.file):\(pos): narration \(p.index + 1) matches no event of the lesson's trace")
        }
        let style = OutputStyle(noColor: noColor)
        let annotations = narration.annotations(of: lesson)
        if html, let output {
            try Files.writeAtomically(HTMLPageFile.lesson(run, annotations: annotations), to: output)
            return
        }
        var loop = PlayerLoop(trace: run.trace, annotations: annotations, requireAnswers: true, color: style.color)
        loop.program = "ckpt lesson \(lesson.number)"
        if let keys {
            let parsed = try PlayerLoop.parseKeys(keys)
            let lines = loop.feed(parsed, width: screen.resolved.width, height: screen.resolved.height)
            print(lines.map { TerminalPaint.text($0, color: style.color) }.joined(separator: "\n"))
            return
        }
        var score: String?
        if printText || !Terminal.isInteractive {
            print(LessonTranscript.lines(run, narration: narration, brief: brief).joined(separator: "\n"))
        } else {
            loop.runInteractive()
            let asked = annotations.questions.count, answered = loop.player.answers.count
            let right = loop.player.answers.filter { annotations.questions[$0.key]?.answer == $0.value }.count
            if asked > 0 { score = "Questions: \(answered) of \(asked) answered, \(right) right." }
        }
        print("")
        print(RunReport.text(run.result, scenario: lesson.scenario, seed: lesson.scenario.seed, trace: trace ?? "(not written; --trace FILE keeps it)", style: style))
        print("")
        print("Checkpoint statistics (as in Flink's web UI, times in simulated ms):")
        print(CheckpointStats(trace: run.trace).text(perTask: true))
        if let score { print("\n" + score) }
        // A lesson with a deliberate bug is meant to break invariants and expectations; in any other lesson that is a broken lesson.
        let summary = run.result.summary
        if lesson.scenario.mutant == nil && !(summary.failedExpectations.isEmpty && summary.violations.isEmpty) { throw ExitCode(1) }
    }
}
