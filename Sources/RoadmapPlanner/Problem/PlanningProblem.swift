import MaturityModel
import ScenarioModel

/// One candidate step of the plan: raising one practice of one system by one level or scope.
struct CandidateStep: Sendable, Hashable {
    let systemIndex: Int
    /// Position of the practice in catalog order.
    let practiceIndex: Int
    let practiceID: String
    let kind: StepEstimate.Kind
    let from: Int
    let to: Int
    let cost: Double
    let effort: Double
    /// Objective weight of the step per quarter it holds: §2's value, or the objective's value of
    /// a stakeholder scenario's plan (`valued(by:)`).
    var value: Double
    /// The step just below on the same ladder, which must come in an earlier quarter.
    let predecessor: StepIndex?
    /// Steps of other practices that must be reached by the end of the previous quarter (dependencies).
    let requires: [StepIndex]
    /// A dependency needs a level beyond its practice's target, so this step can never be planned.
    let blockedBy: BlockedDependency?
    /// The earliest quarter (1-based) the ladder and dependencies allow; `PlanningProblem.never` when blocked.
    let earliestQuarter: Int
    /// The latest quarter by which a deadline (or `minimize-cost`) requires the step, if any.
    let dueQuarter: Int?
    /// Positions in the file's `deadlines` list that make this step due (empty for `minimize-cost` targets).
    let dueBy: [Int]
    /// In a re-plan with a baseline: the open quarter the baseline takes this step in (spec §5).
    var baselineQuarter: Int? = nil
    /// In a re-plan: the baseline step is committed, so it must be taken in `baselineQuarter`.
    var committed = false
    /// In a re-plan: due because of a commitment (its own, or of a step that waits for it).
    var dueForCommitment = false
    /// An initiative's step (spec §6): its index in `Scenario.initiatives`; it raises every member
    /// (`members`, system indices) at once, and `systemIndex` is its first member.
    var initiative: Int? = nil
    /// The members it raises to `to`: those below `to` before it (every member for its identity).
    var members: [Int] = []
    /// Its value to each stakeholder per quarter it holds (spec §7 rule 2); empty without any.
    var partyValues: [Double] = []
    /// The fraction of its cost each stakeholder pays (spec §7 rule 5); empty unless a party pays.
    var pays: [Double] = []
}

/// Party `party`'s value of a plan (spec §7 rule 2) must be at least `minimum`.
struct ValueFloor: Sendable, Hashable {
    let party: Int
    let minimum: Double
}

/// A dependency whose required level is above the required practice's target.
struct BlockedDependency: Sendable, Hashable {
    let dependencySource: Int
    let requiredPracticeID: String
    let requiredLevel: Int
    let requiredTarget: Int
}

/// The planning problem of a scenario, built once per plan and read by the formulations, the
/// engines, the explainer, the verifier and the assembly: the candidate steps with their ladder,
/// dependency and deadline facts, a re-plan's facts (history, baseline, commitments, the change
/// penalty), the money and effort limits, and the granularity of the objective.
struct PlanningProblem: Sendable {
    let scenario: Scenario
    private(set) var steps: [CandidateStep]
    /// The money and effort limits of the scenario (with a re-plan's history), built once here:
    /// the program, the core, the windows, the verifier, the explainer and the assembly read them.
    let rules: ResourceRules
    /// Baseline steps of open quarters that are not steps of the scenario: dropped in any plan; a
    /// committed one makes the re-plan infeasible (spec §5 rule 5).
    private(set) var unmatchedBaseline: [Progress.BaselineStep] = []
    /// Objective lost per baseline step of an open quarter moved or dropped (0 without a re-plan).
    private(set) var changePenalty = 0.0
    /// Spec §7: least values some parties' plans must have (`V_k ≥ minimum`), rows of
    /// `RoadmapModel` only (the agreement's proofs, `NegotiationEngine`); empty otherwise.
    var valueFloors: [ValueFloor] = []
    /// The granularity of the integer program's objective (`RoadmapModel`), which is the maturity
    /// value under both objectives: `minimize-cost` solves it to choose the earliest of its plans,
    /// which all cost the same (docs/formulation.md).
    private(set) var modelGranularity = ObjectiveGranularity.none
    /// The granularity of the plan's reported value: the maturity value of a `maximize-maturity`
    /// scenario (none for `minimize-cost`, whose value is a cost).
    var valueGranularity: ObjectiveGranularity {
        scenario.objective == .maximizeMaturity ? modelGranularity : .none
    }

