import ArgumentParser

/// `--width` and `--height` of the screen that `--keys` renders (replay, lesson, explore).
struct ScreenSizeOptions: ParsableArguments {
    @Option(help: "Screen width of a screen printed instead of drawn (--keys; default: the terminal's or 80).")
    var width: Int?

    @Option(help: "Screen height of a screen printed instead of drawn (--keys; default: the terminal's or 24).")
    var height: Int?

    /// The given size, the rest from the terminal (80×24 without one).
    var resolved: (width: Int, height: Int) {
        let size = Terminal.size()
        return (width ?? size.width, height ?? size.height)
    }
}
