import Testing
@testable import CheckpointCore

/// The inline flag list behind alignments and acks: the usual case fits one word, wide tasks
/// (up to 200 data channels per task) spill into more.
@Suite struct InputFlagsTests {
    @Test(arguments: [1, 63, 64, 65, 130, 200])
    func setAndClearEveryFlagIndependently(count: Int) {
        var flags = InputFlags(count: count)
        var expected = Array(repeating: false, count: count)
        var state: UInt64 = 7
        for _ in 0..<(count * 4) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let i = Int((state >> 33) % UInt64(count))
            let value = (state >> 20) & 1 == 1
            flags[i] = value
            expected[i] = value
            #expect((0..<count).map { flags[$0] } == expected)
        }
    }

    @Test func aPendingCheckpointCountsEachTasksAckOnce() {
        var p = PendingCheckpoint(id: 1, kind: .checkpoint, isFinal: false, isPeriodic: true, triggerTime: 0, tasks: 70)
        p.acknowledge(69)
        p.acknowledge(69)
        p.acknowledge(0)
        #expect(p.missingAcks == 68)
        #expect(p.acknowledged[69] && p.acknowledged[0] && !p.acknowledged[64])
        #expect(p.snapshots[69] == nil && p.snapshots[500] == nil)
    }
}
