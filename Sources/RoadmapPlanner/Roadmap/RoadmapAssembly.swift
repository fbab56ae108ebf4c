import GapAnalysis
import OptimizationModel
import Roadmaps
import ScenarioModel

/// Turns step quarters into the roadmap's steps, quarter summaries and objective.
struct RoadmapAssembly {
    let problem: PlanningProblem
    let report: SolveReport
    /// The plan's value when it is not the problem's maturity value: an agreement rule's first
    /// criterion (spec §7 rule 4), which has no granularity.
    var criterion: (@Sendable (Schedule) -> Double)? = nil

    init(problem: PlanningProblem, report: SolveReport) {
        self.problem = problem
        self.report = report
    }

    init(model: RoadmapModel, engine: PlanningEngine, backend: String) {
        self.init(
            problem: model.problem,
            report: SolveReport(
                rows: model.mip.rowCount, columns: model.mip.columnCount, nonzeros: model.mip.nonzeroCount, seconds: 0,
                engine: engine, backend: backend))
    }

    /// The roadmap of a plan, verified first (`PlanVerifier`): a plan that broke a limit within
    /// the solver's tolerance is repaired and reported `feasible`; one that cannot be repaired throws.
    func roadmap(
        status: Roadmap.Status, quarters: Schedule, bound: Double?, conflicts: [Conflict], seconds: Double,
        log: String
    ) throws(PlanVerificationError) -> Roadmap {
        let scenario = problem.scenario
        let candidates = problem.steps
        var status = status, quarters = quarters, log = log
        if status == .optimal || status == .feasible {
            quarters = problem.droppingIdleInitiativeSteps(quarters)
            let verifier = PlanVerifier(problem: problem)
            let broken = verifier.violations(quarters)
            if !broken.isEmpty {
                guard let repaired = verifier.repaired(quarters) else {
                    throw PlanVerificationError(violations: broken.map(\.description))
                }
                let dropped = zip(quarters, repaired).filter { $0.0 != nil && $0.1 == nil }.count
                log +=
                    "\nplan verification: \(broken.map(\.description).joined(separator: "; ")); "
                    + "repaired by leaving out \(dropped) step\(dropped == 1 ? "" : "s")\n"
                quarters = repaired
                status = .feasible
            }
        }
        var scheduled: [(step: ScheduledStep, order: Int)] = []
        for (s, quarter) in quarters.enumerated() {
            guard let t = quarter else { continue }
            let c = candidates[s]
            var step = ScheduledStep(
                systemID: self.problem.ownerID(of: c), practiceID: c.practiceID,
                kind: c.kind, from: c.from, to: c.to, quarterIndex: t,
                quarter: scenario.quarter(t), cost: c.cost, effort: c.effort)
            if let i = c.initiative {
                step.initiative = scenario.initiatives[i].id
                step.members = scenario.initiatives[i].members.map { scenario.systems[$0].id }
            }
            // Who pays it (spec §7 rule 5): each party with a part of its cost.
            step.payers = c.pays.indices.filter { c.pays[$0] > 0 }.map {
                Negotiation.PartyShare(party: scenario.stakeholders[$0].id, share: c.pays[$0])
            }
            scheduled.append((step, s))
        }
        // Quarter, then system, practice (catalog order), level before scope, lowest first: the candidate order.
        scheduled.sort { ($0.step.quarterIndex, $0.order) < ($1.step.quarterIndex, $1.order) }
        let steps = scheduled.map(\.step)
        let value: Double? =
            status == .optimal || status == .feasible ? criterion?(quarters) ?? objective(of: quarters) : nil
        // A maximize-maturity bound rounded down to a value a plan can have; when that meets the
        // plan, the plan is proven optimal.
        let granularity = criterion == nil ? self.problem.valueGranularity : .none
        // An engine stopped before it bounded anything (the portfolio core before its first
        // iteration) reports an infinite bound: that is no bound, and never a proof.
        let bound = bound.flatMap { $0.isFinite ? max(granularity.tightened($0), value ?? -.infinity) : nil }
        // An agreement's criterion (spec §7) is judged by its engine: a bound on the first
        // criterion that meets the plan proves nothing of max-min's second.
        if status == .feasible, criterion == nil, let value, let bound, granularity.proves(value, bound: bound) {
            status = .optimal
        }
        let quarterSummaries = summaries(steps, order: scheduled.map(\.order))
        // Asked of the plan once, here: reports ask the roadmap, never the rules.
        let history = Roadmap.historySteps(of: scenario)
        let answers = RoadmapAnswers(
            planning: problem, steps: steps, historySteps: history, quarters: quarterSummaries)
        let judged = status == .optimal || status == .feasible || status == .noPlan
        return Roadmap(
            scenario: scenario, status: status, objectiveValue: value, bound: status == .optimal ? value : bound,
            steps: steps, quarters: quarterSummaries, conflicts: conflicts, report: report.taking(seconds: seconds),
            solverLog: log, deadlineStatuses: judged ? answers.deadlineStatuses() : [],
            stepReasons: answers.stepReasons(),
            quarterLimits: status == .optimal || status == .feasible ? answers.quarterLimits() : [])
    }

