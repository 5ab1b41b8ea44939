import ArgumentParser
import CheckpointLessons
import CheckpointReplay
import CheckpointTrace
import Foundation

/// `ckpt lessons`: lists the lessons; `--golden` and `--docs` regenerate their golden traces and pages.
struct LessonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lessons",
        abstract: "List the lessons (then: ckpt lesson ID).",
        discussion: "--golden DIR rewrites the golden traces (after a deliberate protocol change); --docs DIR writes docs/lessons.")

    @Option(help: "The lessons folder (default: ./lessons, or CKPT_LESSONS).")
    var dir: String?

    @Option(help: "Run every lesson and write its trace to DIR/NAME.jsonl (the golden traces).")
    var golden: String?

    @Option(help: "Write one Markdown page and one sequence diagram (SVG) per lesson into DIR.")
    var docs: String?

    @Flag(help: "List as JSON.")
    var json = false

    func run() throws {
        let catalog = try LessonFiles.catalog(dir)
        if let golden { try Files.prepareFolder(golden, for: "--golden") }
        if let docs { try Files.prepareFolder(docs, for: "--docs") }
        if golden != nil || docs != nil {
            for lesson in catalog.lessons {
                let run: LessonRun
                do { run = try LessonRun.run(lesson) } catch { throw UsageFailure(error.description) }
                if let golden { try Files.writeAtomically(run.bytes, to: "\(golden)/\(lesson.name).jsonl") }
                if let docs { try LessonDocs.write(run, to: docs) }
                Output.warn("\(lesson.name): \(run.trace.events.count) events")
            }
            if let docs { try LessonDocs.writeIndex(catalog, to: docs) }
            return
        }
        if json {
            let list = catalog.lessons.map { l in
                JSONValue.object(JSONObject(["number": .int(l.number), "name": .string(l.name), "title": .string(l.scenario.title),
                                             "summary": .string(l.summary), "mode": .string(l.scenario.mode.rawValue)]))
            }
            print(JSONWriter.string(.array(list)))
            return
        }
        let style = OutputStyle(noColor: false)
        for l in catalog.lessons {
            print(style.bold(String(format: "%3d  ", l.number) + l.scenario.title))
            for line in TextWrap.lines(l.summary, width: 80, indent: "     ") { print(style.dim(line)) }
        }
        if let first = catalog.lessons.first(where: { $0.number > 0 }) ?? catalog.lessons.first {
            print("\nStart with: ckpt lesson \(first.number)    (--print walks a lesson as text)")
        }
    }
}
