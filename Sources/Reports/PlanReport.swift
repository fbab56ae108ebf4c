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
            var document = document(roadmap)
            document.source = source?.document
            return JSONValueEncoder().json(document).rendered()
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
        // With stakeholders who pay (spec §7 rule 5), who pays each step.
        let payers = roadmap.scenario.partiesPay
        var table = TextTable(
            headers: [
                "quarter", "system", "practice", "kind", "from", "to", "cost", "effort", "reason",
                "deadline",
            ] + (initiatives ? ["initiative members"] : []) + (payers ? ["paid by"] : []))
        // The deadlines each step completes (the last step its requirement needs).
        let met = deadlinesMet(roadmap)
        for (step, reason) in zip(roadmap.steps, roadmap.stepReasons) {
            table.append(
                [
                    "\(step.quarter)", step.systemID, step.practiceID, step.kind.rawValue,
                    stepValue(step, step.from), stepValue(step, step.to), csvNumber(step.cost), csvNumber(step.effort),
                    reason?.description ?? "",
                    met[step.id] ?? "",
                ] + (initiatives ? [step.members.joined(separator: " ")] : [])
                    + (payers ? [step.payers.map { "\($0.party) \(csvNumber($0.share))" }.joined(separator: "; ")] : [])
            )
        }
        return table
    }

    private static func headline(_ roadmap: Roadmap) -> [String] {
        let scenario = roadmap.scenario
        var lines = ["status: \(roadmap.status.rawValue)"]
        if let value = roadmap.objectiveValue {
            var objective = "objective (\(roadmap.objectiveSense)): \(formatAmount(value))"
            if let bound = roadmap.bound, let gap = roadmap.gap, roadmap.status != .optimal {
                objective += ", proven bound \(formatAmount(bound)), gap \(formatGap(gap))"
            }
            lines.append(objective)
            if let negotiation = roadmap.negotiation { lines += NegotiationReport.summary(negotiation) }
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
        out += NegotiationReport.sections(roadmap, markdown: false)
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
        out += NegotiationReport.sections(roadmap, markdown: true)
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

    /// A step as plan JSON writes it (spec §4): who takes it (`system`, or `initiative` with its
    /// member `systems`, spec §6), the practice, the step and its quarter, cost and effort.
    static func stepDocument(_ step: ScheduledStep) -> PlanDocument.Step {
        var entry = PlanDocument.Step()
        if let initiative = step.initiative {
            entry.initiative = initiative
            entry.systems = step.members
        } else {
            entry.system = step.systemID
        }
        entry.practice = step.practiceID
        entry.kind = step.kind.rawValue
        entry.from = target(step.kind, step.from)
        entry.to = target(step.kind, step.to)
        entry.quarter = "\(step.quarter)"
        entry.cost = step.cost
        entry.effort = step.effort
        if !step.payers.isEmpty { entry.paidBy = PlanDocument.Shares(step.payers.map { ($0.party, $0.share) }) }
        return entry
    }

    /// A level as a number, a scope rank as its id.
    static func target(_ kind: StepEstimate.Kind, _ value: Int) -> PlanDocument.Target {
        kind == .level ? .level(Double(value)) : .scope(Scope(rawValue: value)!.id)
    }

    /// What binds over a plan (`PlanLimits`): `main` (a `QuarterLimit.Kind` id, or null when every
    /// target is reached or nothing binds) and the quarters each limit binds in.
    static func bindingLimits(_ roadmap: Roadmap) -> PlanDocument.BindingLimits {
        let limits = roadmap.planLimits
        var entry = PlanDocument.BindingLimits()
        entry.main = .init(limits.main?.rawValue)
        entry.quarters = .init(limits.binding.map { ($0.kind.rawValue, $0.quarters) })
        entry.targetsReached = limits.targetsReached
        return entry
    }

    /// `bindingLimits` in the JSON of other reports (compare, sweep).
    static func limitsJSON(_ roadmap: Roadmap) -> JSONValue { JSONValueEncoder().json(bindingLimits(roadmap)) }

    /// How the plan meets a deadline, as plan JSON writes it.
    static func deadlineDocument(_ status: DeadlineStatus) -> PlanDocument.Deadline {
        var entry = PlanDocument.Deadline()
        entry.system = status.systemID
        entry.practice = status.deadline.practiceID
        entry.level = status.deadline.level
        entry.scope = status.deadline.scope?.id
        entry.by = "\(status.deadline.by)"
        entry.reached = .init(status.reached.map { "\($0)" })
        entry.slack = .init(status.slack)
        entry.status = status.state.rawValue
        if let plannedBy = status.plannedBy {
            entry.margin = status.deadline.margin
            entry.plannedBy = "\(plannedBy)"
            entry.slackToPlannedBy = .init(status.slackToPlannedBy)
        }
        return entry
    }

    /// The plan document of a roadmap (`smm-plan/1`): spec §4, plus `total_cost`, `available`,
    /// `effort_capacity`, `attainment`, what binds, the reasons of steps, a re-plan's history and
    /// variance, and `solver`.
    static func document(_ roadmap: Roadmap) -> PlanDocument {
        let scenario = roadmap.scenario
        let hasPlan = roadmap.status == .optimal || roadmap.status == .feasible
        var document = PlanDocument()
        document.format = "smm-plan/1"
        document.scenario = scenario.name
        document.status = roadmap.status.rawValue
        var objective = PlanDocument.Objective()
        objective.sense = roadmap.objectiveSense
        objective.value = .init(roadmap.objectiveValue)
        objective.bound = .init(roadmap.bound)
        objective.gap = .init(roadmap.gap)
        document.objective = objective
        NegotiationReport.add(roadmap, to: &document)
        if roadmap.status == .infeasible { document.conflicts = roadmap.conflicts.map(\.description) }
        let opening = scenario.progress?.asOfIndex ?? 1
        document.quarters = roadmap.quarters.map { q in
            var entry = PlanDocument.Quarter()
            entry.quarter = "\(q.quarter)"
            entry.budget = q.budget
            entry.spend = q.spend
            entry.effort = q.effort
            entry.available = q.available
            entry.effortCapacity = q.effortCapacity
            entry.attainment = q.attainment
            if let limit = roadmap.quarterLimits.first(where: { $0.quarterIndex == q.index }), q.index >= opening {
                entry.binding = limit.binding.map(\.rawValue)
            }
            return entry
        }
        document.steps = zip(roadmap.steps, roadmap.stepReasons).map { step, reason in
            var entry = stepDocument(step)
            entry.reason = reason?.description
            return entry
        }
        if hasPlan, !scenario.deadlines.isEmpty { document.deadlines = roadmap.deadlineStatuses.map(deadlineDocument) }
        if hasPlan {
            // `total_cost` is the whole programme's: in a re-plan, history's spend as well.
            let programme = roadmap.programme
            document.totalCost = programme.cost
            document.totalEffort = programme.effort
            if scenario.progress != nil {
                var entry = PlanDocument.Programme()
                entry.doneSteps = programme.doneSteps
                entry.spent = programme.spent
                entry.effortSpent = programme.effortSpent
                entry.doneCostVariance = programme.doneCostVariance
                entry.plannedSteps = programme.plannedSteps
                entry.plannedCost = programme.plannedCost
                entry.plannedEffort = programme.plannedEffort
                entry.attainmentAtAsOf = roadmap.openingAttainment
                document.programme = entry
            }
            document.bindingLimits = bindingLimits(roadmap)
        }
        TrackingReport.add(roadmap, to: &document)
        var solver = PlanDocument.Solver()
        solver.name = roadmap.report.solver
        solver.engine = roadmap.report.engine.rawValue
        solver.backend = roadmap.report.backend
        solver.rows = Double(roadmap.report.rows)
        solver.columns = Double(roadmap.report.columns)
        solver.nonzeros = Double(roadmap.report.nonzeros)
        solver.samePlanEveryRun = !roadmap.mayDifferOnAnotherRun
        document.solver = solver
        return document
    }
}
