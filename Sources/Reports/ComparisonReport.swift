import GapAnalysis
import MaturityModel
import Roadmaps
import ScenarioModel

/// Plans side by side (`smm compare`).
public enum ComparisonReport {
    /// Renders a comparison.
    /// - Parameters:
    ///   - comparison: The plans.
    ///   - format: The output format; CSV gives one summary row per plan.
    ///   - complete: False when planning was interrupted: JSON says `"complete": false`, the table
    ///     and Markdown say so first (CSV rows stay rows; the exit status says it).
    /// - Returns: The text.
    public static func render(_ comparison: PlanComparison, format: ReportFormat, complete: Bool = true) -> String {
        let notice = "interrupted: plans after the interruption are the best found so far, not proven"
        switch format {
        case .json: return json(comparison, complete: complete).rendered()
        case .csv: return summaryTable(comparison, csv: true).csv()
        case .markdown:
            return "# Plan comparison\n\n" + (complete ? "" : "**\(notice)**\n\n")
                + sections(comparison).map { "## \($0.title)\n\n\($0.table.markdown())" }
                .joined(separator: "\n")
        case .table:
            return (complete ? "" : notice + "\n\n")
                + sections(comparison).map { "\($0.title)\n\($0.table.terminal())" }.joined(separator: "\n")
        }
    }

    static func names(_ c: PlanComparison) -> [String] {
        // Scenario names, made unique so that each column says which plan it is.
        var seen: [String: Int] = [:]
        return c.roadmaps.map { r in
            seen[r.scenario.name, default: 0] += 1
            return seen[r.scenario.name]! == 1 ? r.scenario.name : "\(r.scenario.name) (\(seen[r.scenario.name]!))"
        }
    }

    static func summaryTable(_ c: PlanComparison, csv: Bool) -> TextTable {
        let domains = c.roadmaps.first?.scenario.catalog.domains.map(\.id) ?? []
        // With stakeholders (spec §7), each party's share of each plan.
        let negotiated = c.roadmaps.contains { $0.negotiation != nil }
        if csv {
            var table = TextTable(
                headers: [
                    "scenario", "file", "status", "objective", "value", "bound", "gap", "total_cost",
                    "steps", "gap_closed", "attainment_start", "attainment_end", "binding_limit",
                ]
                    + domains.map { "mean_level_\($0)" } + (negotiated ? ["shares"] : []))
            for (name, r) in zip(names(c), c.roadmaps) {
                let end = r.plannedGap()
                table.append(
                    [
                        name, r.scenario.source, r.status.rawValue, r.objectiveSense,
                        r.objectiveValue.map(csvNumber) ?? "", r.bound.map(csvNumber) ?? "", r.gap.map(csvNumber) ?? "",
                        csvNumber(r.totalCost), "\(r.steps.count)", csvNumber(r.gapClosed),
                        csvNumber(GapAnalysis(scenario: r.scenario).portfolio.attainment),
                        csvNumber(end.portfolio.attainment), r.planLimits.main?.rawValue ?? "",
                    ]
                        + domains.map { d in csvNumber(end.portfolioDomains.first { $0.id == d }?.meanCurrentLevel ?? 0)
                        } + (negotiated ? [NegotiationReport.sharesText(r, csv: true) ?? ""] : []))
            }
            return table
        }
        var table = TextTable(headers: [""] + names(c), alignments: [.left] + c.roadmaps.map { _ in .right })
        func row(_ label: String, _ cell: (Roadmap) -> String) { table.append([label] + c.roadmaps.map(cell)) }
        row("status") { $0.status.rawValue }
        row("objective") { $0.objectiveValue.map(formatAmount) ?? "-" }
        row("proven gap") { $0.gap.map(formatGap) ?? "-" }
        row("total cost") { formatAmount($0.totalCost) }
        row("total effort") { formatAmount($0.totalEffort) }
        row("steps") { "\($0.steps.count)" }
        row("gap closed") { formatPercent($0.gapClosed) }
        row("attainment now") { formatPercent(GapAnalysis(scenario: $0.scenario).portfolio.attainment) }
        row("attainment at the end") { formatPercent($0.plannedGap().portfolio.attainment) }
        row("deadlines met") { r in
            let statuses = r.deadlineStatuses
            guard !statuses.isEmpty, r.status == .optimal || r.status == .feasible else { return "-" }
            return r.deadlineTally.description
        }
        row("what binds") { r in r.status == .optimal || r.status == .feasible ? r.planLimits.description : "-" }
        if negotiated { row("shares") { NegotiationReport.sharesText($0) ?? "-" } }
        return table
    }

