import GapAnalysis
import MaturityModel
import Roadmaps
import ScenarioModel

/// The first page of a scenario's report: the figures a security office hands upward.
enum SummarySection {
    static func html(_ roadmap: Roadmap, now: GapAnalysis, end: GapAnalysis) -> String {
        let scenario = roadmap.scenario
        var html = "<div class=\"headline\">"
        func figure(_ label: String, _ value: String, _ detail: String = "") -> String {
            "<div class=\"figure\"><div class=\"label\">\(SVG.escape(label))</div>"
                + "<div class=\"value\">\(SVG.escape(value))</div>"
                + (detail.isEmpty ? "" : "<div class=\"detail\">\(SVG.escape(detail))</div>") + "</div>"
        }
        let progress = scenario.progress
        html += figure(
            "Attainment of the target",
            "\(formatPercent(roadmap.openingAttainment)) → \(formatPercent(end.portfolio.attainment))",
            "\(progress.map { "at \($0.asOf)" } ?? "now") → end of \(scenario.quarter(scenario.horizon))")
        let budget = roadmap.quarters.reduce(0) { $0 + $1.budget }
        let programme = roadmap.programme
        var spendDetail =
            scenario.budget.total.map { "of a total budget of \(scenario.money(formatAmount($0)))" }
            ?? "of quarterly budgets of \(scenario.money(formatAmount(budget))) in all"
        if let progress {
            // A re-plan's programme: what history spent and what the plan adds.
            spendDetail =
                "\(formatAmount(programme.spent)) spent before \(progress.asOf) + "
                + "\(formatAmount(programme.plannedCost)) planned; " + spendDetail
        }
        html += figure("Spend", scenario.money(formatAmount(programme.cost)), spendDetail)
        let statuses = roadmap.deadlineStatuses
        if !statuses.isEmpty {
            let tally = roadmap.deadlineTally
            html += figure("Deadlines met", "\(tally.met) of \(tally.total)", tally.details)
        }
        html += figure(
            "Steps", "\(programme.steps)",
            progress.map { "\(programme.doneSteps) done before \($0.asOf), \(programme.plannedSteps) planned" }
                ?? "over \(scenario.horizon) quarters from \(scenario.start)")
        html += figure(
            "Plan", roadmap.status.rawValue,
            roadmap.status == .optimal
                ? "proven optimal" : roadmap.gap.map { "within \(formatGap($0)) of optimal" } ?? "")
        html += "</div>"
        // Tables by quarter, system and domain count a re-plan's history too: the whole programme.
        let programmeSteps = roadmap.programmeSteps
        html +=
            "<h3>Quarter by quarter</h3>"
            + SVG.table(
                ["quarter", "steps", "spend", "available", "effort", "attainment", "what limits the quarter"],
                roadmap.quarters.map { q in
                    [
                        "\(q.quarter)", "\(programmeSteps.count { $0.quarterIndex == q.index })", formatAmount(q.spend),
                        formatAmount(q.available),
                        q.effortCapacity.map { "\(formatAmount(q.effort)) of \(formatAmount($0))" }
                            ?? formatAmount(q.effort),
                        formatPercent(q.attainment), limit(of: q, in: roadmap),
                    ]
                })
        if !statuses.isEmpty {
            let table = PlanReport.deadlineTable(roadmap)
            html += "<h3>Deadlines</h3>" + SVG.table(table.headers, table.rows)
        }
        html += valued(roadmap)
        // Grouped once: filtering every step for every system took minutes at 10,000 systems.
        let stepsBySystem = Dictionary(grouping: programmeSteps, by: \.systemID)
        let costBySystem = scenario.systems.map { system in
            let steps = stepsBySystem[system.id] ?? []
            return [
                system.name == system.id ? system.id : "\(system.name) (\(system.id))",
                "\(steps.count)", formatAmount(steps.reduce(0) { $0 + $1.cost }),
            ]
        }
        html +=
            "<h3>Cost per system and per domain</h3><div class=\"side\">"
            + SVG.table(["system", "steps", "cost"], costBySystem)
        let domainOf = Dictionary(
            scenario.catalog.practices.map { ($0.practice.id, $0.domain.name) },
            uniquingKeysWith: { a, _ in a })
        html +=
            SVG.table(
                ["domain", "steps", "cost"],
                scenario.catalog.domains.map { domain in
                    let steps = programmeSteps.filter { domainOf[$0.practiceID] == domain.name }
                    return [domain.name, "\(steps.count)", formatAmount(steps.reduce(0) { $0 + $1.cost })]
                }) + "</div>"
        // Spend by quarter and domain: where the money goes over time.
        html +=
            "<h3>Spend by quarter and domain</h3>"
            + SVG.table(
                ["quarter"] + scenario.catalog.domains.map(\.name) + ["total"],
                roadmap.quarters.map { q in
                    let steps = programmeSteps.filter { $0.quarterIndex == q.index }
                    return ["\(q.quarter)"]
                        + scenario.catalog.domains.map { domain in
                            formatAmount(
                                steps.filter { domainOf[$0.practiceID] == domain.name }.reduce(0) { $0 + $1.cost })
                        } + [formatAmount(q.spend)]
                })
        return html
    }

