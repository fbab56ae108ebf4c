import MaturityModel
import Roadmaps
import ScenarioModel

/// The answers a roadmap gives about its plan, computed once when it is assembled: how it meets
/// each deadline, why each step sits in its quarter, and what limits each quarter.
struct RoadmapAnswers {
    let planning: PlanningProblem
    /// The plan's steps (in roadmap order) and the history's.
    let steps: [ScheduledStep]
    let historySteps: [ScheduledStep]
    let quarters: [QuarterSummary]

    var scenario: Scenario { planning.scenario }

    /// Every deadline of the scenario with the quarter the plan meets it and its slack.
    func deadlineStatuses() -> [DeadlineStatus] {
        guard !scenario.deadlines.isEmpty else { return [] }
        // Steps by system and practice, once: a portfolio has thousands of deadlines and steps.
        // An initiative's step counts for each member it raises (initiatives rule 5).
        var stepsOf: [String: [ScheduledStep]] = [:]
        for step in historySteps + steps {
            for system in step.raisedSystems { stepsOf["\(system)\u{0}\(step.practiceID)", default: []].append(step) }
        }
        var baselineOf: [String: [Progress.BaselineStep]] = [:]
        for step in scenario.progress?.baseline ?? [] {
            baselineOf["\(step.systemID)\u{0}\(step.practiceID)", default: []].append(step)
        }
        let opening = scenario.progress?.asOfIndex ?? 1
        return scenario.deadlines.map { deadline in
            let system = scenario.systems[deadline.systemIndex]
            let state = system.practices.first { $0.practiceID == deadline.practiceID }
            let key = "\(system.id)\u{0}\(deadline.practiceID)"
            /// The quarter a list of steps reaches the requirement: 0 when it is met already.
            func reach(_ quarterOf: (StepEstimate.Kind, Int) -> Int?) -> Int? {
                func quarter(_ kind: StepEstimate.Kind, _ required: Int?, current: Int) -> Int? {
                    guard let required, required > current else { return 0 }
                    return quarterOf(kind, required)
                }
                let level = quarter(.level, deadline.level, current: state?.currentLevel ?? 0)
                let scope = quarter(.scope, deadline.scope?.rawValue, current: state?.currentScope.rawValue ?? 0)
                return level.flatMap { l in scope.map { max(l, $0) } }
            }
            let own = stepsOf[key] ?? []
            let reachedIndex = reach { kind, to in own.first { $0.kind == kind && $0.to == to }?.quarterIndex }
            let slack = reachedIndex.map { deadline.byIndex - max($0, 1) }
            var result: DeadlineStatus.State =
                switch (reachedIndex, slack) {
                case (0?, _): .alreadyMet
                case (_?, let s?) where s > 0: .met
                case (_?, 0?): .metNoSlack
                default: .missed
                }
            if result == .metNoSlack {
                if deadline.byIndex < opening {
                    // A deadline of a re-plan's history is over: met or missed (re-planning rule 4).
                    result = .met
                } else if let reachedIndex,
                    let planned = reach({ kind, to in
                        // Where the baseline had it, from history or the baseline's own steps.
                        own.first { $0.kind == kind && $0.to == to && $0.quarterIndex < opening }?.quarterIndex
                            ?? baselineOf[key]?.first { $0.kind == kind && $0.to == to }?.quarterIndex
                    }), planned < reachedIndex
                {
                    result = .atRisk
                }
            }
            let margin = deadline.margin > 0
            return DeadlineStatus(
                deadline: deadline, systemID: system.id, reachedIndex: reachedIndex,
                reached: reachedIndex.flatMap { $0 > 0 ? scenario.quarter($0) : nil },
                slack: reachedIndex == 0 ? nil : slack, state: result,
                plannedBy: margin ? scenario.quarter(deadline.plannedByIndex) : nil,
                slackToPlannedBy: margin && reachedIndex != 0
                    ? reachedIndex.map { deadline.plannedByIndex - max($0, 1) } : nil)
        }
    }

