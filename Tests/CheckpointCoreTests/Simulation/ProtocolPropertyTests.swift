import CheckpointTestSupport
import CheckpointTrace
import PropertyBased
import Testing
@testable import CheckpointCore
@testable import CheckpointHarness

/// Properties of the protocol over generated small jobs, settings, schedules and failures.
@Suite struct ProtocolPropertyTests {
    static let alphabet = ["a", "b", "c", "d", "e"]

    /// A generated scenario: shape, parallelism, data and checkpoint settings from one seed.
    static func scenario(seed: UInt64, mode: BarrierMode) -> (Scenario, expected: [String: Int]) {
        var g = SplitMix64(seed: seed)
        let p = 1 + g.below(3)
        let data = (0..<p).map { _ in (0..<g.below(6)).map { _ in alphabet[g.below(alphabet.count)] } }
        var expected: [String: Int] = [:]
        for w in data.joined() { expected[w, default: 0] += 1 }
        var job: [OperatorSpec] = [OperatorSpec(name: "src", kind: .source, parallelism: p, data: data)]
        switch g.below(3) {
        case 0:
            job.append(OperatorSpec(name: "count", kind: .keyedCount, parallelism: 1 + g.below(3), inputs: ["src"]))
        case 1:
            job.append(OperatorSpec(name: "m", kind: .map, parallelism: 1 + g.below(2), inputs: ["src"]))
            job.append(OperatorSpec(name: "count", kind: .keyedCount, parallelism: 1 + g.below(3), inputs: ["m"]))
        default:
            let more = (0..<g.below(4)).map { _ in alphabet[g.below(alphabet.count)] }
            for w in more { expected[w, default: 0] += 1 }
            job.append(OperatorSpec(name: "src2", kind: .source, data: [more]))
            job.append(OperatorSpec(name: "count", kind: .keyedCount, parallelism: 1 + g.below(2), inputs: ["src", "src2"]))
        }
        job.append(OperatorSpec(name: "out", kind: .sink, parallelism: 1 + g.below(2), inputs: ["count"], delivery: .transactional))
        var c = CheckpointConfig()
        c.interval = g.below(2) == 0 ? 0 : 5 + g.below(20)
        c.minPause = g.below(3) == 0 ? g.below(10) : 0
        c.timeout = 300 + g.below(300)
        c.maxConcurrent = 1 + g.below(3)
        c.tolerableFailures = g.below(3)
        c.retained = 1 + g.below(3)
        var script: [ScriptStep] = []
        for _ in 0..<g.below(3) { script.append(ScriptStep(.trigger(g.below(4) == 0 ? .savepoint : .checkpoint))) }
        return (Scenario(id: "gen", seed: seed, mode: mode, checkpointing: c, job: job, script: script), expected)
    }

    static func runWithFailures(_ scenario: Scenario) throws -> (RunResult, [TraceEvent]) {
        let sink = MemoryTraceSink()
        let simulator = try Simulator(scenario: scenario, options: RunOptions(maxSteps: 100_000), trace: sink)
        simulator.strategy = FailureInjectingScheduler(ratePerMillion: 30_000, maxFailures: 3)
        simulator.checkInvariants()
        return (try simulator.run(), sink.events)
    }

    @Test func exactlyOnceModesKeepStateAndCommittedOutputExactUnderFailures() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...1_000_000), Gen.bool) { seed, unaligned in
            let (scenario, expected) = Self.scenario(seed: UInt64(seed), mode: unaligned ? .unaligned : .aligned)
            let (result, events) = try Self.runWithFailures(scenario)
            #expect(result.finished, "seed \(seed) did not finish")
            #expect(result.summary.violations.map { $0.detail ?? "" } == [], "seed \(seed)")
            #expect(result.finalCounts == expected, "seed \(seed)")
            // Each key=count committed exactly once, for 1...n.
            var wanted: [String: Int] = [:]
            for (k, n) in expected { for i in 1...n { wanted["\(k)=\(i)"] = 1 } }
            #expect(result.committedRecords == wanted, "seed \(seed)")
            let ids = events.filter { $0.type == .checkpointTriggered }.compactMap(\.checkpoint)
            #expect(ids == ids.sorted() && Set(ids).count == ids.count)
        }
    }

    @Test func atLeastOnceLosesNothing() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...1_000_000)) { seed in
            let (scenario, expected) = Self.scenario(seed: UInt64(seed), mode: .atLeastOnce)
            let (result, _) = try Self.runWithFailures(scenario)
            #expect(result.finished, "seed \(seed) did not finish")
            #expect(result.summary.violations.map { $0.detail ?? "" } == [], "seed \(seed)")
            for (k, n) in expected { #expect((result.finalCounts[k] ?? 0) >= n, "seed \(seed): \(k)") }
            for (k, n) in expected { for i in 1...n { #expect(result.committedRecords["\(k)=\(i)", default: 0] >= 1, "seed \(seed)") } }
        }
    }

    @Test func everyCheckpointEndsAtMostOnceAndCompletesOnlyWithEveryAck() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...1_000_000), Gen.int(in: 0...2)) { seed, m in
            let (scenario, _) = Self.scenario(seed: UInt64(seed), mode: BarrierMode.allCases[m])
            let (_, events) = try Self.runWithFailures(scenario)
            let taskCount = scenario.job.reduce(0) { $0 + $1.parallelism }
            var ended: Set<Int> = []
            var acks: [Int: Set<String>] = [:]
            for e in events {
                switch e.type {
                case .ackReceived: acks[e.checkpoint!, default: []].insert(e.task!)
                case .checkpointCompleted, .checkpointAborted:
                    #expect(ended.insert(e.checkpoint!).inserted, "seed \(seed): checkpoint \(e.checkpoint!) ended twice")
                    if e.type == .checkpointCompleted { #expect(acks[e.checkpoint!]?.count == taskCount, "seed \(seed)") }
                default: break
                }
            }
        }
    }
}

extension ProtocolPropertyTests {
    /// The properties above are only worth something if failures really happen in those runs.
    @Test func theGeneratedRunsReallyFailOverAndCheckpoint() throws {
        var failovers = 0, completed = 0, restoredFromCheckpoint = 0
        for seed in UInt64(0)..<100 {
            let (scenario, _) = Self.scenario(seed: seed, mode: .aligned)
            let (result, _) = try Self.runWithFailures(scenario)
            failovers += result.summary.failovers.count
            completed += result.summary.completed
            restoredFromCheckpoint += result.summary.failovers.filter { $0.restored != nil }.count
        }
        #expect(failovers >= 50)
        #expect(restoredFromCheckpoint >= 20)
        #expect(completed >= 100)
    }
}
