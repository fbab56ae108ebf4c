import MaturityModel
import OptimizationModel
import Roadmaps
import ScenarioModel

/// Says why a scenario has no plan, in words a user can act on, and the smallest change that fixes it.
///
/// Two layers: structural checks that need no solver (a deadline closer than its ladder allows, a
/// dependency on a level beyond a target, a single step dearer than any quarter's budget, money due
/// by a quarter beyond the budget through it), then two elastic models: one keeps the deadlines and
/// finds the least budget and effort overrun, one keeps the budget and finds the least deadline slip.
struct InfeasibilityExplainer {
    let problem: PlanningProblem
    let solver: any MIPSolver
    let timeLimit: Double?

    private var scenario: Scenario { problem.scenario }

    // MARK: Structural conflicts

    func structuralConflicts() -> [Conflict] {
        var conflicts: [Conflict] = []
        var reported = Set<String>()
        // Only the highest due step of each ladder is worth a message.
        for (s, step) in problem.steps.enumerated() {
            guard let due = step.dueQuarter, step.earliestQuarter > due else { continue }
            let key = "\(step.systemIndex)/\(step.practiceID)/\(step.kind)"
            guard !higherViolatingStepExists(after: s), reported.insert(key).inserted else { continue }
            conflicts.append(timingConflict(step, due: due))
        }
        conflicts += unkeptCommitments()
        conflicts += moneyConflicts()
        return conflicts
    }

    /// Committed baseline steps that are no steps of the scenario any more (spec §5 rule 5).
    private func unkeptCommitments() -> [Conflict] {
        guard let progress = scenario.progress else { return [] }
        return problem.unmatchedBaseline.filter { progress.isCommitted(quarter: $0.quarterIndex) }.map { step in
            let what = step.kind == .level ? "level \(step.to)" : "scope \(Scope(rawValue: step.to)!.id)"
            return Conflict(
                message: "the baseline commits \(step.practiceID) of \(step.systemID) to \(what) in "
                    + "\(scenario.quarter(step.quarterIndex)) (commit_quarters), but that is beyond its target "
                    + "in the scenario",
                fix: "raise the target again, or lower commit_quarters in \(progress.source)")
        }
    }

    private func higherViolatingStepExists(after s: Int) -> Bool {
        let step = problem.steps[s]
        for next in problem.steps[(s + 1)...] {
            let sameLadder =
                next.predecessor != nil && next.systemIndex == step.systemIndex
                && next.practiceID == step.practiceID && next.kind == step.kind
            guard sameLadder else { return false }
            if let due = next.dueQuarter, next.earliestQuarter > due { return true }
        }
        return false
    }

    func requirement(_ step: CandidateStep, due: Int) -> String {
        let system = problem.ownerID(of: step)
        let what = step.kind == .level ? "level \(step.to)" : "scope \(Scope(rawValue: step.to)!.id)"
        var reasons = Array(Set(step.dueBy)).sorted().map { i in
            // A margin plans a deadline early: the message says so, or its quarter looks wrong.
            let margin = scenario.deadlines.first { $0.sourceIndex == i }?.margin ?? 0
            return "deadlines[\(i)]"
                + (margin > 0 ? " with its margin of \(margin) quarter\(margin == 1 ? "" : "s")" : "")
        }
        if step.dueForCommitment { reasons.append("a commitment of the baseline (commit_quarters)") }
        let why =
            reasons.isEmpty
            ? "(minimize-cost needs every target by the end of the plan)"
            : "(" + reasons.joined(separator: ", ") + ")"
        return "\(step.practiceID) of \(system) must reach \(what) by \(scenario.quarter(due)) \(why)"
    }

