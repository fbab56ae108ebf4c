import GapAnalysis
import MaturityModel
import RoadmapPlanner
import ScenarioLoading

/// A roadmap as a terminal table, Markdown, JSON (spec §4) or CSV (one row per step).
public enum PlanReport {
    /// Renders a roadmap.
    /// - Parameters:
    ///   - roadmap: The plan.
    ///   - format: The output format.
    /// - Returns: The text.
    ///   - source: The scenario file the plan was made from, written into JSON for `smm render`.
    public static func render(_ roadmap: Roadmap, format: ReportFormat, source: PlanSource? = nil) -> String {
        switch format {
        case .json:
            guard let source, case .object(var pairs) = json(roadmap) else { return json(roadmap).rendered() }
            pairs.append(("source", source.json))
            return JSONValue.object(pairs).rendered()
        case .csv: return stepTable(roadmap).csv()
        case .markdown: return markdown(roadmap)
        case .table: return terminal(roadmap)
        }
    }

    static func stepValue(_ step: ScheduledStep, _ value: Int) -> String {
        step.kind == .level ? "\(value)" : Scope(rawValue: value)!.id
    }

    /// One row per step (the CSV format): the step, why it sits in its quarter, and the deadline
    /// it meets with its status, so that a spreadsheet shows deadlines too.
    static func stepTable(_ roadmap: Roadmap) -> TextTable {
        // With initiatives (spec §6), an initiative's step names its member systems in a last column.
        let initiatives = !roadmap.scenario.initiatives.isEmpty
        var table = TextTable(
            headers: [
                "quarter", "system", "practice", "kind", "from", "to", "cost", "effort", "reason",
                "deadline",
            ] + (initiatives ? ["initiative members"] : []))
        let deadlines = Dictionary(grouping: roadmap.deadlineStatuses) {
            "\($0.systemID)\u{0}\($0.deadline.practiceID)\u{0}\($0.reachedIndex ?? -1)"
        }
        for (step, reason) in zip(roadmap.steps, roadmap.stepReasons) {
            // The deadline this step completes: the last step its requirement needs.
            let met = deadlines["\(step.systemID)\u{0}\(step.practiceID)\u{0}\(step.quarterIndex)"]?.first { status in
                step.kind == .level ? status.deadline.level == step.to : status.deadline.scope?.rawValue == step.to
            }
            table.append(
                [
                    "\(step.quarter)", step.systemID, step.practiceID, step.kind.rawValue,
                    stepValue(step, step.from), stepValue(step, step.to), csvNumber(step.cost), csvNumber(step.effort),
                    reason?.description ?? "",
                    met.map { "\($0.requirement) by \($0.deadline.by): \($0.state.rawValue)" } ?? "",
                ] + (initiatives ? [step.members.joined(separator: " ")] : []))
        }
        return table
    }

    private static func headline(_ roadmap: Roadmap) -> [String] {
        let scenario = roadmap.scenario
        var lines = ["status: \(roadmap.status.rawValue)"]
        if let value = roadmap.objectiveValue {
            var objective = "objective (\(scenario.objective.rawValue)): \(formatAmount(value))"
            if let bound = roadmap.bound, let gap = roadmap.gap, roadmap.status != .optimal {
                objective += ", proven bound \(formatAmount(bound)), gap \(formatGap(gap))"
            }
            lines.append(objective)
            if roadmap.mayDifferOnAnotherRun {
                lines.append("not proven optimal: another run may end with another plan")
            }
            lines.append(
                "\(roadmap.steps.count) steps, total cost \(scenario.money(formatAmount(roadmap.totalCost))), "
                    + "total effort \(formatAmount(roadmap.totalEffort)), over \(scenario.horizon) quarters "
                    + "from \(scenario.start)")
            let after = roadmap.plannedGap().portfolio.attainment
            if let progress = scenario.progress {
                let now = roadmap.plannedGap(throughQuarter: progress.asOfIndex - 1).portfolio.attainment
                lines.append(
                    "re-planned from \(progress.asOf): attainment of the target \(formatPercent(now)) at "
                        + "\(progress.asOf), \(formatPercent(after)) at the end")
            } else {
                let before = GapAnalysis(scenario: scenario).portfolio.attainment
                lines.append(
                    "attainment of the target: \(formatPercent(before)) now, \(formatPercent(after)) at the end")
            }
        }
        return lines
    }