    /// Enumerates every step from current to target of every practice of every system.
    /// - Parameter scenario: A resolved scenario.
    init(scenario: Scenario) {
        self.scenario = scenario
        rules = ResourceRules(scenario: scenario)
        let horizon = scenario.horizon
        let progress = scenario.progress
        let opening = progress?.asOfIndex ?? 1
        var drafts: [Draft] = []
        // Index of the step reaching (system, practice, kind, to).
        var index: [StepKey: Int] = [:]
        Self.addSystemSteps(scenario, to: &drafts, index: &index)
        Self.addInitiativeSteps(scenario, to: &drafts, index: &index)
        Self.addDependencies(scenario, to: &drafts, index: index)
        Self.addDeadlines(scenario, opening: opening, to: &drafts, index: index)
        if scenario.objective == .minimizeCost {
            for i in drafts.indices { drafts[i].due = min(drafts[i].due ?? horizon, horizon) }
        }
        var unmatched: [Progress.BaselineStep] = []
        if let progress {
            unmatched = Self.markBaseline(progress, in: &drafts, index: index, scenario: scenario)
        }
        let earliest = Self.earliestQuarters(drafts, opening: opening)
        steps = drafts.indices.map { i in
            let d = drafts[i]
            return CandidateStep(
                systemIndex: d.systemIndex, practiceIndex: d.practiceIndex, practiceID: d.practiceID,
                kind: d.estimate.kind, from: d.estimate.from, to: d.estimate.to, cost: d.estimate.cost,
                effort: d.estimate.effort, value: d.value, predecessor: d.predecessor.map(StepIndex.init),
                requires: d.requires.map(StepIndex.init), blockedBy: d.blockedBy, earliestQuarter: earliest[i],
                dueQuarter: d.due, dueBy: d.dueBy, baselineQuarter: d.baselineQuarter, committed: d.pinned != nil,
                dueForCommitment: d.dueForCommitment, initiative: d.initiative, members: d.members)
        }
        if !scenario.stakeholders.isEmpty {
            for i in steps.indices {
                steps[i].partyValues = Self.partyValues(of: steps[i], in: scenario)
                if scenario.partiesPay {
                    steps[i].pays = scenario.stakeholders.indices.map {
                        scenario.fraction(party: $0, practice: steps[i].practiceIndex)
                    }
                }
            }
        }
        unmatchedBaseline = unmatched
        changePenalty = progress?.changePenalty ?? 0
        let schedulable = steps.filter { $0.earliestQuarter <= horizon }.map(\.value)
        modelGranularity = ObjectiveGranularity(maturityValues: Set(schedulable + [changePenalty]))
    }

    /// Every system's own steps from its current state (a re-plan's state at as_of) to its target,
    /// a ladder per practice and kind, without the levels an initiative owns.
    private static func addSystemSteps(_ scenario: Scenario, to drafts: inout [Draft], index: inout [StepKey: Int]) {
        let progress = scenario.progress
        let owned = Self.ownership(scenario)
        for (s, system) in scenario.systems.enumerated() {
            for (p, state) in system.practices.enumerated() {
                for (kind, all) in [(StepEstimate.Kind.level, state.levelSteps), (.scope, state.scopeSteps)] {
                    // A re-plan starts from the state history reached (spec §5 rule 2).
                    let reached = progress?.reached(system: s, practice: state.practiceID, kind: kind) ?? -1
                    // An initiative owns a member's levels up to its top (spec §6 rule 2).
                    let ownedTop =
                        kind == .level
                        ? owned[s]?[state.practiceID].map { scenario.initiatives[$0].topLevel } ?? 0 : 0
                    let estimates = all.filter { $0.to > max(reached, ownedTop) }
                    for (k, estimate) in estimates.enumerated() {
                        let value = state.weight * (kind == .scope ? scenario.scopeWeight : 1)
                        index[StepKey(system: s, practice: state.practiceID, kind: kind, to: estimate.to)] =
                            drafts.count
                        drafts.append(
                            Draft(
                                systemIndex: s, practiceIndex: p, practiceID: state.practiceID,
                                estimate: estimate, value: value,
                                predecessor: k == 0 ? nil : drafts.count - 1))
                    }
                }
            }
        }
    }

