import CheckpointCore
import Testing
@testable import CheckpointFuzz

/// The built-in jobs: their size bound, which `ckpt fuzz --max-tasks` names, holds for every seed.
@Suite struct FuzzScenariosTests {
    @Test func noBuiltInJobHasMoreTasksThanTheStatedBound() {
        var largest = 0
        for seed in 0..<2_000 {
            let scenario = FuzzScenarios.generate(seed: UInt64(seed))
            largest = max(largest, scenario.job.reduce(0) { $0 + $1.parallelism })
        }
        #expect(largest == FuzzScenarios.largestJobTasks)
    }
}
