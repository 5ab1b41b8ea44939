import CheckpointLessons
import CheckpointRender
import CheckpointReplay
import CheckpointTrace
import Foundation

/// Makes the step-through web page of a trace (`render --format html`, `lesson --html`, the
/// lesson docs): the sequence diagram laid out by libgvc, within the same size budget as
/// `ckpt render` (`LayoutBudget`), around the state of every step.
enum HTMLPageFile {
    static func bytes(_ trace: Trace, annotations: StepAnnotations = StepAnnotations(), title: String? = nil,
                      drawRecords: Bool, maxElements: Int? = nil, name: String) throws -> [UInt8] {
        let diagram = Diagrams.dot(kind: "sequence", trace: trace, selection: HTMLPage.selection(data: drawRecords))
        try LayoutBudget.check(diagram, kind: "sequence", maxElements: maxElements, name: name, page: true, records: drawRecords)
        let svg: [UInt8]
        do { svg = try Graphviz.render(dot: diagram.text, engine: diagram.engine, format: .svg) } catch {
            throw UsageFailure("\(name):1:1: \(error)")
        }
        let data = HTMLPageData(trace: trace, annotations: annotations)
        return Array(HTMLPage.html(trace: trace, svg: svg, data: data, title: title).utf8)
    }

    /// A lesson's page: every record drawn, the narration and the questions at their steps.
    static func lesson(_ run: LessonRun, annotations: StepAnnotations) throws -> [UInt8] {
        try bytes(run.trace, annotations: annotations, title: "Lesson \(run.lesson.number): \(run.lesson.scenario.title)",
                  drawRecords: true, maxElements: 0, name: run.lesson.file)
    }
}
