import CheckpointTrace
import Foundation
import Testing

/// CheckpointFailureReason against Flink 2.3.0 itself: flink/probes/FailureReasons.java asked the
/// real jar for every reason's message, whether it is pre-flight, and whether the real
/// CheckpointFailureManager counts it; its output is committed beside the captures.
@Suite struct FailureReasonProbeTests {
    struct Probed: Decodable { var name: String; var message: String; var preFlight: Bool; var counts: Bool }

    @Test func theEnumIsFlinks() throws {
        let url = RealFlinkCaptures.root.appendingPathComponent("flink-failure-reasons.json")
        let probed = try JSONDecoder().decode([Probed].self, from: Data(contentsOf: url))
        #expect(probed.map(\.name) == CheckpointFailureReason.allCases.map(\.name), "the same reasons, in Flink's order")
        for p in probed {
            let r = try #require(CheckpointFailureReason(name: p.name))
            #expect(r.message == p.message, "\(p.name)")
            #expect(r.isPreFlight == p.preFlight, "\(p.name)")
            #expect(r.countsTowardTolerableFailures == p.counts, "\(p.name)")
            // A message finds its own reason, also with Flink's wrapping around it.
            #expect(CheckpointFailureReason(message: Substring("org.apache.flink.runtime.checkpoint.CheckpointException: " + p.message)) == r)
        }
    }

    @Test func aSavepointCountsOnlyWhenATaskReportsItsFailure() {
        #expect(CheckpointFailureReason.counts("CHECKPOINT_EXPIRED", for: .checkpoint))
        #expect(!CheckpointFailureReason.counts("CHECKPOINT_EXPIRED", for: .savepoint))
        #expect(CheckpointFailureReason.counts("CHECKPOINT_ASYNC_EXCEPTION", for: .savepoint))
        #expect(!CheckpointFailureReason.counts("CHECKPOINT_SUBSUMED", for: .checkpoint))
        #expect(!CheckpointFailureReason.counts("NOT_A_REASON", for: .checkpoint))
    }
}
