import Foundation
import MaturityModel

/// Small helpers for hand-written SVG and HTML: escaping, numbers, the palette, accessible figures.
enum SVG {
    /// Okabe–Ito colours, distinguishable with the common colour-vision deficiencies.
    enum Palette {
        static let current = "#0072B2"  // blue
        static let planned = "#E69F00"  // orange
        static let target = "#000000"  // black outline
        static let scopeStep = "#CC79A7"  // reddish purple
        static let available = "#56B4E9"  // sky blue
        static let series = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
    }

    static func escape(_ text: String) -> String { Escaping.html(text) }

    /// A coordinate with at most one decimal.
    static func n(_ value: Double) -> String {
        let tenths = (value * 10).rounded() / 10
        return tenths == tenths.rounded() ? String(Int(tenths)) : String(format: "%.1f", tenths)
    }

    /// An accessible figure: the chart (an `<svg role="img">` with its title and description) and,
    /// beside it, the numbers it draws as a table.
    static func figure(
        id: String, title: String, description: String, width: Double, height: Double,
        body: String, defs: String = "", table: String
    ) -> String {
        figure(
            id: id, title: title, description: description, width: width, parts: [(height, body)], defs: defs,
            table: table)
    }

    /// A figure drawn as several SVGs one under the other, `parts` (each a height and a body):
    /// a chart too tall for a printed page prints page by page, its caption with its first part,
    /// where one SVG would be pushed whole to the next page (or cut). The figure is marked
    /// `tall` so that print lets it break between its parts.
    static func figure(
        id: String, title: String, description: String, width: Double, parts: [(height: Double, body: String)],
        defs: String = "", table: String
    ) -> String {
        let svgs = parts.enumerated().map { k, part in
            let label =
                k == 0
                ? "aria-labelledby=\"\(id)-title \(id)-desc\"" : "aria-label=\"\(escape(title)) (continued)\""
            // The title and description once, on the first part.
            let named =
                k == 0
                ? "<title id=\"\(id)-title\">\(escape(title))</title>\n"
                    + "<desc id=\"\(id)-desc\">\(escape(description))</desc>"
                : ""
            return """
                <svg xmlns="http://www.w3.org/2000/svg" role="img" \(label) \
                width="\(n(width))" height="\(n(part.height))" viewBox="0 0 \(n(width)) \(n(part.height))">
                \(named)
                \(defs.isEmpty || k > 0 ? "" : "<defs>\(defs)</defs>")
                \(part.body)
                </svg>
                """
        }
        // Numbers tables of many rows are folded: the chart is what a reader prints.
        let rows = table.components(separatedBy: "<tr>").count - 2
        let numbers =
            rows > foldedTableRows
            ? "<details class=\"numbers-fold\"><summary>The numbers (\(rows) rows)</summary>\(table)</details>" : table
        return """
            <figure class="chart\(parts.count > 1 ? " tall" : "")" id="\(id)">
            <figcaption>\(escape(title))</figcaption>
            <div class="plot">\(svgs.joined(separator: "\n"))</div>
            <div class="numbers">\(numbers)</div>
            </figure>
            """
    }

    /// Tables of more rows than this are folded under their chart (`<details>`).
    static let foldedTableRows = 60

    /// An HTML table from a header and rows of already-escaped-or-plain cells (escaped here).
    static func table(_ headers: [String], _ rows: [[String]], caption: String? = nil) -> String {
        var out = "<table>"
        if let caption { out += "<caption>\(escape(caption))</caption>" }
        out += "<thead><tr>" + headers.map { "<th scope=\"col\">\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows {
            out +=
                "<tr>"
                + row.enumerated().map { i, cell in
                    i == 0
                        ? "<th scope=\"row\">\(escape(cell))</th>"
                        : "<td\(isNumber(cell) ? " class=\"num\"" : "")>\(escape(cell))</td>"
                }.joined() + "</tr>"
        }
        return out + "</tbody></table>"
    }

    /// Figures read best right-aligned: amounts, levels, percentages.
    static func isNumber(_ cell: String) -> Bool {
        guard let first = cell.first, first.isNumber || first == "-" else { return false }
        return cell.allSatisfy { $0.isNumber || ",.%/- ".contains($0) } && cell.contains(where: \.isNumber)
    }

    static func text(
        _ x: Double, _ y: Double, _ content: String, anchor: String = "start", size: Int = 11,
        extra: String = ""
    ) -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\" "
            + "font-size=\"\(size)\"\(extra.isEmpty ? "" : " " + extra)>\(escape(content))</text>"
    }

    static func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#999",
        width: Double = 1, dash: String? = nil
    ) -> String {
        "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" "
            + "stroke-width=\"\(n(width))\""
            + (dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>"
    }

    /// Diagonal hatching over a colour: the SMM white paper's mark for a scope below target.
    static func hatch(id: String, color: String) -> String {
        """
        <pattern id="\(id)" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">\
        <rect width="6" height="6" fill="\(color)"/><line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="3"/></pattern>
        """
    }

    /// A quarter chart's value axis: a light grid line and a label at each tick, the top tick at
    /// `plotHeight` above `base`, across `width` from `left`.
    static func valueAxis(ticks: [Double], left: Double, base: Double, plotHeight: Double, width: Double) -> String {
        let top = ticks.last ?? 1
        return ticks.map { value in
            let y = base - plotHeight * value / top
            return line(left, y, left + width, y, stroke: "#eee")
                + text(left - 6, y + 4, formatAmount(value), anchor: "end", size: 10)
        }.joined()
    }

    /// Round axis ticks from 0 to at least `maximum`: steps of 1, 2, 2.5 or 5 × 10^k, four to six of them.
    static func niceTicks(upTo maximum: Double) -> [Double] {
        let rough = maximum / 4
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        let count = Int((maximum / step).rounded(.up))
        return (0...max(count, 1)).map { Double($0) * step }
    }

    /// Text on up to two lines of at most `width` characters, split at a space.
    /// - Parameter upward: The second line ends at `y` (the first is one line above it).
    static func wrappedText(
        _ x: Double, _ y: Double, _ content: String, width: Int, anchor: String, size: Int,
        upward: Bool = false
    ) -> String {
        guard content.count > width, let split = content.prefix(width).lastIndex(of: " ") else {
            return text(x, y, content, anchor: anchor, size: size)
        }
        let first = String(content[..<split]), second = String(content[content.index(after: split)...])
        let y = upward ? y - Double(size + 1) : y
        return "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\" font-size=\"\(size)\">"
            + "<tspan x=\"\(n(x))\">\(escape(first))</tspan><tspan x=\"\(n(x))\" "
            + "dy=\"\(size + 1)\">\(escape(second))</tspan></text>"
    }

    /// An id safe for HTML and SVG references.
    static func slug(_ text: String) -> String {
        String(text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }
}
