import CheckpointInterop
import CheckpointTrace
import Foundation

/// The real Flink 2.3 captures committed under FlinkCaptures/ (flink/run wrote them) and the
/// twins under flink/twins/, read the way `ckpt import flink-capture` reads a folder.
enum RealFlinkCaptures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("FlinkCaptures")
    static let twins = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../flink/twins").standardized

    /// Every case folder, by name.
    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: root.appendingPathComponent($0).appendingPathComponent("jobmanager.log").path) }.sorted()
    }

    static func bytes(_ url: URL) -> [UInt8]? { FileManager.default.contents(atPath: url.path).map { Array($0) } }

    static func files(_ name: String) -> FlinkCaptureFiles {
        var f = (try? FlinkCaptureFiles.load(directory: root.appendingPathComponent(name).path)) ?? FlinkCaptureFiles(directory: name)
        f.directory = "FlinkCaptures/\(name)"
        return f
    }

    static func trace(_ name: String) throws -> Trace { try FlinkCaptureImport.trace(files(name)) }

    static func log(_ name: String) -> String { files(name).jobManagerLog ?? "" }

    static func twin(_ name: String) -> String? {
        bytes(twins.appendingPathComponent("\(name).yaml")).map { String(decoding: $0, as: UTF8.self) }
    }
}
