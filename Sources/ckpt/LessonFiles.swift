import CheckpointLessons
import CheckpointTrace
import Foundation

/// Finds and loads the `lessons/` folder for `ckpt lessons` and `ckpt lesson`.
enum LessonFiles {
    /// `--dir`, else `$CKPT_LESSONS`, else `./lessons`, else `lessons` beside the package the binary was built in.
    static func directory(_ explicit: String?) throws -> String {
        if let explicit {
            guard isDirectory(explicit) else { throw UsageFailure("--dir: no such folder '\(explicit)'") }
            return explicit
        }
        if let env = ProcessInfo.processInfo.environment["CKPT_LESSONS"], !env.isEmpty {
            guard isDirectory(env) else { throw UsageFailure("CKPT_LESSONS: no such folder '\(env)'") }
            return env
        }
        if isDirectory("lessons") { return "lessons" }
        // .build/<triple>/<config>/ckpt or .build/<config>/ckpt → the package root holds lessons/.
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("lessons").path
            if isDirectory(candidate) { return candidate }
        }
        throw UsageFailure("no lessons folder found: run ckpt from the CheckpointLab folder, or pass --dir DIR (or set CKPT_LESSONS)")
    }

    static func catalog(_ explicit: String?) throws -> LessonCatalog {
        let dir = try directory(explicit)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        var files: [(name: String, path: String, text: String)] = []
        for name in names where LessonCatalog.numbered(name) != nil {
            let path = (dir as NSString).appendingPathComponent(name)
            let bytes = try Files.read(path)
            guard let text = String(validating: bytes, as: UTF8.self) else { throw UsageFailure("\(path):1:1: the lesson is not UTF-8 text") }
            files.append((name, path, text))
        }
        do { return try LessonCatalog(files: files) } catch { throw UsageFailure(error.description) }
    }

    /// The lesson `id` names, or a usage error listing what there is.
    static func lesson(_ id: String, dir: String?) throws -> Lesson {
        let catalog = try catalog(dir)
        guard let lesson = catalog.lesson(id) else {
            let known = catalog.lessons.map { "\($0.number)" }.joined(separator: ", ")
            throw UsageFailure("no lesson '\(id)' (lessons: \(known); see ckpt lessons)")
        }
        return lesson
    }

    private static func isDirectory(_ path: String) -> Bool {
        var dir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &dir) && dir.boolValue
    }
}
