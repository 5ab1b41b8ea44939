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
}
