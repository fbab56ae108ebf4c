import GapAnalysis
import MaturityModel
import Roadmaps
import ScenarioModel

/// Charts of a roadmap over time: the timeline, budget and effort burn, maturity per quarter.
enum PlanCharts {
    /// A Gantt-like timeline: a row per practice of a system, a box per step in its quarter.
    /// Rows of the timeline per SVG: 30 rows and the quarters fit a landscape page.
    static let rowsPerPart = 30

    static func timeline(id: String, roadmap: Roadmap) -> String {
        let H = roadmap.scenario.horizon
        let labelWidth = 330.0, cell = 62.0, rowHeight = 18.0, top = 30.0
        let names = Dictionary(
            roadmap.scenario.catalog.practices.map { ($0.practice.id, $0.practice.name) },
            uniquingKeysWith: { a, _ in a })
        let deadlines = Dictionary(grouping: roadmap.deadlineStatuses) {
            "\($0.systemID)\u{0}\($0.deadline.practiceID)"
        }
        // A re-plan shows its history's done steps too (green).
        let history = roadmap.historySteps
        let shown = history + roadmap.steps
        // The steps of each row, found once: looking them up in every step for every row made the
        // timeline of 10,000 systems take minutes.
        let stepsByRow = Dictionary(grouping: shown) { "\($0.systemID)\u{0}\($0.practiceID)" }
        // Rows grouped by system: a heading row per system (with several), then its practices.
        enum Row { case system(String), practice(String, String) }
        var rowsOrder: [Row] = []
        let several = roadmap.scenario.systems.count > 1
        for system in roadmap.scenario.systems {
            let practices = system.practices.filter { state in
                stepsByRow["\(system.id)\u{0}\(state.practiceID)"] != nil
                    || deadlines["\(system.id)\u{0}\(state.practiceID)"] != nil
            }
            guard !practices.isEmpty else { continue }
            if several { rowsOrder.append(.system(system.id)) }
            rowsOrder += practices.map { .practice(system.id, $0.practiceID) }
        }
        // Initiatives (spec §6): a row each, labelled with the initiative, under a heading of their own.
        let initiatives = roadmap.scenario.initiatives.filter { i in shown.contains { $0.initiative == i.id } }
        var labels: [String: String] = [:]
        if !initiatives.isEmpty {
            rowsOrder.append(.system("Initiatives"))
            for i in initiatives {
                rowsOrder.append(.practice(i.id, i.practiceID))
                labels[i.id] = "\(i.name) (\(i.members.count) system\(i.members.count == 1 ? "" : "s"))"
            }
        }
        // Parts of at most `rowsPerPart` rows, each with the quarters above it: a printed page
        // holds a part whole, and every page says which quarter a column is.
        var parts: [(height: Double, body: String)] = []
        var body = ""
        for (r, row) in rowsOrder.enumerated() {
            if r % rowsPerPart == 0 {
                if r > 0 { parts.append((top + Double(rowsPerPart) * rowHeight + 10, body)) }
                body = ""
                let rows = min(rowsPerPart, rowsOrder.count - r)
                for t in 1...H {
                    let x = labelWidth + Double(t - 1) * cell
                    body += SVG.text(
                        x + cell / 2, top - 8, "\(roadmap.scenario.quarter(t))", anchor: "middle", size: 10)
                    body += SVG.line(x, top - 4, x, top + Double(rows) * rowHeight, stroke: "#e3e3e3")
                }
            }
            let y = top + Double(r % rowsPerPart) * rowHeight
            guard case .practice(let system, let practice) = row else {
                if case .system(let system) = row {
                    body += SVG.text(
                        8, y + 13, system.count > 48 ? String(system.prefix(47)) + "…" : system, size: 11,
                        extra: "font-weight=\"bold\"")
                }
                continue
            }
            // The practice's name, indented under its system; at 10 px about 54 characters fit.
            let name = labels[system] ?? names[practice] ?? practice
            let label = name.count > 52 ? String(name.prefix(51)) + "…" : name
            body += SVG.text(labelWidth - 6, y + 13, label, anchor: "end", size: 10)
            for status in deadlines["\(system)\u{0}\(practice)"] ?? [] {
                // A diamond at the end of the deadline's quarter: red when it has no slack or is missed.
                let x = labelWidth + Double(status.deadline.byIndex) * cell - 1, cy = y + rowHeight / 2
                let color = status.state == .met || status.state == .alreadyMet ? "#009E73" : "#D55E00"
                body +=
                    "<path class=\"deadline\" data-system=\"\(SVG.escape(system))\" "
                    + "data-practice=\"\(SVG.escape(practice))\" "
                    + "data-by=\"\(status.deadline.by)\" data-state=\"\(status.state.rawValue)\" "
                    + "d=\"M\(SVG.n(x)) \(SVG.n(cy - 6))l5 6-5 6-5-6z\" fill=\"\(color)\"><title>deadline: "
                    + "\(SVG.escape(status.requirement)) by \(status.deadline.by), "
                    + "\(status.state.rawValue)</title></path>"
            }
            let rowSteps = stepsByRow["\(system)\u{0}\(practice)"] ?? []
            for step in rowSteps {
                // Two steps of one practice may share a quarter (a level and a scope): split the cell.
                let sameQuarter = rowSteps.filter { $0.quarterIndex == step.quarterIndex }
                let part = Double(sameQuarter.firstIndex(of: step) ?? 0), parts = Double(sameQuarter.count)
                let x = labelWidth + Double(step.quarterIndex - 1) * cell + 2 + part * (cell - 4) / parts
                let text =
                    step.kind == .level ? "\(step.from)→\(step.to)" : "→\(Scope(rawValue: step.to)!.id.prefix(3))"
                let done = step.quarterIndex < (roadmap.scenario.progress?.asOfIndex ?? 1)
                let color = done ? "#009E73" : step.kind == .level ? SVG.Palette.current : SVG.Palette.scopeStep
                body +=
                    "<g class=\"\(done ? "step done" : "step")\" data-system=\"\(SVG.escape(system))\" "
                    + "data-practice=\"\(SVG.escape(practice))\" "
                    + "data-kind=\"\(step.kind.rawValue)\" data-to=\"\(step.to)\" data-quarter=\"\(step.quarter)\">"
                    + "<rect x=\"\(SVG.n(x))\" y=\"\(SVG.n(y + 2))\" width=\"\(SVG.n((cell - 4) / parts - 1))\" "
                    + "height=\"\(SVG.n(rowHeight - 4))\" rx=\"3\" fill=\"\(color)\"/>"
                    + SVG.text(
                        x + ((cell - 4) / parts - 1) / 2, y + 12.5, text, anchor: "middle", size: 9,
                        extra: "fill=\"#fff\"")
                    + "</g>"
            }
        }
        let lastRows = rowsOrder.isEmpty ? 0 : (rowsOrder.count - 1) % rowsPerPart + 1
        parts.append((top + Double(lastRows) * rowHeight + 10, body))
        let rows = roadmap.steps.map { s in
            [
                "\(s.quarter)", s.systemID, s.practiceID,
                s.kind == .level
                    ? "level \(s.from) → \(s.to)"
                    : "scope \(Scope(rawValue: s.from)!.id) → \(Scope(rawValue: s.to)!.id)",
                formatAmount(s.cost),
            ]
        }
        return SVG.figure(
            id: id, title: "Roadmap timeline: \(roadmap.steps.count) steps over \(H) quarters",
            description:
                "One row per practice that the plan raises, grouped by system; a box per step in the quarter it "
                + "is taken; blue boxes are level steps, purple boxes scope steps; a diamond marks a "
                + "deadline (green with slack, red without).",
            width: labelWidth + Double(H) * cell + 10, parts: parts,
            table: SVG.table(["quarter", "system", "practice", "step", "cost"], rows))
    }