    /// For each step (in `steps` order), the plan rule that puts it in its quarter, if one does.
    ///
    /// A step sits right after its predecessor or a dependency when that came the quarter before;
    /// it sits in its deadline's quarter; or every earlier quarter it could have taken lacked the
    /// budget (with carry-over: the money available then) or the effort for it. The total budget
    /// never decides a step's quarter: taking it earlier spends the same total.
    func stepReasons() -> [StepReason?] {
        let candidate = planning.indexByID()
        // A deadline for every system is one file entry: one date and margin per entry.
        let deadlineOf = Dictionary(scenario.deadlines.map { ($0.sourceIndex, $0) }, uniquingKeysWith: { a, _ in a })
        var quarterOf = [Int?](repeating: nil, count: planning.steps.count)
        let indices = steps.map { candidate[$0.id] }
        for (step, s) in zip(steps, indices) { if let s { quarterOf[s] = step.quarterIndex } }
        // Each limit's use by the plan (`ResourceRules`, the one home of the money and effort rules):
        // a step could have come earlier only where every limit the move adds to has room.
        let rules = planning.rules
        var money = [Double](repeating: 0, count: scenario.horizon + 1), effort = money
        for q in quarters where q.index >= planning.opening {
            money[q.index] = q.spend
            effort[q.index] = q.effort
        }
        var planned = Schedule(stepCount: planning.steps.count)
        for (s, t) in quarterOf.enumerated() where (t ?? 0) >= planning.opening { planned[s] = t }
        let usage = rules.usage(
            money: money, effort: effort, payments: rules.payments(of: planning.steps, quarters: planned))
        return zip(steps, indices).map { step, s -> StepReason? in
            guard let s else { return nil }
            let c = planning.steps[s], t = step.quarterIndex
            if c.committed { return .commitment }
            if let p = c.predecessor, quarterOf[p.position] == t - 1 { return .afterPredecessor }
            if let r = c.requires.first(where: { quarterOf[$0.position] == t - 1 }) {
                return .afterDependency(practiceID: planning[r].practiceID, level: planning[r].to)
            }
            let earliest = max(
                c.earliestQuarter, c.prerequisites.compactMap { quarterOf[$0] }.max().map { $0 + 1 } ?? 1)
            let deadline = c.dueQuarter == t ? deadlineReason(of: c, deadlineOf) : nil
            // Steps of a re-plan's history quarters are not the plan's to move.
            guard earliest < t else { return deadline }
            let blocked = (earliest..<t).map {
                rules.blocked(moving: c, from: t, to: $0, usage: usage)
            }
            if blocked.allSatisfy({ $0.contains(.money) }) { return .earlierQuartersFull("budget") }
            if blocked.allSatisfy({ $0.contains(where: \.isPayment) }) {
                return .earlierQuartersFull("a payer's budget")
            }
            if blocked.allSatisfy({ $0.contains(.effort) }) { return .earlierQuartersFull("effort capacity") }
            if blocked.allSatisfy({ !$0.isEmpty }) { return .earlierQuartersFull("budget or effort capacity") }
            return deadline
        }
    }

    /// The deadline that makes a candidate due in its quarter: the one of the earliest planned date.
    private func deadlineReason(of step: CandidateStep, _ deadlineOf: [Int: Deadline]) -> StepReason? {
        let deadlines = step.dueBy.compactMap { deadlineOf[$0] }
        guard let first = deadlines.min(by: { $0.plannedByIndex < $1.plannedByIndex }) else { return nil }
        return .deadline(by: first.by, margin: first.margin)
    }
}

extension RoadmapAnswers {
    /// What limits each quarter (`QuarterLimit`), in quarter order.
    func quarterLimits() -> [QuarterLimit] {
        let candidates = planning.steps
        guard !quarters.isEmpty else { return [] }
        let index = planning.indexByID()
        var quarterOf = [Int?](repeating: nil, count: candidates.count)
        for step in steps { if let s = index[step.id] { quarterOf[s] = step.quarterIndex } }
        let total = scenario.budget.total.map { $0 - (scenario.progress?.historySpend ?? 0) }
        let opening = scenario.progress?.asOfIndex ?? 1
        var spentSoFar = 0.0
        return quarters.map { q in
            let t = q.index
            if t >= opening { spentSoFar += q.spend }
            let totalLeft = total.map { $0 - spentSoFar }
            guard t >= opening else {
                return QuarterLimit(quarterIndex: t, binding: [], totalBudgetLeft: nil, nothingWaits: false)
            }
            // Steps that wait past t: the plan takes them later or never.
            let waiting = candidates.indices.filter { s in
                planning.isSchedulable(candidates[s]) && (quarterOf[s].map { $0 > t } ?? true)
            }
            // Of those, the ones whose earlier steps were all done before t.
            let ready = waiting.filter { s in
                candidates[s].earliestQuarter <= t
                    && candidates[s].prerequisites.allSatisfy { p in quarterOf[p].map { $0 < t } ?? false }
            }
            guard !waiting.isEmpty else {
                return QuarterLimit(quarterIndex: t, binding: [], totalBudgetLeft: totalLeft, nothingWaits: true)
            }
            guard !ready.isEmpty else {
                return QuarterLimit(
                    quarterIndex: t, binding: [.stepOrder], totalBudgetLeft: totalLeft, nothingWaits: false)
            }
            let cheapest = ready.map { candidates[$0].cost }.min()!
            let leastEffort = ready.map { candidates[$0].effort }.min()!
            var binding: [QuarterLimit.Kind] = []
            if q.available - q.spend + Tolerance.amount < cheapest { binding.append(.budget) }
            if let totalLeft, totalLeft + Tolerance.amount < cheapest { binding.append(.totalBudget) }
            if let capacity = q.effortCapacity, capacity - q.effort + Tolerance.amount < leastEffort {
                binding.append(.effortCapacity)
            }
            return QuarterLimit(quarterIndex: t, binding: binding, totalBudgetLeft: totalLeft, nothingWaits: false)
        }
    }
}
