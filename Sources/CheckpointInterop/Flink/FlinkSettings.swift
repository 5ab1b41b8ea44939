import CheckpointTrace

/// A Flink job's checkpointing settings, from the REST API: `GET /jobs/:id/checkpoints/config`
/// (interval, timeout, min pause, max concurrent, tolerable failures, mode, unaligned) and, for
/// the number of retained checkpoints, `GET /jobmanager/config` (execution.checkpointing.num-retained;
/// Flink shows no job-level value, and its default is 1).
public struct FlinkSettings: Sendable, Equatable {
    public var config: CheckpointConfig
    /// `aligned`, `unaligned` or `at-least-once`.
    public var mode: String
    /// Where the number of retained checkpoints came from.
    public var retainedFrom: String

    /// Flink's value for "no periodic checkpoints" (Long.MAX_VALUE), and anything as long.
    static let noPeriodicCheckpoints = Int.max / 2

    /// Reads the JSON of `/jobs/:id/checkpoints/config`, and optionally of `/jobmanager/config`.
    public static func read(checkpointConfig bytes: [UInt8], file: String, jobManagerConfig: [UInt8]? = nil) throws(ImportError) -> FlinkSettings {
        let root = try FlinkJSON.parse(bytes, file: file)
        guard let o = root.objectValue, o["timeout"] != nil, o["max_concurrent"] != nil else {
            throw ImportError(line: 1, message: "not the JSON of Flink's /jobs/:jobid/checkpoints/config (expected 'interval', 'timeout', 'min_pause', 'max_concurrent')")
        }
        func number(_ key: String) throws(ImportError) -> Int? {
            guard let v = o[key] else { return nil }
            guard let n = v.intValue, n >= 0 else {
                throw ImportError(line: 1, message: "'\(key)' must be a non-negative integer, found \(v.typeName)")
            }
            return n
        }
        var c = CheckpointConfig()
        if let v = try number("interval") { c.interval = v >= noPeriodicCheckpoints ? 0 : v }
        if let v = try number("timeout") { c.timeout = v }
        if let v = try number("min_pause") { c.minPause = v }
        if let v = try number("max_concurrent") { c.maxConcurrent = max(1, v) }
        if let v = try number("tolerable_failed_checkpoints") { c.tolerableFailures = v }
        let exactlyOnce = (o["mode"]?.stringValue ?? "exactly_once").lowercased() != "at_least_once"
        let unaligned = o["unaligned_checkpoints"]?.boolValue == true
        let mode = !exactlyOnce ? "at-least-once" : (unaligned ? "unaligned" : "aligned")
        var retainedFrom = "Flink's default (execution.checkpointing.num-retained is not set)"
        if let jm = jobManagerConfig {
            let entries = try FlinkJSON.parse(jm, file: file).arrayValue ?? []
            for e in entries {
                guard let key = e["key"]?.stringValue, key == "execution.checkpointing.num-retained" || key == "state.checkpoints.num-retained",
                      let value = e["value"]?.stringValue, let n = Int(value), n >= 1 else { continue }
                c.retained = n
                retainedFrom = "the JobManager's \(key)"
            }
        }
        return FlinkSettings(config: c, mode: mode, retainedFrom: retainedFrom)
    }
}

/// JSON reading with the import's errors: a file of several lines is one JSON value, and a
/// problem is reported at its line and column.
enum FlinkJSON {
    static func parse(_ bytes: [UInt8], file: String) throws(ImportError) -> JSONValue {
        do { return try JSONParser.parse(bytes) } catch {
            // The parser counts columns over the whole text: turn that into a line and a column.
            let offset = max(0, min(bytes.count, error.column - 1))
            var line = 1, lineStart = 0
            for i in 0..<offset where bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
            throw ImportError(line: line, column: offset - lineStart + 1, message: "not JSON: \(error.message)")
        }
    }
}
