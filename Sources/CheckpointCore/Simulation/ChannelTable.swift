/// The job's channels as the simulator holds them: network queues, alignment buffers and blocked
/// flags, plus the set of channels with something to deliver. Every change goes through a method
/// here, so that set can never fall out of step with the queues (the scheduler reads it each step
/// instead of scanning every channel).
public struct ChannelTable: Sendable {
    /// What is in flight on each channel, head first.
    public private(set) var queues: [FIFO<ChannelItem>]
    /// Alignment buffers of data channels: what arrived on a blocked channel, processed after the unblock.
    public private(set) var buffers: [FIFO<ChannelItem>]
    public private(set) var blocked: [Bool]
    /// One bit per channel, set when `isDeliverable`.
    private var deliverable: [UInt64]

    init(count: Int) {
        queues = Array(repeating: FIFO(), count: count)
        buffers = Array(repeating: FIFO(), count: count)
        blocked = Array(repeating: false, count: count)
        deliverable = Array(repeating: 0, count: (count + 63) / 64)
    }

    /// Whether a channel has something to deliver: its alignment buffer's head (when unblocked) or
    /// its network head (into the buffer when blocked).
    public func isDeliverable(_ c: Int) -> Bool {
        if !queues[c].isEmpty { return true }
        return !blocked[c] && !buffers[c].isEmpty
    }

    /// Writes a delivery for every deliverable channel, in ascending order, from `actions` on;
    /// returns how many.
    func writeDeliveries(to actions: UnsafeMutablePointer<SchedulerAction>) -> Int {
        var n = 0
        for w in deliverable.indices {
            var bits = deliverable[w]
            while bits != 0 {
                (actions + n).initialize(to: .deliver(channel: w << 6 | bits.trailingZeroBitCount))
                n += 1
                bits &= bits - 1
            }
        }
        return n
    }

    /// Sends an item: it joins the tail of channel `c`.
    mutating func enqueue(_ item: ChannelItem, on c: Int) {
        queues[c].append(item)
        touch(c)
    }

    /// An unaligned barrier (or marker) overtakes the records in channel `c`, not earlier priority events.
    mutating func enqueueAheadOfRecords(_ item: ChannelItem, on c: Int) {
        queues[c].insertPriorityEvent(item)
        touch(c)
    }

    /// Takes the head of channel `c` off the network.
    mutating func dequeue(_ c: Int) -> ChannelItem? {
        queues[c].isEmpty ? nil : takeQueued(c)
    }

    /// Whether channel `c` has an item on the network.
    func hasQueued(_ c: Int) -> Bool { !queues[c].isEmpty }

    /// Takes the head of channel `c` off the network; there must be one.
    mutating func takeQueued(_ c: Int) -> ChannelItem {
        let item = queues[c].removeFirst()
        touch(c)
        return item
    }

    /// Whether the alignment buffer of channel `c` has an item to release (the channel is not blocked).
    func canRelease(_ c: Int) -> Bool { !blocked[c] && !buffers[c].isEmpty }

    /// Takes the head of channel `c`'s alignment buffer; `canRelease(c)` must hold.
    mutating func takeBuffered(_ c: Int) -> ChannelItem {
        let item = buffers[c].removeFirst()
        touch(c)
        return item
    }

    /// Holds an item that arrived on blocked channel `c` in its alignment buffer.
    mutating func hold(_ item: ChannelItem, on c: Int) {
        buffers[c].append(item)
        touch(c)
    }

    /// The head of channel `c`'s alignment buffer, if the channel is not blocked.
    mutating func release(_ c: Int) -> ChannelItem? {
        canRelease(c) ? takeBuffered(c) : nil
    }

    mutating func setBlocked(_ c: Int, _ value: Bool) {
        blocked[c] = value
        touch(c)
    }

    /// Failover: the alignment buffer goes, the block is lifted, and the network queue is emptied
    /// unless `keepQueue` (acks and declines on their way to the coordinator still arrive).
    mutating func reset(_ c: Int, keepQueue: Bool) {
        if !keepQueue { queues[c].removeAll() }
        buffers[c].removeAll()
        blocked[c] = false
        touch(c)
    }

    /// Restore: channel `c` holds exactly these items (its channel state).
    mutating func replace(_ c: Int, with items: [ChannelItem]) {
        queues[c] = FIFO(items)
        touch(c)
    }

    private mutating func touch(_ c: Int) {
        let bit = UInt64(1) << UInt64(c & 63)
        if isDeliverable(c) { deliverable[c >> 6] |= bit } else { deliverable[c >> 6] &= ~bit }
    }
}
