import GapAnalysis
import MaturityModel
import Roadmaps
import ScenarioModel

/// One self-contained HTML file (inline CSS and SVG, no scripts, no network) with the gap,
/// the roadmap and, for several scenarios, their comparison (`smm report`).
public enum HTMLReport {
    /// The largest number of systems drawn one by one; larger portfolios get portfolio charts.
    static let systemsDrawnSeparately = 12
    /// Above this many systems a report shows the heatmap, with each system's charts folded away.
    static let systemsInFull = 4

    /// Renders the report.
    /// - Parameter roadmaps: One plan per scenario, in the order given.
    /// - Returns: The HTML document.
    /// - Parameter brief: The executive view, a page or two per scenario: the summary figures, the
    ///   quarter table, the deadlines, the largest gaps left, the attainment chart and what the plan
    ///   valued (`smm report --brief`).
    public static func render(_ roadmaps: [Roadmap], brief: Bool = false) -> String {
        var sections: [String] = []
        if roadmaps.count > 1 && !brief { sections.append(comparison(roadmaps)) }
        for (i, roadmap) in roadmaps.enumerated() {
            sections.append(
                brief
                    ? briefSection(roadmap, index: i, single: roadmaps.count == 1)
                    : scenarioSection(roadmap, index: i, single: roadmaps.count == 1))
        }
        let title =
            roadmaps.count == 1
            ? "Security roadmap: \(roadmaps[0].scenario.name)"
            : "Security roadmaps: " + roadmaps.map(\.scenario.name).joined(separator: " vs ")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(SVG.escape(title))</title>
            <style>\(css)</style>
            </head>
            <body>
            <header><h1>\(SVG.escape(title))</h1>
            <p>IIC IoT Security Maturity Model. Made by <code>smm report</code>; every chart has its numbers beside it.</p></header>
            <main>
            \(sections.joined(separator: "\n"))
            </main>
            </body>
            </html>

            """
    }

    private static func scenarioSection(_ roadmap: Roadmap, index: Int, single: Bool) -> String {
        let scenario = roadmap.scenario
        let prefix = "s\(index)"
        let now = GapAnalysis(scenario: scenario)
        let end = roadmap.plannedGap()
        // One scenario: the page's title names it already.
        var html =
            "<section class=\"scenario\" id=\"\(prefix)\">"
            + (single ? "" : "<h2>\(SVG.escape(scenario.name))</h2>")
        html += "<p class=\"summary\">Status <strong class=\"status\">\(roadmap.status.rawValue)</strong>"
        if let value = roadmap.objectiveValue {
            html += "; objective (\(roadmap.objectiveSense)) \(formatAmount(value))"
            if roadmap.status != .optimal, let gap = roadmap.gap { html += ", proven gap \(formatGap(gap))" }
            html +=
                "; \(roadmap.steps.count) steps costing \(formatAmount(roadmap.totalCost)) over "
                + "\(scenario.horizon) quarters "
                + "from \(scenario.start); attainment \(formatPercent(now.portfolio.attainment)) now, "
                + "\(formatPercent(end.portfolio.attainment)) at the end.</p>"
        } else {
            html += ".</p>"
        }
        if roadmap.status == .infeasible {
            html +=
                "<h3>Why there is no plan</h3><ul class=\"conflicts\">"
                + roadmap.conflicts.map { "<li>\(SVG.escape($0.description))</li>" }.joined() + "</ul>"
        }
        if roadmap.status == .optimal || roadmap.status == .feasible {
            html +=
                "<section class=\"summary-page\"><h3>Summary</h3>" + SummarySection.html(roadmap, now: now, end: end)
                + "</section>"
            html += NegotiationCharts.html(id: "\(prefix)-stakeholders", roadmap: roadmap)
        }
        html += "<h3>Gap: current, planned and target</h3>"
        let portfolio = scenario.systems.count > systemsInFull
        if portfolio {
            html += GapHeatmap.html(id: "\(prefix)-heatmap", now: now, end: end)
        }
        if scenario.systems.count <= systemsDrawnSeparately {
            for (k, (a, b)) in zip(now.systems, end.systems).enumerated() {
                let charts =
                    GapCharts.bars(
                        id: "\(prefix)-gap-\(k)", system: a.systemName, catalog: scenario.catalog,
                        current: a.practices, planned: b.practices)
                    + GapCharts.radar(
                        id: "\(prefix)-radar-\(k)", title: "Subdomains of \(a.systemName)",
                        current: a.subdomains, planned: b.subdomains)
                let heading =
                    "System \(SVG.escape(a.systemName))"
                    + (a.systemName == a.systemID ? "" : " (\(SVG.escape(a.systemID)))")
                // A portfolio's per-system detail is folded away; a few systems are shown in full.
                html +=
                    portfolio
                    ? "<details class=\"system\"><summary>\(heading)</summary>\(charts)</details>"
                    : "<h4 class=\"system\">\(heading)</h4>\(charts)"
            }
        }
        if scenario.systems.count > 1 {
            html += GapCharts.radar(
                id: "\(prefix)-radar-portfolio", title: "Subdomains across the portfolio",
                current: now.portfolioSubdomains, planned: end.portfolioSubdomains)
        }
        guard roadmap.status == .optimal || roadmap.status == .feasible else { return html + "</section>" }
        html += "<h3>Roadmap</h3>" + PlanCharts.timeline(id: "\(prefix)-timeline", roadmap: roadmap)
        let initiativeSteps = roadmap.steps.filter { $0.initiative != nil }
        if !initiativeSteps.isEmpty {
            // Which initiative raised which systems, when (spec §6).
            html +=
                "<h3>Initiatives</h3>"
                + SVG.table(
                    ["quarter", "initiative", "practice", "level", "cost", "systems"],
                    initiativeSteps.map { step in
                        [
                            "\(step.quarter)", step.initiative ?? "", step.practiceID, "\(step.from) → \(step.to)",
                            formatAmount(step.cost), step.members.joined(separator: ", "),
                        ]
                    }, caption: "Initiative steps: each raises every member system at once, and costs once")
        }
        if roadmap.variance != nil {
            html += "<h3>Against the baseline</h3>" + TrackingChart.html(id: "\(prefix)-tracking", roadmap: roadmap)
        }
        html += "<h3>Budget and effort</h3>" + PlanCharts.burn(id: "\(prefix)-budget", roadmap: roadmap, effort: false)
        if scenario.effortCapacity != nil || roadmap.totalEffort > 0 {
            html += PlanCharts.burn(id: "\(prefix)-effort", roadmap: roadmap, effort: true)
        }
        let labels = ["now"] + roadmap.quarters.map { "\($0.quarter)" }
        var series = [(name: "overall", values: [now.portfolio.attainment] + roadmap.quarters.map(\.attainment))]
        let perQuarter = (1...scenario.horizon).map { roadmap.plannedGap(throughQuarter: $0) }
        for (d, domain) in now.portfolioDomains.enumerated() {
            series.append(
                (name: domain.name, values: [domain.attainment] + perQuarter.map { $0.portfolioDomains[d].attainment }))
        }
        html +=
            "<h3>Maturity over time</h3>"
            + PlanCharts.maturity(
                id: "\(prefix)-maturity", title: "Attainment of the target per quarter, overall and per domain",
                series: series, labels: labels,
                // A re-plan's history is solid, its plan dashed (index 0 is the start).
                historyThrough: scenario.progress.map { $0.asOfIndex - 1 })
        return html + "</section>"
    }

    /// The executive view of one scenario (`render(_:brief:)`).
    private static func briefSection(_ roadmap: Roadmap, index: Int, single: Bool) -> String {
        let scenario = roadmap.scenario
        let prefix = "s\(index)"
        var html =
            "<section class=\"scenario brief\" id=\"\(prefix)\">"
            + (single ? "" : "<h2>\(SVG.escape(scenario.name))</h2>")
        guard roadmap.status == .optimal || roadmap.status == .feasible else {
            html += "<p class=\"summary\">Status <strong class=\"status\">\(roadmap.status.rawValue)</strong>.</p>"
            if roadmap.status == .infeasible {
                html +=
                    "<h3>Why there is no plan</h3><ul class=\"conflicts\">"
                    + roadmap.conflicts.map { "<li>\(SVG.escape($0.description))</li>" }.joined() + "</ul>"
            }
            return html + "</section>"
        }
        let end = roadmap.plannedGap()
        html += "<section class=\"summary-page\">" + SummarySection.headline(roadmap, end: end) + "</section>"
        if !roadmap.deadlineStatuses.isEmpty {
            // The deadlines that need watching first, then the rest, at most 5.
            let order: [DeadlineStatus.State] = [.missed, .atRisk, .metNoSlack, .met, .alreadyMet]
            let table = PlanReport.deadlineTable(roadmap)
            let rows = zip(roadmap.deadlineStatuses, table.rows).sorted {
                order.firstIndex(of: $0.0.state)! < order.firstIndex(of: $1.0.state)!
            }.map(\.1)
            html +=
                "<h3>Deadlines (\(roadmap.deadlineTally))</h3>" + SVG.table(table.headers, Array(rows.prefix(5)))
                + (rows.count > 5 ? "<p>… and \(rows.count - 5) more in the full report.</p>" : "")
        }
        let gaps = end.systems.map { system in
            (system, system.practices.filter(\.isBelowTarget))
        }.filter { !$0.1.isEmpty }.sorted { ($1.1.count, $0.0.systemID) < ($0.1.count, $1.0.systemID) }
        if !gaps.isEmpty {
            html +=
                "<h3>Largest gaps left at the end</h3>"
                + SVG.table(
                    ["system", "practices below target", "levels short", "cost left"],
                    gaps.prefix(5).map { system, practices in
                        [
                            system.systemID, "\(practices.count)", "\(practices.reduce(0) { $0 + $1.levelSteps })",
                            formatAmount(practices.reduce(0) { $0 + $1.cost }),
                        ]
                    })
        }
        html += SummarySection.valued(roadmap)
        let now = GapAnalysis(scenario: scenario)
        // (Its numbers are the quarter table's attainment column: the brief view shows the chart alone.)
        html += PlanCharts.maturity(
            id: "\(prefix)-maturity", title: "Attainment of the target per quarter",
            series: [(name: "overall", values: [now.portfolio.attainment] + roadmap.quarters.map(\.attainment))],
            labels: ["now"] + roadmap.quarters.map { "\($0.quarter)" },
            historyThrough: scenario.progress.map { $0.asOfIndex - 1 })
        return html + "</section>"
    }

    private static func comparison(_ roadmaps: [Roadmap]) -> String {
        let comparison = PlanComparison(roadmaps: roadmaps)
        var html = "<section class=\"comparison\" id=\"comparison\"><h2>Comparison</h2>"
        for (title, table) in ComparisonReport.sections(comparison) {
            html += SVG.table(table.headers, table.rows, caption: title)
        }
        let horizon = roadmaps.map(\.scenario.horizon).max() ?? 1
        let labels = ["now"] + (1...horizon).map { "Q+\($0)" }
        let series = ComparisonReport.names(comparison).enumerated().map { i, name in
            let r = roadmaps[i]
            let values =
                [GapAnalysis(scenario: r.scenario).portfolio.attainment]
                + (1...horizon).map { t in
                    t <= r.quarters.count ? r.quarters[t - 1].attainment : (r.quarters.last?.attainment ?? 0)
                }
            return (name: name, values: values)
        }
        html += PlanCharts.maturity(
            id: "comparison-maturity", title: "Attainment per quarter, plan by plan",
            series: series, labels: labels)
        return html + "</section>"
    }

    static let css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0 auto;
        max-width:1280px;padding:0 24px 48px;color:#111}
        h1{font-size:1.6rem;margin:24px 0 4px}h2{border-bottom:2px solid #0072B2;padding-bottom:4px;margin-top:40px}
        h3{margin:28px 0 8px}h4.system{margin:20px 0 4px;font-size:1.05rem}details.system{margin:6px 0}
        details.system summary{font-weight:bold;cursor:pointer}
        .headline{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0 16px}
        .headline .figure{border:1px solid #ccd;border-radius:6px;padding:8px 12px;min-width:170px}
        .headline .label{font-size:.8rem;color:#444}.headline .value{font-size:1.4rem;font-weight:bold}
        .headline .detail{font-size:.75rem;color:#555}
        .side{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
        figure.chart{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start;margin:8px 0 24px;break-inside:avoid}
        figure .plot{flex:0 0 auto;max-width:100%;overflow-x:auto}
        figure .numbers{flex:1 1 420px}figure .plot svg{display:block}
        figcaption{flex-basis:100%;font-weight:bold;font-size:.95rem;color:#111;order:-1}svg text{fill:#111}
        table{border-collapse:collapse;font-size:.8rem;margin:4px 0 16px}
        caption{text-align:left;font-weight:bold;padding:4px 0}
        th,td{border:1px solid #ccc;padding:2px 6px;text-align:left}td{white-space:normal;overflow-wrap:anywhere}
        td.num{text-align:right}
        th[scope=row],thead th{text-align:left;background:#f3f6f9}ul.conflicts li{margin:6px 0}
        ul.valued{margin:4px 0 16px;padding-left:20px;font-size:.9rem}
        section.brief figure .numbers{display:none}
        @media print{@page{size:landscape;margin:12mm}
        body{max-width:none;padding:0}header p{margin:0}h1{margin-top:0}
        figure .plot{overflow:visible}figure .plot svg{max-width:100%;height:auto}
        figure .numbers{flex-basis:100%}details.numbers-fold{display:none}
        main>section+section>h2{break-before:page}
        h2,h3,h4,figcaption,caption{break-after:avoid}
        figure.chart:not(.tall),.headline,tr{break-inside:avoid}}
        """
}
