import Foundation
import CheckpointTrace

/// One line of a Flink JobManager log, as far as checkpointing goes: the messages of
/// CheckpointCoordinator, CheckpointFailureManager, JobMaster, ExecutionGraph and the failover
/// strategies, in Flink 1.15–2.3's wording, with the ids and names they carry.
enum FlinkLogLine: Equatable {
    /// `Triggering checkpoint N (type=TYPE) @ TS for job J.`
    case triggered(id: Int, kind: CheckpointKind, stop: Bool, timestamp: Int?)
    /// JobMaster: `Triggering a manual checkpoint for job J.` (REST, or the end of input).
    case manualTrigger
    /// JobMaster: `Triggering savepoint for job J.` / `Triggering stop-with-savepoint for job J.`
    case savepointTrigger(stop: Bool)
    /// `Completed checkpoint N for job J (B bytes, checkpointDuration=D ms, finalizationTime=F ms).`
    case completed(id: Int, bytes: Int?, duration: Int?, finalization: Int?)
    /// `Decline checkpoint N by task ATTEMPT of job J at LOCATION.`
    case declined(id: Int, attempt: String)
    /// `Checkpoint N of job J expired before completing.`
    case expired(id: Int)
    /// CheckpointFailureManager: `Failed to trigger or complete checkpoint N for job J. (K consecutive
    /// failed attempts so far)`; the id is nil for UNKNOWN_CHECKPOINT_ID.
    case failed(id: Int?, failuresBefore: Int?)
    /// `Failed to trigger checkpoint for job J since … task NAME (i/p) …. Failure reason: MESSAGE.`
    case triggerFailed(task: String?, message: Substring)
    /// `Triggering Checkpoint N for job J failed due to EXCEPTION: MESSAGE`
    case triggeringFailed(id: Int, message: Substring)
    /// `NAME (i/p) (ATTEMPT) switched from FROM to TO[ on LOCATION].`
    case taskState(task: String, attempt: String, from: Substring, to: Substring)
    /// `N tasks will be restarted to recover the failed task ATTEMPT.` (nil: a global failure)
    case restartTasks(count: Int?, failedAttempt: String?)
    /// `Trying to recover from a global failure.`
    case globalFailure
    /// `Job NAME (J) switched from state FROM to TO.`
    case jobState(name: String, from: Substring, to: Substring)
    /// `Restoring job J from Checkpoint N @ TS for J located at LOCATION.` (or Savepoint N)
    case restoring(id: Int?, savepoint: Bool, location: String?)
    /// `No checkpoint found during restore.`
    case noCheckpointToRestore
    /// `Received job submission 'NAME' (J).` and the like: a job's name.
    case jobNamed(name: String)
    /// `Created execution graph G for job J.`
    case executionGraph(id: String)
    /// A line of a stack trace: `EXCEPTION: MESSAGE` or `Caused by: EXCEPTION: MESSAGE`.
    case exception(message: Substring, causedBy: Bool)
    /// A stack frame (`\tat …`, `... N more`) or any other continuation line.
    case continuation
    /// A checkpoint message whose id or timestamp (`what`) is beyond 2^63−1: counted and warned
    /// about, not imported.
    case outOfRange(what: String)
    /// A log line about something else.
    case other
}

/// A parsed line: its number (1-based), its log time (ms, the log's own clock), the job it names.
struct FlinkParsedLine {
    var number: Int
    var time: Int?
    var job: String?
    var line: FlinkLogLine
    /// The raw text (for `--verbose` and error messages).
    var text: Substring
}

enum FlinkLogParser {
    /// Parses one line of the log (without its line break).
    static func parse(_ text: Substring, number: Int) -> FlinkParsedLine {
        guard let time = FlinkLogImport.timestamp(text) else {
            return FlinkParsedLine(number: number, time: nil, job: nil, line: continuation(text), text: text)
        }
        let message = text.range(of: " - ").map { text[$0.upperBound...] } ?? text[text.index(text.startIndex, offsetBy: 23)...]
        let (line, job) = classify(message)
        return FlinkParsedLine(number: number, time: time, job: job, line: line, text: text)
    }