    /// What the plan valued and what it leaves open (`PlanValuation`), with what binds.
    static func valued(_ roadmap: Roadmap) -> String {
        let lines = roadmap.valuation.lines + ["What binds: \(roadmap.planLimits.description)."]
        return "<h3>What the plan valued</h3><ul class=\"valued\">"
            + lines.map { "<li>\(SVG.escape($0))</li>" }.joined() + "</ul>"
    }

    /// The first part of the summary alone: the headline figures and the quarter table.
    static func headline(_ roadmap: Roadmap, end: GapAnalysis) -> String {
        let full = html(roadmap, now: end, end: end)
        // Up to the deadlines (or what the plan valued): the figures and the quarter table.
        let stop = full.range(of: "<h3>Deadlines</h3>") ?? full.range(of: "<h3>What the plan valued</h3>")
        return stop.map { String(full[..<$0.lowerBound]) } ?? full
    }

    /// What stops a quarter from doing more, in words (`QuarterLimit`).
    static func limit(of q: QuarterSummary, in roadmap: Roadmap) -> String {
        guard let limit = roadmap.quarterLimits.first(where: { $0.quarterIndex == q.index }) else { return "" }
        var words = limit.description
        if let left = limit.totalBudgetLeft, limit.binding.contains(.totalBudget) {
            words += left < 1 ? " (used up)" : " (\(formatAmount(left)) left)"
        }
        return words
    }
}

/// A systems × practices grid of gaps (levels short of target), now and at the end: for portfolios,
/// where a chart per system would be dozens of near-identical charts.
enum GapHeatmap {
    static func html(id: String, now: GapAnalysis, end: GapAnalysis) -> String {
        let practices = now.catalog.practices
        let cell = 18.0, labelWidth = 170.0, top = 150.0
        var body = ""
        for (j, location) in practices.enumerated() {
            let x = labelWidth + Double(j) * cell * 2 + cell
            let name = location.practice.name
            let shortName = name.count > 26 ? String(name.prefix(25)) + "…" : name
            body +=
                "<text x=\"\(SVG.n(x))\" y=\"\(SVG.n(top - 6))\" font-size=\"9\" "
                + "transform=\"rotate(-60 \(SVG.n(x)) \(SVG.n(top - 6)))\">\(SVG.escape(shortName))</text>"
        }
        for (i, (a, b)) in zip(now.systems, end.systems).enumerated() {
            let y = top + Double(i) * cell
            let name = a.systemID.count > 24 ? String(a.systemID.prefix(23)) + "…" : a.systemID
            body += SVG.text(labelWidth - 6, y + 13, name, anchor: "end", size: 10)
            for (j, (p, q)) in zip(a.practices, b.practices).enumerated() {
                for (k, gap) in [p.levelSteps, q.levelSteps].enumerated() {
                    let x = labelWidth + Double(j) * cell * 2 + Double(k) * cell
                    let shade = ["#f7f7f7", "#fdd49e", "#fc8d59", "#d7301f", "#7f0000"][min(gap, 4)]
                    body +=
                        "<rect class=\"heat\" data-system=\"\(SVG.escape(a.systemID))\" "
                        + "data-practice=\"\(SVG.escape(p.practiceID))\" data-when=\"\(k == 0 ? "now" : "end")\" "
                        + "data-gap=\"\(gap)\" x=\"\(SVG.n(x + 1))\" y=\"\(SVG.n(y + 1))\" "
                        + "width=\"\(SVG.n(cell - 2))\" height=\"\(SVG.n(cell - 2))\" fill=\"\(shade)\"/>"
                }
            }
        }
        let height = top + Double(now.systems.count) * cell + 30
        body += SVG.text(
            labelWidth, height - 10,
            "Each practice: left square now, right square at the end; darker = more levels short "
                + "of target (0 to 4).", size: 10)
        let rows = zip(now.systems, end.systems).map { a, b in
            [
                a.systemID, "\(a.total.levelSteps)", "\(b.total.levelSteps)", formatPercent(a.total.attainment),
                formatPercent(b.total.attainment),
            ]
        }
        return SVG.figure(
            id: id, title: "Gap per system and practice, now and at the end of the plan",
            description:
                "A grid with a row per system and two squares per practice (now, end); the colour is the number of "
                + "levels short of the target.",
            // The rotated practice names lean right: room for the last one.
            width: labelWidth + Double(practices.count) * cell * 2 + 90, height: height, body: body,
            table: SVG.table(["system", "levels short now", "at the end", "attainment now", "at the end"], rows))
    }
}
