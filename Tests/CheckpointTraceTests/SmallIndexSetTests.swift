import Testing
@testable import CheckpointTrace

/// The inline bit set behind alignments, acks and the checker's ack bookkeeping: the usual case
/// fits one word, wide tasks (up to 200 data channels per task) and large jobs spill into more.
@Suite struct SmallIndexSetTests {
    @Test func holdsExactlyWhatWasInserted() {
        var set = SmallIndexSet()
        let members = [0, 5, 63, 64, 127, 128, 300]
        for m in members { set.insert(m) }
        for i in -1...320 { #expect(set.contains(i) == members.contains(i), "\(i)") }
        #expect(set != SmallIndexSet())
    }

    @Test(arguments: [1, 63, 64, 65, 130, 200])
    func insertSaysWhetherAnIndexWasNew(bound: Int) {
        var set = SmallIndexSet()
        var expected = Set<Int>()
        var state: UInt64 = 7
        for _ in 0..<(bound * 4) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let i = Int((state >> 33) % UInt64(bound))
            #expect(set.insert(i) == expected.insert(i).inserted)
            #expect((0..<bound).filter { set.contains($0) } == expected.sorted())
        }
    }

    @Test func countsItsMembersAndEmptiesToAFreshSet() {
        var set = SmallIndexSet()
        var expected = Set<Int>()
        var state: UInt64 = 11
        for _ in 0..<400 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let i = Int((state >> 33) % 260)
            set.insert(i)
            expected.insert(i)
            #expect(set.count == expected.count)
        }
        set.removeAll()
        #expect(set.count == 0)
        #expect(set == SmallIndexSet())
        #expect(!(0..<260).contains { set.contains($0) })
        set.insert(200)
        #expect(set.count == 1 && set.contains(200))
    }
}