    /// Dependencies: in every system, the step reaching `level` needs `requiredLevel` of the
    /// required practice (blocked when that level is beyond the required practice's target).
    private static func addDependencies(_ scenario: Scenario, to drafts: inout [Draft], index: [StepKey: Int]) {
        let progress = scenario.progress
        // Dependencies: in every system, the step reaching `level` needs `requiredLevel` of the required practice.
        for dependency in scenario.dependencies {
            for (s, system) in scenario.systems.enumerated() {
                guard
                    let dependent = index[
                        StepKey(
                            system: s, practice: dependency.practiceID, kind: .level,
                            to: dependency.level)]
                else { continue }
                guard let required = system.practices.first(where: { $0.practiceID == dependency.requiredPracticeID })
                else { continue }
                let requiredReached = max(
                    required.currentLevel,
                    progress?.reached(system: s, practice: dependency.requiredPracticeID, kind: .level) ?? 0)
                if requiredReached >= dependency.requiredLevel { continue }
                if let step = index[
                    StepKey(
                        system: s, practice: dependency.requiredPracticeID, kind: .level,
                        to: dependency.requiredLevel)]
                {
                    drafts[dependent].requires.append(step)
                } else if drafts[dependent].blockedBy == nil {
                    drafts[dependent].blockedBy = BlockedDependency(
                        dependencySource: dependency.sourceIndex, requiredPracticeID: dependency.requiredPracticeID,
                        requiredLevel: dependency.requiredLevel, requiredTarget: required.targetLevel)
                }
            }
        }
    }

    /// Deadlines make a step and every step below it on its ladder due.
    private static func addDeadlines(
        _ scenario: Scenario, opening: Int, to drafts: inout [Draft], index: [StepKey: Int]
    ) {
        // Deadlines make a step and every step below it on its ladder due.
        // A deadline before the first open quarter is history: met or missed, no constraint (rule 4).
        // Its margin plans it earlier, but never before the first open quarter: a re-plan keeps
        // what of the margin is left.
        for deadline in scenario.deadlines where deadline.byIndex >= opening {
            let due = max(deadline.plannedByIndex, opening)
            let state = scenario.systems[deadline.systemIndex].practices.first { $0.practiceID == deadline.practiceID }!
            var dueSteps: [Int] = []
            if let level = deadline.level, level > state.currentLevel {
                dueSteps += (state.currentLevel + 1...level).compactMap {
                    index[StepKey(system: deadline.systemIndex, practice: deadline.practiceID, kind: .level, to: $0)]
                }
            }
            if let scope = deadline.scope, scope > state.currentScope {
                dueSteps += (state.currentScope.rawValue + 1...scope.rawValue).compactMap {
                    index[StepKey(system: deadline.systemIndex, practice: deadline.practiceID, kind: .scope, to: $0)]
                }
            }
            for step in dueSteps {
                drafts[step].due = min(drafts[step].due ?? Int.max, due)
                drafts[step].dueBy.append(deadline.sourceIndex)
            }
        }
    }

