import Yams

/// Text written into YAML by `smm` (scenarios, progress files): one emitter, so that every value
/// reads back as the same text, whatever it holds (quotes, backslashes, line breaks, `true`, `~`).
public enum YAMLText {
    /// `text` as a YAML scalar: plain when YAML reads it back as the same string, else
    /// double-quoted with YAML's escapes (Yams's emitter).
    public static func scalar(_ text: String) -> String {
        let node = Node.scalar(Node.Scalar(text, .implicit, isPlain(text) ? .plain : .doubleQuoted))
        let written = (try? Yams.serialize(node: node, width: -1, allowUnicode: true)) ?? ""
        // The emitter ends a document with a line break (and "..." after a plain scalar at times).
        var lines = written.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while let last = lines.last, last.isEmpty || last == "..." { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// Whether `text` reads back as itself, as a string, when written plain.
    public static func isPlain(_ text: String) -> Bool {
        text.allSatisfy { $0.isLetter || $0.isNumber || "-_./ ".contains($0) }
            && !text.hasPrefix(" ") && !text.hasSuffix(" ") && !text.isEmpty
            && !["true", "false", "yes", "no", "null", "on", "off", "~"].contains(text.lowercased())
            && Double(text) == nil && Int(text) == nil
    }
}
