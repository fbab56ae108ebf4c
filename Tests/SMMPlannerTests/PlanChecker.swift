import Foundation
import MaturityModel
@testable import ScenarioLoading
import ScenarioModel

/// An independent checker of spec §3 and, for a re-plan, §5: given a scenario and a plan's steps,
/// lists every rule broken, and recomputes the objective from the steps. It shares no code with the
/// planner (a re-plan's done steps and baseline are read from the scenario's resolved progress).
struct PlanChecker {
    struct Step: Hashable {
        let system: String
        let practice: String
        let kind: String  // "level" or "scope"
        let from: Int
        let to: Int
        let quarter: Int  // 1...H
        let cost: Double
        let effort: Double
        /// An initiative's step (spec §6): its id, and the systems it names.
        var initiative: String? = nil
        var members: [String] = []
    }

    let scenario: Scenario

    /// The initiative of a step, when it is one.
    private func initiative(_ step: Step) -> Initiative? {
        step.initiative.flatMap { id in scenario.initiatives.first { $0.id == id } }
    }

    /// The initiative that owns a practice of a system, if one does.
    private func owner(_ system: String, _ practice: String) -> Initiative? {
        scenario.initiatives.first { i in
            i.practiceID == practice && i.members.contains { scenario.systems[$0].id == system }
        }
    }

    /// The first open quarter (1 without progress).
    var opening: Int { scenario.progress?.asOfIndex ?? 1 }

    /// A re-plan's done steps, as steps of their quarters.
    var historySteps: [Step] {
        (scenario.progress?.done ?? []).map {
            // An initiative's done step names the initiative and all its members, as a plan's does.
            Step(
                system: $0.systemID, practice: $0.practiceID, kind: $0.kind.rawValue, from: $0.from, to: $0.to,
                quarter: $0.quarterIndex, cost: $0.cost, effort: $0.effort,
                initiative: $0.initiative.map { scenario.initiatives[$0].id },
                members: $0.initiative.map { scenario.initiatives[$0].members.map { scenario.systems[$0].id } } ?? [])
        }
    }

    /// Steps from plan JSON (spec §4).
    func steps(fromJSON plan: [String: Any]) -> [Step] {
        let steps = plan["steps"] as? [[String: Any]] ?? []
        func rank(_ value: Any?, _ kind: String) -> Int {
            if kind == "level" { return (value as? NSNumber)?.intValue ?? -1 }
            return Scope(id: value as? String ?? "")?.rawValue ?? -1
        }
        return steps.map { s in
            let kind = s["kind"] as? String ?? "?"
            let quarter = Quarter(label: s["quarter"] as? String ?? "").map { scenario.start.distance(to: $0) + 1 } ?? 0
            return Step(
                system: s["system"] as? String ?? s["initiative"] as? String ?? "?",
                practice: s["practice"] as? String ?? "?", kind: kind,
                from: rank(s["from"], kind), to: rank(s["to"], kind), quarter: quarter,
                cost: (s["cost"] as? NSNumber)?.doubleValue ?? .nan,
                effort: (s["effort"] as? NSNumber)?.doubleValue ?? .nan,
                initiative: s["initiative"] as? String, members: s["systems"] as? [String] ?? [])
        }
    }

    private func state(_ system: String, _ practice: String) -> PracticeState? {
        scenario.systems.first { $0.id == system }?.practices.first { $0.practiceID == practice }
    }

    /// Level (or scope rank) of a practice at the end of quarter `t`; an initiative's step raises
    /// each of its members (spec §6 rule 1).
    private func reached(_ steps: [Step], _ system: String, _ practice: String, _ kind: String, by t: Int) -> Int {
        guard let st = state(system, practice) else { return -1 }
        let start = kind == "level" ? st.currentLevel : st.currentScope.rawValue
        let raising = steps.filter { step in
            step.practice == practice && step.kind == kind && step.quarter <= t
                && (step.initiative == nil
                    ? step.system == system
                    : initiative(step)?.members.contains { scenario.systems[$0].id == system } == true)
        }
        return raising.map(\.to).max().map { max($0, start) } ?? start
    }