    /// Earliest quarter of each step: the first open quarter (or its pinned quarter), one quarter
    /// per ladder step, and a quarter after each required step; `never` when blocked.
    private static func earliestQuarters(_ drafts: [Draft], opening: Int) -> [Int] {
        // Earliest quarter: one quarter per ladder step, and a quarter after each required step.
        var earliest = [Int?](repeating: nil, count: drafts.count)
        func earliestQuarter(_ i: Int) -> Int {
            if let known = earliest[i] { return known }
            var quarter = drafts[i].blockedBy == nil ? max(opening, drafts[i].pinned ?? 0) : Self.never
            if let p = drafts[i].predecessor { quarter = max(quarter, earliestQuarter(p) + 1) }
            for r in drafts[i].requires { quarter = max(quarter, earliestQuarter(r) + 1) }
            quarter = min(quarter, Self.never)
            earliest[i] = quarter
            return quarter
        }
        return drafts.indices.map(earliestQuarter)
    }

    /// Baseline steps of open quarters get their quarter (the change penalty's bonus, rule 6); those
    /// of the committed quarters are pinned there: taken no earlier and no later, and whatever they
    /// wait for a quarter before (rule 5).
    /// - Returns: Baseline steps of open quarters that are not steps of this scenario (not done,
    ///   and not to be planned, e.g. beyond a lowered target): dropped whatever the plan.
    private static func markBaseline(
        _ progress: Progress, in drafts: inout [Draft], index: [StepKey: Int], scenario: Scenario
    ) -> [Progress.BaselineStep] {
        let systemIndex = Dictionary(uniqueKeysWithValues: scenario.systems.enumerated().map { ($1.id, $0) })
        var unmatched: [Progress.BaselineStep] = []
        for step in progress.baseline where step.quarterIndex >= progress.asOfIndex {
            let done = progress.done.contains {
                $0.systemID == step.systemID && $0.practiceID == step.practiceID && $0.kind == step.kind
                    && $0.to == step.to
            }
            guard !done else { continue }
            // An initiative's baseline step is named by the initiative: its draft is the one of that
            // initiative reaching the level.
            let initiative = scenario.initiatives.firstIndex { $0.id == step.systemID }
            let candidate =
                initiative.map { i in
                    drafts.indices.first { drafts[$0].initiative == i && drafts[$0].estimate.to == step.to }
                }
                ?? systemIndex[step.systemID].flatMap {
                    index[StepKey(system: $0, practice: step.practiceID, kind: step.kind, to: step.to)]
                }
            guard let i = candidate else {
                unmatched.append(step)
                continue
            }
            drafts[i].baselineQuarter = step.quarterIndex
            guard progress.isCommitted(quarter: step.quarterIndex) else { continue }
            drafts[i].pinned = step.quarterIndex
            drafts[i].due = min(drafts[i].due ?? Int.max, step.quarterIndex)
            drafts[i].dueForCommitment = true
            // What it waits for is due a quarter before.
            var stack = [(i, step.quarterIndex)]
            while let (j, quarter) = stack.popLast() {
                for p in (drafts[j].predecessor.map { [$0] } ?? []) + drafts[j].requires
                where (drafts[p].due ?? Int.max) > quarter - 1 {
                    drafts[p].due = quarter - 1
                    drafts[p].dueForCommitment = true
                    stack.append((p, quarter - 1))
                }
            }
        }
        return unmatched
    }

    /// For each system, the initiative (index) that owns each of its practices.
    private static func ownership(_ scenario: Scenario) -> [Int: [String: Int]] {
        var owned: [Int: [String: Int]] = [:]
        for (i, initiative) in scenario.initiatives.enumerated() {
            for m in initiative.members { owned[m, default: [:]][initiative.practiceID] = i }
        }
        return owned
    }

