import ArgumentParser
import Foundation

/// Runs a command. Exit codes follow DESIGN.md §5: 0 all held, 1 a finding, 2 bad input or usage
/// (ArgumentParser's own usage errors, normally 64, are mapped to 2).
func runMain() {
    Output.installSignalHandlers()
    if CKPT.asksForFuzzHelp(Array(CommandLine.arguments.dropFirst())) {
        print(CKPT.fuzzHelp())
        try? Output.finish()
        exit(0)
    }
    do {
        var command = try CKPT.parseAsRoot()
        do {
            try command.run()
        } catch let code as ExitCode {
            try Output.finish()
            throw code
        }
        try Output.finish()
    } catch let failure as UsageFailure {
        AtomicFileWriter.removeAllPending()
        try? Output.flush()
        Output.warn("error: " + failure.description)
        exit(2)
    } catch let code as ExitCode {
        exit(code.rawValue)
    } catch {
        let code = CKPT.exitCode(for: error)
        if code == .success {
            CKPT.exit(withError: error)
        }
        try? Output.flush()
        let message = CKPT.message(for: error)
        Output.warn("error: " + message)
        if !message.contains("Usage") { Output.warn(CKPT.usageString(for: error)) }
        exit(2)
    }
}

extension CKPT {
    /// `ckpt fuzz --help`: a campaign is the default subcommand, so its options are shown, not
    /// only the list of subcommands.
    static func asksForFuzzHelp(_ args: [String]) -> Bool {
        args.count == 2 && args[0] == "fuzz" && ["--help", "-h", "help"].contains(args[1])
    }

    /// Text broken into lines of at most `width` characters at spaces.
    static func wrapped(_ text: String, width: Int = 80) -> String {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width { lines.append(line); line = "" }
            line += (line.isEmpty ? "" : " ") + word
        }
        return (lines + [line]).joined(separator: "\n")
    }

    static func fuzzHelp() -> String {
        let run = helpMessage(for: FuzzRunCommand.self).replacingOccurrences(of: "ckpt fuzz run ", with: "ckpt fuzz [run] ")
        let overview = "OVERVIEW: " + FuzzCommand.configuration.abstract + "\n\n" + wrapped(FuzzCommand.configuration.discussion) + "\n\n"
        let body = run.components(separatedBy: "\n").drop { !$0.hasPrefix("USAGE:") }.joined(separator: "\n")
        return overview + body.trimmingCharacters(in: .newlines) + "\n\nSUBCOMMANDS:\n  run (default)           "
            + FuzzRunCommand.configuration.abstract + "\n  merge                   " + FuzzMergeCommand.configuration.abstract
            + "\n\n  See 'ckpt fuzz merge --help' for its options."
    }

    /// The usage line of the subcommand an error belongs to (for "ckpt run --bogus").
    static func usageString(for error: Error) -> String {
        let args = Array(CommandLine.arguments.dropFirst())
        if let sub = configuration.subcommands.first(where: { $0.configuration.commandName == args.first }) {
            return "See 'ckpt \(sub.configuration.commandName ?? "") --help'."
        }
        return "See 'ckpt --help'."
    }
}

runMain()
