import CheckpointCore

/// Wires the invariant checker into a simulator (online checking during `ckpt run`).
enum OnlineChecks {
    static func attach(to simulator: Simulator) {
        simulator.checkInvariants()
    }
}