    /// Each initiative's ladder (spec §6): from its members' lowest level up to the highest level
    /// that is worth something (a member below it whose target reaches it), or that a member's
    /// deadline or a dependency needs; each step is indexed as the step of every member it raises,
    /// so deadlines and dependencies on a member's level up to the top find it (rule 5). A member's
    /// own first step above the top waits for the initiative's top step (rule 2).
    private static func addInitiativeSteps(_ scenario: Scenario, to drafts: inout [Draft], index: inout [StepKey: Int])
    {
        for (i, initiative) in scenario.initiatives.enumerated() {
            let practice = initiative.practiceID
            guard let p = scenario.catalog.practices.firstIndex(where: { $0.practice.id == practice }) else { continue }
            let states = initiative.members.map { scenario.systems[$0].practices[p] }
            // A re-plan starts from the state at as_of: what the initiative's done steps reached.
            let current = zip(initiative.members, states).map { m, state in
                max(state.currentLevel, scenario.progress?.reached(system: m, practice: practice, kind: .level) ?? 0)
            }
            guard let lowest = current.min(), lowest < initiative.topLevel else { continue }
            func value(_ l: Int) -> Double {
                zip(current, states).reduce(0) { $0 + ($1.0 < l && $1.1.targetLevel >= l ? $1.1.weight : 0) }
            }
            var top = lowest
            for l in (lowest + 1)...initiative.topLevel where value(l) > 0 { top = l }
            for deadline in scenario.deadlines where deadline.practiceID == practice {
                guard let k = initiative.members.firstIndex(of: deadline.systemIndex), let level = deadline.level,
                    current[k] < level
                else { continue }
                top = max(top, min(level, initiative.topLevel))
            }
            // A dependency on the practice needs the initiative's level only for a member that will
            // take the dependent step (below its level, within its target).
            for dependency in scenario.dependencies where dependency.requiredPracticeID == practice {
                let needed = initiative.members.indices.contains { k in
                    let dependent = scenario.systems[initiative.members[k]].practices.first {
                        $0.practiceID == dependency.practiceID
                    }
                    return current[k] < dependency.requiredLevel
                        && (dependent.map { $0.currentLevel < dependency.level && $0.targetLevel >= dependency.level }
                            ?? false)
                }
                if needed { top = max(top, min(dependency.requiredLevel, initiative.topLevel)) }
            }
            guard top > lowest else { continue }
            for l in (lowest + 1)...top {
                let level = initiative.levels[l - 1]
                let raised = initiative.members.indices.filter { current[$0] < l }.map { initiative.members[$0] }
                for m in raised { index[StepKey(system: m, practice: practice, kind: .level, to: l)] = drafts.count }
                var draft = Draft(
                    systemIndex: initiative.members[0], practiceIndex: p, practiceID: practice,
                    estimate: StepEstimate(kind: .level, from: l - 1, to: l, cost: level.cost, effort: level.effort),
                    value: value(l), predecessor: l == lowest + 1 ? nil : drafts.count - 1)
                draft.initiative = i
                draft.members = raised
                drafts.append(draft)
            }
            // A member's own step above the top needs the member at the top first.
            for (k, m) in initiative.members.enumerated() where current[k] < top {
                guard let own = index[StepKey(system: m, practice: practice, kind: .level, to: top + 1)],
                    let topStep = index[StepKey(system: m, practice: practice, kind: .level, to: top)]
                else { continue }
                drafts[own].requires.append(topStep)
            }
        }
    }

    private struct StepKey: Hashable {
        let system: Int
        let practice: String
        let kind: StepEstimate.Kind
        let to: Int
    }

    private struct Draft {
        let systemIndex: Int
        let practiceIndex: Int
        let practiceID: String
        let estimate: StepEstimate
        let value: Double
        let predecessor: Int?
        var requires: [Int] = []
        var blockedBy: BlockedDependency?
        var due: Int?
        var dueBy: [Int] = []
        var baselineQuarter: Int?
        var initiative: Int?
        var members: [Int] = []
        /// A committed baseline step: taken in exactly this quarter.
        var pinned: Int?
        var dueForCommitment = false
    }

