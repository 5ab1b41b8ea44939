import Foundation
import CheckpointTrace

/// Turns one job's log lines into trace events, in log order. A checkpoint gets one outcome: its
/// expiry, a decline or a trigger failure and the failure manager's line about the same
/// checkpoint are one abort; the exception lines under a line give its reason or cause.
struct FlinkLogAssembler {
    let job: String?
    private(set) var events: [TraceEvent] = []
    private(set) var recognised = 0
    private(set) var skipped: [(Int, String)] = []
    /// Checkpoint lines whose id or timestamp is beyond 2^63−1: `line N (checkpoint id)`.
    private(set) var outOfRange: [String] = []
    private(set) var attemptNames: [String: String] = [:]
    private(set) var logMinusEpoch: Int?

    private var kinds: [Int: CheckpointKind] = [:]
    private var triggerIndex: [Int: Int] = [:]
    private var outcomeIndex: [Int: Int] = [:]
    /// What the JobMaster said about the next trigger: a manual checkpoint, a savepoint, a stop.
    private var nextRequest: String?
    private var nextStop = false
    /// What the next exception line completes.
    private var context: Context?
    private var lastTime = Int.min
    /// Failover bookkeeping: the execution attempt, the cause of the restart under way.
    private var attempt = 0
    private var failedTasks: [String: Int] = [:]
    private var restartCause: RestartCause?
    private var awaitingRestore = false
    private var stopSavepointCompleted = false
    private var firstTaskFinish: Int?

    enum Context {
        case decline(Int)
        case abort(Int)
        case unknownFailure
        case taskFailed(Int)
        case globalFailure
    }

    enum RestartCause {
        case task(event: Int)
        case global(message: String?)
    }

    init(job: String?) { self.job = job }

    mutating func skip(_ p: FlinkParsedLine) {
        if p.time != nil { skipped.append((p.number, String(p.text))) }
    }

    mutating func take(_ p: FlinkParsedLine) {
        if let t = p.time {
            lastTime = max(lastTime, t)
            context = nil
        }
        switch p.line {
        case .triggered(let id, let kind, let stop, let timestamp):
            if let timestamp, let t = p.time, logMinusEpoch == nil { logMinusEpoch = t - timestamp }
            triggered(id, kind: kind, stop: stop || nextStop, line: p.number)
        case .manualTrigger:
            nextRequest = "manual"; nextStop = false; note()
        case .savepointTrigger(let stop):
            nextRequest = "manual"; nextStop = stop; note()
        case .completed(let id, let bytes, let duration, let finalization):
            completed(id, bytes: bytes, duration: duration, finalization: finalization, line: p.number)
        case .declined(let id, let a):
            let task = taskName(a)
            var e = event(.declineReceived, checkpoint: id, line: p.number)
            e.task = task
            e.reason = CheckpointFailureReason.checkpointDeclined.name
            e.attempt = FlinkNames.attemptParts(a)?.attempt ?? attempt
            if task == a { e.extra?["execution-attempt"] = .string(a) }
            context = .decline(append(e))
        case .expired(let id):
            context = .abort(abort(id, reason: .checkpointExpired, detail: nil, line: p.number))
        case .failed(let id, let before):
            guard let id else { context = .unknownFailure; note(); break }
            let i = abort(id, reason: nil, detail: nil, line: p.number)
            if let before { events[i].extra?["failures-before"] = .int(before) }
            context = .abort(i)
        case .triggerFailed(let task, let message):
            var e = event(.triggerSkipped, checkpoint: nil, line: p.number)
            e.reason = (CheckpointFailureReason(message: message) ?? .notAllRequiredTasksRunning).name
            e.extra?["request"] = .string(nextRequest ?? "periodic")
            if let task { e.task = task }
            nextRequest = nil
            _ = append(e)
        case .triggeringFailed(let id, let message):
            if triggerIndex[id] == nil { triggered(id, kind: nextStop || nextRequest == "savepoint" ? .savepoint : .checkpoint, stop: nextStop, line: p.number) }
            let reason = CheckpointFailureReason(message: message) ?? .triggerCheckpointFailure
            context = .abort(abort(id, reason: reason, detail: String(message), line: p.number))
        case .taskState(let task, let a, _, let to):
            attemptNames[a] = task
            if to == "FAILED" {
                var e = TraceEvent(type: .taskFailed, actor: task, task: task, attempt: FlinkNames.attemptParts(a)?.attempt ?? attempt)
                e.time = lastTime
                e.extra = JSONObject("line", .int(p.number))
                let i = append(e)
                failedTasks[a] = i
                context = .taskFailed(i)
            } else if to == "FINISHED", firstTaskFinish == nil {
                firstTaskFinish = events.count
                note()
            } else {
                note()
            }
        case .restartTasks(_, let failed):
            if let failed, let i = failedTasks[failed] { restartCause = .task(event: i) }
            else if failed == nil, restartCause == nil { restartCause = .global(message: nil) }
            note()
        case .globalFailure:
            restartCause = .global(message: nil)
            context = .globalFailure
            note()
        case .jobState(_, let from, let to):
            jobState(from: from, to: to, line: p.number)
        case .restoring(let id, let savepoint, let location):
            var e = event(.restoreStarted, checkpoint: id, line: p.number)
            if savepoint { e.kind = .savepoint }
            if let location { e.extra?["location"] = .string(location) }
            if !awaitingRestore { e.extra?["initial"] = .bool(true) }
            awaitingRestore = false
            _ = append(e)
        case .noCheckpointToRestore:
            if awaitingRestore {
                awaitingRestore = false
                var e = event(.restoreStarted, checkpoint: nil, line: p.number)
                e.attempt = attempt
                _ = append(e)
            } else {
                note()
            }
        case .jobNamed, .executionGraph:
            note()
        case .exception(let message, let causedBy):
            exception(message, causedBy: causedBy)
        case .continuation:
            break
        case .outOfRange(let what):
            outOfRange.append("line \(p.number) (\(what))")
        case .other:
            skip(p)
        }
    }

