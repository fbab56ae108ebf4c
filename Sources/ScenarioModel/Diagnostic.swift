import TextSafety

/// One problem found in an input file: where it is and what is wrong.
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The file, as the user named it.
    public let file: String
    /// The key path, e.g. `systems[2].practices.patch-managment`; empty for the whole file.
    public let path: String
    /// 1-based line, where the parser knows it.
    public let line: Int?
    /// What is wrong, in words a user can act on.
    public let message: String

    public init(file: String, path: String, line: Int?, message: String) {
        self.file = file
        self.path = path
        self.line = line
        self.message = message
    }

    /// `file:line: path: message`, with control characters escaped (a key or file name may hold
    /// any text; it must not reach a terminal raw).
    public var description: String {
        let location = SafeText.escapingControls(line.map { "\(file):\($0)" } ?? file)
        // Each line of a message is capped too, whatever a message builder quoted into it.
        let message = self.message.split(separator: "\n", omittingEmptySubsequences: false)
            .map { SafeText.escapingControls(SafeText.capped(String($0))) }.joined(separator: "\n")
        // A key is text from the file: cut like any excerpt (a password hash is a key too).
        let path = SafeText.excerpt(self.path)
        return path.isEmpty ? "\(location): \(message)" : "\(location): \(path): \(message)"
    }
}
