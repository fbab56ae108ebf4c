import MaturityModel
import Roadmaps
import ScenarioModel

/// A re-plan against its baseline, as a tracking Gantt (spec §5): a row per baseline or added
/// step, the baseline's quarter as a grey bar above, what happened (done, in green) or what is now
/// planned (blue) below, and a line at `as_of` between history and plan.
enum TrackingChart {
    static func html(id: String, roadmap: Roadmap) -> String {
        guard let progress = roadmap.scenario.progress, let variance = roadmap.variance else { return "" }
        let scenario = roadmap.scenario
        let H = scenario.horizon
        let rows = variance.steps
        // Room for the longest label whole (about 5.6 px a character at 10 px): none is cut.
        // (A hostile id is cut at 120 characters, far past any real one.)
        let label = { (step: Variance.Step) in
            let text = step.id.description
            return text.count > 120 ? String(text.prefix(119)) + "…" : text
        }
        let longest = rows.map { label($0).count }.max() ?? 0
        let labelWidth = max(200, Double(longest) * 5.6 + 12), cell = 62.0, rowHeight = 22.0, top = 44.0
        var body = ""
        for t in 1...H {
            let x = labelWidth + Double(t - 1) * cell
            body += SVG.text(x + cell / 2, top - 8, "\(scenario.quarter(t))", anchor: "middle", size: 10)
            body += SVG.line(x, top - 4, x, top + Double(rows.count) * rowHeight, stroke: "#e3e3e3")
        }
        let asOfX = labelWidth + Double(progress.asOfIndex - 1) * cell
        body += SVG.line(asOfX, top - 34, asOfX, top + Double(rows.count) * rowHeight, stroke: "#333", width: 2)
        body += SVG.text(asOfX + 3, top - 24, "as of \(progress.asOf)", size: 10)
        for (r, step) in rows.enumerated() {
            let y = top + Double(r) * rowHeight
            body += SVG.text(labelWidth - 6, y + 15, label(step), anchor: "end", size: 10)
            func index(_ q: Quarter?) -> Int? { q.map { scenario.start.distance(to: $0) + 1 } }
            var mark =
                "<g class=\"tracking\" data-step=\"\(SVG.escape(step.id.description))\" "
                + "data-state=\"\(step.state.rawValue)\">"
            if let b = index(step.baselineQuarter) {
                let x = labelWidth + Double(b - 1) * cell + 2
                mark +=
                    "<rect class=\"baseline\" x=\"\(SVG.n(x))\" y=\"\(SVG.n(y + 2))\" width=\"\(SVG.n(cell - 4))\" "
                    + "height=\"6\" fill=\"#9e9e9e\"><title>baseline \(step.baselineQuarter!)</title></rect>"
            }
            if let a = index(step.quarter) {
                let done = [Variance.State.doneOnTime, .doneEarly, .doneLate].contains(step.state)
                let x = labelWidth + Double(a - 1) * cell + 2
                mark +=
                    "<rect class=\"\(done ? "actual" : "replanned")\" x=\"\(SVG.n(x))\" y=\"\(SVG.n(y + 9))\" "
                    + "width=\"\(SVG.n(cell - 4))\" height=\"11\" rx=\"2\" "
                    + "fill=\"\(done ? "#009E73" : SVG.Palette.current)\"><title>\(step.state.rawValue) "
                    + "\(step.quarter!)</title></rect>"
            } else {
                mark += SVG.text(asOfX + 4, y + 18, "dropped", size: 9, extra: "fill=\"#D55E00\"")
            }
            body += mark + "</g>"
        }
        // A done step's actual cost against the scenario's; a planned step's cost.
        let done = Dictionary(roadmap.historySteps.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let planned = Dictionary(roadmap.steps.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let table = rows.map { step in
            let cost = (done[step.id] ?? planned[step.id]).map { formatAmount($0.cost) } ?? "-"
            return [
                step.id.description, step.state.rawValue, step.baselineQuarter.map { "\($0)" } ?? "-",
                step.quarter.map { "\($0)" } ?? "-", cost, done[step.id]?.plannedCost.map(formatAmount) ?? "",
            ]
        }
        return SVG.figure(
            id: id, title: "Baseline against actual and re-planned: \(rows.count) steps",
            description:
                "One row per step of the baseline (and per step the re-plan adds); a grey bar marks the "
                + "baseline's quarter, a green box the quarter it was done in, a blue box the quarter it is "
                + "planned in now; the line marks \(progress.asOf), where history ends.",
            width: labelWidth + Double(H) * cell + 10, height: top + Double(rows.count) * rowHeight + 10,
            body: body,
            table: SVG.table(["step", "status", "baseline", "done or planned", "cost", "planned cost"], table))
    }
}
