/// CSV as RFC 4180 writes it and spreadsheets read it safely.
public enum CSVWriter {
    /// One field: text that a spreadsheet would run as a formula (`= + - @`, tab or CR first, and
    /// not a number) is prefixed with `'`; a field with a comma, quote or line break is quoted
    /// (checked per Unicode scalar: Swift reads "\r\n" as one Character equal to neither).
    public static func field(_ text: String) -> String {
        var field = text
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(text) == nil {
            field = "'" + text
        }
        guard field.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return field
        }
        return "\"" + field.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    /// Rows of fields, CRLF line ends, a final line end.
    public static func document(_ rows: [[String]]) -> String {
        rows.map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}
