import Foundation
import CheckpointTrace

/// Why an import failed: the input is not what it should be.
public struct ImportError: Error, Sendable {
    public var line: Int
    public var message: String
}

/// Reads a Flink JobManager log and keeps what it shows of checkpointing, as a `ckpt-trace/1`
/// trace: triggers, completions (size, duration), declines, expiry and other failures, restores
/// and job restarts. Lines are recognised by Flink's own messages (CheckpointCoordinator,
/// ExecutionGraph) across 1.15–1.20 and 2.x; anything else is skipped and counted.
public enum FlinkLogImport {
    /// CheckpointFailureReason messages (CheckpointFailureReason.java) → their names.
    static let reasons: [(String, String)] = [
        ("Checkpoint expired before completing", "CHECKPOINT_EXPIRED"),
        ("Asynchronous task checkpoint failed", "CHECKPOINT_ASYNC_EXCEPTION"),
        ("Checkpoint was declined", "CHECKPOINT_DECLINED"),
        ("Checkpoint has been subsumed", "CHECKPOINT_SUBSUMED"),
        ("Task received cancellation from one of its inputs", "CHECKPOINT_DECLINED_ON_CANCELLATION_BARRIER"),
        ("a barrier from newer checkpoint was received", "CHECKPOINT_DECLINED_SUBSUMED"),
        ("Checkpoint Coordinator is suspending", "CHECKPOINT_COORDINATOR_SUSPEND"),
        ("Task has failed", "TASK_FAILURE"),
        ("Task local checkpoint failure", "TASK_CHECKPOINT_FAILURE"),
        ("The minimum time between checkpoints is still pending", "MINIMUM_TIME_BETWEEN_CHECKPOINTS"),
        ("The maximum number of queued checkpoint requests exceeded", "TOO_MANY_CHECKPOINT_REQUESTS"),
        ("Not all required tasks are currently running", "NOT_ALL_REQUIRED_TASKS_RUNNING"),
        ("FailoverRegion is restarting", "JOB_FAILOVER_REGION"),
        ("Failure to finalize checkpoint", "FINALIZE_CHECKPOINT_FAILURE"),
        ("Trigger checkpoint failure", "TRIGGER_CHECKPOINT_FAILURE"),
    ]

