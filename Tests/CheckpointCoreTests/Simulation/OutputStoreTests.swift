import CheckpointTestSupport
import Testing
@testable import CheckpointCore

/// What sinks make visible is kept as a log; what is visible per key and the multiset of records
/// are made from it when read, and must be what writing them one by one gives.
@Suite struct OutputStoreTests {
    @Test func visibleAndRecordsFollowTheWritesInOrder() {
        var store = OutputStore()
        for r in ["a", "b=2", "a", "b=3", "c", "k=v=7", "a=9"] { store.make(visible: r) }
        #expect(store.visible == ["a": "9", "b": "3", "c": "1", "k=v": "7"])
        #expect(store.records == ["a": 2, "b=2": 1, "b=3": 1, "c": 1, "k=v=7": 1, "a=9": 1])
        store.make(visible: "a")
        #expect(store.visible["a"] == "3", "a plain record shows how often it has been written")
    }

    @Test func aTransactionCommitsOnce() {
        var store = OutputStore()
        let id = OutputStore.TransactionID(task: 1, checkpoint: 4)
        let first = store.commit(id, records: ["x=1", "y=1"])
        let second = store.commit(id, records: ["x=1", "y=1"])
        #expect(first && !second)
        #expect(store.records == ["x=1": 1, "y=1": 1] && store.visible == ["x": "1", "y": "1"])
        store.reset()
        let again = store.commit(id, records: [])
        #expect(store.log.isEmpty && store.visible.isEmpty && again)
    }
}
