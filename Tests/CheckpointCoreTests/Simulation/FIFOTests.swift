import CheckpointTestSupport
import Testing
@testable import CheckpointCore

/// The channel queue is a ring buffer with storage of its own: it must behave as an array used
/// as a queue, through wrap-around, growth, priority inserts and copies that share storage.
@Suite struct FIFOTests {
    /// Counts live instances, so that a leaked or twice-destroyed item shows.
    final class Item: @unchecked Sendable {
        nonisolated(unsafe) static var live = 0
        let value: Int
        let priority: Bool
        init(_ value: Int, priority: Bool = false) { self.value = value; self.priority = priority; Item.live += 1 }
        deinit { Item.live -= 1 }
    }

    @Test func behavesAsAnArrayQueueUnderRandomOperations() {
        let before = Item.live
        do {
            var g = SplitMix64(seed: 5)
            var fifo = FIFO<Item>()
            var model: [Item] = []
            var copies: [(FIFO<Item>, [Int])] = []
            for step in 0..<20_000 {
                switch g.below(10) {
                case 0, 1, 2:
                    let item = Item(step)
                    fifo.append(item); model.append(item)
                case 3, 4, 5:
                    let popped = fifo.popFirst()
                    #expect(popped?.value == (model.isEmpty ? nil : model.removeFirst().value))
                case 6:
                    let item = Item(step, priority: true)
                    fifo.insertPriority(item) { $0.priority }
                    let i = model.firstIndex { !$0.priority } ?? model.count
                    model.insert(item, at: i)
                case 7:
                    let items = (0..<g.below(4)).map { Item(step * 10 + $0) }
                    fifo.prepend(contentsOf: items); model.insert(contentsOf: items, at: 0)
                case 8:
                    // A copy keeps what the queue held when it was taken, whatever the queue does next.
                    copies.append((fifo, model.map(\.value)))
                    if copies.count > 5 { copies.removeFirst() }
                default:
                    if g.below(20) == 0 { fifo.removeAll(); model.removeAll() }
                }
                #expect(fifo.count == model.count)
                #expect(fifo.first?.value == model.first?.value)
            }
            #expect(fifo.elements.map(\.value) == model.map(\.value))
            for (copy, values) in copies { #expect(copy.elements.map(\.value) == values) }
        }
        #expect(Item.live == before)
    }

    @Test func wrapsAroundWithoutGrowing() {
        var fifo = FIFO<Int>()
        for round in 0..<100 {
            for i in 0..<10 { fifo.append(round * 10 + i) }
            for i in 0..<10 { #expect(fifo.popFirst() == round * 10 + i) }
        }
        #expect(fifo.isEmpty && fifo.popFirst() == nil)
        fifo.append(1)
        var copy = fifo
        copy.append(2)
        #expect(fifo.elements == [1] && copy.elements == [1, 2])
    }
}
