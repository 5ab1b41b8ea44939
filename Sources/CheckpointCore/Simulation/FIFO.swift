/// A first-in first-out queue: a ring buffer with storage of its own, copied on write as an
/// array's is. Taking the head moves it out of its slot, so a drained queue holds no references,
/// and emptying a queue (a failover, a new fuzzed schedule) destroys only the items still in it.
///
/// `@unchecked Sendable`: copies share storage only until one of them writes, which copies it
/// first (`isKnownUniquelyReferenced`), exactly as `Array` does.
public struct FIFO<Element>: @unchecked Sendable where Element: Sendable {
    private var storage: Storage?

    /// The slots, `count` items from `head` on, wrapping at `capacity`.
    final class Storage {
        var head = 0
        var count = 0
        let capacity: Int
        let slots: UnsafeMutablePointer<Element>

        init(capacity: Int) {
            self.capacity = capacity
            slots = .allocate(capacity: capacity)
        }

        deinit {
            for i in 0..<count { slot(i).deinitialize(count: 1) }
            slots.deallocate()
        }

        /// The slot of the `i`th item from the head (`i == count`: the one after the tail).
        @inline(__always) func slot(_ i: Int) -> UnsafeMutablePointer<Element> {
            let j = head + i
            return slots + (j < capacity ? j : j - capacity)
        }
    }

    public init() {}

    public init(_ elements: [Element]) {
        for e in elements { append(e) }
    }

    public var isEmpty: Bool { count == 0 }
    public var count: Int { storage?.count ?? 0 }
    public var first: Element? {
        guard let s = storage, s.count > 0 else { return nil }
        return s.slot(0).pointee
    }

    /// The elements from head to tail.
    public var elements: [Element] {
        guard let s = storage else { return [] }
        return (0..<s.count).map { s.slot($0).pointee }
    }

    /// Storage this queue alone holds, with room for `room` more items.
    @inline(__always)
    private mutating func writable(room: Int) -> Storage {
        if isKnownUniquelyReferenced(&storage), let s = storage, s.count + room <= s.capacity { return s }
        return grow(room: room)
    }

    /// New storage (16 slots for a channel's usual depth, doubling beyond), the items moved over if
    /// this queue alone held the old storage, copied otherwise.
    @inline(never)
    private mutating func grow(room: Int) -> Storage {
        let unique = isKnownUniquelyReferenced(&storage)
        let old = storage
        let needed = (old?.count ?? 0) + room
        var capacity = max(16, old?.capacity ?? 0)
        while capacity < needed { capacity *= 2 }
        let new = Storage(capacity: capacity)
        if let old {
            for i in 0..<old.count {
                if unique { (new.slots + i).moveInitialize(from: old.slot(i), count: 1) } else { (new.slots + i).initialize(to: old.slot(i).pointee) }
            }
            new.count = old.count
            if unique { old.count = 0 }
        }
        storage = new
        return new
    }

    public mutating func append(_ element: Element) {
        let s = writable(room: 1)
        s.slot(s.count).initialize(to: element)
        s.count += 1
    }

    /// Puts elements in front of the queue, in their order (a restored channel state).
    public mutating func prepend(contentsOf elements: [Element]) {
        guard !elements.isEmpty else { return }
        let s = writable(room: elements.count)
        for e in elements.reversed() {
            s.head = s.head == 0 ? s.capacity - 1 : s.head - 1
            (s.slots + s.head).initialize(to: e)
            s.count += 1
        }
    }

    /// Inserts an item after the leading run of items for which `isPriority` holds: an unaligned
    /// barrier overtakes records but not the barriers and markers already ahead of them
    /// (PipelinedSubpartition.addPriorityEvent).
    public mutating func insertPriority(_ element: Element, after isPriority: (Element) -> Bool) {
        let s = writable(room: 1)
        var i = 0
        while i < s.count && isPriority(s.slot(i).pointee) { i += 1 }
        var j = s.count
        while j > i {
            s.slot(j).moveInitialize(from: s.slot(j - 1), count: 1)
            j -= 1
        }
        s.slot(i).initialize(to: element)
        s.count += 1
    }

    /// Inserts an item just before the last one (or at the tail of an empty queue).
    public mutating func insertBeforeLast(_ element: Element) {
        guard count > 0 else { append(element); return }
        let s = writable(room: 1)
        s.slot(s.count).moveInitialize(from: s.slot(s.count - 1), count: 1)
        s.slot(s.count - 1).initialize(to: element)
        s.count += 1
    }

    public mutating func popFirst() -> Element? {
        isEmpty ? nil : removeFirst()
    }

    /// Takes the head of a queue that is not empty (no optional to make and destroy: the
    /// simulator takes an item at every delivery).
    public mutating func removeFirst() -> Element {
        precondition(!isEmpty, "removeFirst on an empty FIFO")
        let s = writable(room: 0)
        let e = s.slot(0).move()
        s.head = s.head + 1 == s.capacity ? 0 : s.head + 1
        s.count -= 1
        if s.count == 0 { s.head = 0 }
        return e
    }

    public mutating func removeAll() {
        guard let n = storage?.count, n > 0 else { return }
        if isKnownUniquelyReferenced(&storage), let s = storage {
            for i in 0..<s.count { s.slot(i).deinitialize(count: 1) }
            s.head = 0
            s.count = 0
        } else {
            storage = nil
        }
    }
}