    private func timingConflict(_ step: CandidateStep, due: Int) -> Conflict {
        let system = scenario.systems[step.systemIndex]
        if let blocked = blockingDependency(of: step) {
            return Conflict(
                message: "\(requirement(step, due: due)), but dependencies[\(blocked.dependencySource)] needs "
                    + "\(blocked.requiredPracticeID) at level \(blocked.requiredLevel) first, and its target in "
                    + "\(system.id) is only \(blocked.requiredTarget)",
                fix: "raise the target of \(blocked.requiredPracticeID) in \(system.id) to \(blocked.requiredLevel), "
                    + "or remove dependencies[\(blocked.dependencySource)]")
        }
        // The ladder below it, as planned: from the current state, a re-plan's state at as_of, or an
        // initiative's lowest member.
        var ladder = 1, bottom = step
        while let p = bottom.predecessor {
            ladder += 1
            bottom = problem[p]
        }
        let start = step.kind == .level ? "level \(bottom.from)" : "scope \(Scope(rawValue: bottom.from)!.id)"
        let viaDependencies = step.earliestQuarter > ladder ? " and the dependencies it waits for" : ""
        let earliest = step.earliestQuarter
        let fix =
            earliest <= scenario.horizon
            ? "move the deadline to \(scenario.quarter(earliest)) or later"
            : "lengthen the plan to at least \(earliest) quarters (quarters: \(earliest)), or lower the requirement"
        return Conflict(
            message: "\(requirement(step, due: due)), but from \(start) that needs \(ladder) "
                + "\(step.kind.rawValue) step\(ladder == 1 ? "" : "s"), one per quarter\(viaDependencies), "
                + "so the earliest is "
                + "\(earliest <= scenario.horizon ? "\(scenario.quarter(earliest))" : "beyond the horizon")",
            fix: fix)
    }

    private func blockingDependency(of step: CandidateStep) -> BlockedDependency? {
        var stack = [step]
        var seen = Set<StepIndex>()
        while let s = stack.popLast() {
            if let blocked = s.blockedBy { return blocked }
            for r in s.requires + (s.predecessor.map { [$0] } ?? []) where seen.insert(r).inserted {
                stack.append(problem[r])
            }
        }
        return nil
    }

    /// The scenario key a limit comes from, for a fix.
    private func field(of limit: ResourceRules.Limit) -> String {
        switch limit.source {
        case .quarterBudget, .budgetThrough: "budget.quarterly of \(scenario.quarter(limit.quarter))"
        case .total: "budget.total"
        case .effortCapacity: "effort_capacity.quarterly of \(scenario.quarter(limit.quarter))"
        case .partyQuarterBudget(let k), .partyBudgetThrough(let k):
            "the budget of stakeholder \(scenario.stakeholders[k].id) (its budget.quarterly of "
                + "\(scenario.quarter(limit.quarter)))"
        case .partyTotal(let k): "the budget of stakeholder \(scenario.stakeholders[k].id) (its budget.total)"
        }
    }

    /// Necessary conditions on money and effort: each due step fits some quarter, and what is due by a
    /// quarter fits the budget through it.
    private func moneyConflicts() -> [Conflict] {
        var conflicts: [Conflict] = []
        let rules = problem.rules
        let due = problem.steps.filter { $0.dueQuarter != nil && problem.isSchedulable($0) }
        for step in due {
            // A step due before its earliest quarter is a timing conflict, reported on its own; its
            // window would be empty (and a Range with its bounds reversed traps).
            guard step.earliestQuarter <= step.dueQuarter! else { continue }
            let window = step.earliestQuarter...step.dueQuarter!
            let most = rules.largestSingleUse(of: .money, in: window)!
            if step.cost > most {
                let period = "\(scenario.quarter(window.lowerBound))..\(scenario.quarter(window.upperBound))"
                conflicts.append(
                    Conflict(
                        message:
                            "\(requirement(step, due: step.dueQuarter!)), but that step costs "
                            + "\(formatAmount(step.cost)) and "
                            + (rules.carryOver
                                ? "the budget through \(scenario.quarter(window.upperBound)) is only "
                                    + "\(formatAmount(most))"
                                : "no quarter's budget in \(period) exceeds \(formatAmount(most))"),
                        fix:
                            "raise budget.quarterly to at least \(formatAmount(step.cost)) in one quarter of "
                            + "\(period), "
                            + "or move the deadline"))
            }
            if let most = rules.largestSingleUse(of: .effort, in: window), step.effort > most {
                conflicts.append(
                    Conflict(
                        message:
                            "\(requirement(step, due: step.dueQuarter!)), but that step takes "
                            + "\(formatAmount(step.effort)) "
                            + "effort and no quarter's effort capacity before then exceeds "
                            + "\(formatAmount(most))",
                        fix: "raise effort_capacity.quarterly to at least \(formatAmount(step.effort)) in one quarter, "
                            + "or move the deadline"))
            }
        }
        guard conflicts.isEmpty else { return conflicts }
        if let total = rules.totalBudget {
            let needed = due.reduce(0) { $0 + $1.cost }
            if needed > total {
                conflicts.append(
                    Conflict(
                        message: "the steps that deadlines\(scenario.objective == .minimizeCost ? " and targets" : "") "
                            + "require cost \(formatAmount(needed)) in all, but budget.total is \(formatAmount(total))",
                        fix: "raise budget.total to at least \(formatAmount(needed)), or drop or postpone requirements")
                )
            }
        }
        for t in 1...scenario.horizon {
            let byThen = due.filter { $0.dueQuarter! == t }
            guard !byThen.isEmpty else { continue }
            let required = due.filter { $0.dueQuarter! <= t }
            let cost = required.reduce(0) { $0 + $1.cost }
            let budgetThrough = rules.allowance(of: .money, through: t)!
            // A re-plan's commitments make steps due too: say so, and how to release them.
            let committed = required.contains { $0.dueForCommitment }
            let why = committed ? " (deadlines and commitments of the baseline)" : ""
            let release = committed ? ", or commit fewer quarters (commit_quarters)" : ""
            if cost > budgetThrough + Tolerance.amount {
                conflicts.append(
                    Conflict(
                        message:
                            "steps due by \(scenario.quarter(t))\(why) cost \(formatAmount(cost)), but the budget "
                            + "through \(scenario.quarter(t)) is only \(formatAmount(budgetThrough))",
                        fix:
                            "add at least \(formatAmount(cost - budgetThrough)) to the budget of the quarters up to "
                            + "\(scenario.quarter(t)), or move deadlines due by then\(release)"))
                break
            }
            let effort = required.reduce(0) { $0 + $1.effort }
            if let capacityThrough = rules.allowance(of: .effort, through: t),
                effort > capacityThrough + Tolerance.amount
            {
                conflicts.append(
                    Conflict(
                        message:
                            "steps due by \(scenario.quarter(t)) take \(formatAmount(effort)) effort, but the capacity "
                            + "through \(scenario.quarter(t)) is only \(formatAmount(capacityThrough))",
                        fix: "add at least \(formatAmount(effort - capacityThrough)) effort capacity up to "
                            + "\(scenario.quarter(t)), or move deadlines due by then"))
                break
            }
        }
        return conflicts
    }