    private static func quarterTable(_ roadmap: Roadmap) -> TextTable {
        let hasEffort = roadmap.scenario.effortCapacity != nil
        var table = TextTable(
            headers: ["quarter", "steps", "spend", "available", "effort"] + (hasEffort ? ["capacity"] : []) + [
                "attainment"
            ],
            alignments: Array(repeating: .right, count: hasEffort ? 7 : 6))
        for q in roadmap.quarters {
            // A re-plan's history quarters count their done steps.
            let count = (roadmap.historySteps + roadmap.steps).count { $0.quarterIndex == q.index }
            table.append(
                [
                    "\(q.quarter)", "\(count)", formatAmount(q.spend), formatAmount(q.available),
                    formatAmount(q.effort),
                ] + (hasEffort ? [formatAmount(q.effortCapacity ?? 0)] : [])
                    + [formatPercent(q.attainment)])
        }
        return table
    }

    private static func conflictLines(_ roadmap: Roadmap) -> [String] {
        roadmap.conflicts.map { conflict in
            "- \(conflict.message)." + (conflict.fix.map { " Fix: \($0)." } ?? "")
        }
    }

    private static func terminal(_ roadmap: Roadmap) -> String {
        var out = "Roadmap: \(roadmap.scenario.name)\n" + headline(roadmap).map { "  \($0)\n" }.joined()
        if roadmap.status == .infeasible {
            return out + "\nNo plan satisfies every constraint:\n" + conflictLines(roadmap).joined(separator: "\n")
                + "\n"
        }
        if roadmap.status == .noPlan {
            return out + "\nNo plan was found within the time limit; try a longer --time-limit.\n"
        }
        let tracking = TrackingReport.lines(roadmap, markdown: false)
        if !tracking.isEmpty { out += "\n" + tracking.joined(separator: "\n") + "\n" }
        out += "\n" + quarterTable(roadmap).terminal()
        if !roadmap.scenario.deadlines.isEmpty {
            out += "\nDeadlines\n" + deadlineTable(roadmap).terminal()
        }
        let reasons = Dictionary(
            zip(roadmap.steps, roadmap.stepReasons).compactMap { step, reason in
                reason.map { (step, $0) }
            }, uniquingKeysWith: { a, _ in a })
        for q in roadmap.quarters {
            let steps = roadmap.steps.filter { $0.quarterIndex == q.index }
            guard !steps.isEmpty else { continue }
            out +=
                "\n\(q.quarter): spend \(formatAmount(q.spend)) of \(formatAmount(q.available))"
                + (q.effortCapacity.map { ", effort \(formatAmount(q.effort)) of \(formatAmount($0))" } ?? "") + "\n"
            for step in steps {
                out +=
                    "  \(Escaping.terminal(owner(step)))  \(step.practiceID)  \(step.kind.rawValue) "
                    + "\(stepValue(step, step.from)) -> \(stepValue(step, step.to))  \(formatAmount(step.cost))"
                    + (reasons[step].map { "  (\($0))" } ?? "") + "\n"
            }
        }
        return out
    }

    private static func markdown(_ roadmap: Roadmap) -> String {
        var out =
            "# Security roadmap: \(Escaping.markdown(roadmap.scenario.name))\n\n"
            + headline(roadmap).map { "- \(Escaping.markdown($0))\n" }.joined()
        if roadmap.status == .infeasible {
            return out + "\n## Why there is no plan\n\n"
                + conflictLines(roadmap).map(Escaping.markdown).joined(separator: "\n") + "\n"
        }
        if roadmap.status == .noPlan { return out + "\nNo plan was found within the time limit.\n" }
        let tracking = TrackingReport.lines(roadmap, markdown: true)
        if !tracking.isEmpty { out += "\n" + tracking.joined(separator: "\n") + "\n" }
        out += "\n## Quarters\n\n" + quarterTable(roadmap).markdown()
        if !roadmap.scenario.deadlines.isEmpty {
            out += "\n## Deadlines\n\n" + deadlineTable(roadmap).markdown()
        }
        out += "\n## Timeline\n\n" + mermaidGantt(roadmap)
        let reasons = Dictionary(
            zip(roadmap.steps, roadmap.stepReasons).compactMap { step, reason in
                reason.map { (step, $0) }
            }, uniquingKeysWith: { a, _ in a })
        for q in roadmap.quarters {
            let steps = roadmap.steps.filter { $0.quarterIndex == q.index }
            guard !steps.isEmpty else { continue }
            out +=
                "\n## \(q.quarter)\n\nSpend \(formatAmount(q.spend)) of \(formatAmount(q.available)) available"
                + (q.effortCapacity.map { "; effort \(formatAmount(q.effort)) of \(formatAmount($0))" } ?? "") + ".\n\n"
            var table = TextTable(
                headers: ["system", "practice", "step", "cost", "effort", "why this quarter"],
                alignments: [.left, .left, .left, .right, .right, .left])
            for step in steps {
                table.append([
                    owner(step), step.practiceID,
                    "\(step.kind.rawValue) \(stepValue(step, step.from)) → \(stepValue(step, step.to))",
                    formatAmount(step.cost), formatAmount(step.effort), reasons[step]?.description ?? "",
                ])
            }
            out += table.markdown()
        }
        let end = roadmap.plannedGap()
        out +=
            "\n## Maturity at the end of the plan\n\n"
            + GapReport.rollupTable(end.portfolioDomains, title: "domain").markdown()
        out += "\n" + GapReport.rollupTable(end.portfolioSubdomains, title: "subdomain").markdown()
        return out
    }

