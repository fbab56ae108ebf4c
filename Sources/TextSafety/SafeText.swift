/// Text as diagnostics and terminals may show it.
public enum SafeText {
    /// The longest excerpt of a value that a message quotes.
    public static let excerptLength = 48

    /// The longest line of a message: quoted values are excerpts, so only a message that quotes
    /// many of them can reach it.
    public static let messageLineLength = 1_000

    /// A message line cut to `messageLineLength` characters with `…`.
    public static func capped(_ line: String) -> String {
        line.count > messageLineLength ? String(line.prefix(messageLineLength)) + "…" : line
    }

    /// `'text'`, cut to `excerptLength` characters with `…`, control and bidi characters escaped.
    public static func quoted(_ text: String) -> String {
        "'\(excerpt(text))'"
    }

    /// `text` cut to `excerptLength` characters, control and bidi characters escaped as `\u{…}`.
    public static func excerpt(_ text: String) -> String {
        let cut = text.count > excerptLength ? String(text.prefix(excerptLength)) + "…" : text
        return escapingControls(cut)
    }

    /// Control, bidi and other invisible format characters written as `\u{…}`, so that what
    /// reaches a terminal cannot move the cursor, reorder text or hide itself.
    public static func escapingControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The first character that an id or name must not contain, if any: control characters
    /// (NUL, CR, LF, ESC, …) and bidi or invisible format characters (U+202E and the like).
    public static func forbiddenCharacter(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first(where: isUnsafe)
    }

    /// Control characters (Cc), format characters (Cf: bidi overrides and isolates, zero-width
    /// joiners, BOM) and line or paragraph separators.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate: return true
        default: return false
        }
    }
}
