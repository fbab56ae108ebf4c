import Foundation
import GapAnalysis
import MaturityModel
import ScenarioModel

/// The gap charts of the SMM white paper: bars per practice grouped by subdomain, and a radar.
enum GapCharts {
    /// Horizontal bars per practice: current, planned (end of plan) and target level; a bar is
    /// hatched where its scope is below the target scope.
    static func bars(id: String, system: String, catalog: Catalog, current: [PracticeGap], planned: [PracticeGap])
        -> String
    {
        let labelWidth = 300.0, levelWidth = 95.0, barHeight = 7.0, rowGap = 8.0, headerHeight = 20.0, top = 40.0
        let rowHeight = barHeight * 3 + rowGap
        var y = top
        var body = ""
        var rows: [[String]] = []
        let x0 = labelWidth
        let legend = [("current", SVG.Palette.current), ("planned", SVG.Palette.planned)]
        for (i, (name, color)) in legend.enumerated() {
            body += "<rect x=\"\(SVG.n(x0 + Double(i) * 110))\" y=\"8\" width=\"12\" height=\"10\" fill=\"\(color)\"/>"
            body += SVG.text(x0 + Double(i) * 110 + 16, 17, name)
        }
        body +=
            "<rect x=\"\(SVG.n(x0 + 220))\" y=\"8\" width=\"12\" height=\"10\" fill=\"none\" stroke=\"#000\"/>"
            + SVG.text(x0 + 236, 17, "target")
        body +=
            "<rect x=\"\(SVG.n(x0 + 300))\" y=\"8\" width=\"12\" height=\"10\" fill=\"url(#\(id)-hatch-current)\"/>"
            + SVG.text(x0 + 316, 17, "scope below target")
        for subdomain in catalog.subdomains {
            body += SVG.text(8, y + 14, subdomain.name, size: 12, extra: "font-weight=\"bold\"")
            y += headerHeight
            for practice in subdomain.practices {
                guard let now = current.first(where: { $0.practiceID == practice.id }),
                    let end = planned.first(where: { $0.practiceID == practice.id })
                else { continue }
                body += SVG.text(labelWidth - 8, y + rowHeight / 2 + 2, practice.name, anchor: "end")
                let bars: [(String, Int, Scope, String)] = [
                    ("current", now.currentLevel, now.currentScope, SVG.Palette.current),
                    ("planned", end.currentLevel, end.currentScope, SVG.Palette.planned),
                ]
                for (k, (kind, level, scope, color)) in bars.enumerated() {
                    let short = scope < now.targetScope
                    let fill = short ? "url(#\(id)-hatch-\(kind))" : color
                    body +=
                        "<rect class=\"bar \(kind)\" data-practice=\"\(SVG.escape(practice.id))\" "
                        + "data-level=\"\(level)\" "
                        + "data-scope=\"\(scope.id)\" data-scope-short=\"\(short)\" x=\"\(SVG.n(x0))\" "
                        + "y=\"\(SVG.n(y + Double(k) * barHeight))\" "
                        + "width=\"\(SVG.n(max(Double(level) * levelWidth, 1.5)))\" "
                        + "height=\"\(SVG.n(barHeight - 1))\" fill=\"\(fill)\"/>"
                }
                body +=
                    "<rect class=\"bar target\" data-practice=\"\(SVG.escape(practice.id))\" "
                    + "data-level=\"\(now.targetLevel)\" "
                    + "data-scope=\"\(now.targetScope.id)\" x=\"\(SVG.n(x0))\" y=\"\(SVG.n(y + 2 * barHeight))\" "
                    + "width=\"\(SVG.n(max(Double(now.targetLevel) * levelWidth, 1.5)))\" "
                    + "height=\"\(SVG.n(barHeight - 1))\" "
                    + "fill=\"none\" stroke=\"#000\" stroke-width=\"1\"/>"
                if now.targetScope != .general {
                    body += SVG.text(
                        x0 + Double(now.targetLevel) * levelWidth + 4, y + 3 * barHeight - 1,
                        now.targetScope.id, size: 9)
                }
                rows.append([
                    practice.name, "\(now.currentLevel) \(now.currentScope.id)",
                    "\(end.currentLevel) \(end.currentScope.id)",
                    "\(now.targetLevel) \(now.targetScope.id)",
                ])
                y += rowHeight
            }
        }
        // The level axis, with its label.
        for level in 0...4 {
            let x = x0 + Double(level) * levelWidth
            body += SVG.line(x, top - 4, x, y, stroke: "#ccc", dash: "2 3")
            body += SVG.text(x, y + 14, "\(level) \(ComprehensivenessLevel(level)!.name)", anchor: "middle", size: 10)
        }
        body += SVG.text(x0 + 2 * levelWidth, y + 30, "Comprehensiveness level", anchor: "middle", size: 11)
        let height = y + 40
        let defs =
            SVG.hatch(id: "\(id)-hatch-current", color: SVG.Palette.current)
            + SVG.hatch(id: "\(id)-hatch-planned", color: SVG.Palette.planned)
        return SVG.figure(
            id: id, title: "Gap per practice, \(system): current, planned and target level",
            description:
                "For each of the \(rows.count) practices, grouped by subdomain: the current level, the level at the "
                + "end of the plan and the target level; hatched bars have a scope below the target scope.",
            width: x0 + 4 * levelWidth + 60, height: height, body: body, defs: defs,
            table: SVG.table(["practice", "current", "planned", "target"], rows))
    }

