import CheckpointTestSupport
import CheckpointTrace
import Foundation
import Testing
@testable import CheckpointCore

/// The JSON Schemas in schema/ accept every committed trace and lesson and refuse broken ones.
@Suite struct SchemaTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func validate(_ paths: [String]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", root.appendingPathComponent("schema/validate.py").path] + paths
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, out)
    }

    static func files(_ folder: String, _ ext: String) throws -> [String] {
        let dir = root.appendingPathComponent(folder)
        return try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(ext) }.sorted().map { dir.appendingPathComponent($0).path }
    }

    @Test func everyGoldenTraceAndLessonIsValid() throws {
        let paths = try Self.files("traces", ".jsonl") + Self.files("lessons", ".yaml")
        #expect(paths.count >= 2)
        let (status, out) = try Self.validate(paths)
        #expect(status == 0, "\(out)")
    }

    @Test func aFreshTraceOfEveryModeIsValid() throws {
        var paths: [String] = []
        for mode in BarrierMode.allCases {
            let r = try run(DeterminismTests.tour.replacingOccurrences(of: "mode: aligned", with: "mode: \(mode.rawValue)"), seed: 2)
            let path = NSTemporaryDirectory() + "schema-\(mode.rawValue).jsonl"
            try Data(r.bytes).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        let (status, out) = try Self.validate(paths)
        #expect(status == 0, "\(out)")
    }

    @Test func brokenTracesAndScenariosAreRefused() throws {
        let dir = NSTemporaryDirectory()
        let trace = dir + "schema-bad.jsonl"
        try (#"{"type":"header","schema":"ckpt-trace/1","scenario":"x","generator":"g"}"# + "\n"
             + #"{"seq":0,"time":0,"type":"checkpoint-aborted","actor":"coordinator","checkpoint":1,"reason":"BECAUSE"}"# + "\n")
            .write(toFile: trace, atomically: true, encoding: .utf8)
        let scenario = dir + "schema-bad.yaml"
        try "scenario: x\njob:\n  - {name: s, kind: sourze}\nscript:\n  - fail: nobody\n".write(toFile: scenario, atomically: true, encoding: .utf8)
        let (status, out) = try Self.validate([trace, scenario])
        #expect(status == 1)
        #expect(out.contains("schema-bad.jsonl:1:"), "the header lacks seed/mode/config/topology")
        #expect(out.contains("schema-bad.jsonl:2:"), "the abort reason is not in the table")
        #expect(out.contains("schema-bad.yaml"))
    }
}
