import CheckpointTrace

/// What the checker knows of the data channels: records sent and processed per channel in the
/// current attempt, and each task's alignment buffer (where a barrier waits until it is taken out).
struct ChannelModel {
    /// Records sent on each channel in this attempt (restored channel state counts as sent).
    var sent: [String: Int] = [:]
    /// Records processed from each channel in this attempt.
    var processed: [String: Int] = [:]
    /// Alignment buffers: records (nil) and barriers (their id) in arrival order.
    var buffers: [String: [Int?]] = [:]

    mutating func reset() {
        sent = [:]
        processed = [:]
        buffers = [:]
    }

    /// Takes out the barriers at the head of a channel's buffer (they were delivered before
    /// whatever comes next); returns their ids.
    mutating func takeLeadingBarriers(_ c: String) -> [Int] {
        var ids: [Int] = []
        while let first = buffers[c]?.first, let id = first {
            ids.append(id)
            buffers[c]!.removeFirst()
        }
        return ids
    }

    /// Takes barrier `id` out of the head of the buffer if it is there.
    mutating func takeBarrier(_ id: Int, from c: String) -> Bool {
        guard let first = buffers[c]?.first, first == id else { return false }
        buffers[c]!.removeFirst()
        return true
    }

    /// A record processed from `c`: from its buffer if something waits there.
    mutating func takeRecord(_ c: String) {
        if let first = buffers[c]?.first, first == nil { buffers[c]!.removeFirst() }
        processed[c, default: 0] += 1
    }
}
