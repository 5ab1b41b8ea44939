import CheckpointCheck
import CheckpointCore
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
            if let s = removeChunks(best) { best = s; changed = true }
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
