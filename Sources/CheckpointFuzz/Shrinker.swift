import CheckpointCheck
import CheckpointCore
import CheckpointHarness
import CheckpointTrace

/// Makes a reproducer smaller while it still violates the same invariant: fewer script steps
/// (removing chunks, then single steps), merged `advance` steps, fewer source records.
public struct Shrinker {
    public let invariant: String
    public let mutant: Mutant?
    /// At most this many candidate runs.
    public var budget = 3_000
    public private(set) var runs = 0

    public init(invariant: String, mutant: Mutant?) {
        self.invariant = invariant; self.mutant = mutant
    }

    mutating func holds(_ s: Scenario) -> Bool {
        guard runs < budget else { return false }
        runs += 1
        // The failure-free reference depends on the data, which shrinking changes.
        let reference = try? Simulator.failureFreeOutcome(of: s, maxSteps: 20_000)
        return Reproducer.violations(of: s, mutant: mutant, reference: reference)?.contains { $0.invariant == invariant } ?? false
    }

    public mutating func shrink(_ start: Scenario) -> Scenario {
        var best = start
        var changed = true
        while changed && runs < budget {
            changed = false
            if let s = generalizePrefix(best) { best = s; changed = true }
            if let s = reduceParallelism(best) { best = s; changed = true }
            if let s = removeChunks(best) { best = s; changed = true }
            if let s = compactRuns(best) { best = s; changed = true }
            if let s = mergeAdvances(best) { best = s; changed = true }
            if let s = dropRecords(best) { best = s; changed = true }
        }
        return best
    }

    /// Delta debugging over script steps: try removing chunks of halving size.
    mutating func removeChunks(_ s: Scenario) -> Scenario? {
        var current = s
        var improved = false
        var size = max(1, current.script.count / 2)
        while size >= 1 && runs < budget {
            var i = 0
            var removedAtThisSize = false
            while i < current.script.count && runs < budget {
                var candidate = current
                candidate.script.removeSubrange(i..<min(candidate.script.count, i + size))
                if holds(candidate) {
                    current = candidate
                    improved = true
                    removedAtThisSize = true
                } else {
                    i += size
                }
            }
            if !removedAtThisSize { size /= 2 }
        }
        return improved ? current : nil
    }

    /// Everything before a failure step becomes "run until k checkpoints completed" (or "until
    /// checkpoint k is triggered"): the failure usually needs a protocol moment, not one path to it.
    mutating func generalizePrefix(_ s: Scenario) -> Scenario? {
        for i in s.script.indices where runs < budget {
            switch s.script[i].action {
            case .fail, .failSnapshot: break
            default: continue
            }
            guard i >= 2 else { continue }
            for (type, k) in [("checkpoint-completed", 1), ("checkpoint-completed", 2), ("checkpoint-completed", 3), ("checkpoint-triggered", 1), ("checkpoint-triggered", 2)] {
                var candidate = s
                let matcher = EventMatcher(fields: [("type", .string(type))], count: k)
                candidate.script.replaceSubrange(0..<i, with: [ScriptStep(.runUntil(matcher))])
                if holds(candidate) { return candidate }
            }
        }
        return nil
    }

    /// A run of scripted deliveries, emits and advances becomes `step: k`: the seeded scheduler
    /// may pick the same path (or another that breaks the same invariant).
    mutating func compactRuns(_ s: Scenario) -> Scenario? {
        func isPlain(_ a: ScriptAction) -> Bool {
            switch a {
            case .deliver, .emit, .advance: return true
            default: return false
            }
        }
        var current = s
        var improved = false
        var i = 0
        while i < current.script.count && runs < budget {
            guard isPlain(current.script[i].action) else { i += 1; continue }
            var j = i
            while j < current.script.count && isPlain(current.script[j].action) { j += 1 }
            var compacted = false
            if j - i >= 3 {
                let moves = current.script[i..<j].filter { if case .advance = $0.action { return false }; return true }.count
                var candidate = current
                candidate.script.replaceSubrange(i..<j, with: [ScriptStep(.step(max(1, moves)))])
                if holds(candidate) { current = candidate; improved = true; compacted = true }
            }
            i = compacted ? i + 1 : j
        }
        return improved ? current : nil
    }

    /// One subtask fewer for an operator; script steps naming the removed task go too.
    mutating func reduceParallelism(_ s: Scenario) -> Scenario? {
        for o in s.job.indices where s.job[o].parallelism > 1 && runs < budget {
            var candidate = s
            let p = candidate.job[o].parallelism - 1
            candidate.job[o].parallelism = p
            if candidate.job[o].kind == .source { candidate.job[o].data.removeLast() }
            if candidate.job.contains(where: { $0.partition == .forward }) { continue }
            let gone = "\(candidate.job[o].name)[\(p)]"
            candidate.script.removeAll { step in
                switch step.action {
                case .emit(let t), .fail(let t), .failSnapshot(let t, _, _), .slowSnapshot(let t, _, _): return t == gone
                case .deliver(let from, let to): return from == gone || to == gone
                default: return false
                }
            }
            if (try? JobGraph(operators: candidate.job)) != nil, holds(candidate) { return candidate }
        }
        return nil
    }

    /// Adjacent `advance` steps become one.
    mutating func mergeAdvances(_ s: Scenario) -> Scenario? {
        var merged: [ScriptStep] = []
        for step in s.script {
            if case .advance(let b) = step.action, let last = merged.last, case .advance(let a) = last.action {
                merged[merged.count - 1] = ScriptStep(.advance(a + b))
            } else {
                merged.append(step)
            }
        }
        guard merged.count < s.script.count else { return nil }
        var candidate = s
        candidate.script = merged
        return holds(candidate) ? candidate : nil
    }

    /// Fewer records in the sources' data.
    mutating func dropRecords(_ s: Scenario) -> Scenario? {
        var current = s
        var improved = false
        for o in current.job.indices where current.job[o].kind == .source {
            for sub in current.job[o].data.indices {
                var r = current.job[o].data[sub].count - 1
                while r >= 0 && runs < budget {
                    var candidate = current
                    candidate.job[o].data[sub].remove(at: r)
                    if holds(candidate) { current = candidate; improved = true }
                    r -= 1
                }
            }
        }
        return improved ? current : nil
    }
}
