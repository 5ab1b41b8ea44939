import CheckpointTrace

/// Reads the JSON of Flink's REST endpoint `GET /jobs/:jobid/checkpoints` (CheckpointingStatistics:
/// `counts`, `summary`, `latest`, `history[]`) into a trace of the checkpoint history: triggers,
/// completions with size and duration, failures with their message, and — where a history entry
/// carries per-task details (`tasks` by vertex id with `latest_ack_timestamp`, as
/// `/jobs/:jobid/checkpoints/details/:id` returns them) — one ack per task.
public enum FlinkRestImport {
    /// The trace of the endpoint's JSON; throws when it is not JSON or not CheckpointingStatistics.
    public static func trace(fromJSON bytes: [UInt8], file: String) throws(ImportError) -> Trace {
        let root: JSONValue
        do { root = try JSONParser.parse(bytes) } catch {
            throw ImportError(line: 1, message: "not JSON (column \(error.column): \(error.message))")
        }
        guard let history = root["history"]?.arrayValue, root["counts"] != nil || root["summary"] != nil || root["latest"] != nil else {
            throw ImportError(line: 1, message: "not the JSON of Flink's /jobs/:jobid/checkpoints (expected 'counts', 'summary' and 'history')")
        }
        // One timeline of (time, order, event) from every entry, oldest first.
        var timeline: [(Int, Int, TraceEvent)] = []
        for (n, entry) in history.enumerated() {
            guard let id = entry["id"]?.intValue, let trigger = entry["trigger_timestamp"]?.intValue else { continue }
            let status = entry["status"]?.stringValue ?? "?"
            let kind: CheckpointKind = entry["is_savepoint"]?.boolValue == true ? .savepoint : .checkpoint
            timeline.append((trigger, n * 4, TraceEvent(type: .checkpointTriggered, actor: "coordinator", checkpoint: id, kind: kind, isFinal: false)))
            for t in entry["tasks"]?.objectValue?.entries ?? [] {
                guard let ack = t.value["latest_ack_timestamp"]?.intValue, ack > 0 else { continue }
                var e = TraceEvent(type: .ackReceived, actor: "coordinator", checkpoint: id, task: t.key)
                var extra = JSONObject()
                if let a = t.value["num_acknowledged_subtasks"]?.intValue { extra["acknowledged-subtasks"] = .int(a) }
                if let s = t.value["state_size"]?.intValue ?? t.value["checkpointed_size"]?.intValue { e.bytes = s }
                if !extra.isEmpty { e.extra = extra }
                timeline.append((ack, n * 4 + 1, e))
            }
            switch status {
            case "COMPLETED":
                let end = entry["latest_ack_timestamp"]?.intValue ?? (trigger + (entry["end_to_end_duration"]?.intValue ?? 0))
                var e = TraceEvent(type: .checkpointCompleted, actor: "coordinator", checkpoint: id, kind: kind, isFinal: false)
                e.bytes = entry["state_size"]?.intValue ?? entry["checkpointed_size"]?.intValue
                var extra = JSONObject()
                if let d = entry["end_to_end_duration"]?.intValue { extra["duration"] = .int(d) }
                if let p = entry["external_path"]?.stringValue { extra["location"] = .string(p) }
                if !extra.isEmpty { e.extra = extra }
                timeline.append((end, n * 4 + 2, e))
            case "FAILED":
                let end = entry["failure_timestamp"]?.intValue ?? entry["latest_ack_timestamp"]?.intValue ?? trigger
                let message = entry["failure_message"]?.stringValue ?? "failed"
                let reason = FlinkLogImport.reasons.first { message.contains($0.0) }?.1 ?? "CHECKPOINT_FAILED"
                var e = TraceEvent(type: .checkpointAborted, actor: "coordinator", checkpoint: id, kind: kind, reason: reason)
                e.detail = message
                timeline.append((end, n * 4 + 3, e))
            default:
                break  // IN_PROGRESS: triggered, nothing more yet
            }
        }
        guard let start = timeline.map(\.0).min() else {
            throw ImportError(line: 1, message: "the checkpoint history is empty: nothing to import")
        }
        timeline.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        var events: [TraceEvent] = []
        for (ts, _, e) in timeline {
            var e = e
            e.seq = events.count
            e.time = ts - start
            events.append(e)
        }
        var info = JSONObject(["from": .string("flink-rest"), "file": .string(file), "start": .int(start)])
        if let counts = root["counts"]?.objectValue { info["counts"] = .object(counts) }
        let header = TraceHeader(scenario: "flink-job", seed: nil, mode: nil, config: nil, topology: nil, generator: "ckpt import", importInfo: info)
        return Trace(header: header, events: events)
    }
}
