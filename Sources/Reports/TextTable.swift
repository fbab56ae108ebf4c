import MaturityModel
/// A table of text cells rendered for a terminal, as Markdown or as CSV.
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }

    public let headers: [String]
    public let alignments: [Alignment]
    public private(set) var rows: [[String]] = []

    /// - Parameters:
    ///   - headers: Column titles.
    ///   - alignments: Per column; numbers read best right-aligned. Defaults to left.
    public init(headers: [String], alignments: [Alignment]? = nil) {
        self.headers = headers
        self.alignments = alignments ?? headers.map { _ in .left }
    }

    public mutating func append(_ row: [String]) {
        precondition(row.count == headers.count, "a row needs one cell per column")
        rows.append(row)
    }

    /// Columns padded with spaces, a rule under the header.
    public func terminal() -> String {
        let headers = headers.map(Escaping.terminal), rows = rows.map { $0.map(Escaping.terminal) }
        let widths = headers.indices.map { c in ([headers[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.indices.map { c in
                let padding = String(repeating: " ", count: widths[c] - cells[c].count)
                return alignments[c] == .right ? padding + cells[c] : cells[c] + padding
            }.joined(separator: "  ").replacingTrailingSpaces()
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(headers), rule] + rows.map(line)).joined(separator: "\n") + "\n"
    }

    /// A GitHub-flavoured Markdown table.
    public func markdown() -> String {
        let header = "| " + headers.map(Escaping.markdown).joined(separator: " | ") + " |"
        let rule = "|" + alignments.map { $0 == .right ? "---:|" : "---|" }.joined()
        return ([header, rule] + rows.map { "| " + $0.map(Escaping.markdown).joined(separator: " | ") + " |" })
            .joined(separator: "\n") + "\n"
    }

    /// RFC 4180 CSV with a header row.
    public func csv() -> String {
        ([headers] + rows).map { $0.map(Escaping.csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}

extension String {
    func replacingTrailingSpaces() -> String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }

    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

/// Report output formats.
public enum ReportFormat: String, Sendable, CaseIterable {
    case table, markdown, json, csv
}

/// 0.8333 -> "83.3%"
public func formatPercent(_ value: Double) -> String {
    let tenths = Int((value * 1000).rounded())
    return "\(tenths / 10).\(tenths % 10)%"
}

/// A plan's relative gap: one decimal from 0.1% up, else three, so that a feasible plan's small
/// but non-zero gap never reads "0.0%". 0.0196 -> "2.0%", 0.000196 -> "0.020%", 2e-6 -> "< 0.001%".
public func formatGap(_ value: Double) -> String {
    if value >= 0.00095 { return formatPercent(value) }
    let thousandths = Int((value * 100_000).rounded())
    if thousandths == 0 { return value > 0 ? "< 0.001%" : "0%" }
    let digits = String(thousandths)
    return "0.\(String(repeating: "0", count: max(0, 3 - digits.count)))\(digits)%"
}

/// A level mean to one decimal.
func formatLevel(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
}
