/// The program's version, written into every trace header as `ckpt VERSION` (part of what makes a trace reproducible).
public enum ProgramVersion {
    public static let current = "0.1.0"
    /// The header's `generator` field for traces this version writes.
    public static var generator: String { "ckpt \(current)" }
}