    /// A line without a timestamp: part of a stack trace.
    static func continuation(_ text: Substring) -> FlinkLogLine {
        var s = text.drop { $0 == " " || $0 == "\t" }
        if s.hasPrefix("at ") || s.hasPrefix("... ") || s.isEmpty { return .continuation }
        var causedBy = false
        if s.hasPrefix("Caused by: ") { s = s.dropFirst(11); causedBy = true }
        guard let colon = s.range(of: ": ") else { return .continuation }
        let name = s[..<colon.lowerBound]
        guard name.contains("."), name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "$" }),
              name.hasSuffix("Exception") || name.hasSuffix("Error") || name.hasSuffix("Throwable") else { return .continuation }
        return .exception(message: s[colon.upperBound...], causedBy: causedBy)
    }

    /// What a message says, and the job id it names.
    static func classify(_ m: Substring) -> (FlinkLogLine, String?) {
        let job = word(after: " for job ", in: m) ?? word(after: " of job ", in: m) ?? word(after: "Restoring job ", in: m)
        if let what = outOfRange(m) { return (.outOfRange(what: what), job) }
        if m.hasPrefix("Triggering checkpoint "), let id = number(after: "Triggering checkpoint ", in: m) {
            let type = m.range(of: "(type=").map { m[$0.upperBound...] } ?? ""
            let savepoint = type.hasPrefix("SavepointType") || type.hasPrefix("SAVEPOINT") || type.hasPrefix("SYNC_SAVEPOINT")
            let stop = type.contains("SUSPEND") || type.contains("TERMINATE") || type.hasPrefix("SYNC_SAVEPOINT")
            return (.triggered(id: id, kind: savepoint ? .savepoint : .checkpoint, stop: savepoint && stop,
                               timestamp: number(after: ") @ ", in: m)), job)
        }
        if m.hasPrefix("Triggering a manual checkpoint for job ") { return (.manualTrigger, job) }
        if m.hasPrefix("Triggering savepoint for job ") { return (.savepointTrigger(stop: false), job) }
        if m.hasPrefix("Triggering stop-with-savepoint for job ") { return (.savepointTrigger(stop: true), job) }
        if m.hasPrefix("Completed checkpoint "), let id = number(after: "Completed checkpoint ", in: m) {
            let sizes = m.range(of: " (").map { m[$0.upperBound...] } ?? ""
            let bytes = sizes.first?.isNumber == true ? Int(sizes.prefix { $0.isNumber }) : nil
            let duration = number(after: "checkpointDuration=", in: m) ?? number(after: " bytes in ", in: m)
            return (.completed(id: id, bytes: bytes, duration: duration, finalization: number(after: "finalizationTime=", in: m)), job)
        }
        if m.hasPrefix("Decline checkpoint "), let id = number(after: "Decline checkpoint ", in: m),
           let attempt = word(after: " by task ", in: m) {
            return (.declined(id: id, attempt: attempt), job)
        }
        if m.hasPrefix("Checkpoint "), m.contains(" expired before completing"), let id = number(after: "Checkpoint ", in: m) {
            return (.expired(id: id), job)
        }
        if m.hasPrefix("Failed to trigger or complete checkpoint ") {
            let id = number(after: "Failed to trigger or complete checkpoint ", in: m)
            return (.failed(id: id, failuresBefore: number(after: ". (", in: m)), job)
        }
        if m.hasPrefix("Failed to trigger checkpoint for job ") {
            let task = m.range(of: "Checkpoint triggering task ").flatMap { r -> Substring? in
                let rest = m[r.upperBound...]
                return rest.range(of: " of job ").map { rest[..<$0.lowerBound] }
            }
            return (.triggerFailed(task: task.flatMap(FlinkNames.task(fromDisplayName:)), message: m), job)
        }
        if m.hasPrefix("Triggering Checkpoint "), m.contains(" failed due to "), let id = number(after: "Triggering Checkpoint ", in: m) {
            return (.triggeringFailed(id: id, message: m[m.range(of: " failed due to ")!.upperBound...]), job)
        }
        if let r = m.range(of: " switched from state ") {
            // Job NAME (J) switched from state FROM to TO.
            let head = m[..<r.lowerBound]
            let states = m[r.upperBound...]
            guard head.hasPrefix("Job "), let open = head.lastIndex(of: "("), head.hasSuffix(")"),
                  let to = states.range(of: " to ") else { return (.other, job) }
            let name = String(head[head.index(head.startIndex, offsetBy: 4)..<open].dropLast())
            let id = String(head[head.index(after: open)..<head.index(before: head.endIndex)])
            return (.jobState(name: name, from: states[..<to.lowerBound], to: states[to.upperBound...].prefix { $0 != "." && $0 != " " }), id)
        }
        if let r = m.range(of: ") switched from "), let to = m[r.upperBound...].range(of: " to ") {
            // NAME (i/p) (ATTEMPT) switched from FROM to TO[ on LOCATION].
            let head = m[..<m.index(after: r.lowerBound)]
            guard let open = head.lastIndex(of: "(") else { return (.other, job) }
            let attempt = String(head[head.index(after: open)..<head.index(before: head.endIndex)])
            let display = head[..<open].dropLast()
            guard let task = FlinkNames.task(fromDisplayName: display) else { return (.other, job) }
            let from = m[r.upperBound..<to.lowerBound]
            let target = m[to.upperBound...].prefix { $0 != "." && $0 != " " }
            return (.taskState(task: task, attempt: attempt, from: from, to: target), job)
        }
        if let r = m.range(of: " tasks will be restarted to recover ") {
            let count = Int(m[..<r.lowerBound])
            let failed = word(after: "the failed task ", in: m)
            return (.restartTasks(count: count, failedAttempt: failed), job)
        }
        if m.hasPrefix("Calculating tasks to restart to recover the failed task ") {
            return (.restartTasks(count: nil, failedAttempt: word(after: "the failed task ", in: m)), job)
        }
        if m.hasPrefix("Trying to recover from a global failure") { return (.globalFailure, job) }
        if m.hasPrefix("Restoring job ") && m.contains(" from ") {
            let savepoint = m.contains(" from Savepoint ")
            let id = number(after: "from Checkpoint ", in: m) ?? number(after: "from Savepoint ", in: m) ?? number(after: "from checkpoint ", in: m)
            let location = m.range(of: " located at ").map { String(m[$0.upperBound...]).trimmingSuffixDot() }
            return (.restoring(id: id, savepoint: savepoint, location: location), job)
        }
        if m.hasPrefix("No checkpoint found during restore") { return (.noCheckpointToRestore, job) }
        if m.hasPrefix("Received job submission '") || m.hasPrefix("Submitting job '") || m.hasPrefix("Initializing job '") {
            if let open = m.firstIndex(of: "'"), let close = m[m.index(after: open)...].firstIndex(of: "'") {
                let name = String(m[m.index(after: open)..<close])
                let rest = m[m.index(after: close)...]
                let id = rest.range(of: "(").map { String(rest[$0.upperBound...].prefix { $0 != ")" }) }
                return (.jobNamed(name: name), id)
            }
        }
        if m.hasPrefix("Created execution graph "), let graph = word(after: "Created execution graph ", in: m) {
            return (.executionGraph(id: graph), job)
        }
        return (.other, job)
    }

    /// Messages that start with these carry a checkpoint id right after them.
    static let idPrefixes = ["Triggering checkpoint ", "Completed checkpoint ", "Decline checkpoint ", "Checkpoint ",
                             "Failed to trigger or complete checkpoint ", "Triggering Checkpoint "]

    /// What of a checkpoint message does not fit an Int (its id, its trigger timestamp), or nil.
    static func outOfRange(_ m: Substring) -> String? {
        for prefix in idPrefixes where m.hasPrefix(prefix) && overflows(after: prefix, in: m) { return "checkpoint id" }
        if m.hasPrefix("Triggering checkpoint ") && overflows(after: ") @ ", in: m) { return "trigger timestamp" }
        if m.hasPrefix("Restoring job ") && (overflows(after: "from Checkpoint ", in: m) || overflows(after: "from Savepoint ", in: m)) {
            return "checkpoint id"
        }
        return nil
    }

    /// Whether digits follow `prefix` that are too many for an Int.
    static func overflows(after prefix: String, in text: Substring) -> Bool {
        guard let r = text.range(of: prefix) else { return false }
        let digits = text[r.upperBound...].prefix { $0.isASCII && $0.isNumber }
        return !digits.isEmpty && Int(digits) == nil
    }

    /// The decimal number right after `prefix` (nil when there is none, or it does not fit an Int).
    static func number(after prefix: String, in text: Substring) -> Int? {
        guard let r = text.range(of: prefix) else { return nil }
        let digits = text[r.upperBound...].prefix { $0.isASCII && $0.isNumber }
        return digits.isEmpty ? nil : Int(digits)
    }

    /// The word right after `prefix`, up to white space or `.`, `,`, `)`.
    static func word(after prefix: String, in text: Substring) -> String? {
        guard let r = text.range(of: prefix) else { return nil }
        let w = text[r.upperBound...].prefix { !$0.isWhitespace && $0 != "." && $0 != "," && $0 != ")" && $0 != "(" }
        return w.isEmpty ? nil : String(w)
    }
}