    /// §6 rule 4: Σ step value over the members below `level` whose target reaches it.
    private func initiativeWorth(_ i: Initiative, _ level: Int) -> Double {
        i.members.map { scenario.systems[$0] }.reduce(0.0) { sum, system in
            let st = system.practices.first { $0.practiceID == i.practiceID }!
            return sum + (st.currentLevel < level && st.targetLevel >= level ? st.weight : 0)
        }
    }

    /// Whether an initiative's step serves something in the plan: its next level, a member's own
    /// next step, a member's deadline, or a member's step that depends on its practice.
    private func isNeeded(_ step: Step, _ i: Initiative, _ steps: [Step]) -> Bool {
        let members = Set(i.members.map { scenario.systems[$0].id })
        if steps.contains(where: { $0.initiative == i.id && $0.to == step.to + 1 }) { return true }
        if steps.contains(where: {
            $0.initiative == nil && members.contains($0.system) && $0.practice == i.practiceID
                && $0.kind == "level" && $0.to == step.to + 1
        }) {
            return true
        }
        if scenario.deadlines.contains(where: {
            $0.practiceID == i.practiceID && ($0.level ?? 0) >= step.to
                && members.contains(scenario.systems[$0.systemIndex].id)
        }) {
            return true
        }
        return scenario.dependencies.contains { d in
            d.requiredPracticeID == i.practiceID && d.requiredLevel >= step.to
                && steps.contains { $0.practice == d.practiceID && $0.to == d.level && members.contains($0.system) }
        }
    }

    /// Spec §6: an initiative's step climbs its ladder from its members' lowest level, costs what
    /// the initiative says, names the members; no member takes an own step to a level it owns.
    private func initiativeViolations(_ steps: [Step], all: [Step]) -> [String] {
        var problems: [String] = []
        for step in steps {
            let name = "\(step.system)/\(step.practice) \(step.kind) \(step.from)->\(step.to) in q\(step.quarter)"
            if let i = initiative(step) {
                let members = i.members.map { scenario.systems[$0].id }
                if step.members != members { problems.append("\(name): members \(step.members) not \(members)") }
                if step.practice != i.practiceID || step.kind != "level" {
                    problems.append("\(name): not its practice")
                }
                guard step.to >= 1, step.to <= i.topLevel else {
                    problems.append("\(name): beyond the initiative's levels")
                    continue
                }
                let level = i.levels[step.to - 1]
                if level.cost != step.cost || level.effort != step.effort { problems.append("\(name): cost differs") }
                let lowest = i.members.map { scenario.systems[$0].practices.first { $0.practiceID == i.practiceID }! }
                    .map(\.currentLevel).min()!
                if step.to <= lowest { problems.append("\(name): below every member") }
                if step.to > lowest + 1,
                    !all.contains(where: { $0.initiative == i.id && $0.to == step.to - 1 && $0.quarter < step.quarter })
                {
                    problems.append("\(name): initiative ladder broken")
                }
                // Rule 4: a step worth nothing is planned only when something needs it.
                if initiativeWorth(i, step.to) == 0, !isNeeded(step, i, steps) {
                    problems.append("\(name): planned with no value and nothing that needs it")
                }
            } else if let i = owner(step.system, step.practice), step.kind == "level" {
                if step.to <= i.topLevel { problems.append("\(name): level owned by initiative \(i.id)") }
                if reached(all, step.system, step.practice, "level", by: step.quarter - 1) < step.to - 1 {
                    problems.append("\(name): member not at the level below")
                }
            }
        }
        return problems
    }

