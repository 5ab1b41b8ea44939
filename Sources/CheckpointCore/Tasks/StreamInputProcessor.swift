// Mirrors Flink 2.3's StreamInputProcessor
// (flink-streaming-java/src/main/java/org/apache/flink/streaming/runtime/io/StreamInputProcessor.java)
// as StreamOneInputProcessor and StreamMultipleInputProcessor implement it, over
// CheckpointedInputGate and StreamTaskNetworkInput (.../runtime/io/): records, barriers and cancel
// markers arriving at a task, and the operator's work on a record.
import CheckpointTrace

extension Simulator {
    /// CheckpointedInputGate#pollNext: an item arrives from the network on data channel `c`: held
    /// in the alignment buffer if the channel is blocked, processed otherwise.
    func receiveData(_ item: ChannelItem, task t: Int, channel c: Int) {
        switch item {
        case .record(let r):
            emit(.recordReceived(task: t, from: graph.channels[c].from, channel: c, record: r))
            if network.isBlocked(c) {
                emit(.recordBuffered(task: t, channel: c, checkpoint: tasks[t].alignment?.checkpoint, record: r))
                network.hold(item, on: c)
                return
            }
        case .barrier(let id, _):
            emit(.barrierReceived(checkpoint: id, task: t, from: graph.channels[c].from, channel: c, buffered: network.isBlocked(c)))
            if network.isBlocked(c) { network.hold(item, on: c); return }
        case .cancelMarker(let id):
            emit(.cancelMarkerReceived(checkpoint: id, task: t, from: graph.channels[c].from, channel: c, buffered: network.isBlocked(c)))
            if network.isBlocked(c) { network.hold(item, on: c); return }
        default:
            return
        }
        processInput(item, task: t, channel: c)
    }

    /// AbstractStreamTaskNetworkInput#emitNext / #processEvent: the task acts on an input
    /// item (from the network or, after an unblock, its alignment buffer): a record goes to the
    /// operator, a barrier or cancel marker to the barrier handler of the mode.
    func processInput(_ item: ChannelItem, task t: Int, channel c: Int) {
        switch item {
        case .record(let r): processRecord(r, task: t, channel: c)
        case .barrier(let id, let kind):
            if mode == .atLeastOnce { trackerProcessBarrier(id, kind: kind, task: t, channel: c) } else { processBarrier(id, kind: kind, task: t, channel: c) }
        case .cancelMarker(let id):
            if mode == .atLeastOnce { trackerProcessCancellation(id, task: t, channel: c) } else { processCancellationBarrier(id, task: t, channel: c) }
        default: break
        }
    }

    /// Input#processElement (OneInputStreamOperator): the operator's function on one record (tokenize, map,
    /// keyed count, sink).
    func processRecord(_ r: String, task t: Int, channel c: Int) {
        recordsInFlight -= 1
        recordInputChannelState(r, task: t, channel: c)
        emit(.recordProcessed(task: t, channel: c, record: r))
        // Fields, not a copy of the whole task: a copy retains and releases its arrays.
        switch graph.tasks[t].kind {
        case .source: break
        case .tokenize:
            Records.tokenize(r, into: &words, scratch: &wordBytes)
            for i in words.indices { send(words[i], from: t) }
        case .map: send(r, from: t)
        case .keyedCount:
            let n = Simulator.increment(&tasks[t].counts[r, default: 0])
            send(r + "=" + String(n), from: t)
        case .sink:
            emit(.outputEmitted(task: t, record: r))
            if graph.tasks[t].delivery == .transactional {
                tasks[t].openTransaction.append(r)
            } else {
                outputs.make(visible: r)
            }
        }
    }

    /// Adds one in place (one hash lookup for the keyed count, not two) and returns the new value.
    @inline(__always) static func increment(_ n: inout Int) -> Int {
        n += 1
        return n
    }

    /// ChannelStatePersister#maybePersist (unaligned): a record that arrives on an input after the
    /// checkpoint point and before that input's barrier is part of the snapshot's input channel state.
    func recordInputChannelState(_ r: String, task t: Int, channel c: Int) {
        guard let a = tasks[t].alignment, a.unaligned, a.checkpointTaken,
              let input = graph.tasks[t].inputs.firstIndex(of: c), !a.received.contains(input),
              let i = tasks[t].inProgressIndex(a.checkpoint) else { return }
        tasks[t].inProgress[i].inputChannelState[c, default: []].append(r)
    }
}