    /// Milliseconds since 1970 of `YYYY-MM-DD HH:MM:SS,mmm` (log4j's default) at the line start.
    static func timestamp(_ line: Substring) -> Int? {
        let b = Array(line.utf8.prefix(23))
        guard b.count == 23, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x20 || b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A,
              b[19] == 0x2C || b[19] == 0x2E else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r { guard (0x30...0x39).contains(b[i]) else { return nil }; v = v * 10 + Int(b[i] - 0x30) }
            return v
        }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13), let mi = num(14..<16),
              let s = num(17..<19), let ms = num(20..<23) else { return nil }
        // Days from civil (Howard Hinnant's algorithm).
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return ((days * 24 + h) * 60 + mi) * 60_000 + s * 1000 + ms
    }

    /// The integer right after `prefix` in `text`.
    static func number(after prefix: String, in text: Substring) -> Int? {
        guard let r = text.range(of: prefix) else { return nil }
        return Int(text[r.upperBound...].prefix { $0.isNumber })
    }

    static func word(after prefix: String, in text: Substring) -> String? {
        guard let r = text.range(of: prefix) else { return nil }
        let w = text[r.upperBound...].prefix { !$0.isWhitespace && $0 != "." && $0 != "," && $0 != ")" }
        return w.isEmpty ? nil : String(w)
    }

    /// The trace of a JobManager log's text; throws when no line shows Flink checkpointing.
    public static func trace(fromLog text: String, file: String) throws(ImportError) -> Trace {
        var events: [TraceEvent] = []
        var first: Int?
        var lastTime = 0
        var skipped = 0, total = 0, recognised = 0, stamped = 0
        var lastFailed: Int?
        var kinds: [Int: CheckpointKind] = [:]  // Flink logs a savepoint's completion as "Completed checkpoint N" too
        var job: String?
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func add(_ e: TraceEvent, _ ts: Int?) {
            var e = e
            if let ts { if first == nil { first = ts }; lastTime = max(lastTime, ts - first!) }
            e.seq = events.count
            e.time = lastTime
            events.append(e)
            recognised += 1
        }
        for raw in lines {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.isEmpty { continue }
            total += 1
            let ts = timestamp(line)
            if ts != nil { stamped += 1 }
            if let r = line.range(of: "Triggering checkpoint "), let id = number(after: "Triggering checkpoint ", in: line[r.lowerBound...]) {
                let savepoint = line.contains("type=SavepointType") || line.contains("type=SAVEPOINT") || line.contains("Savepoint")
                job = job ?? word(after: " for job ", in: line)
                kinds[id] = savepoint ? .savepoint : .checkpoint
                add(TraceEvent(type: .checkpointTriggered, actor: "coordinator", checkpoint: id, kind: kinds[id], isFinal: false), ts)
            } else if line.contains("Completed checkpoint "), let id = number(after: "Completed checkpoint ", in: line) {
                var e = TraceEvent(type: .checkpointCompleted, actor: "coordinator", checkpoint: id, kind: kinds[id] ?? .checkpoint, isFinal: false)
                e.bytes = number(after: "(", in: line[(line.range(of: " for job ")?.upperBound ?? line.startIndex)...])
                let duration = number(after: "checkpointDuration=", in: line) ?? number(after: " bytes in ", in: line)
                if let duration { e.extra = JSONObject(["duration": .int(duration)]) }
                add(e, ts)
            } else if line.contains("Decline checkpoint "), let id = number(after: "Decline checkpoint ", in: line) {
                let task = word(after: " by task ", in: line) ?? "?"
                add(TraceEvent(type: .declineReceived, actor: "coordinator", checkpoint: id, task: task, reason: "CHECKPOINT_DECLINED"), ts)
            } else if let id = number(after: "Checkpoint ", in: line), line.contains("expired before completing") {
                add(TraceEvent(type: .checkpointAborted, actor: "coordinator", checkpoint: id, reason: "CHECKPOINT_EXPIRED"), ts)
            } else if line.contains("Failed to trigger or complete checkpoint "), let id = number(after: "Failed to trigger or complete checkpoint ", in: line) {
                lastFailed = id
                add(TraceEvent(type: .checkpointAborted, actor: "coordinator", checkpoint: id, reason: "CHECKPOINT_FAILED"), ts)
            } else if line.contains("CheckpointException: "), let id = lastFailed, let i = events.lastIndex(where: { $0.type == .checkpointAborted && $0.checkpoint == id }) {
                let message = line[line.range(of: "CheckpointException: ")!.upperBound...]
                if let reason = reasons.first(where: { message.contains($0.0) })?.1 { events[i].reason = reason } else { events[i].detail = String(message) }
                lastFailed = nil
                recognised += 1
            } else if line.contains("Restoring job "), line.contains(" from ") {
                let id = number(after: "from Checkpoint ", in: line) ?? number(after: "from Savepoint ", in: line) ?? number(after: "from checkpoint ", in: line)
                var e = TraceEvent(type: .restoreStarted, actor: "coordinator", checkpoint: id)
                if let at = line.range(of: " located at ") { e.extra = JSONObject(["location": .string(String(line[at.upperBound...]).trimmingSuffixDot())]) }
                add(e, ts)
            } else if line.contains(" switched from state "), line.contains("to RESTARTING") || line.contains("to FAILING") {
                let reason = line.contains("to RESTARTING") ? "RESTARTING" : "FAILING"
                add(TraceEvent(type: .jobFailover, actor: "coordinator", reason: reason), ts)
            } else {
                skipped += 1
            }
        }
        guard recognised > 0 else {
            let why = stamped == 0 ? "no line starts with a log timestamp (YYYY-MM-DD HH:MM:SS,mmm)" : "no line shows Flink checkpointing (Triggering checkpoint …, Completed checkpoint …)"
            throw ImportError(line: 1, message: "not a Flink JobManager log: \(why)")
        }
        var info = JSONObject(["from": .string("flink-log"), "file": .string(file), "lines": .int(total), "skipped": .int(skipped)])
        if let job { info["job"] = .string(job) }
        if let first { info["start"] = .int(first) }
        let header = TraceHeader(scenario: job ?? "flink-job", seed: nil, mode: nil, config: nil, topology: nil,
                                 generator: "ckpt import", importInfo: info)
        return Trace(header: header, events: events)
    }
}

extension String {
    func trimmingSuffixDot() -> String { hasSuffix(".") ? String(dropLast()) : self }
}
