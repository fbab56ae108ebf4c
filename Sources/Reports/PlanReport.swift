import GapAnalysis
import MaturityModel
import Roadmaps
import ScenarioModel

/// A roadmap as a terminal table, Markdown, JSON (spec §4) or CSV (one row per step).
public enum PlanReport {
    /// Renders a roadmap.
    /// - Parameters:
    ///   - roadmap: The plan.
    ///   - format: The output format.
    ///   - source: The scenario file the plan was made from, written into JSON for `smm render`.
    /// - Returns: The text.
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

    /// For each step that completes a deadline's requirement, "level 2 by 2027-Q2: met".
    static func deadlinesMet(_ roadmap: Roadmap) -> [StepID: String] {
        var result: [StepID: String] = [:]
        // Grouped once: a portfolio has thousands of deadlines and steps.
        var stepsAt: [String: [ScheduledStep]] = [:]
        for step in roadmap.programmeSteps {
            for system in step.raisedSystems {
                stepsAt["\(system)\u{0}\(step.practiceID)\u{0}\(step.quarterIndex)", default: []].append(step)
            }
        }
        for status in roadmap.deadlineStatuses {
            guard let reached = status.reachedIndex, reached > 0 else { continue }
            let text = "\(status.requirement) by \(status.deadline.by): \(status.state.rawValue)"
            for step in stepsAt["\(status.systemID)\u{0}\(status.deadline.practiceID)\u{0}\(reached)"] ?? []
            where
                (step.kind == .level
                ? status.deadline.level == step.to : status.deadline.scope?.rawValue == step.to)
            {
                result[step.id] = result[step.id].map { "\($0); \(text)" } ?? text
            }
        }
        return result
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
        // The deadlines each step completes (the last step its requirement needs).
        let met = deadlinesMet(roadmap)
        for (step, reason) in zip(roadmap.steps, roadmap.stepReasons) {
            table.append(
                [
                    "\(step.quarter)", step.systemID, step.practiceID, step.kind.rawValue,
                    stepValue(step, step.from), stepValue(step, step.to), csvNumber(step.cost), csvNumber(step.effort),
                    reason?.description ?? "",
                    met[step.id] ?? "",
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
            let after = roadmap.plannedGap().portfolio.attainment
            if let progress = scenario.progress {
                // The whole programme first: the history's actuals plus what the plan adds.
                let p = roadmap.programme
                lines.append(
                    "\(p.steps) steps, total cost \(scenario.money(formatAmount(p.cost))), total effort "
                        + "\(formatAmount(p.effort)), over \(scenario.horizon) quarters from \(scenario.start)")
                lines.append(
                    "  done before \(progress.asOf): \(p.doneSteps) steps, spent \(formatAmount(p.spent)), effort "
                        + "\(formatAmount(p.effortSpent))"
                        + (abs(p.doneCostVariance) >= 0.5
                            ? " (\(formatAmount(abs(p.doneCostVariance))) \(p.doneCostVariance > 0 ? "over" : "under") "
                                + "the scenario's cost of its steps)" : ""))
                lines.append(
                    "  planned from \(progress.asOf): \(p.plannedSteps) steps, "
                        + "cost \(formatAmount(p.plannedCost)), effort "
                        + "\(formatAmount(p.plannedEffort))")
                lines.append(
                    "attainment of the target: \(formatPercent(roadmap.openingAttainment)) at \(progress.asOf), "
                        + "\(formatPercent(after)) at the end")
            } else {
                lines.append(
                    "\(roadmap.steps.count) steps, total cost \(scenario.money(formatAmount(roadmap.totalCost))), "
                        + "total effort \(formatAmount(roadmap.totalEffort)), over \(scenario.horizon) quarters "
                        + "from \(scenario.start)")
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
                "attainment", "what binds",
            ],
            alignments: Array(repeating: .right, count: hasEffort ? 7 : 6) + [.left])
        let opening = roadmap.scenario.progress?.asOfIndex ?? 1
        let stepsPerQuarter = Dictionary(grouping: roadmap.programmeSteps, by: \.quarterIndex).mapValues(\.count)
        for q in roadmap.quarters {
            // A re-plan's history quarters count their done steps.
            let limit = roadmap.quarterLimits.first { $0.quarterIndex == q.index }
            table.append(
                [
                    "\(q.quarter)", "\(stepsPerQuarter[q.index] ?? 0)", formatAmount(q.spend),
                    formatAmount(q.available),
                    formatAmount(q.effort),
                ] + (hasEffort ? [formatAmount(q.effortCapacity ?? 0)] : [])
                    + [formatPercent(q.attainment), q.index < opening ? "history" : limit?.description ?? ""])
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
                let critical = [.metNoSlack, .atRisk, .missed].contains(status.state) ? "crit, " : ""
                lines.append(
                    "    \(label(status.systemID)) \(label(status.deadline.practiceID)) \(label(status.requirement)) "
                        + ":milestone, \(critical)d\(k + 1), \(status.deadline.by.lastDay), 0d")
            }
        }
        return (lines + ["```"]).joined(separator: "\n") + "\n"
    }

    /// One row per deadline: what, by when, when the plan reaches it, the slack and the state.
    /// With a margin on any deadline, the date the plan kept and the slack against it too.
    static func deadlineTable(_ roadmap: Roadmap) -> TextTable {
        let margins = roadmap.deadlineStatuses.contains { $0.plannedBy != nil }
        var table = TextTable(
            headers: ["system", "practice", "required", "by"] + (margins ? ["planned by"] : []) + [
                "reached", "slack",
            ] + (margins ? ["slack to planned by"] : []) + ["status"],
            alignments: [.left, .left, .left, .left] + (margins ? [.left] : []) + [.left, .right]
                + (margins ? [.right] : []) + [.left])
        let quarters = { (n: Int?) in n.map { "\($0) quarter\($0 == 1 ? "" : "s")" } ?? "-" }
        for status in roadmap.deadlineStatuses {
            table.append(
                [status.systemID, status.deadline.practiceID, status.requirement, "\(status.deadline.by)"]
                    + (margins ? [status.plannedBy.map { "\($0)" } ?? "-"] : []) + [
                        status.reached.map { "\($0)" } ?? (status.state == .alreadyMet ? "before the plan" : "-"),
                        quarters(status.slack),
                    ] + (margins ? [quarters(status.slackToPlannedBy)] : []) + [status.state.words])
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

    /// What binds over a plan (`PlanLimits`): `main` (a `QuarterLimit.Kind` id, or null when every
    /// target is reached or nothing binds) and the quarters each limit binds in.
    static func limitsJSON(_ roadmap: Roadmap) -> JSONValue {
        let limits = roadmap.planLimits
        return .object([
            ("main", limits.main.map { .string($0.rawValue) } ?? .null),
            ("quarters", .object(limits.binding.map { ($0.kind.rawValue, .number(Double($0.quarters))) })),
            ("targets_reached", .bool(limits.targetsReached)),
        ])
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
                        if let limit = roadmap.quarterLimits.first(where: { $0.quarterIndex == q.index }),
                            q.index >= (scenario.progress?.asOfIndex ?? 1)
                        {
                            fields.append(("binding", .array(limit.binding.map { .string($0.rawValue) })))
                        }
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
                            if let plannedBy = status.plannedBy {
                                fields += [
                                    ("margin", .number(Double(status.deadline.margin))),
                                    ("planned_by", .string("\(plannedBy)")),
                                    (
                                        "slack_to_planned_by",
                                        status.slackToPlannedBy.map { .number(Double($0)) } ?? .null
                                    ),
                                ]
                            }
                            return .object(fields)
                        })
                ))
        }
        if hasPlan {
            // `total_cost` is the whole programme's: in a re-plan, history's spend as well.
            let programme = roadmap.programme
            pairs.append(("total_cost", .number(programme.cost)))
            pairs.append(("total_effort", .number(programme.effort)))
            if scenario.progress != nil {
                pairs.append(
                    (
                        "programme",
                        .object([
                            ("done_steps", .number(Double(programme.doneSteps))), ("spent", .number(programme.spent)),
                            ("effort_spent", .number(programme.effortSpent)),
                            ("done_cost_variance", .number(programme.doneCostVariance)),
                            ("planned_steps", .number(Double(programme.plannedSteps))),
                            ("planned_cost", .number(programme.plannedCost)),
                            ("planned_effort", .number(programme.plannedEffort)),
                            ("attainment_at_as_of", .number(roadmap.openingAttainment)),
                        ])
                    ))
            }
            pairs.append(("binding_limits", limitsJSON(roadmap)))
        }
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
