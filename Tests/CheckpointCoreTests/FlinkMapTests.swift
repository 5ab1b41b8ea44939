import CheckpointTestSupport
import CheckpointTrace
import Foundation
import Testing

/// docs/flink-map.md and the layout it describes stay true: every file, function, lesson and test
/// the map names exists; every coordinator and task file says which Flink class it mirrors; the
/// core imports only the trace model and Yams; failure reasons are the enum's, mutants named points.
@Suite struct FlinkMapTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    static func swiftFiles(under folder: String) -> [String] {
        let base = root.appendingPathComponent(folder)
        let names = FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String } ?? []
        return names.filter { $0.hasSuffix(".swift") }.map { folder + "/" + $0 }.sorted()
    }

    /// The table rows of the map: each cell's backticked words.
    static func rows() throws -> [[[String]]] {
        try text("docs/flink-map.md").split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| ---") }.map { line in
            line.split(separator: "|").map { cell in
                cell.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
            }
        }
    }

    @Test func everyFunctionTheMapNamesExistsInTheFileItNames() throws {
        var checked = 0
        for row in try Self.rows() {
            var file: String?
            for word in row.flatMap({ $0 }) {
                if word.hasSuffix(".swift") {
                    file = word
                    #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent("Sources/" + word).path), "no Sources/\(word)")
                } else if let file, word.allSatisfy({ $0.isLetter || $0.isNumber }), word.first?.isLowercase == true {
                    let source = try Self.text("Sources/" + file)
                    let declared = ["func \(word)(", "func \(word)<", "var \(word):", "var \(word) "].contains { source.contains($0) }
                    #expect(declared, "docs/flink-map.md names \(word) in \(file), which does not declare it")
                    checked += 1
                }
            }
        }
        #expect(checked >= 60)
    }

    @Test func everyLessonAndTestTheMapNamesExists() throws {
        let tests = Self.swiftFiles(under: "Tests").map { (try? Self.text($0)) ?? "" }
        var lessons = 0, named = 0
        for word in try Self.rows().flatMap({ $0.flatMap { $0 } }) {
            if word.hasPrefix("lessons/") {
                #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(word).path), "no \(word)")
                lessons += 1
            } else if word.hasSuffix("Tests") == false, let dot = word.firstIndex(of: "."), word[..<dot].hasSuffix("Tests") {
                let suite = String(word[..<dot]), test = String(word[word.index(after: dot)...])
                #expect(tests.contains { $0.contains(suite) && $0.contains("func \(test)(") }, "no test \(word)")
                named += 1
            }
        }
        #expect(lessons >= 30 && named >= 40)
    }

    @Test func everyCoordinatorAndTaskFileSaysWhichFlinkClassItMirrors() throws {
        let files = Self.swiftFiles(under: "Sources/CheckpointCore/Coordinator") + Self.swiftFiles(under: "Sources/CheckpointCore/Tasks")
        #expect(files.count >= 15)
        for file in files {
            let first = try Self.text(file).split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
            let name = (file as NSString).lastPathComponent.replacingOccurrences(of: ".swift", with: "")
            let mirrors = first.hasPrefix("// Mirrors Flink 2.3's \(name)")
            let saysWhyNot = first.hasPrefix("// ") && first.contains("No single Flink class")
            #expect(mirrors || saysWhyNot, "\(file) starts \(first)")
            #expect(!name.contains("+"), "\(file): Type+Concern names only a file that extends that type")
        }
    }

    @Test func theCoreImportsOnlyTheTraceModelAndYams() throws {
        for file in Self.swiftFiles(under: "Sources/CheckpointCore") {
            for line in try Self.text(file).split(separator: "\n") where line.hasPrefix("import ") {
                #expect(["import CheckpointTrace", "import Yams"].contains(String(line)), "\(file): \(line)")
            }
        }
    }

    @Test func noFailureReasonLiteralOutsideTheEnumAndNoMutantBranchInARule() throws {
        let literals = CheckpointFailureReason.allCases.map { "\"\($0.name)\"" }
        for file in Self.swiftFiles(under: "Sources") where !file.hasSuffix("/CheckpointFailureReason.swift") {
            let source = try Self.text(file)
            for literal in literals { #expect(!source.contains(literal), "\(file) spells \(literal)") }
            if file.contains("/Coordinator/") || file.contains("/Tasks/") {
                #expect(!source.contains("mutant ==") && !source.contains("mutant !="), "\(file) branches on the mutant")
            }
        }
    }

    /// The tests mirror the sources: a folder of the core's or the harness's tests is a folder of its
    /// sources, and a file under the coordinator and task tests is named after the file it tests.
    @Test func theTestsMirrorTheSourceFolders() throws {
        for (tests, sources) in [("Tests/CheckpointCoreTests", "Sources/CheckpointCore"), ("Tests/CheckpointHarnessTests", "Sources/CheckpointHarness")] {
            for file in Self.swiftFiles(under: tests) {
                let folder = ((file.dropFirst(tests.count + 1)) as NSString).deletingLastPathComponent
                var isFolder: ObjCBool = false
                let path = Self.root.appendingPathComponent(sources + "/" + folder).path
                #expect(FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue, "\(file) has no \(sources)/\(folder)")
                if folder.isEmpty && tests.hasSuffix("HarnessTests") || ["Coordinator", "Tasks"].contains(folder) {
                    let tested = (file as NSString).lastPathComponent.replacingOccurrences(of: "Tests.swift", with: ".swift")
                    let source = sources + "/" + (folder.isEmpty ? "" : folder + "/") + tested
                    #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(source).path), "\(file) tests no \(source)")
                }
            }
        }
    }
}
