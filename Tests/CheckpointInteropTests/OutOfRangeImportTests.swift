import CheckpointTrace
import Foundation
import Testing
@testable import CheckpointInterop

/// Import never drops silently: an id or time beyond 2^63−1 is an error naming the entry when the
/// checkpoint cannot be read without it, and otherwise counted in the header's `out-of-range`.
@Suite struct OutOfRangeImportTests {
    static let capture = RealFlinkCaptures.files("min-pause")

    static func rest(replacing pattern: String, with value: String) -> [UInt8] {
        let text = String(decoding: capture.checkpoints ?? [], as: UTF8.self)
        let range = text.range(of: pattern, options: .regularExpression)!
        return Array(text.replacingCharacters(in: range, with: value).utf8)
    }

    @Test(arguments: ["1e30", "18446744073709551616", "1.5"])
    func aTriggerTimestampThatDoesNotFitIsAnErrorNamingTheEntry(value: String) throws {
        let bytes = Self.rest(replacing: #""trigger_timestamp"\s*:\s*\d+"#, with: "\"trigger_timestamp\": \(value)")
        let error = #expect(throws: ImportError.self) { try FlinkRestImport.trace(fromJSON: bytes, file: "c.json") }
        #expect(error?.message.hasPrefix("history[0]: 'trigger_timestamp' must be a whole number from 0 to 2^63−1") == true)
    }

    @Test func anAckTimeThatDoesNotFitIsCountedAndNamed() throws {
        let plain = try FlinkRestImport.trace(fromJSON: Self.capture.checkpoints!, file: "c.json")
        #expect(plain.header.importInfo?["out-of-range"] == nil)
        let bytes = Self.rest(replacing: #""latest_ack_timestamp"\s*:\s*\d+"#, with: "\"latest_ack_timestamp\": 1e30")
        let trace = try FlinkRestImport.trace(fromJSON: bytes, file: "c.json")
        let info = trace.header.importInfo?["out-of-range"]
        #expect(info?["count"]?.intValue == 1)
        #expect(info?["first"]?.stringValue == "history[0].latest_ack_timestamp")
    }

    @Test func flinksMinusOneForNoneIsNotOutOfRange() throws {
        let bytes = Self.rest(replacing: #""state_size"\s*:\s*\d+"#, with: "\"state_size\": -1")
        #expect(try FlinkRestImport.trace(fromJSON: bytes, file: "c.json").header.importInfo?["out-of-range"] == nil)
    }

    @Test func aLogLineWithAnIdBeyondAnIntIsCountedNotSkipped() throws {
        let log = RealFlinkCaptures.log("min-pause")
        let before = try FlinkLogImport.read(log)
        let big = log.replacingOccurrences(of: "Completed checkpoint 1 for", with: "Completed checkpoint 18446744073709551616 for")
        let history = try FlinkLogImport.read(big)
        #expect(history.outOfRange.count == 1)
        #expect(history.outOfRange.first?.hasSuffix("(checkpoint id)") == true)
        #expect(history.skipped.count == before.skipped.count)
        let info = history.trace(file: "j.log", from: "flink-log").header.importInfo?["out-of-range"]
        #expect(info?["count"]?.intValue == 1 && info?["lines"]?.intValue == 1)
    }

    @Test func aCaptureNamesTheRestFileOfAnUnreadableValue() throws {
        var files = Self.capture
        files.checkpoints = Self.rest(replacing: #""end_to_end_duration"\s*:\s*\d+"#, with: "\"end_to_end_duration\": \"soon\"")
        let trace = try FlinkCaptureImport.trace(files)
        #expect(trace.header.importInfo?["out-of-range"]?["first"]?.stringValue == "rest/checkpoints.json: history[0].end_to_end_duration")
    }
}