    /// A Mermaid `gantt` block of the roadmap (rendered by GitHub and GitLab): a section per
    /// system, a bar per step spanning its quarter.
    static func mermaidGantt(_ roadmap: Roadmap) -> String {
        func start(_ q: Quarter) -> String { "\(q.year)-\(["01", "04", "07", "10"][q.quarter - 1])-01" }
        let label = Escaping.mermaid
        var lines = [
            "```mermaid", "gantt", "    title \(label(roadmap.scenario.name))", "    dateFormat YYYY-MM-DD",
            "    axisFormat %Y-%m",
        ]
        var n = 0
        let stepsBySystem = Dictionary(grouping: roadmap.steps, by: \.systemID)
        for system in roadmap.scenario.systems {
            let steps = stepsBySystem[system.id] ?? []
            guard !steps.isEmpty else { continue }
            lines.append("    section \(label(system.id))")
            for step in steps {
                n += 1
                let what = step.kind == .level ? "L\(step.to)" : Scope(rawValue: step.to)!.id
                lines.append(
                    "    \(label(step.practiceID)) \(what) :s\(n), \(start(step.quarter)), "
                        + "\(start(step.quarter.advanced(by: 1)))"
                )
            }
        }
        let deadlines = roadmap.deadlineStatuses
        if !deadlines.isEmpty {
            lines.append("    section deadlines")
            for (k, status) in deadlines.enumerated() {
                // A milestone at the end of its quarter; critical when missed or met with no slack.
                let critical = status.state == .atRisk || status.state == .missed ? "crit, " : ""
                lines.append(
                    "    \(label(status.systemID)) \(label(status.deadline.practiceID)) \(label(status.requirement)) "
                        + ":milestone, \(critical)d\(k + 1), \(status.deadline.by.lastDay), 0d")
            }
        }
        return (lines + ["```"]).joined(separator: "\n") + "\n"
    }

    /// One row per deadline: what, by when, when the plan reaches it, the slack and the state.
    static func deadlineTable(_ roadmap: Roadmap) -> TextTable {
        var table = TextTable(
            headers: ["system", "practice", "required", "by", "reached", "slack", "status"],
            alignments: [.left, .left, .left, .left, .left, .right, .left])
        for status in roadmap.deadlineStatuses {
            table.append([
                status.systemID, status.deadline.practiceID, status.requirement, "\(status.deadline.by)",
                status.reached.map { "\($0)" } ?? (status.state == .alreadyMet ? "before the plan" : "-"),
                status.slack.map { "\($0) quarter\($0 == 1 ? "" : "s")" } ?? "-",
                status.state.rawValue,
            ])
        }
        return table
    }

    /// Who takes a step, for tables: its system, or `initiative X (a, b, c)` (spec §6).
    static func owner(_ step: ScheduledStep) -> String {
        guard let initiative = step.initiative else { return step.systemID }
        let shown = step.members.prefix(4).joined(separator: ", ")
        return
            "initiative \(initiative) (\(shown)\(step.members.count > 4 ? " and \(step.members.count - 4) more" : ""))"
    }

    /// Who takes a step, in plan JSON: `"system"`, or `"initiative"` with its `"systems"` (spec §6).
    static func ownerFields(_ step: ScheduledStep) -> [(String, JSONValue)] {
        guard let initiative = step.initiative else { return [("system", .string(step.systemID))] }
        return [("initiative", .string(initiative)), ("systems", .array(step.members.map(JSONValue.string)))]
    }