    /// A radar with one axis per subdomain: mean current, planned and target levels.
    static func radar(id: String, title: String, current: [GapRollup], planned: [GapRollup]) -> String {
        let size = 400.0, cx = size / 2, cy = size / 2 + 10, radius = 150.0
        let count = current.count
        guard count >= 3 else { return "" }
        func point(_ i: Int, _ level: Double) -> (Double, Double) {
            let angle = -Double.pi / 2 + 2 * Double.pi * Double(i) / Double(count)
            return (cx + cos(angle) * radius * level / 4, cy + sin(angle) * radius * level / 4)
        }
        var body = ""
        for level in 1...4 {
            let ring = (0..<count).map { point($0, Double(level)) }.map { "\(SVG.n($0.0)),\(SVG.n($0.1))" }.joined(
                separator: " ")
            body += "<polygon points=\"\(ring)\" fill=\"none\" stroke=\"#ddd\"/>"
            let (lx, ly) = point(0, Double(level))
            body += SVG.text(lx + 3, ly + 3, "\(level)", size: 9)
        }
        for i in 0..<count {
            let (x, y) = point(i, 4)
            body += SVG.line(cx, cy, x, y, stroke: "#ddd")
            let (lx, ly) = point(i, 4.45)
            // Whole names on up to two lines (they used to be cut: "Supply Chain and External Depend…").
            // Labels above the centre grow upwards, so their second line cannot meet the rings.
            body += SVG.wrappedText(
                lx, ly, current[i].name, width: 30,
                anchor: lx < cx - 5 ? "end" : lx > cx + 5 ? "start" : "middle", size: 10,
                upward: ly < cy)
        }
        // The target is drawn last, dashed, so the plan's outline cannot hide it where they meet.
        let series: [(String, [Double], String, String)] = [
            (
                "current", current.map(\.meanCurrentLevel), SVG.Palette.current,
                "fill=\"\(SVG.Palette.current)\" fill-opacity=\"0.15\""
            ),
            ("planned", planned.map(\.meanCurrentLevel), SVG.Palette.planned, "fill=\"none\""),
            ("target", current.map(\.meanTargetLevel), SVG.Palette.target, "stroke-dasharray=\"5 3\" fill=\"none\""),
        ]
        for (k, (name, values, color, style)) in series.enumerated() {
            let points = values.enumerated().map { point($0, $1) }.map { "\(SVG.n($0.0)),\(SVG.n($0.1))" }.joined(
                separator: " ")
            body +=
                "<polygon class=\"radar \(name)\" points=\"\(points)\" stroke=\"\(color)\" stroke-width=\"2\" "
                + "\(style)/>"
            body +=
                "<rect x=\"\(SVG.n(10 + Double(k) * 90))\" y=\"6\" width=\"12\" height=\"10\" fill=\"\(color)\"/>"
                + SVG.text(26 + Double(k) * 90, 15, name)
        }
        let rows = current.indices.map { i in
            [
                current[i].name, formatLevel(current[i].meanCurrentLevel), formatLevel(planned[i].meanCurrentLevel),
                formatLevel(current[i].meanTargetLevel),
            ]
        }
        return SVG.figure(
            id: id, title: title,
            description:
                "Mean comprehensiveness level per subdomain (0 to 4 from the centre): current, at the end of "
                + "the plan, and target.",
            width: size + 400, height: size + 20, body: "<g transform=\"translate(200,0)\">\(body)</g>",
            table: SVG.table(["subdomain", "current", "planned", "target"], rows))
    }
}
