import CheckpointLessons
import Foundation

/// The repository's lessons and golden traces, read once for every test.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let catalog: LessonCatalog = {
        let dir = root.appendingPathComponent("lessons")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        let files = names.sorted().compactMap { name -> (name: String, path: String, text: String)? in
            guard let text = try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8) else { return nil }
            return (name, "lessons/\(name)", text)
        }
        do { return try LessonCatalog(files: files) } catch { fatalError("lessons do not parse: \(error)") }
    }()

    /// Every lesson run once (the runs are deterministic, so sharing them loses nothing).
    static let runs: [String: LessonRun] = {
        var runs: [String: LessonRun] = [:]
        for lesson in catalog.lessons {
            do { runs[lesson.name] = try LessonRun.run(lesson) } catch { fatalError("lesson \(lesson.name) does not run: \(error)") }
        }
        return runs
    }()

    static var lessonNames: [String] { catalog.lessons.map(\.name) }

    static func golden(_ lesson: Lesson) -> [UInt8]? {
        (try? Data(contentsOf: root.appendingPathComponent(lesson.goldenTracePath))).map { [UInt8]($0) }
    }
}