    static func sections(_ c: PlanComparison) -> [(title: String, table: TextTable)] {
        let planNames = names(c)
        var result: [(String, TextTable)] = [("Summary", summaryTable(c, csv: false))]

        let labels = Array(Set(c.roadmaps.flatMap { $0.quarters.map(\.quarter) })).sorted()
        var byQuarter = TextTable(headers: ["quarter"] + planNames, alignments: [.left] + planNames.map { _ in .right })
        for q in labels {
            byQuarter.append(
                ["\(q)"]
                    + c.roadmaps.map { r in
                        r.quarters.first { $0.quarter == q }.map { formatPercent($0.attainment) } ?? ""
                    })
        }
        result.append(("Attainment by quarter", byQuarter))

        for (title, key) in [
            ("Mean level at the end, by domain", \GapAnalysis.portfolioDomains),
            ("Mean level at the end, by subdomain", \GapAnalysis.portfolioSubdomains),
        ] {
            let ends = c.roadmaps.map { $0.plannedGap()[keyPath: key] }
            var table = TextTable(
                headers: [title.contains("subdomain") ? "subdomain" : "domain"] + planNames,
                alignments: [.left] + planNames.map { _ in .right })
            for (i, group) in (ends.first ?? []).enumerated() {
                table.append(
                    [group.id]
                        + ends.map {
                            i < $0.count
                                ? "\(formatLevel($0[i].meanCurrentLevel)) / \(formatLevel($0[i].meanTargetLevel))" : ""
                        })
            }
            result.append((title + " (level / target)", table))
        }

        var targets = TextTable(headers: ["system", "practice"] + planNames)
        var reached: [String: [String]] = [:]
        var order: [String] = []
        for (i, r) in c.roadmaps.enumerated() {
            for t in r.targetQuarters {
                let key = "\(t.systemID)\u{0}\(t.practiceID)"
                if reached[key] == nil {
                    order.append(key); reached[key] = Array(repeating: "-", count: c.roadmaps.count)
                }
                reached[key]![i] = t.quarter.map(\.description) ?? "not reached"
            }
        }
        for key in order {
            let parts = key.split(separator: "\u{0}").map(String.init)
            targets.append(parts + reached[key]!)
        }
        result.append(("Quarter each target is reached", targets))

        var differences = TextTable(headers: ["system", "practice", "step"] + planNames)
        for d in c.differingSteps {
            let step = d.kind == .level ? "level \(d.to)" : "scope \(Scope(rawValue: d.to)!.id)"
            differences.append([d.systemID, d.practiceID, step] + d.quarters.map { $0?.description ?? "-" })
        }
        result.append(("Steps that differ (quarter taken, - for not taken)", differences))
        return result
    }

    static func json(_ c: PlanComparison, complete: Bool = true) -> JSONValue {
        .object([
            ("format", .string("smm-compare/1")),
            ("complete", .bool(complete)),
            (
                "plans",
                .array(
                    zip(names(c), c.roadmaps).map(planJSON))
            ),
            (
                "differences",
                .array(
                    c.differingSteps.map { d in
                        .object([
                            ("system", .string(d.systemID)), ("practice", .string(d.practiceID)),
                            ("kind", .string(d.kind.rawValue)),
                            ("to", d.kind == .level ? .number(Double(d.to)) : .string(Scope(rawValue: d.to)!.id)),
                            ("quarters", .array(d.quarters.map { $0.map { .string("\($0)") } ?? .null })),
                        ])
                    })
            ),
        ])
    }

    /// One deadline of a compared plan.
    static func deadlineJSON(_ status: DeadlineStatus) -> JSONValue {
        let slack: JSONValue = status.slack.map { .number(Double($0)) } ?? .null
        let reached: JSONValue = status.reached.map { .string("\($0)") } ?? .null
        return .object([
            ("system", .string(status.systemID)), ("practice", .string(status.deadline.practiceID)),
            ("by", .string("\(status.deadline.by)")), ("reached", reached), ("slack", slack),
            ("status", .string(status.state.rawValue)),
        ])
    }

    /// One compared plan.
    static func planJSON(_ name: String, _ r: Roadmap) -> JSONValue {
        let objective: JSONValue = .object([
            ("sense", .string(r.objectiveSense)),
            ("value", r.objectiveValue.map(JSONValue.number) ?? .null),
            ("bound", r.bound.map(JSONValue.number) ?? .null), ("gap", r.gap.map(JSONValue.number) ?? .null),
        ])
        let attainment: [JSONValue] = r.quarters.map {
            .object([("quarter", .string("\($0.quarter)")), ("attainment", .number($0.attainment))])
        }
        let targets: [JSONValue] = r.targetQuarters.map {
            .object([
                ("system", .string($0.systemID)), ("practice", .string($0.practiceID)),
                ("quarter", $0.quarter.map { .string("\($0)") } ?? .null),
            ])
        }
        let end = r.plannedGap()
        var fields: [(String, JSONValue)] = [
            ("scenario", .string(name)), ("file", .string(r.scenario.source)), ("status", .string(r.status.rawValue)),
            ("objective", objective),
        ]
        if let shares = NegotiationReport.sharesJSON(r) { fields.append(("shares", shares)) }
        fields += [
            ("total_cost", .number(r.totalCost)), ("total_effort", .number(r.totalEffort)),
            ("steps", .number(Double(r.steps.count))), ("gap_closed", .number(r.gapClosed)),
            ("binding_limits", PlanReport.limitsJSON(r)), ("attainment", .array(attainment)),
        ]
        fields += [
            ("domains", .array(end.portfolioDomains.map(GapReport.rollupJSON))),
            ("subdomains", .array(end.portfolioSubdomains.map(GapReport.rollupJSON))),
            ("deadlines", .array(r.deadlineStatuses.map(deadlineJSON))), ("targets", .array(targets)),
        ]
        return .object(fields)
    }
}
