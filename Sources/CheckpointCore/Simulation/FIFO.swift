/// A first-in first-out queue over an array with a moving head (amortised O(1) at both ends).
public struct FIFO<Element>: Sendable where Element: Sendable {
    private var storage: [Element] = []
    private var head = 0

    public init() {}
    public init(_ elements: [Element]) { storage = elements }

    public var isEmpty: Bool { head == storage.count }
    public var count: Int { storage.count - head }
    public var first: Element? { isEmpty ? nil : storage[head] }

    public mutating func append(_ element: Element) {
        // One allocation for a channel's usual depth instead of growing 1, 2, 4, 8, 16.
        if storage.capacity == 0 { storage.reserveCapacity(16) }
        storage.append(element)
    }

    /// Puts elements in front of the queue, in their order (a restored channel state, an overtaking barrier).
    public mutating func prepend(contentsOf elements: [Element]) {
        guard !elements.isEmpty else { return }
        storage = elements + storage[head...]
        head = 0
    }

    /// Inserts an item after the leading run of items for which `isPriority` holds: an unaligned
    /// barrier overtakes records but not the barriers and markers already ahead of them
    /// (PipelinedSubpartition.addPriorityEvent).
    public mutating func insertPriority(_ element: Element, after isPriority: (Element) -> Bool) {
        var i = head
        while i < storage.count && isPriority(storage[i]) { i += 1 }
        storage.insert(element, at: i)
    }

    public mutating func popFirst() -> Element? {
        guard head < storage.count else { return nil }
        let e = storage[head]
        head += 1
        if head >= 64 && head * 2 >= storage.count {
            storage.removeFirst(head)
            head = 0
        }
        return e
    }

    public mutating func removeAll() {
        head = 0
        // Most queues a failover or restart empties hold nothing at all: nothing to destroy.
        if !storage.isEmpty { storage.removeAll(keepingCapacity: true) }
    }

    /// The elements from head to tail.
    public var elements: ArraySlice<Element> { storage[head...] }
}
