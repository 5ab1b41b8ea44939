import CheckpointTestSupport
import Testing
@testable import CheckpointCore

/// A job too big for memory is refused before anything is built, naming the limit and the flag.
@Suite struct JobGraphTests {
    func allToAll(_ p: Int) -> [OperatorSpec] {
        [OperatorSpec(name: "s", kind: .source, parallelism: p, data: Array(repeating: ["x"], count: p)),
         OperatorSpec(name: "c", kind: .keyedCount, parallelism: p, inputs: ["s"])]
    }

    @Test func allToAllChannelsAreCountedBeforeTheyAreBuilt() throws {
        // 1,500 × 1,500 hash channels: 2.25 million, over 200 per allowed task (1 million).
        let error = #expect(throws: JobError.self) { try JobGraph(operators: allToAll(1_500)) }
        #expect(error?.message.contains("more than 1000000 channels") == true)
        #expect(error?.message.contains("--max-tasks") == true)
        #expect(try JobGraph(operators: allToAll(1_500), maxTasks: 20_000).channels.count >= 1_500 * 1_500)
    }

    @Test func theTaskLimitCanBeRaised() throws {
        let wide = [OperatorSpec(name: "s", kind: .source, parallelism: 6_000, data: Array(repeating: ["x"], count: 6_000))]
        let error = #expect(throws: JobError.self) { try JobGraph(operators: wide) }
        #expect(error?.message.contains("task limit of 5000") == true)
        #expect(try JobGraph(operators: wide, maxTasks: 6_000).tasks.count == 6_000)
    }
}