    /// A line that is about the job but makes no event of its own.
    private mutating func note() { recognised += 1 }

    private func event(_ type: EventType, checkpoint: Int?, line: Int) -> TraceEvent {
        var e = TraceEvent(type: type, actor: "coordinator", checkpoint: checkpoint)
        e.time = lastTime
        e.extra = JSONObject("line", .int(line))
        return e
    }

    private mutating func append(_ e: TraceEvent) -> Int {
        var e = e
        e.time = lastTime
        events.append(e)
        recognised += 1
        return events.count - 1
    }

    private func taskName(_ attempt: String) -> String { attemptNames[attempt] ?? attempt }

    private mutating func triggered(_ id: Int, kind: CheckpointKind, stop: Bool, line: Int) {
        guard triggerIndex[id] == nil else { note(); return }
        kinds[id] = kind
        var e = event(.checkpointTriggered, checkpoint: id, line: line)
        e.kind = kind
        e.isFinal = false
        e.attempt = attempt
        e.extra?["request"] = .string(nextRequest ?? (kind == .savepoint ? "manual" : "periodic"))
        if stop { e.extra?["stop"] = .bool(true) }
        nextRequest = nil
        nextStop = false
        triggerIndex[id] = append(e)
    }

    private mutating func completed(_ id: Int, bytes: Int?, duration: Int?, finalization: Int?, line: Int) {
        guard outcomeIndex[id] == nil else { note(); return }
        var e = event(.checkpointCompleted, checkpoint: id, line: line)
        e.kind = kinds[id] ?? .checkpoint
        e.isFinal = false
        e.bytes = bytes
        if let duration { e.extra?["duration"] = .int(duration) }
        if let finalization { e.extra?["finalization"] = .int(finalization) }
        if let t = triggerIndex[id], events[t].extra?["stop"] == .bool(true) { stopSavepointCompleted = true }
        outcomeIndex[id] = append(e)
    }

