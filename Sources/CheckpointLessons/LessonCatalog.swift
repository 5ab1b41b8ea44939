import CheckpointCore
import CheckpointTrace

/// The lessons of a `lessons/` folder, in order, and how a learner names one (`3`, `03`, `03-alignment`, `alignment`).
public struct LessonCatalog: Sendable {
    public var lessons: [Lesson]

    /// Parses lesson files given as (file name, path for messages, text); files not named `NN-….yaml` are left out.
    public init(files: [(name: String, path: String, text: String)]) throws(InputError) {
        var lessons: [Lesson] = []
        for f in files {
            guard let (number, stem) = LessonCatalog.numbered(f.name) else { continue }
            let scenario = try ScenarioParser.parse(f.text, file: f.path)
            lessons.append(Lesson(number: number, name: stem, file: f.path, scenario: scenario))
        }
        self.lessons = lessons.sorted { ($0.number, $0.name) < ($1.number, $1.name) }
    }

    /// `07-unaligned.yaml` → (7, "07-unaligned"); nil for other names.
    public static func numbered(_ fileName: String) -> (Int, String)? {
        guard fileName.hasSuffix(".yaml") || fileName.hasSuffix(".yml") else { return nil }
        let stem = String(fileName[..<fileName.lastIndex(of: ".")!])
        let digits = stem.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let n = Int(digits), stem.dropFirst(digits.count).first == "-" else { return nil }
        return (n, stem)
    }

    /// The lesson a learner means by `id`: its number, its file stem, or the stem without the number.
    public func lesson(_ id: String) -> Lesson? {
        if let n = Int(id) { return lessons.first { $0.number == n } }
        return lessons.first { $0.name == id || $0.name.drop { $0 != "-" }.dropFirst() == Substring(id) || $0.scenario.id == id }
    }
}
