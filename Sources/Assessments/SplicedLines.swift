/// A text's lines, each with the line break it ended with as found (LF, CRLF or CR; none on a
/// last line without one): the one rule for splicing into a user's file, so that a file saved on
/// Windows keeps its CRLF lines and loses none.
///
/// Split on Unicode scalars, not `Character`s: Swift takes "\r\n" as one `Character`, so splitting
/// a `String` on "\n" leaves CRLF lines unsplit. Line numbers agree with YAML's marks, which count
/// LF, CRLF and CR each as one break.
struct SplicedLines {
    struct Line: Equatable {
        var content: String
        var terminator: String
    }

    private(set) var lines: [Line]

    init(_ text: String) {
        var lines: [Line] = []
        var content = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            switch scalar {
            case "\n":
                lines.append(Line(content: String(content), terminator: "\n"))
                content = String.UnicodeScalarView()
            case "\r":
                let crlf = pending == "\n"
                if crlf { pending = scalars.next() }
                lines.append(Line(content: String(content), terminator: crlf ? "\r\n" : "\r"))
                content = String.UnicodeScalarView()
            default:
                content.append(scalar)
            }
        }
        if !content.isEmpty || lines.isEmpty { lines.append(Line(content: String(content), terminator: "")) }
        self.lines = lines
    }

    /// The break most lines end with (LF on a tie or with none): what new lines get.
    var lineBreak: String {
        let counts = Dictionary(grouping: lines.map(\.terminator).filter { !$0.isEmpty }, by: { $0 }).mapValues(\.count)
        return ["\n", "\r\n", "\r"].max { (counts[$0] ?? 0) < (counts[$1] ?? 0) } ?? "\n"
    }

    /// Whether the text ends with a line break (or is empty).
    var endsWithLineBreak: Bool { lines.last.map { !$0.terminator.isEmpty || $0.content.isEmpty } ?? true }

    /// Lines of new text (split on LF), each ending with `lineBreak`.
    func newLines(_ text: String) -> [Line] {
        text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map {
            Line(content: String($0), terminator: lineBreak)
        }
    }

    /// The text again: every line with its own break.
    static func joined(_ lines: some Sequence<Line>) -> String {
        lines.map { $0.content + $0.terminator }.joined()
    }
}
