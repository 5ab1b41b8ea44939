import ArgumentParser
import Foundation

/// Runs a command. Exit codes follow DESIGN.md §5: 0 all held, 1 a finding, 2 bad input or usage
/// (ArgumentParser's own usage errors, normally 64, are mapped to 2).
func runMain() {
    Output.installSignalHandlers()
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
