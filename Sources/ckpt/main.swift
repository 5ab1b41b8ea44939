import ArgumentParser
import Foundation

/// Runs a command. Exit codes follow DESIGN.md §5: 0 all held, 1 a finding, 2 bad input or usage
/// (ArgumentParser's own usage errors, normally 64, are mapped to 2).
func runMain() {
    signal(SIGINT) { _ in
        for path in AtomicFileWriter.pending { unlink(path) }
        _exit(130)
    }
    do {
        var command = try CKPT.parseAsRoot()
        try command.run()
    } catch let failure as UsageFailure {
        FileHandle.standardError.write(Data(("error: " + failure.description + "\n").utf8))
        exit(2)
    } catch let code as ExitCode {
        exit(code.rawValue)
    } catch {
        let code = CKPT.exitCode(for: error)
        if code == .success {
            CKPT.exit(withError: error)
        }
        let message = CKPT.message(for: error)
        FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
        if !message.contains("Usage") { FileHandle.standardError.write(Data((CKPT.usageString(for: error) + "\n").utf8)) }
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