    /// Spec §3: Σ value × (H − t + 1) for maximize-maturity, Σ cost for minimize-cost.
    private func objective(of quarters: Schedule) -> Double {
        guard problem.scenario.objective == .maximizeMaturity else {
            return zip(problem.steps, quarters).reduce(0) { $0 + ($1.1 == nil ? 0 : $1.0.cost) }
        }
        return problem.maturityValue(of: quarters)
    }

    /// The levels within their targets that candidate step `s` reaches: one for a system's own level
    /// step, one per member below its target for an initiative's.
    private func reachedLevels(of s: Int) -> Int {
        let step = problem.steps[s]
        guard step.initiative != nil else { return 1 }
        return step.members.count { m in
            problem.scenario.systems[m].practices[step.practiceIndex].targetLevel >= step.to
        }
    }

    /// - Parameter order: The candidate index of each of the roadmap's steps.
    private func summaries(_ planSteps: [ScheduledStep], order roadmapOrder: [Int]) -> [QuarterSummary] {
        let scenario = problem.scenario
        let rules = problem.rules
        // Attainment per quarter without a gap analysis per quarter (quadratic on portfolios): a
        // plan's level steps never pass a target, so each adds one reached level.
        let start = GapAnalysis(scenario: scenario).portfolio
        var levelStepsThrough = [Int](repeating: 0, count: scenario.horizon + 1)
        var spend = [Double](repeating: 0, count: scenario.horizon)
        var effort = [Double](repeating: 0, count: scenario.horizon)
        // A re-plan's history quarters: what was spent and done then (spec §5).
        if let progress = scenario.progress {
            for (i, amount) in progress.spent.enumerated() { spend[i] = amount }
            for done in progress.done {
                effort[done.quarterIndex - 1] += done.effort
                if done.kind == .level { levelStepsThrough[done.quarterIndex] += done.reachedLevels }
            }
        }
        for (step, order) in zip(planSteps, roadmapOrder) {
            // A level step adds one reached level to each system it raises within its target.
            if step.kind == .level { levelStepsThrough[step.quarterIndex] += reachedLevels(of: order) }
            spend[step.quarterIndex - 1] += step.cost
            effort[step.quarterIndex - 1] += step.effort
        }
        for t in 1...scenario.horizon { levelStepsThrough[t] += levelStepsThrough[t - 1] }
        let available = rules.moneyAvailable(spend: spend)
        return (1...scenario.horizon).map { t in
            QuarterSummary(
                index: t, quarter: scenario.quarter(t), budget: rules.quarterlyBudget[t - 1],
                available: available[t - 1], spend: spend[t - 1], effort: effort[t - 1],
                effortCapacity: rules.effortCapacity?[t - 1],
                attainment: GapRollup.attainment(
                    reached: start.reachedLevels + levelStepsThrough[t],
                    targeted: start.targetedLevels))
        }
    }
}
