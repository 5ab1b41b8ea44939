import CheckpointCore
import CheckpointTrace

/// `ckpt conform`: checks an observed checkpoint history (an imported real Flink run, or any
/// trace) against Flink's coordinator rules as the core implements them.
public enum Conformance {
    /// What a check found, and how much it looked at.
    public struct Report: Sendable {
        public var divergences: [Divergence]
        public var events: Int
        public var checkpoints: Int
        public var failovers: Int
        public var restores: Int
        /// The clock tolerance used, ms.
        public var tolerance: Int
        public var conforms: Bool { divergences.isEmpty }
    }

    /// Why a trace cannot be checked.
    public struct Unchecked: Error, Sendable { public var message: String }

    /// The tolerance for an imported trace (`TraceHeader.importedClockTolerance`).
    public static let importedClockTolerance = TraceHeader.importedClockTolerance

    public static func check(_ trace: Trace, tolerance: Int? = nil) throws(Unchecked) -> Report {
        guard let config = trace.header.config else {
            throw Unchecked(message: "the trace's header gives no checkpointing settings, so the rules cannot be checked; import a capture folder (ckpt import flink-capture) or pass --checkpoint-config to ckpt import")
        }
        let slack = tolerance ?? trace.header.clockTolerance
        var model = ObservedCoordinator(config: config, mode: trace.header.mode, tolerance: slack)
        var checkpoints = 0, failovers = 0, restores = 0
        for e in trace.events {
            switch e.type {
            case .checkpointTriggered: checkpoints += 1
            case .jobFailover: failovers += 1
            case .restoreStarted: restores += 1
            default: break
            }
            model.observe(e)
        }
        model.finish(last: trace.events.last)
        return Report(divergences: model.found, events: trace.events.count, checkpoints: checkpoints, failovers: failovers,
                      restores: restores, tolerance: slack)
    }
}
