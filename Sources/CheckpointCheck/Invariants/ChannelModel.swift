import CheckpointTrace

/// What the checker knows of the data channels (by channel index): records sent and processed per
/// channel in the current attempt, and each task's alignment buffer (where a barrier waits until
/// it is taken out).
struct ChannelModel {
    /// Records sent on each channel in this attempt (restored channel state counts as sent).
    private(set) var sent: [Int] = []
    /// Records processed from each channel in this attempt.
    private(set) var processed: [Int] = []
    /// Alignment buffers: records (nil) and barriers (their id) in arrival order.
    private var buffers: [[Int?]] = []

    /// Makes room for channel `c` (a name the topology did not list gets a new index).
    @inline(__always) mutating func cover(_ c: Int) {
        if c >= sent.count {
            let n = c + 1 - sent.count
            sent += repeatElement(0, count: n)
            processed += repeatElement(0, count: n)
            buffers += repeatElement([], count: n)
        }
    }

    /// Nothing sent, processed or buffered, keeping storage: at every failover and restart, over
    /// every channel of the job (RPC channels too), so the counts are zeroed in bulk and only
    /// buffers with something in them are touched.
    mutating func reset() {
        sent.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        processed.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        for c in buffers.indices where !buffers[c].isEmpty { buffers[c].removeAll(keepingCapacity: true) }
    }

    func sent(_ c: Int) -> Int { c < sent.count ? sent[c] : 0 }
    func processed(_ c: Int) -> Int { c < processed.count ? processed[c] : 0 }

    mutating func addSent(_ c: Int, _ n: Int = 1) { cover(c); sent[c] += n }

    /// Something arrived behind a block: a record (nil) or a barrier or cancel marker (its id).
    mutating func buffer(_ item: Int?, on c: Int) { cover(c); buffers[c].append(item) }

    /// Takes out the barriers at the head of a channel's buffer (they were delivered before
    /// whatever comes next); returns their ids.
    mutating func takeLeadingBarriers(_ c: Int) -> [Int] {
        guard c < buffers.count, let first = buffers[c].first, first != nil else { return [] }
        var ids: [Int] = []
        while let head = buffers[c].first, let id = head {
            ids.append(id)
            buffers[c].removeFirst()
        }
        return ids
    }

    /// Takes barrier `id` out of the head of the buffer if it is there.
    mutating func takeBarrier(_ id: Int, from c: Int) -> Bool {
        guard c < buffers.count, let first = buffers[c].first, first == id else { return false }
        buffers[c].removeFirst()
        return true
    }

    /// A record processed from `c`: from its buffer if something waits there.
    mutating func takeRecord(_ c: Int) {
        cover(c)
        if let first = buffers[c].first, first == nil { buffers[c].removeFirst() }
        processed[c] += 1
    }
}
