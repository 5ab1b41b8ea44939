import ArgumentParser
import CheckpointCore
import CheckpointHarness
import CheckpointReplay
import CheckpointTrace
import Foundation

/// `ckpt explore`: pick each next action of a scenario by hand, undo, save the path as a scenario.
struct ExploreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Pick each next action of a scenario by hand (or let the scheduler), undo, save the path as a scenario.",
        discussion: """
        Starts from the scenario's job at time 0 (its own script is not run). Keys: a number then Enter picks that \
        action; space lets the seeded scheduler take one step; u undoes; w saves the path (then type a file name and \
        Enter); v toggles the full state; q quits. `ckpt run` of a saved file replays the same trace.
        Without a terminal use --keys, e.g. --keys "3 space space 1 u w:/tmp/path.yaml".
        """)

    @Argument(help: "The scenario file (ckpt-scenario/1 YAML).")
    var scenario: String

    @Option(parsing: .unconditional, help: "The scheduler's seed (default: the scenario's).", transform: SeedArgument.parse)
    var seed: UInt64?

    @Option(help: "Keys to feed without a terminal: numbers, space, u, v, w:FILE, q.")
    var keys: String?

    @Option(help: "Save the path taken to this file when done (also: the w key).")
    var save: String?

    @OptionGroup var screen: ScreenSizeOptions

    @Option(help: "The task limit: a bigger job is refused before it is built (default \(JobGraph.defaultMaxTasks), at most \(JobGraph.hardMaxTasks)).")
    var maxTasks: Int = JobGraph.defaultMaxTasks

    @Flag(help: "No colours.")
    var noColor = false

    func run() throws {
        let parsed = try ScenarioLoader.load(scenario, maxTasks: ScenarioLoader.checkedMaxTasks(maxTasks))
        let session: ExploreSession
        do { session = try ExploreSession(scenario: parsed, seed: seed) } catch {
            throw UsageFailure("\(scenario):\(error.position?.line ?? 1):\(error.position?.column ?? 1): \(error.message)")
        }
        var ui = ExploreUI(session: session, file: scenario)
        let (w, h) = screen.resolved
        if let keys {
            for word in keys.split(separator: " ") { try ui.handle(word: String(word)) }
            print(ui.screen(width: w, height: max(h, 200)).joined(separator: "\n"))
        } else if Terminal.isInteractive {
            try interactive(&ui)
        } else {
            print(ui.screen(width: w, height: 200).joined(separator: "\n"))
        }
        if let save { try ui.save(to: save) }
    }

    func interactive(_ ui: inout ExploreUI) throws {
        Terminal.enter()
        defer { Terminal.restore() }
        var needsPaint = true
        while !ui.done {
            if needsPaint || Terminal.resized != 0 {
                Terminal.resized = 0
                let size = Terminal.size()
                Terminal.write("\u{1B}[2J")
                Terminal.paint(ui.screen(width: size.width, height: size.height).map { StyledLine([Span($0)]) }, color: false)
                needsPaint = false
            }
            let bytes = Terminal.readKeys()
            if bytes.isEmpty { continue }
            for byte in bytes {
                try ui.handle(byte: byte)
                needsPaint = true
            }
        }
    }
}

/// The explore screen and its key handling, without a terminal (so tests and --keys use it too).
struct ExploreUI {
    let session: ExploreSession
    let file: String
    var input = ""
    var savingTo: String?
    var message = "Pick an action: its number then Enter. space: scheduler step, u: undo, w: save, v: state, q: quit."
    var showState = false
    var done = false

    init(session: ExploreSession, file: String) { self.session = session; self.file = file }

    mutating func handle(word: String) throws {
        switch word {
        case "q": done = true
        case "space", "s": step()
        case "u": undo()
        case "v": showState.toggle()
        default:
            if word.hasPrefix("w:") { try save(to: String(word.dropFirst(2))); return }
            guard let n = Int(word) else { throw UsageFailure("--keys: '\(word)' is not a key (use a number, space, u, v, w:FILE or q)") }
            choose(n)
        }
    }

    mutating func handle(byte: UInt8) throws {
        if var name = savingTo {
            switch byte {
            case 0x0D, 0x0A:
                savingTo = nil
                do { try save(to: name) } catch { message = "\(error)" }
            case 0x1B: savingTo = nil; message = "Not saved."
            case 0x7F, 0x08: name = String(name.dropLast()); savingTo = name
            default: if byte >= 0x20 { name.unicodeScalars.append(Unicode.Scalar(byte)); savingTo = name }
            }
            return
        }
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): input.append(Character(Unicode.Scalar(byte)))
        case 0x0D, 0x0A:
            if let n = Int(input) { choose(n) }
            input = ""
        case 0x7F, 0x08: input = String(input.dropLast())
        case UInt8(ascii: " "): step()
        case UInt8(ascii: "u"): undo()
        case UInt8(ascii: "v"): showState.toggle()
        case UInt8(ascii: "w"): savingTo = ""
        case UInt8(ascii: "q"), 0x03: done = true
        default: break
        }
    }

    mutating func choose(_ n: Int) {
        let choices = session.choices()
        guard (1...choices.count).contains(n) else { message = "No action \(n): pick 1 to \(choices.count)."; return }
        do {
            try session.take(choices[n - 1].action)
            message = "Took: \(choices[n - 1].label)"
        } catch {
            message = "Cannot: \(error.message)"
        }
    }

    mutating func step() {
        do { try session.schedulerStep(); message = "The scheduler took a step." } catch { message = "Cannot: \(error.message)" }
    }

    mutating func undo() {
        guard !session.path.isEmpty else { message = "Nothing to undo."; return }
        session.undo()
        message = "Undone (re-ran the path without its last step)."
    }

    mutating func save(to path: String) throws {
        let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let id = base.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
        let text = ScenarioWriter.yaml(session.savedScenario(id: id.isEmpty ? "explored" : id))
        try Files.writeAtomically(Array(text.utf8), to: path)
        message = "Saved \(session.path.count) step(s) to \(path): `ckpt run \(path)` replays them."
    }

    func screen(width: Int, height: Int) -> [String] {
        let sim = session.simulator
        var lines: [String] = []
        lines.append(clip("ckpt explore \(file)  time \(sim.now) ms  attempt \(sim.attempt)  \(session.events.count) events  path \(session.path.count) step(s)", width))
        if showState {
            var replayer = Replayer(trace: session.trace)
            let state = replayer.state(at: session.events.count)
            lines += StateText.lines(state, total: session.events.count, header: session.trace.header, event: session.events.last).map { clip($0, width) }
        } else {
            lines.append("last events:")
            for e in session.events.suffix(5) { lines.append(clip("  " + StateText.eventLine(e), width)) }
            if session.events.isEmpty { lines.append("  (none yet)") }
        }
        lines.append("actions:")
        let choices = session.choices()
        let room = max(3, height - lines.count - 2)
        for (i, c) in choices.enumerated().prefix(room) { lines.append(clip(String(format: "%3d  ", i + 1) + c.label, width)) }
        if choices.count > room { lines.append("  … \(choices.count - room) more (failures); enter their number") }
        if let name = savingTo { lines.append(clip("save to: \(name)_", width)) } else { lines.append(clip((input.isEmpty ? "" : "> \(input)  ") + message, width)) }
        return lines
    }

    func clip(_ s: String, _ width: Int) -> String { s.count <= width ? s : String(s.prefix(max(1, width - 1))) + "…" }
}