    /// A step's fields in plan JSON (spec §4).
    static func stepFields(_ step: ScheduledStep) -> [(String, JSONValue)] {
        ownerFields(step) + [
            ("practice", .string(step.practiceID)),
            ("kind", .string(step.kind.rawValue)), ("from", stepJSON(step.kind, step.from)),
            ("to", stepJSON(step.kind, step.to)), ("quarter", .string("\(step.quarter)")),
            ("cost", .number(step.cost)), ("effort", .number(step.effort)),
        ]
    }

    /// A level as a number, a scope rank as its id.
    static func stepJSON(_ kind: StepEstimate.Kind, _ value: Int) -> JSONValue {
        kind == .level ? .number(Double(value)) : .string(Scope(rawValue: value)!.id)
    }

    /// Spec §4, plus `total_cost`, `available`, `effort_capacity`, `attainment` and `solver`.
    static func json(_ roadmap: Roadmap) -> JSONValue {
        let scenario = roadmap.scenario
        let hasPlan = roadmap.status == .optimal || roadmap.status == .feasible
        var pairs: [(String, JSONValue)] = [
            ("format", .string("smm-plan/1")),
            ("scenario", .string(scenario.name)),
            ("status", .string(roadmap.status.rawValue)),
            (
                "objective",
                .object([
                    ("sense", .string(scenario.objective.rawValue)),
                    ("value", roadmap.objectiveValue.map(JSONValue.number) ?? .null),
                    ("bound", roadmap.bound.map(JSONValue.number) ?? .null),
                    ("gap", roadmap.gap.map(JSONValue.number) ?? .null),
                ])
            ),
        ]
        if roadmap.status == .infeasible {
            pairs.append(("conflicts", .array(roadmap.conflicts.map { .string($0.description) })))
        }
        pairs.append(
            (
                "quarters",
                .array(
                    roadmap.quarters.map { q in
                        var fields: [(String, JSONValue)] = [
                            ("quarter", .string("\(q.quarter)")), ("budget", .number(q.budget)),
                            ("spend", .number(q.spend)),
                            ("effort", .number(q.effort)), ("available", .number(q.available)),
                        ]
                        if let capacity = q.effortCapacity { fields.append(("effort_capacity", .number(capacity))) }
                        fields.append(("attainment", .number(q.attainment)))
                        return .object(fields)
                    })
            ))
        pairs.append(
            (
                "steps",
                .array(
                    zip(roadmap.steps, roadmap.stepReasons).map { step, reason in
                        var fields = stepFields(step)
                        if let reason { fields.append(("reason", .string(reason.description))) }
                        return .object(fields)
                    })
            ))
        if hasPlan, !scenario.deadlines.isEmpty {
            pairs.append(
                (
                    "deadlines",
                    .array(
                        roadmap.deadlineStatuses.map { status in
                            var fields: [(String, JSONValue)] = [
                                ("system", .string(status.systemID)),
                                ("practice", .string(status.deadline.practiceID)),
                            ]
                            if let level = status.deadline.level { fields.append(("level", .number(Double(level)))) }
                            if let scope = status.deadline.scope { fields.append(("scope", .string(scope.id))) }
                            fields += [
                                ("by", .string("\(status.deadline.by)")),
                                ("reached", status.reached.map { .string("\($0)") } ?? .null),
                                ("slack", status.slack.map { .number(Double($0)) } ?? .null),
                                ("status", .string(status.state.rawValue)),
                            ]
                            return .object(fields)
                        })
                ))
        }
        if hasPlan { pairs.append(("total_cost", .number(roadmap.totalCost))) }
        pairs += TrackingReport.json(roadmap)
        pairs.append(
            (
                "solver",
                .object([
                    ("name", .string(roadmap.report.solver)), ("engine", .string(roadmap.report.engine.rawValue)),
                    ("backend", .string(roadmap.report.backend)), ("rows", .number(Double(roadmap.report.rows))),
                    ("columns", .number(Double(roadmap.report.columns))),
                    ("nonzeros", .number(Double(roadmap.report.nonzeros))),
                    ("same_plan_every_run", .bool(!roadmap.mayDifferOnAnotherRun)),
                ])
            ))
        return .object(pairs)
    }
}
