import ScenarioModel
import Spreadsheets
import TextSafety

/// The one place per output format where text from a scenario (ids, names, messages) is made safe
/// for it. The loader already refuses control and bidi characters in ids and names; these escape
/// what each format gives a meaning to, so no id can add a row, a column, markup or a formula.
public enum Escaping {
    /// HTML text and attribute values: `& < > " '`.
    public static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Markdown inline text (headings, list items, table cells): HTML's characters as entities,
    /// Markdown's own (`\ | * _ [ ] ` # ~`) backslash-escaped, line breaks as spaces.
    public static func markdown(_ text: String) -> String {
        var out = ""
        for c in SafeText.escapingControls(text).unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "|", "*", "_", "[", "]", "`", "#", "~": out += "\\" + String(c)
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// A CSV field: quoted where needed and neutralised against formula injection (`CSVWriter.field`).
    public static func csvField(_ text: String) -> String {
        CSVWriter.field(text)
    }

    /// Text on a terminal: control and bidi characters written as `\u{…}`.
    public static func terminal(_ text: String) -> String {
        SafeText.escapingControls(text)
    }

    /// Text in a Mermaid diagram line: Mermaid's separators (`: # ;`), its comment mark (`%`: a
    /// line whose text starts with `%%` is a comment, and the task would vanish) and HTML's
    /// characters become spaces, controls are escaped.
    public static func mermaid(_ text: String) -> String {
        String(SafeText.escapingControls(text).map { ":#;%<>&\"`{}".contains($0) ? " " : $0 })
    }
}
