// swift-tools-version:6.0
import PackageDescription

/// The simulator's hot loop, and the online checker and fuzz observers it calls for every event,
/// touch class state millions of times a second. In release builds:
/// - skip the dynamic exclusivity checks (debug builds and tests keep them);
/// - no lexical lifetimes: an object may be released after its last use rather than at the end of
///   its variable's scope, which spares retain/release pairs (2.4% of the fuzz bench's
///   instructions). Nothing in these targets depends on when an object goes: no deinit there has
///   an effect beyond freeing memory, there are no weak references, and raw storage is only
///   touched inside methods of the object that owns it;
/// - cross-module optimization: the simulator, checker and fuzzer call small functions of each
///   other's modules at every event, which can then be inlined (1.2% of the fuzz bench's
///   instructions, for about 20 s more on a clean release build).
let fastInRelease: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked", "-Xfrontend", "-enable-lexical-lifetimes=false",
                                                   "-cross-module-optimization"], .when(configuration: .release))]

let package = Package(
    name: "CheckpointLab",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ckpt", targets: ["ckpt"]),
        .library(name: "CheckpointCore", targets: ["CheckpointCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/onevcat/Rainbow.git", from: "4.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // The trace format ckpt-trace/1: events, JSON, reading and writing. Pure.
        .target(name: "CheckpointTrace", swiftSettings: fastInRelease),
        // The invariants of DESIGN.md §6, checked over a stream of trace events. Pure.
        .target(name: "CheckpointCheck", dependencies: ["CheckpointTrace"], swiftSettings: fastInRelease),
        // Scenario model, job, coordinator, tasks and the deterministic simulator: the protocol's
        // rules, in files named after the Flink classes they mirror (docs/flink-map.md). Pure.
        .target(name: "CheckpointCore", dependencies: [
            "CheckpointTrace", .product(name: "Yams", package: "Yams"),
        ], swiftSettings: fastInRelease),
        // What runs the simulator under test: online invariant checking, the failure-free
        // reference run, prepared scenarios, explore sessions, the fault-injecting scheduler and
        // the input mutator. Pure.
        .target(name: "CheckpointHarness", dependencies: ["CheckpointCore", "CheckpointCheck", "CheckpointTrace"],
                swiftSettings: fastInRelease),
        // The state of a job at any step of a trace. Pure.
        .target(name: "CheckpointReplay", dependencies: ["CheckpointTrace"]),
        // Graphviz's C library, through pkg-config.
        .systemLibrary(name: "CGraphviz", pkgConfig: "libgvc", providers: [.apt(["libgraphviz-dev"])]),
        // DOT builders (pure text) and a thin wrapper over libgvc.
        .target(name: "CheckpointRender", dependencies: ["CheckpointTrace", "CheckpointReplay", "CGraphviz"]),
        // Exploration strategies, mutant campaigns, shrinking and reproducers.
        .target(name: "CheckpointFuzz", dependencies: ["CheckpointCore", "CheckpointHarness", "CheckpointTrace", "CheckpointCheck"],
                swiftSettings: fastInRelease),
        // Conformance: an observed history (a real Flink run) against the core's coordinator rules,
        // and the checkpoint-level history a twin scenario's simulation is compared by.
        .target(name: "CheckpointConform", dependencies: ["CheckpointCore", "CheckpointTrace"]),
        // Exports to other viewers and imports of real Flink checkpoint history.
        .target(name: "CheckpointInterop", dependencies: ["CheckpointTrace"]),
        // Lessons: the catalog, running one as `ckpt run` would, narration placed on its trace, transcripts.
        .target(name: "CheckpointLessons", dependencies: ["CheckpointCore", "CheckpointHarness", "CheckpointTrace", "CheckpointReplay"]),
        // The command-line tool: argument parsing, terminal and files. Thin.
        .executableTarget(name: "ckpt", dependencies: [
            "CheckpointTrace", "CheckpointCheck", "CheckpointCore", "CheckpointHarness", "CheckpointReplay",
            "CheckpointRender", "CheckpointInterop", "CheckpointFuzz", "CheckpointLessons", "CheckpointConform",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Rainbow", package: "Rainbow"),
        ]),
        .testTarget(name: "CheckpointTraceTests", dependencies: ["CheckpointTrace"]),
        .testTarget(name: "CheckpointCheckTests", dependencies: ["CheckpointCheck", "CheckpointTrace"]),
        .testTarget(name: "CheckpointReplayTests", dependencies: ["CheckpointReplay", "CheckpointTrace"]),
        .testTarget(name: "CheckpointRenderTests", dependencies: ["CheckpointRender", "CheckpointTrace", "CheckpointReplay"], exclude: ["Golden"]),
        .testTarget(name: "CheckpointFuzzTests", dependencies: [
            "CheckpointFuzz", "CheckpointCore", "CheckpointHarness", "CheckpointTrace", "CheckpointCheck",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "CheckpointInteropTests", dependencies: [
            "CheckpointInterop", "CheckpointTrace", "CheckpointCore", "CheckpointHarness", "CheckpointCheck", "CheckpointReplay",
            "CheckpointRender", "CheckpointConform",
        ], exclude: ["FlinkCaptures"]),
        .testTarget(name: "CheckpointLessonsTests", dependencies: [
            "CheckpointLessons", "CheckpointCore", "CheckpointHarness", "CheckpointTrace", "CheckpointCheck", "CheckpointReplay",
        ]),
        // What the core's and the harness's tests share: parse and run a scenario, the small jobs.
        .target(name: "CheckpointTestSupport", dependencies: ["CheckpointCore", "CheckpointHarness", "CheckpointTrace"],
                path: "Tests/CheckpointTestSupport"),
        .testTarget(name: "CheckpointCoreTests", dependencies: [
            "CheckpointCore", "CheckpointHarness", "CheckpointTestSupport", "CheckpointTrace", "CheckpointCheck", "CheckpointReplay",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "CheckpointHarnessTests", dependencies: [
            "CheckpointHarness", "CheckpointCore", "CheckpointTestSupport", "CheckpointTrace", "CheckpointCheck",
        ]),
    ]
)
