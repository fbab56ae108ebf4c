import MaturityModel
import Roadmaps
import ScenarioModel

/// What a re-plan adds to every format (spec §5): the history (done steps, spend per history
/// quarter) and, with a baseline, the variance (baseline steps done, kept, moved or dropped,
/// steps added, deadlines met or missed, spend planned against actual).
enum TrackingReport {
    /// `as_of`, `history` and `variance` of the plan document; nothing without a progress file.
    static func add(_ roadmap: Roadmap, to document: inout PlanDocument) {
        guard let progress = roadmap.scenario.progress else { return }
        document.asOf = "\(progress.asOf)"
        var history = PlanDocument.History()
        history.steps = roadmap.historySteps.map { step in
            var entry = PlanReport.stepDocument(step)
            entry.plannedCost = step.plannedCost
            return entry
        }
        history.quarters = roadmap.quarters.filter { $0.index < progress.asOfIndex }.map { q in
            var entry = PlanDocument.Quarter()
            entry.quarter = "\(q.quarter)"
            entry.budget = q.budget
            entry.spend = q.spend
            entry.effort = q.effort
            return entry
        }
        document.history = history
        guard let variance = roadmap.variance else { return }
        func entry(_ step: Variance.Step) -> PlanDocument.VarianceStep {
            var entry = PlanDocument.VarianceStep()
            entry.system = step.id.systemID
            entry.practice = step.id.practiceID
            entry.kind = step.id.kind.rawValue
            entry.to = PlanReport.target(step.id.kind, step.id.to)
            entry.quarter = .init(step.quarter.map { "\($0)" })
            return entry
        }
        var result = PlanDocument.Variance()
        result.steps = variance.steps.filter { $0.state != .added }.map { step in
            var moved = entry(step)
            moved.status = step.state.rawValue
            moved.baselineQuarter = .init(step.baselineQuarter.map { "\($0)" })
            return moved
        }
        result.added = variance.steps(.added).map(entry)
        result.deadlines = roadmap.deadlineStatuses.map { status in
            var deadline = PlanDocument.Deadline()
            deadline.system = status.systemID
            deadline.practice = status.deadline.practiceID
            deadline.level = status.deadline.level
            deadline.scope = status.deadline.scope?.id
            deadline.by = "\(status.deadline.by)"
            deadline.status = status.state != .missed ? "met" : "missed"
            return deadline
        }
        result.spend = variance.spend.map { row in
            var spend = PlanDocument.Spend()
            spend.quarter = "\(row.quarter)"
            spend.planned = row.planned
            spend.actual = row.actual
            return spend
        }
        document.variance = result
    }

    /// "2 of 4 planned steps done, 2 done early": a history quarter's steps against the baseline's
    /// plan for it (or "3 steps done" without a baseline).
    private static func doneAgainstPlan(_ done: [ScheduledStep], quarter: Quarter, variance: Variance?) -> String {
        guard let variance else { return "\(done.count) step\(done.count == 1 ? "" : "s") done" }
        let planned = variance.steps.filter { $0.baselineQuarter == quarter }
        let onTime = planned.filter { $0.state == .doneOnTime }.count
        var parts = ["\(onTime) of \(planned.count) planned step\(planned.count == 1 ? "" : "s") done"]
        let ids = Set(done.map(\.id))
        let early = variance.steps.filter { $0.state == .doneEarly && ids.contains($0.id) }.count
        let late = variance.steps.filter { $0.state == .doneLate && ids.contains($0.id) }.count
        if early > 0 { parts.append("\(early) done early") }
        if late > 0 { parts.append("\(late) done late") }
        return parts.joined(separator: ", ")
    }

    /// The history and variance as text lines (terminal and Markdown share them).
    static func lines(_ roadmap: Roadmap, markdown: Bool) -> [String] {
        guard let progress = roadmap.scenario.progress else { return [] }
        let scenario = roadmap.scenario
        let bullet = markdown ? "- " : "  "
        var out: [String] = []
        out.append(markdown ? "## History to \(progress.asOf)" : "History (before \(progress.asOf))")
        let variance = roadmap.variance
        for q in roadmap.quarters where q.index < progress.asOfIndex {
            let done = roadmap.historySteps.filter { $0.quarterIndex == q.index }
            let planned = variance?.spend.first { $0.quarter == q.quarter }?.planned
            var line =
                "\(bullet)\(q.quarter): " + doneAgainstPlan(done, quarter: q.quarter, variance: variance) + ", spent "
                + "\(scenario.money(formatAmount(q.spend))) of \(formatAmount(q.budget))"
            if let planned, progress.baselinePath != nil { line += " (planned \(formatAmount(planned)))" }
            out.append(line)
        }
        // Done steps that cost more (or less) than the scenario said: what a budget holder asks about.
        for step in roadmap.historySteps {
            guard let planned = step.plannedCost, let variance = step.costVariance, abs(variance) >= 0.5 else {
                continue
            }
            let name = markdown ? Escaping.markdown(step.id.description) : Escaping.terminal(step.id.description)
            out.append(
                "\(bullet)\(variance > 0 ? "over" : "under") cost: \(name) \(step.quarter) cost "
                    + "\(formatAmount(step.cost)) against \(formatAmount(planned))")
        }
        guard let variance else { return out }
        out.append("")
        out.append(markdown ? "## Against the baseline" : "Against the baseline")
        let counts = Variance.State.allCases.map { state in "\(variance.steps(state).count) \(state.rawValue)" }
        out.append(bullet + counts.joined(separator: ", "))
        for state in [Variance.State.moved, .dropped, .added, .doneLate] {
            for step in variance.steps(state) {
                let name = markdown ? Escaping.markdown(step.id.description) : Escaping.terminal(step.id.description)
                let change =
                    switch state {
                    case .moved, .doneLate:
                        "\(step.baselineQuarter.map { "\($0)" } ?? "-") -> \(step.quarter.map { "\($0)" } ?? "-")"
                    case .dropped: "was \(step.baselineQuarter.map { "\($0)" } ?? "-")"
                    default: "\(step.quarter.map { "\($0)" } ?? "-")"
                    }
                out.append("\(bullet)\(state.rawValue): \(name) \(change)")
            }
        }
        return out
    }
}
