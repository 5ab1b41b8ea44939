import CheckpointCore
import CheckpointInterop
import CheckpointLessons
import CheckpointRender
import CheckpointReplay
import CheckpointTrace
import Foundation

/// Writes `docs/lessons/`: one Markdown page per lesson (narration, questions with folded
/// answers, outcome, statistics) with an SVG sequence diagram of its narrated steps, and an index.
enum LessonDocs {
    /// The longest stretch of events one page's diagram shows.
    static let maxDiagramEvents = 260

    static func write(_ run: LessonRun, to dir: String) throws {
        let lesson = run.lesson
        let narration = LessonNarration(lesson.scenario.narration, events: run.trace.events)
        let seqs = narration.placed.compactMap(\.seq)
        var selection = RenderSelection()
        let last = max(0, run.trace.events.count - 1)
        selection.from = max(0, (seqs.min() ?? 0) - 3)
        selection.to = min(last, max(seqs.max() ?? last, selection.from!) + 3)
        if selection.to! - selection.from! > maxDiagramEvents { selection.to = selection.from! + maxDiagramEvents }
        selection.data = true
        let diagram = Diagrams.dot(kind: "sequence", trace: run.trace, selection: selection)
        let svg = try Graphviz.render(dot: diagram.text, engine: diagram.engine, format: .svg)
        try Files.writeAtomically(svg, to: "\(dir)/\(lesson.name).svg")
        try Files.writeAtomically(Array(page(run, narration: narration, selection: selection).utf8), to: "\(dir)/\(lesson.name).md")
        let annotations = narration.annotations(of: lesson)
        try Files.writeAtomically(HTMLPageFile.lesson(run, annotations: annotations), to: "\(dir)/\(lesson.name).html")
    }

    static func page(_ run: LessonRun, narration: LessonNarration, selection: RenderSelection) -> String {
        let lesson = run.lesson, s = lesson.scenario
        var md = ["# Lesson \(lesson.number): \(s.title)", ""]
        md.append("*Run it:* `ckpt lesson \(lesson.number)` (interactive) or `ckpt lesson \(lesson.number) --print`. "
                  + "Mode `\(s.mode.rawValue)`, seed \(s.seed)" + (s.mutant.map { ", with the deliberate bug `\($0.rawValue)`" } ?? "")
                  + ". Scenario: [`lessons/\(lesson.name).yaml`](../../lessons/\(lesson.name).yaml), "
                  + "golden trace: [`traces/\(lesson.name).jsonl`](../../traces/\(lesson.name).jsonl). "
                  + "Step through it in a browser: [\(lesson.name).html](\(lesson.name).html) (`ckpt lesson \(lesson.number) --html -o page.html`).")
        if let intro = s.intro { md += ["", intro.trimmingCharacters(in: .whitespacesAndNewlines)] }
        md += ["", "![Sequence diagram of events \(selection.from!)–\(selection.to!)](\(lesson.name).svg)", ""]
        md += ["*Events \(selection.from!)–\(selection.to!) of \(run.trace.events.count), records included: "
               + "`ckpt render traces/\(lesson.name).jsonl --kind sequence --from \(selection.from!) --to \(selection.to!) --data -o docs/lessons/\(lesson.name).svg`.*", ""]
        md += ["## Walkthrough", ""]
        for p in narration.placed {
            guard let seq = p.seq else { continue }
            let e = run.trace.events[seq]
            md.append("\(p.index + 1). At `\(StateText.eventLine(e))`:")
            if let say = p.narration.say { md.append("   " + say.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if let ask = p.narration.ask {
                md.append("")
                md.append("   **Predict:** \(ask)")
                for (i, c) in p.narration.choices.enumerated() { md.append("   \(i + 1). \(c)") }
                if let a = p.narration.answer, p.narration.choices.indices.contains(a) {
                    md.append("")
                    md.append("   <details><summary>Answer</summary>\(a + 1). \(escape(p.narration.choices[a]))"
                              + (p.narration.explain.map { " — " + escape($0) } ?? "") + "</details>")
                }
            }
            md.append("")
        }
        let style = OutputStyle(noColor: true)
        md += ["## Outcome", "", "```",
               RunReport.text(run.result, scenario: s, seed: s.seed, trace: lesson.goldenTracePath, style: style), "```", ""]
        md += ["## Checkpoint statistics", "", "Times in simulated milliseconds (`ckpt stats \(lesson.goldenTracePath)`).", "", "```",
               CheckpointStats(trace: run.trace).text(perTask: true), "```", ""]
        return md.joined(separator: "\n")
    }

    static func writeIndex(_ catalog: LessonCatalog, to dir: String) throws {
        var md = ["# Lessons", "", "A step-through course on Flink's checkpoint protocol. Run one with `ckpt lesson N`; "
                  + "regenerate these pages with `make lesson-docs`.", ""]
        md += ["Each lesson also has a step-through web page (diagram, state at every step, narration, questions; "
               + "one self-contained file that opens from disk): the *step through* links.", ""]
        for l in catalog.lessons { md.append("\(l.number). [\(l.scenario.title)](\(l.name).md) ([step through](\(l.name).html)): \(l.summary)") }
        md.append("")
        try Files.writeAtomically(Array(md.joined(separator: "\n").utf8), to: "\(dir)/README.md")
    }

    private static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