    /// Spend against what is available per quarter, or effort against capacity.
    static func burn(id: String, roadmap: Roadmap, effort: Bool) -> String {
        let quarters = roadmap.quarters
        let used = quarters.map { effort ? $0.effort : $0.spend }
        let limit = quarters.map { effort ? ($0.effortCapacity ?? 0) : $0.available }
        // Axis ticks at round values (10,000 / 20,000 …), the axis's top the first tick above the data.
        let ticks = SVG.niceTicks(upTo: max((used + limit).max() ?? 1, 1))
        let top = ticks.last!
        let left = 70.0, plotHeight = 200.0, cell = 58.0, base = 30.0 + plotHeight
        var body = SVG.valueAxis(
            ticks: ticks, left: left, base: base, plotHeight: plotHeight, width: Double(quarters.count) * cell)
        for (i, q) in quarters.enumerated() {
            let x = left + Double(i) * cell
            let hLimit = plotHeight * limit[i] / top, hUsed = plotHeight * used[i] / top
            body +=
                "<rect class=\"limit\" data-quarter=\"\(q.quarter)\" data-value=\"\(csvNumber(limit[i]))\" "
                + "x=\"\(SVG.n(x + 8))\" y=\"\(SVG.n(base - hLimit))\" width=\"\(SVG.n(cell - 16))\" "
                + "height=\"\(SVG.n(hLimit))\" fill=\"\(SVG.Palette.available)\" fill-opacity=\"0.35\" "
                + "stroke=\"\(SVG.Palette.available)\"/>"
            body +=
                "<rect class=\"used\" data-quarter=\"\(q.quarter)\" data-value=\"\(csvNumber(used[i]))\" "
                + "x=\"\(SVG.n(x + 16))\" y=\"\(SVG.n(base - hUsed))\" width=\"\(SVG.n(cell - 32))\" "
                + "height=\"\(SVG.n(hUsed))\" fill=\"\(SVG.Palette.current)\"/>"
            body += SVG.text(x + cell / 2, base + 14, "\(q.quarter)", anchor: "middle", size: 10)
        }
        let what = effort ? "Effort" : "Spend"
        let against = effort ? "capacity" : "available budget"
        body += SVG.text(
            12, 30 + plotHeight / 2, effort ? "effort" : "money", anchor: "middle", size: 11,
            extra: "transform=\"rotate(-90 12 \(SVG.n(30 + plotHeight / 2)))\"")
        body += SVG.text(left + Double(quarters.count) * cell / 2, base + 32, "Quarter", anchor: "middle")
        body +=
            "<rect x=\"\(SVG.n(left))\" y=\"6\" width=\"12\" height=\"10\" fill=\"\(SVG.Palette.current)\"/>"
            + SVG.text(left + 16, 15, what.lowercased())
            + "<rect x=\"\(SVG.n(left + 90))\" y=\"6\" width=\"12\" height=\"10\" "
            + "fill=\"\(SVG.Palette.available)\" fill-opacity=\"0.35\" stroke=\"\(SVG.Palette.available)\"/>"
            + SVG.text(left + 106, 15, against)
        let rows = quarters.indices.map {
            ["\(quarters[$0].quarter)", formatAmount(used[$0]), formatAmount(limit[$0])]
        }
        return SVG.figure(
            id: id, title: "\(what) per quarter against \(against)",
            description: "Bars per quarter: the \(against) (light) and what the plan uses (dark).",
            width: left + Double(quarters.count) * cell + 10, height: base + 40, body: body,
            table: SVG.table(["quarter", what.lowercased(), against], rows))
    }