/// Task names: Flink shows a subtask as `NAME (i/p)` (1-based, sometimes with `#attempt`); a trace
/// names it `NAME[i-1]`, as the simulator names its tasks.
enum FlinkNames {
    /// `faults (2/2)` or `faults (2/2)#0` → `faults[1]`; nil when the text has no `(i/p)`.
    static func task(fromDisplayName text: Substring) -> String? {
        var s = text
        if let hash = s.lastIndex(of: "#"), s[s.index(after: hash)...].allSatisfy(\.isNumber), !s[s.index(after: hash)...].isEmpty {
            s = s[..<hash]
        }
        guard s.hasSuffix(")"), let open = s.lastIndex(of: "("), let slash = s[open...].firstIndex(of: "/") else { return nil }
        guard let index = Int(s[s.index(after: open)..<slash]), index >= 1,
              Int(s[s.index(after: slash)..<s.index(before: s.endIndex)]) != nil else { return nil }
        let name = s[..<open].hasSuffix(" ") ? s[..<open].dropLast() : s[..<open]
        return "\(name)[\(index - 1)]"
    }

    /// The parts of an execution attempt id `GRAPH_VERTEX_SUBTASK_ATTEMPT` (Flink ≥ 1.16).
    static func attemptParts(_ id: String) -> (graph: String, vertex: String, subtask: Int, attempt: Int)? {
        let parts = id.split(separator: "_")
        guard parts.count == 4, let subtask = Int(parts[2]), let attempt = Int(parts[3]) else { return nil }
        return (String(parts[0]), String(parts[1]), subtask, attempt)
    }
}
