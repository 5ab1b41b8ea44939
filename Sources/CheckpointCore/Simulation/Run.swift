import CheckpointTrace

/// A scripted step that cannot be performed: the run stops (exit 2), no trace file is kept.
public struct ScriptError: Error, Sendable, Hashable {
    /// 1-based number of the step in the script.
    public var step: Int
    public var position: SourcePosition?
    public var message: String

    public init(step: Int, position: SourcePosition?, message: String) {
        self.step = step; self.position = position; self.message = message
    }
}

/// What a run produced, for `ckpt run`'s summary and the tests.
public struct RunResult: Sendable {
    public var summary: RunSummary
    /// Per key, the committed sink output (plain sinks: last emitted).
    public var output: [String: String]
    /// Every committed (or plainly written) record, as a multiset.
    public var committedRecords: [String: Int]
    /// Keyed state summed over the keyed-count tasks.
    public var finalCounts: [String: Int]
    public var finished: Bool
    public var steps: Int
    public var events: Int
    public var time: Int
    /// Things to tell the user that are not failures (an `emit` from an exhausted source).
    public var warnings: [String]

    /// 0 when every invariant and expectation held, 1 otherwise (DESIGN.md §5).
    public var exitCode: Int32 { summary.violations.isEmpty && summary.failedExpectations.isEmpty ? 0 : 1 }
}

extension Simulator {
    /// Runs the script, then lets the scheduler go until the job finishes (DESIGN.md §2 "End of
    /// input") or the step limit, then checks the final expectations.
    public func run() throws(ScriptError) -> RunResult {
        start()
        var warnings: [String] = []
        for (i, step) in scenario.script.enumerated() {
            try perform(step, number: i + 1, warnings: &warnings)
        }
        return finish(warnings: warnings)
    }

    /// Begins the run: the trace header and the periodic timer (explore mode drives steps itself).
    public func start() {
        // A null sink discards the header: it is not built for one (a fuzz campaign's every schedule).
        if !sinkDiscards { traceSink.begin(header) }
        startPeriodicScheduler()
    }

    /// Performs one scripted step (explore mode appends the steps a learner picks).
    public func performScriptStep(_ step: ScriptStep, number: Int) throws(ScriptError) -> [String] {
        var warnings: [String] = []
        try perform(step, number: number, warnings: &warnings)
        return warnings
    }

    /// Whether the run may take another step: below the step limit, and the trace below its size budget.
    var withinBudget: Bool { steps < options.maxSteps && !traceSink.isFull }

    /// Lets the scheduler go until the job finishes or the step limit, then checks the final
    /// expectations and ends the trace.
    public func finish(warnings: [String] = []) -> RunResult {
        finishRun()
        return result(warnings: warnings)
    }

    /// `finish` without gathering a `RunResult` (a fuzz schedule reads only `eventCount` and
    /// whether the job finished).
    public func finishRun() {
        scriptDone = true
        checkEndOfInput()
        while !coordinator.jobFinished && withinBudget {
            if !schedulerStep() { stalled = true; break }
            checkEndOfInput()
        }
        if !coordinator.jobFinished {
            let why = stalled ? "the run stalled: nothing left to do before the job finished"
                : traceSink.isFull ? "the trace reached its size limit before the job finished (raise it with --max-trace-mb)"
                : "the step limit (\(options.maxSteps)) was reached before the job finished (raise it with --max-steps)"
            record(TraceEvent(type: .expectationFailed, actor: "coordinator", detail: why))
        }
        checkFinalExpectations()
        for observer in observers {
            for e in observer.finish(self) { record(e) }
        }
        traceSink.finish()
    }

    func result(warnings: [String]) -> RunResult {
        var counts: [String: Int] = [:]
        for t in tasks.indices where graph.tasks[t].kind == .keyedCount {
            for (k, v) in tasks[t].counts { counts[k, default: 0] += v }
        }
        return RunResult(summary: summary, output: outputs.visible, committedRecords: outputs.records, finalCounts: counts,
                         finished: coordinator.jobFinished, steps: steps, events: eventCount, time: now, warnings: warnings)
    }

    /// End of input (FLIP-147): once the script is done and every record is processed, stop the
    /// periodic timer, drop queued periodic requests, and request the final checkpoint.
    func checkEndOfInput() {
        guard scriptDone, !coordinator.endOfInput, !coordinator.jobFinished, !coordinator.stopping, recordsToEmit == 0, recordsInFlight == 0 else { return }
        coordinator.endOfInput = true
        emit(.endOfInput)
        stopPeriodicScheduler()
        for request in coordinator.queue.removeAll(where: { $0.isPeriodic }) {
            recordSkipped(request, reason: .periodicSchedulerShutdown)
        }
        requestFinalCheckpoint()
    }

