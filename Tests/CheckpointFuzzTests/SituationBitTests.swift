import Testing
@testable import CheckpointFuzz

/// Coverage keeps the situations reached as bits: each situation needs its own.
@Suite struct SituationBitTests {
    @Test func everySituationHasItsOwnBitInListOrder() {
        for (i, s) in Situation.allCases.enumerated() { #expect(s.bit == 1 << UInt32(i), "\(s.rawValue)") }
        #expect(Situation.allCases.count <= 32)
    }

    @Test func aSmallSetHoldsEachValueOnce() {
        var set = SmallSet<Int>()
        for x in [3, 1, 3, 2, 1] { set.insert(x) }
        #expect(set.count == 3)
        set.remove(1)
        set.remove(7)
        #expect(set.items.sorted() == [2, 3])
        set.removeAll()
        #expect(set.isEmpty)
    }

    @Test func aSituationSetHoldsWhatWasInsertedInListOrder() {
        var state: UInt64 = 3
        for _ in 0..<200 {
            var expected = Set<Situation>()
            var set = SituationSet()
            for _ in 0..<Int(state % 9) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let s = Situation.allCases[Int((state >> 33) % UInt64(Situation.allCases.count))]
                set.insert(s)
                expected.insert(s)
            }
            state = state &* 6364136223846793005 &+ 1442695040888963407
            #expect(Array(set) == Situation.allCases.filter(expected.contains))
            #expect(set.count == expected.count && set.isEmpty == expected.isEmpty)
            #expect(set == SituationSet(expected))
        }
    }

    @Test func aCampaignCountsTheSchedulesThatReachedEachSituation() {
        var result = CampaignResult()
        result.count(SituationSet([.expiry, .subsumption]))
        result.count(SituationSet([.expiry, .finalCheckpointRetried, .failureDuringAlignment]))
        result.count(SituationSet())
        #expect(result.coverage == [.expiry: 2, .subsumption: 1, .finalCheckpointRetried: 1, .failureDuringAlignment: 1])
    }
}