    /// Attainment of the target over time, overall and per domain, from now (quarter 0) to the end.
    /// - Parameter historyThrough: In a re-plan, the last index of history: the line is solid
    ///   up to it and dashed after.
    static func maturity(
        id: String, title: String, series: [(name: String, values: [Double])], labels: [String],
        historyThrough: Int? = nil
    ) -> String {
        let legendRows = Double((series.count + 2) / 3)
        let left = 56.0, plotWidth = max(Double(labels.count - 1) * 60, 600), plotHeight = 200.0,
            top = 22 + 14 * legendRows
        let base = top + plotHeight
        func x(_ i: Int) -> Double { left + plotWidth * Double(i) / Double(max(labels.count - 1, 1)) }
        func y(_ v: Double) -> Double { base - plotHeight * v }
        var body = ""
        for k in 0...4 {
            body += SVG.line(left, y(Double(k) / 4), left + plotWidth, y(Double(k) / 4), stroke: "#eee")
            body += SVG.text(left - 6, y(Double(k) / 4) + 4, "\(k * 25)%", anchor: "end", size: 10)
        }
        for (i, label) in labels.enumerated() {
            body += SVG.text(x(i), base + 14, label, anchor: "middle", size: 9)
        }
        for (k, s) in series.enumerated() {
            let color = SVG.Palette.series[k % SVG.Palette.series.count]
            func points(_ range: ClosedRange<Int>) -> String {
                range.map { "\(SVG.n(x($0))),\(SVG.n(y(s.values[$0])))" }.joined(separator: " ")
            }
            let last = s.values.count - 1
            let split = historyThrough.map { min(max($0, 0), last) }
            let solid = split.map { 0...$0 } ?? 0...last
            body +=
                "<polyline class=\"series\" data-name=\"\(SVG.escape(s.name))\" points=\"\(points(solid))\" "
                + "fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(k == 0 ? 3 : 2)\"/>"
            if let split, split < last {
                body +=
                    "<polyline class=\"series planned\" data-name=\"\(SVG.escape(s.name))\" "
                    + "points=\"\(points(split...last))\" fill=\"none\" stroke=\"\(color)\" "
                    + "stroke-width=\"\(k == 0 ? 3 : 2)\" stroke-dasharray=\"6 4\"/>"
            }
            for (i, v) in s.values.enumerated() {
                body += "<circle cx=\"\(SVG.n(x(i)))\" cy=\"\(SVG.n(y(v)))\" r=\"2.5\" fill=\"\(color)\"/>"
            }
            // Three entries a row, each 200 px: a name of up to 28 characters at 11 px fits.
            let name = s.name.count > 28 ? String(s.name.prefix(27)) + "…" : s.name
            body +=
                "<rect x=\"\(SVG.n(left + Double(k % 3) * 200))\" y=\"\(SVG.n(6 + Double(k / 3) * 14))\" "
                + "width=\"12\" height=\"10\" fill=\"\(color)\"/>"
                + SVG.text(left + Double(k % 3) * 200 + 16, 15 + Double(k / 3) * 14, name, extra: "class=\"legend\"")
        }
        body += SVG.text(
            14, top + plotHeight / 2, "attainment", anchor: "middle",
            extra: "transform=\"rotate(-90 14 \(SVG.n(top + plotHeight / 2)))\"")
        body += SVG.text(left + plotWidth / 2, base + 32, "End of quarter", anchor: "middle")
        let rows = labels.indices.map { i in [labels[i]] + series.map { formatPercent($0.values[i]) } }
        return SVG.figure(
            id: id, title: title,
            description:
                "Share of the targeted comprehensiveness reached (Σ min(level, target) / Σ target) from now to "
                + "the end of the plan.",
            width: left + plotWidth + 40, height: base + 42, body: body,
            table: SVG.table(["quarter"] + series.map(\.name), rows))
    }
}