    // MARK: Elastic models

    /// Explains an infeasible model that passed the structural checks.
    /// - Parameters:
    ///   - seconds: What is left of the time limit: each of the two elastic models gets half
    ///     (at least 0.1 s), so the explanation does not double the planning time.
    ///   - stop: A stop request ends the explanation with what it has.
    func explainWithElasticModels(within seconds: Double? = nil, stop: StopSignal? = nil) throws -> [Conflict] {
        var conflicts: [Conflict] = []
        let budget = seconds ?? timeLimit ?? 60
        let options = SolveOptions(timeLimit: max(0.1, budget / 2), relativeGap: 0, role: .wholeProgram, stop: stop)
        let slip = RoadmapModel(problem: problem, relaxation: .deadlines)
        let slipSolution = try solver.solve(slip.mip, options: options)
        if let values = slipSolution.values.isEmpty ? nil : slipSolution.values {
            let quarters = slip.quarters(from: values)
            var moved: [String: String] = [:]
            for (s, step) in problem.steps.enumerated() {
                guard let due = step.dueQuarter else { continue }
                let reached = quarters[s]
                if let reached, reached <= due { continue }
                let key = "\(step.systemIndex)/\(step.practiceID)/\(step.kind)"
                moved[key] =
                    "\(requirement(step, due: due)), but within the budget "
                    + (reached.map { "the earliest is \(scenario.quarter($0))" }
                        ?? "it cannot be reached within the horizon")
            }
            for key in moved.keys.sorted() {
                conflicts.append(
                    Conflict(message: moved[key]!, fix: "move that deadline, or raise the budget as below"))
            }
        }
        let overrun = RoadmapModel(problem: problem, relaxation: .budgets)
        let overrunSolution = try solver.solve(overrun.mip, options: options)
        if !overrunSolution.values.isEmpty {
            let v = overrunSolution.values
            var additions: [String] = []
            for (limit, c) in overrun.overrun where v[c] > (limit.resource == .effort ? Tolerance.overrun : 0.5) {
                additions.append("\(formatAmount(v[c])) to \(field(of: limit))")
            }
            if !additions.isEmpty {
                conflicts.append(
                    Conflict(
                        message:
                            "the deadlines\(scenario.objective == .minimizeCost ? " and targets" : "") cannot all be "
                            + "met within the budget\(scenario.effortCapacity == nil ? "" : " and effort capacity")",
                        fix: "keep the deadlines and add " + additions.joined(separator: ", ")
                            + " (the least overrun that makes a plan possible)"))
            }
        }
        if conflicts.isEmpty {
            conflicts.append(
                Conflict(
                    message: "the budget, effort and deadline constraints cannot all be met together",
                    fix: nil))
        }
        return conflicts
    }
}