    func requestFinalCheckpoint() {
        guard !coordinator.finalRequested, !coordinator.jobFinished else { return }
        coordinator.finalRequested = true
        requestCheckpoint(kind: .checkpoint, periodic: false, final: true)
    }

    func scriptTask(_ name: String, number: Int, position: SourcePosition?) throws(ScriptError) -> Int {
        guard let t = graph.taskIndex[name] else {
            throw ScriptError(step: number, position: position, message: "unknown task '\(name)' (tasks: \(graph.tasks.map(\.id).joined(separator: ", ")))")
        }
        return t
    }

    /// Performs one scripted step (DESIGN.md §2.3).
    func perform(_ step: ScriptStep, number: Int, warnings: inout [String]) throws(ScriptError) {
        let position = step.position
        switch step.action {
        case .emit(let name):
            let t = try scriptTask(name, number: number, position: position)
            guard graph.tasks[t].isSource else { throw ScriptError(step: number, position: position, message: "'\(name)' is not a source task") }
            steps += 1
            if !sourceEmit(t) {
                let where_ = position.map { "\($0.line):\($0.column): " } ?? ""
                warnings.append("\(where_)step \(number): \(name) has emitted all its data; emit does nothing")
            }
        case .deliver(let from, let to):
            let id = Topology.channelID(from: from, to: to)
            guard let c = graph.channelIndex[id] else {
                throw ScriptError(step: number, position: position, message: "there is no channel from '\(from)' to '\(to)'")
            }
            guard isDeliverable(c) else {
                let why = network.isBlocked(c) ? "is blocked and nothing more has arrived on it" : "is empty"
                throw ScriptError(step: number, position: position, message: "cannot deliver: channel \(id) \(why)")
            }
            steps += 1
            deliver(channel: c)
        case .trigger(let kind):
            steps += 1
            triggerManually(kind)
        case .fail(let name):
            let t = try scriptTask(name, number: number, position: position)
            if options.withoutScriptedFailures { return }
            steps += 1
            failover(failedTask: t, cause: "scripted", reason: .taskFailure)
        case .failSnapshot(let name, let id, let phase):
            let t = try scriptTask(name, number: number, position: position)
            if options.withoutScriptedFailures { return }
            tasks[t].armedFailures.append((id, phase))
        case .slowSnapshot(let name, let id, let ms):
            let t = try scriptTask(name, number: number, position: position)
            tasks[t].armedSlowPhases.append((id, ms))
        case .stopWithSavepoint:
            steps += 1
            stopWithSavepoint()
        case .step(let n):
            for _ in 0..<n where !coordinator.jobFinished && withinBudget {
                if !schedulerStep() { break }
            }
        case .advance(let n):
            let target = now + n
            while let timer = timers.next, timer.due <= target, withinBudget {
                now = max(now, timer.due)
                fireNextTimer()
            }
            now = max(now, target)
        case .runUntil(let m):
            let wanted = m.count ?? 1
            var why: String?
            while matchCount(m) < wanted {
                if coordinator.jobFinished { why = "the job finished first"; break }
                if !withinBudget { why = traceSink.isFull ? "the trace's size limit was reached first" : "the step limit was reached first"; break }
                if !schedulerStep() { why = "nothing was left to do"; break }
            }
            if let why { failExpectation(m, detail: "step \(number): run-until \(m.description) did not happen: \(why)") }
        case .expect(let m):
            checkExpectation(m, detail: "step \(number): expect")
        }
    }

    func checkExpectation(_ m: EventMatcher, detail: String) {
        let n = matchCount(m)
        let held = m.count.map { n == $0 } ?? (n >= 1)
        if !held {
            let wanted = m.count.map { "exactly \($0)" } ?? "at least one"
            failExpectation(m, detail: "\(detail) \(m.description): wanted \(wanted) matching event(s), found \(n)")
        }
    }

    func failExpectation(_ m: EventMatcher, detail: String) {
        var where_ = ""
        if let p = m.position { where_ = "line \(p.line): " }
        record(TraceEvent(type: .expectationFailed, actor: "coordinator", detail: where_ + detail, extra: JSONObject(["expect": m.json])))
    }

    func checkFinalExpectations() {
        for expectation in scenario.expectations {
            switch expectation {
            case .event(let m): checkExpectation(m, detail: "expect")
            case .output(let wanted, let position):
                let actual = outputs.visible
                guard actual != wanted else { continue }
                let show = { (m: [String: String]) in "{" + m.keys.sorted().map { "\($0): \(m[$0]!)" }.joined(separator: ", ") + "}" }
                var where_ = ""
                if let p = position { where_ = "line \(p.line): " }
                record(TraceEvent(type: .expectationFailed, actor: "coordinator",
                                  detail: "\(where_)expect output \(show(wanted)), found \(show(actual))",
                                  extra: JSONObject(["expect": .object(JSONObject(["output": .object(JSONObject(sorted: wanted.mapValues { .string($0) }))]))])))
            }
        }
    }
}
