/// The job's channels as the simulator holds them: network queues, alignment buffers and blocked
/// flags, plus the set of channels with something to deliver. Every change goes through a method
/// here, so that set can never fall out of step with the queues (the scheduler reads it each step
/// instead of scanning every channel).
///
/// A class over storage of its own, not a struct of arrays: every delivery and send changes it,
/// and a struct of arrays inside the simulator paid a uniqueness check (and often a retain) per
/// array per change. Each simulator owns one and never shares it.
public final class ChannelTable {
    /// How many channels the job has.
    public let count: Int
    private let queueSlots: UnsafeMutablePointer<FIFO<ChannelItem>>
    private let bufferSlots: UnsafeMutablePointer<FIFO<ChannelItem>>
    private let blockedFlags: UnsafeMutablePointer<Bool>
    /// One bit per channel, set when `isDeliverable`.
    private let deliverable: UnsafeMutablePointer<UInt64>
    private let words: Int

    init(count: Int) {
        self.count = count
        words = (count + 63) / 64
        queueSlots = .allocate(capacity: count)
        queueSlots.initialize(repeating: FIFO(), count: count)
        bufferSlots = .allocate(capacity: count)
        bufferSlots.initialize(repeating: FIFO(), count: count)
        blockedFlags = .allocate(capacity: count)
        blockedFlags.initialize(repeating: false, count: count)
        deliverable = .allocate(capacity: max(1, words))
        deliverable.initialize(repeating: 0, count: max(1, words))
    }

    deinit {
        queueSlots.deinitialize(count: count)
        queueSlots.deallocate()
        bufferSlots.deinitialize(count: count)
        bufferSlots.deallocate()
        blockedFlags.deallocate()
        deliverable.deallocate()
    }

    /// What is in flight on each channel, head first (a copy).
    public var queues: [FIFO<ChannelItem>] { Array(UnsafeBufferPointer(start: queueSlots, count: count)) }
    /// Alignment buffers of data channels: what arrived on a blocked channel, processed after the unblock (a copy).
    public var buffers: [FIFO<ChannelItem>] { Array(UnsafeBufferPointer(start: bufferSlots, count: count)) }
    public var blocked: [Bool] { Array(UnsafeBufferPointer(start: blockedFlags, count: count)) }

    /// Channel `c`'s network queue (a copy).
    public func queue(_ c: Int) -> FIFO<ChannelItem> { check(c); return queueSlots[c] }
    /// Channel `c`'s alignment buffer (a copy).
    public func buffer(_ c: Int) -> FIFO<ChannelItem> { check(c); return bufferSlots[c] }
    public func isBlocked(_ c: Int) -> Bool { check(c); return blockedFlags[c] }

    @inline(__always) private func check(_ c: Int) { precondition(c >= 0 && c < count, "no channel \(c)") }

    /// Whether a channel has something to deliver: its alignment buffer's head (when unblocked) or
    /// its network head (into the buffer when blocked).
    public func isDeliverable(_ c: Int) -> Bool {
        check(c)
        if !queueSlots[c].isEmpty { return true }
        return !blockedFlags[c] && !bufferSlots[c].isEmpty
    }

    /// Writes a delivery for every deliverable channel, in ascending order, from `actions` on;
    /// returns how many.
    func writeDeliveries(to actions: UnsafeMutablePointer<SchedulerAction>) -> Int {
        var n = 0
        for w in 0..<words {
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
    func enqueue(_ item: ChannelItem, on c: Int) {
        check(c)
        queueSlots[c].append(item)
        markDeliverable(c)
    }

    /// A task's message to the coordinator that the JobManager may handle before the one already
    /// waiting (`first`): it joins just ahead of the channel's last item. See `Simulator.sendToCoordinator`.
    func enqueue(_ item: ChannelItem, on c: Int, aheadOfLast first: Bool) {
        check(c)
        if first { queueSlots[c].insertBeforeLast(item) } else { queueSlots[c].append(item) }
        markDeliverable(c)
    }

    /// An unaligned barrier (or marker) overtakes the records in channel `c`, not earlier priority events.
    func enqueueAheadOfRecords(_ item: ChannelItem, on c: Int) {
        check(c)
        queueSlots[c].insertPriorityEvent(item)
        markDeliverable(c)
    }

    /// Whether channel `c` has an item on the network.
    func hasQueued(_ c: Int) -> Bool { check(c); return !queueSlots[c].isEmpty }

    /// Takes the head of channel `c` off the network; there must be one.
    func takeQueued(_ c: Int) -> ChannelItem {
        check(c)
        let item = queueSlots[c].removeFirst()
        touch(c)
        return item
    }

    /// Whether the alignment buffer of channel `c` has an item to release (the channel is not blocked).
    func canRelease(_ c: Int) -> Bool { check(c); return !blockedFlags[c] && !bufferSlots[c].isEmpty }

    /// Takes the head of channel `c`'s alignment buffer; `canRelease(c)` must hold.
    func takeBuffered(_ c: Int) -> ChannelItem {
        check(c)
        let item = bufferSlots[c].removeFirst()
        touch(c)
        return item
    }

    /// Holds an item that arrived on blocked channel `c` in its alignment buffer.
    func hold(_ item: ChannelItem, on c: Int) {
        check(c)
        bufferSlots[c].append(item)
        touch(c)
    }

    func setBlocked(_ c: Int, _ value: Bool) {
        check(c)
        blockedFlags[c] = value
        touch(c)
    }

    /// Failover: the alignment buffer goes, the block is lifted, and the network queue is emptied
    /// unless `keepQueue` (acks and declines on their way to the coordinator still arrive).
    func reset(_ c: Int, keepQueue: Bool) {
        check(c)
        if !keepQueue { queueSlots[c].removeAll() }
        bufferSlots[c].removeAll()
        blockedFlags[c] = false
        touch(c)
    }

    /// Restore: channel `c` holds exactly these items (its channel state).
    func replace(_ c: Int, with items: [ChannelItem]) {
        check(c)
        queueSlots[c] = FIFO(items)
        touch(c)
    }

    private func touch(_ c: Int) {
        let bit = UInt64(1) << UInt64(c & 63)
        if isDeliverable(c) { deliverable[c >> 6] |= bit } else { deliverable[c >> 6] &= ~bit }
    }

    /// Channel `c` has just been given an item on its network queue: it is deliverable.
    @inline(__always) private func markDeliverable(_ c: Int) {
        deliverable[c >> 6] |= UInt64(1) << UInt64(c & 63)
    }
}
