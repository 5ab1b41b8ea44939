import CheckpointTrace

/// exactly-once-state and exactly-once-output, checked at the end against a failure-free run:
/// the final keyed state, and the committed output, derived from the trace alone.
struct ExactlyOnce {
    let facts: JobFacts
    /// Keyed state per keyed-count task (by index): the last restored state plus what was processed since.
    var counts: [[String: Int]] = []
    /// Records made visible: committed transactions, and what plain sinks wrote.
    var output: [String: Int] = [:]
    var finished = false
    var lastSeq = 0

    init(facts: JobFacts) {
        self.facts = facts
        counts = Array(repeating: [:], count: facts.tasks.count)
    }

    /// Back to the start of a trace, keeping storage (empty counts are the same as none).
    mutating func restart() {
        for t in counts.indices { counts[t].removeAll(keepingCapacity: true) }
        output.removeAll(keepingCapacity: true)
        finished = false
        lastSeq = 0
    }

    /// Makes room for task `t`'s counts.
    mutating func cover(_ t: Int) {
        if t >= counts.count { counts += repeatElement([:], count: t + 1 - counts.count) }
    }

    /// A keyed count counts what it processes; a plain sink's output is visible at once.
    mutating func observe(_ e: DataRef) {
        lastSeq = e.seq
        switch e.type {
        case .recordProcessed:
            guard let task = e.task, facts.isKeyedCount(task), let r = e.record else { return }
            cover(task)
            counts[task][r, default: 0] += 1
        case .outputEmitted:
            guard let task = e.task, facts.isPlainSink(task), let r = e.record else { return }
            output[r, default: 0] += 1
        default:
            break
        }
    }

    /// A restored keyed count starts again from its restored counts.
    mutating func observe(_ e: StateRef) {
        lastSeq = e.seq
        guard e.type == .taskRestored, let task = e.task, facts.isKeyedCount(task) else { return }
        cover(task)
        // The simulator's restored state gives its counts as they are; a trace's, as JSON.
        if let restored = e.payload?.keyedCounts {
            counts[task] = restored
            return
        }
        var restored: [String: Int] = [:]
        for entry in e.state?["counts"]?.objectValue?.entries ?? [] { restored[entry.key] = entry.value.intValue ?? 0 }
        counts[task] = restored
    }

    mutating func observe(_ e: TraceEvent) {
        lastSeq = e.seq
        switch e.type {
        case .transactionCommitted:
            committed(e.records ?? [])
        case .jobFinished:
            finished = true
        default:
            break
        }
    }

    /// A committed transaction's records are visible output.
    mutating func committed(_ records: [String]) {
        for r in records { output[r, default: 0] += 1 }
    }

    /// The keyed state the trace ends with: every keyed count's counts summed, keys at zero left
    /// out (`expecting`: how many keys to make room for).
    func finalCounts(expecting keys: Int = 0) -> [String: Int] {
        var state: [String: Int] = [:]
        state.reserveCapacity(keys)
        for c in counts { for (k, v) in c { state[k, default: 0] += v } }
        return state.values.contains(0) ? state.filter { $0.value != 0 } : state
    }

    func finish(reference: ReferenceOutcome?) -> [Violation] {
        guard let reference, reference.runFinished, finished else { return [] }
        var out: [Violation] = []
        let state = finalCounts(expecting: reference.finalCounts.count)
        if facts.exactlyOnce && state != reference.finalCounts {
            out.append(Violation(.exactlyOnceState, "final keyed state differs from a failure-free run's: " + difference(state, reference.finalCounts), seq: lastSeq))
        }
        let onlyTransactional = !facts.hasPlainSinks && facts.hasTransactionalSinks
        if facts.exactlyOnce && onlyTransactional {
            if output != reference.committedRecords {
                out.append(Violation(.exactlyOnceOutput, "committed records differ from a failure-free run's: " + difference(output, reference.committedRecords), seq: lastSeq))
            }
        } else {
            let missing = reference.committedRecords.keys.filter { output[$0, default: 0] == 0 }.sorted()
            if !missing.isEmpty {
                out.append(Violation(.exactlyOnceOutput, "output the failure-free run has is missing: \(missing.prefix(8).joined(separator: ", "))\(missing.count > 8 ? " and \(missing.count - 8) more" : "")", seq: lastSeq))
            }
        }
        return out
    }

    /// A short description of how two multisets differ.
    func difference(_ actual: [String: Int], _ expected: [String: Int]) -> String {
        var parts: [String] = []
        for k in Set(actual.keys).union(expected.keys).sorted() where actual[k, default: 0] != expected[k, default: 0] {
            parts.append("\(k): \(actual[k, default: 0]) instead of \(expected[k, default: 0])")
        }
        return parts.prefix(8).joined(separator: ", ") + (parts.count > 8 ? " and \(parts.count - 8) more" : "")
    }
}