    /// Every violated rule, in words; empty for a valid plan.
    func violations(_ steps: [Step]) -> [String] {
        var problems: [String] = []
        let H = scenario.horizon
        let history = historySteps
        // Ladders, dependencies and deadlines see what history did (spec §5 rule 2).
        let all = history + steps
        var seen = Set(history.map { "\($0.system)/\($0.practice)/\($0.kind)/\($0.to)" })
        problems += initiativeViolations(steps, all: all)
        for step in steps {
            let name = "\(step.system)/\(step.practice) \(step.kind) \(step.from)->\(step.to) in q\(step.quarter)"
            if step.initiative != nil {
                // Checked above; its dependencies hold for every member it raises.
                if !seen.insert("\(step.system)/\(step.practice)/\(step.kind)/\(step.to)").inserted {
                    problems.append("\(name): planned twice")
                }
                guard (opening...H).contains(step.quarter) else {
                    problems.append("\(name): quarter outside the open quarters")
                    continue
                }
                let i = initiative(step)!
                for m in i.members.map({ scenario.systems[$0].id })
                where reached(all, m, step.practice, "level", by: step.quarter - 1) < step.to {
                    for d in scenario.dependencies where d.practiceID == step.practice && d.level == step.to {
                        if reached(all, m, d.requiredPracticeID, "level", by: step.quarter - 1) < d.requiredLevel {
                            problems.append("\(name): dependency of \(m) on \(d.requiredPracticeID) not met")
                        }
                    }
                }
                continue
            }
            guard let st = state(step.system, step.practice) else { problems.append("\(name): unknown"); continue }
            guard (opening...H).contains(step.quarter) else {
                problems.append("\(name): quarter outside the open quarters")
                continue
            }
            if !seen.insert("\(step.system)/\(step.practice)/\(step.kind)/\(step.to)").inserted {
                problems.append("\(name): planned twice")
            }
            let (current, target) =
                step.kind == "level"
                ? (st.currentLevel, st.targetLevel)
                : (st.currentScope.rawValue, st.targetScope.rawValue)
            if step.to != step.from + 1 { problems.append("\(name): not one step") }
            if step.to <= current || step.to > target { problems.append("\(name): outside current..target") }
            if step.to > current + 1, owner(step.system, step.practice) == nil || step.kind == "scope" {
                let below = all.first {
                    $0.system == step.system && $0.practice == step.practice
                        && $0.kind == step.kind && $0.to == step.to - 1
                }
                if below == nil || below!.quarter >= step.quarter { problems.append("\(name): ladder broken") }
            }
            let estimates = step.kind == "level" ? st.levelSteps : st.scopeSteps
            if let e = estimates.first(where: { $0.to == step.to }), e.cost != step.cost || e.effort != step.effort {
                problems.append("\(name): cost or effort differs from the scenario")
            }
            if step.kind == "level" {
                for d in scenario.dependencies where d.practiceID == step.practice && d.level == step.to {
                    if reached(all, step.system, d.requiredPracticeID, "level", by: step.quarter - 1)
                        < d.requiredLevel
                    {
                        problems.append("\(name): dependency on \(d.requiredPracticeID) \(d.requiredLevel) not met")
                    }
                }
            }
        }
        // §5 rule 3: open quarters only; with carry-over what history spent comes off the budget
        // through each quarter, and off the total (never below zero: nothing more is then allowed).
        let historySpend = scenario.progress?.spent.reduce(0, +) ?? 0
        var cumulativeBudget = 0.0, cumulativeSpend = 0.0
        for t in 1...H {
            let inQuarter = steps.filter { $0.quarter == t }
            let spend = inQuarter.reduce(0) { $0 + $1.cost }
            cumulativeBudget += scenario.budget.quarterly[t - 1]
            cumulativeSpend += spend
            guard t >= opening else { continue }
            if scenario.budget.carryOver {
                if cumulativeSpend > max(0, cumulativeBudget - historySpend) + 1e-6 {
                    problems.append("q\(t): cumulative budget exceeded")
                }
            } else if spend > scenario.budget.quarterly[t - 1] + 1e-6 {
                problems.append("q\(t): budget exceeded (\(spend))")
            }
            if let capacity = scenario.effortCapacity, inQuarter.reduce(0, { $0 + $1.effort }) > capacity[t - 1] + 1e-6
            {
                problems.append("q\(t): effort capacity exceeded")
            }
        }
        if let total = scenario.budget.total, cumulativeSpend > max(0, total - historySpend) + 1e-6 {
            problems.append("total budget exceeded")
        }
        for d in scenario.deadlines where d.byIndex >= opening {
            let system = scenario.systems[d.systemIndex].id
            // A margin of m quarters: due by `by − m`, but never before the first open quarter.
            let due = max(d.byIndex - d.margin, opening)
            if let level = d.level, reached(all, system, d.practiceID, "level", by: due) < level {
                problems.append("deadline \(system)/\(d.practiceID) level \(level) by \(d.by) missed")
            }
            if let scope = d.scope, reached(all, system, d.practiceID, "scope", by: due) < scope.rawValue {
                problems.append("deadline \(system)/\(d.practiceID) scope \(scope.id) by \(d.by) missed")
            }
        }
        if scenario.objective == .minimizeCost {
            for system in scenario.systems {
                for st in system.practices {
                    if reached(all, system.id, st.practiceID, "level", by: H) < st.targetLevel
                        || reached(all, system.id, st.practiceID, "scope", by: H) < st.targetScope.rawValue
                    {
                        problems.append("minimize-cost: target of \(system.id)/\(st.practiceID) not reached")
                    }
                }
            }
        }
        // §5 rule 5: committed baseline steps (not done) in their baseline quarter.
        if let progress = scenario.progress {
            for b in progress.baseline where progress.isCommitted(quarter: b.quarterIndex) {
                let kind = b.kind.rawValue
                let done = history.contains {
                    $0.system == b.systemID && $0.practice == b.practiceID && $0.kind == kind && $0.to == b.to
                }
                let kept = steps.contains {
                    $0.system == b.systemID && $0.practice == b.practiceID && $0.kind == kind && $0.to == b.to
                        && $0.quarter == b.quarterIndex
                }
                if !done && !kept { problems.append("commitment \(b.systemID)/\(b.practiceID) \(kind) \(b.to) broken") }
            }
        }
        return problems
    }

