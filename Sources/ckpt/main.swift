import ArgumentParser
import Foundation

/// Runs a command; a `UsageFailure` prints one line and exits 2 (DESIGN.md §5 exit codes).
func runMain() {
    do {
        var command = try CKPT.parseAsRoot()
        try command.run()
    } catch let failure as UsageFailure {
        FileHandle.standardError.write(Data(("error: " + failure.description + "\n").utf8))
        exit(2)
    } catch {
        CKPT.exit(withError: error)
    }
}

runMain()
