import Foundation
import CheckpointTrace
import CheckpointReplay

/// Runs the player over a trace: interactively in a terminal, or over a fixed list of keys.
/// Lessons reuse it with their own annotations (`requireAnswers` gates progress on questions).
struct PlayerLoop {
    var replayer: Replayer
    var player: PlayerState
    var annotations: (any PlayerAnnotations)?
    var color: Bool
    /// The title line's first words.
    var program = "ckpt replay"

    init(trace: Trace, start: Int = 0, annotations: (any PlayerAnnotations)? = nil, requireAnswers: Bool = false, color: Bool) {
        replayer = Replayer(trace: trace)
        player = PlayerState(total: trace.events.count, step: start, requireAnswers: requireAnswers)
        self.annotations = annotations
        self.color = color
    }

    /// The screen for the current step at the given size.
    mutating func screen(width: Int, height: Int) -> [StyledLine] {
        let view = PlayerScreen(header: replayer.trace.header, events: replayer.trace.events, width: width, height: height, program: program)
        return view.render(player, replayer.state(at: player.step), annotations: annotations)
    }

    /// The `--keys` option's words as keys, or a usage error naming the first word that is not one.
    static func parseKeys(_ words: String) throws -> [PlayerKey] {
        switch PlayerKey.parse(words: words) {
        case .success(let keys): return keys
        case .failure(let e): throw UsageFailure("--keys: \"\(e.word)\" is not a key (use a character, right, left, space, enter, esc, :N or /TEXT)")
        }
    }

    /// Applies keys without a terminal and returns the final screen (`--keys`).
    mutating func feed(_ keys: [PlayerKey], width: Int, height: Int) -> [StyledLine] {
        for key in keys where !player.quit {
            player.handle(key, events: replayer.trace.events, annotations: annotations)
        }
        return screen(width: width, height: height)
    }

    /// The interactive loop: raw keys in, a full repaint after each key or resize; the terminal
    /// is restored however it ends.
    mutating func runInteractive() {
        Terminal.enter()
        defer { Terminal.restore() }
        var size = Terminal.size()
        Terminal.write("\u{1B}[2J")
        Terminal.paint(screen(width: size.width, height: size.height), color: color)
        while !player.quit {
            let bytes = Terminal.readKeys()
            var redraw = false
            if Terminal.resized != 0 {
                Terminal.resized = 0
                size = Terminal.size()
                Terminal.write("\u{1B}[2J")
                redraw = true
            }
            for key in PlayerKey.decode(bytes) where !player.quit {
                player.handle(key, events: replayer.trace.events, annotations: annotations)
                redraw = true
            }
            if redraw && !player.quit { Terminal.paint(screen(width: size.width, height: size.height), color: color) }
        }
    }
}