    /// Spec §3 objective: Σ value × (H − t + 1), or Σ cost; a re-plan's maximize-maturity objective
    /// less the change penalty per baseline step of an open quarter moved or dropped (§5 rule 6).
    func objective(_ steps: [Step]) -> Double {
        let value = steps.reduce(0) { sum, step in
            if scenario.objective == .minimizeCost { return sum + step.cost }
            if let i = initiative(step) {
                // §6 rule 4: the members below its level whose target reaches it.
                let members = i.members.map { scenario.systems[$0] }
                let worth = members.reduce(0.0) { sum, system in
                    let st = system.practices.first { $0.practiceID == i.practiceID }!
                    return sum + (st.currentLevel < step.to && st.targetLevel >= step.to ? st.weight : 0)
                }
                return sum + worth * Double(scenario.horizon - step.quarter + 1)
            }
            guard let st = state(step.system, step.practice) else { return sum }
            let value = st.weight * (step.kind == "scope" ? scenario.scopeWeight : 1)
            return sum + value * Double(scenario.horizon - step.quarter + 1)
        }
        guard scenario.objective == .maximizeMaturity, let progress = scenario.progress else { return value }
        let history = historySteps
        let changed = progress.baseline.filter { b in
            guard b.quarterIndex >= progress.asOfIndex else { return false }
            let same = { (s: Step) in
                s.system == b.systemID && s.practice == b.practiceID && s.kind == b.kind.rawValue && s.to == b.to
            }
            return !history.contains(where: same) && !steps.contains { same($0) && $0.quarter == b.quarterIndex }
        }
        return value - progress.changePenalty * Double(changed.count)
    }

    /// Checks the plan JSON's quarter figures against its steps.
    func quarterViolations(_ plan: [String: Any], _ steps: [Step]) -> [String] {
        let quarters = plan["quarters"] as? [[String: Any]] ?? []
        guard quarters.count == scenario.horizon else { return ["quarters: \(quarters.count) entries"] }
        var problems: [String] = []
        for (i, q) in quarters.enumerated() {
            // A re-plan's history quarters show what history spent.
            let spend =
                i + 1 < opening
                ? scenario.progress!.spent[i] : steps.filter { $0.quarter == i + 1 }.reduce(0) { $0 + $1.cost }
            if q["quarter"] as? String != scenario.quarter(i + 1).description {
                problems.append("quarter \(i + 1) label")
            }
            if abs(((q["spend"] as? NSNumber)?.doubleValue ?? -1) - spend) > 1e-6 {
                problems.append("quarter \(i + 1) spend")
            }
            if (q["budget"] as? NSNumber)?.doubleValue != scenario.budget.quarterly[i] {
                problems.append("quarter \(i + 1) budget")
            }
        }
        return problems
    }
}