    /// The abort of checkpoint `id`: a new one, or the one it already has (a later line about the
    /// same failure completes it). Returns its index.
    private mutating func abort(_ id: Int, reason: CheckpointFailureReason?, detail: String?, line: Int) -> Int {
        if let i = outcomeIndex[id] {
            if events[i].type == .checkpointAborted, let reason, events[i].reason == nil { events[i].reason = reason.name }
            return i
        }
        var e = event(.checkpointAborted, checkpoint: id, line: line)
        e.kind = kinds[id] ?? .checkpoint
        e.reason = reason?.name
        e.detail = detail
        let i = append(e)
        outcomeIndex[id] = i
        return i
    }

    private mutating func exception(_ message: Substring, causedBy: Bool) {
        // A task's failure keeps its root cause (the last "Caused by:") beside its first message.
        if causedBy, case .taskFailed(let i)? = context { events[i].extra?["root-cause"] = .string(String(message)); return }
        guard let c = context, !causedBy else { return }
        if case .taskFailed = c {} else { context = nil }
        recognised += 1
        switch c {
        case .decline(let i):
            // "Task name with subtask : NAME (i/p)#k Failure reason: MESSAGE" names the task too.
            if let r = message.range(of: "Task name with subtask : "), let end = message[r.upperBound...].range(of: " Failure reason: ") {
                if let task = FlinkNames.task(fromDisplayName: message[r.upperBound..<end.lowerBound]), events[i].task?.contains("[") != true {
                    events[i].task = task
                    events[i].extra?["execution-attempt"] = nil
                }
            }
            if let reason = CheckpointFailureReason(message: message) { events[i].reason = reason.name }
            events[i].detail = String(message)
        case .abort(let i):
            if events[i].reason == nil {
                events[i].reason = (CheckpointFailureReason(message: message) ?? .checkpointDeclined).name
                if CheckpointFailureReason(message: message) == nil { events[i].detail = String(message) }
            }
        case .unknownFailure:
            var e = event(.triggerSkipped, checkpoint: nil, line: 0)
            e.reason = (CheckpointFailureReason(message: message) ?? .triggerCheckpointFailure).name
            e.detail = String(message)
            e.extra = JSONObject("request", .string(nextRequest ?? "periodic"))
            _ = append(e)
        case .taskFailed(let i):
            guard events[i].cause == nil else { break }
            events[i].cause = String(message)
        case .globalFailure:
            restartCause = .global(message: String(message))
        }
    }

    private mutating func jobState(from: Substring, to: Substring, line: Int) {
        switch to {
        case "RESTARTING":
            attempt += 1
            var e = event(.jobFailover, checkpoint: nil, line: line)
            e.attempt = attempt
            switch restartCause {
            case .task(let i)?:
                e.reason = "task-failure"
                e.task = events[i].task
                e.cause = events[i].cause
                if let root = events[i].extra?["root-cause"] { e.extra?["root-cause"] = root }
            case .global(let message)?:
                let tolerable = message?.contains("Exceeded checkpoint tolerable failure threshold") == true
                e.reason = tolerable ? "tolerable-failures-exceeded" : "global-failure"
                e.cause = message
            case nil:
                e.reason = "job-restart"
                e.detail = "the log shows no cause before the job switched from \(from) to RESTARTING"
            }
            restartCause = nil
            failedTasks = [:]
            awaitingRestore = true
            _ = append(e)
        case "FINISHED", "FAILED", "CANCELED", "SUSPENDED":
            var e = event(.jobFinished, checkpoint: nil, line: line)
            e.extra?["job-state"] = .string(String(to))
            if to == "FINISHED" { markFinalCheckpoint() }
            _ = append(e)
        default:
            note()
        }
    }

    /// FLIP-147: a finished job's tasks finished after the first checkpoint that completed once
    /// they had reached the end of their input: the last one completed before the first task
    /// finished. A stop-with-savepoint ends the job without one.
    private mutating func markFinalCheckpoint() {
        guard !stopSavepointCompleted else { return }
        let before = firstTaskFinish ?? events.count
        guard let done = events[..<before].lastIndex(where: { $0.type == .checkpointCompleted && $0.kind == .checkpoint }),
              let id = events[done].checkpoint, let t = triggerIndex[id] else { return }
        events[t].isFinal = true
        events[done].isFinal = true
    }
}
