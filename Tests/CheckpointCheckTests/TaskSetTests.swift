import Testing
@testable import CheckpointCheck

/// The checker's set of task indices: inline below 64, growing beyond.
@Suite struct TaskSetTests {
    @Test func holdsExactlyWhatWasInserted() {
        var set = TaskSet()
        let members = [0, 5, 63, 64, 127, 128, 300]
        for m in members { set.insert(m) }
        for i in -1...320 { #expect(set.contains(i) == members.contains(i), "\(i)") }
        #expect(set != TaskSet())
    }
}
