import CheckpointTrace

/// The replay state as JSON (`ckpt replay --at N --json`), keys in a fixed order.
public enum StateJSON {
    public static func json(_ s: ReplayState, total: Int, event: TraceEvent?) -> JSONValue {
        var o = JSONObject()
        o["step"] = .int(s.step)
        o["steps"] = .int(total)
        o["time"] = .int(s.time)
        o["attempt"] = .int(s.coordinator.attempt)
        o["event"] = event.map { .object($0.jsonObject) } ?? .null
        o["tasks"] = .array(s.tasks.map(task))
        o["channels"] = .array(s.channels.map { c in
            .object(JSONObject(["id": .string(c.id), "rpc": .bool(c.isRPC), "in-flight": .array(c.queue.items.map(item))]))
        })
        let c = s.coordinator
        o["coordinator"] = .object(JSONObject([
            "pending": .array(c.pending.map { p in
                .object(JSONObject([
                    "checkpoint": .int(p.id), "kind": .string(p.kind.rawValue), "final": .bool(p.isFinal),
                    "triggered-at": .int(p.triggeredAt), "acked": .array(p.acked.map { .string($0) }),
                    "missing": .array(s.tasks.map(\.id).filter { !p.acked.contains($0) }.map { .string($0) }),
                    "declined": .array(p.declined.map { .string($0) }),
                ]))
            }),
            "store": .array(c.store.map { .int($0) }),
            "queued": .array(c.queued.map { .string($0) }),
            "failure-count": .int(c.failureCount),
            "next-id": .int(c.nextID),
            "completed": .int(c.completedCount),
            "aborted": .int(c.abortedCount),
            "failovers": .int(c.failovers),
        ]))
        o["end-of-input"] = .bool(s.endOfInput)
        o["job-finished"] = .bool(s.jobFinished)
        o["mismatches"] = .int(s.mismatches)
        return .object(o)
    }

    static func item(_ i: InFlight) -> JSONValue {
        switch i {
        case .record(let r): return .object(JSONObject(["record": .string(r)]))
        case .barrier(let n): return .object(JSONObject(["barrier": .int(n)]))
        case .cancelMarker(let n): return .object(JSONObject(["cancel-marker": .int(n)]))
        case .rpc(let name, let n): return .object(JSONObject(["rpc": .string(name), "checkpoint": n.map { .int($0) } ?? .null]))
        }
    }

    static func task(_ t: TaskState) -> JSONValue {
        var o = JSONObject()
        o["id"] = .string(t.id)
        o["kind"] = .string(t.kind)
        o["status"] = .string(t.status.rawValue)
        o["attempt"] = .int(t.attempt)
        if let a = t.aligning { o["aligning"] = .int(a) }
        o["snapshotting"] = .array(t.snapshotting.map { .int($0) })
        o["blocked"] = .array(t.blocked.map { .string($0) })
        o["buffered"] = .array(t.buffered.map { b in
            var item = item(b.item).objectValue ?? JSONObject()
            item["channel"] = .string(b.channel)
            return .object(item)
        })
        if let off = t.offset { o["offset"] = .int(off) }
        if let c = t.counts { o["counts"] = .object(JSONObject(sorted: c.mapValues { .int($0) })) }
        if let snap = t.lastSnapshot {
            var so = JSONObject(["checkpoint": .int(snap.checkpoint)])
            if let st = snap.state { so["state"] = st }
            if let b = snap.bytes { so["bytes"] = .int(b) }
            o["last-snapshot"] = .object(so)
        }
        if let sink = t.sink {
            o["sink"] = .object(JSONObject([
                "transactional": .bool(sink.transactional),
                "committed": .array(sink.committed.map { .string($0) }),
                "pre-committed": .array(sink.preCommitted.map {
                    .object(JSONObject(["checkpoint": .int($0.checkpoint), "records": .array($0.records.map { .string($0) })]))
                }),
                "open": .array(sink.open.map { .string($0) }),
            ]))
        }
        return .object(o)
    }
}