    /// The plan without the initiative steps that are worth nothing and that nothing needs (no
    /// deadline, no taken step waiting for them): spec §6 rule 4, "nothing beyond the target".
    /// Such a step adds nothing to the objective, so a solver may take it or not; it is left out.
    ///
    /// With stakeholders (spec §7) any step is idle that is worth nothing in the plan's objective
    /// (a party's ideal values only what that party wants), needed by nothing taken.
    func droppingIdleInitiativeSteps(_ plan: Schedule) -> Schedule {
        let anyStep = !scenario.stakeholders.isEmpty
        guard anyStep || !scenario.initiatives.isEmpty else { return plan }
        var plan = plan
        let waiting = dependents()
        var changed = true
        while changed {
            changed = false
            for (s, step) in steps.enumerated() where plan[s] != nil && (anyStep || step.initiative != nil) {
                guard step.value == 0, step.dueQuarter == nil, waiting[s].allSatisfy({ plan[$0] == nil }) else {
                    continue
                }
                plan[s] = nil
                changed = true
            }
        }
        return plan
    }

    /// The same problem with each step valued `values[s]` per quarter it holds: a party's ideal
    /// (its `partyValues`) or an agreement's weighted sum of shares. The granularity follows the
    /// values; §7's values have no change penalty (rule 2: Σ value × (H − t + 1)).
    func valued(by values: [Double]) -> PlanningProblem {
        var copy = self
        for s in copy.steps.indices { copy.steps[s].value = values[s] }
        copy.changePenalty = 0
        let schedulable = copy.steps.filter { $0.earliestQuarter <= scenario.horizon }.map(\.value)
        copy.modelGranularity = ObjectiveGranularity(maturityValues: Set(schedulable + [0]))
        return copy
    }

    /// The problem of stakeholder `party`'s ideal (spec §7): every rule and budget kept, each step
    /// valued in that party's eyes.
    func ideal(of party: Int) -> PlanningProblem {
        valued(by: steps.map { $0.partyValues[party] })
    }

    /// The first quarter a step may be taken in: a re-plan's `as_of`, else 1.
    var opening: Int { scenario.progress?.asOfIndex ?? 1 }

    /// `earliestQuarter` of a step that can never be planned (it needs a level beyond a target).
    static let never = Int.max / 4

    /// Columns of the integer program: one per schedulable step and quarter from its earliest on.
    var columnCount: Int {
        steps.reduce(0) { $0 + (isSchedulable($1) ? scenario.horizon - $1.earliestQuarter + 1 : 0) }
    }

    /// Spec §3's maturity value of a plan, Σ value × (H − t + 1) over the steps taken, less the
    /// change penalty of a re-plan (spec §5 rule 6) for each baseline step moved or dropped.
    /// - Parameter quarters: The quarter each step is taken in (`nil`: not taken).
    func maturityValue(of quarters: Schedule) -> Double {
        zip(steps.indices, quarters).reduce(objectiveConstant) { sum, pair in
            pair.1.map { sum + objective(of: pair.0, in: $0) } ?? sum
        }
    }

    /// What taking step `s` in quarter `t` adds to the maturity value: its value for each quarter
    /// it holds, H − t + 1, and in a re-plan the change penalty when `t` is its baseline quarter
    /// (the penalty of a moved or dropped step is the constant minus this bonus). The one home of
    /// the objective's coefficients: the program, the core and the windows all use it.
    func objective(of s: Int, in t: Int) -> Double {
        steps[s].value * Double(scenario.horizon - t + 1) + keepBonus(of: s, in: t)
    }

    /// The change penalty saved by taking a baseline step in its baseline quarter (0 otherwise).
    func keepBonus(of s: Int, in t: Int) -> Double {
        steps[s].baselineQuarter == t ? changePenalty : 0
    }

    /// The change penalty if no baseline step of an open quarter were kept (0 without a re-plan).
    var objectiveConstant: Double {
        guard changePenalty != 0 else { return 0 }
        return -changePenalty * Double(steps.filter { $0.baselineQuarter != nil }.count + unmatchedBaseline.count)
    }

    /// Whether a step can be scheduled at all within the horizon.
    func isSchedulable(_ step: CandidateStep) -> Bool {
        step.earliestQuarter <= scenario.horizon
    }
}
