import Foundation
import PortfolioGenerator
import Testing
@testable import RoadmapPlanner
import Roadmaps
@testable import ScenarioLoading
import ScenarioModel

/// Optimality proven by enumeration: on tiny random scenarios every assignment of steps to
/// quarters (or to "not taken") is checked with the independent checker, and the planner's
/// objective must equal the best feasible one (or the planner must say infeasible when none is).
@Suite struct BruteForceTests {
    static func randomScenario(seed: UInt64) -> String {
        var r = SeededRandom(seed: seed)
        let practices = ["patch-management", "access-control", "compliance-management"]
        let minimize = r.int(0...3) == 0
        var systems: [String] = []
        var levels: [String: [String: (Int, Int)]] = [:]
        for s in 0..<r.int(1...2) {
            var entries: [String] = []
            for p in practices.prefix(r.int(1...2) + (s == 0 ? 1 : 0)) {
                let current = r.int(0...2), target = current + r.int(0...2)
                let scope = r.int(0...3) == 0 ? ", target_scope: industry" : ""
                levels["s\(s)", default: [:]][p] = (current, target)
                entries.append("\(p): {current: \(current), target: \(min(target, 4))\(scope)}")
            }
            systems.append("  - {id: s\(s), weight: \(r.int(1...3)), practices: {\(entries.joined(separator: ", "))}}")
        }
        var deadlines: [String] = []
        if r.int(0...1) == 0, let (practice, (current, target)) = levels["s0"]?.sorted(by: { $0.key < $1.key }).first,
            target > current
        {
            deadlines.append(
                "  - {system: s0, practice: \(practice), level: \(r.int(current + 1...target)), by: 2027-Q\(r.int(1...3))}"
            )
        }
        let dependency =
            r.int(0...2) == 0
            ? "dependencies: [{practice: patch-management, level: \(r.int(1...3)), requires: {practice: access-control, level: \(r.int(1...3))}}]"
            : ""
        let budget =
            r.int(0...1) == 0
            ? "[\(r.int(1...5) * 500), \(r.int(1...5) * 500), \(r.int(1...5) * 500)]" : "\(r.int(2...8) * 500)"
        return """
            name: brute-\(seed)
            start: 2027-Q1
            quarters: 3
            objective: \(minimize ? "minimize-cost" : "maximize-maturity")
            budget: {quarterly: \(budget), carry_over: \(r.int(0...1) == 0)\(r.int(0...3) == 0 ? ", total: \(r.int(2...8) * 500)" : "")}
            \(r.int(0...1) == 0 ? "effort_capacity: {quarterly: \(r.int(1...4))}" : "")
            priorities: {hardening: \(r.int(1...3)), enablement: \(r.int(1...2))}
            costs: {level: {1: 500, 2: 1000, 3: 1500, 4: 2500}, scope: {industry: 700, system: 900}}
            effort: {level: {1: 1, 2: 2, 3: 2, 4: 3}, scope: {industry: 1}}
            systems:
            \(systems.joined(separator: "\n"))
            \(deadlines.isEmpty ? "" : "deadlines:\n" + deadlines.joined(separator: "\n"))
            \(dependency)
            """
    }

    /// The best objective over all assignments, or nil when none is feasible. A re-plan's steps
    /// done in history are not candidates, and the others go to an open quarter or none.
    static func bruteForce(_ scenario: Scenario) -> Double? {
        let checker = PlanChecker(scenario: scenario)
        let history = checker.historySteps
        var candidates: [PlanChecker.Step] = []
        for (s, system) in scenario.systems.enumerated() {
            for p in system.practices {
                // A member's own steps to the levels an initiative owns are never valid (§6 rule 2).
                let owned = scenario.initiatives.first { $0.practiceID == p.practiceID && $0.members.contains(s) }
                for e in p.levelSteps + p.scopeSteps
                where (e.kind == .scope || e.to > owned?.topLevel ?? 0)
                    && !history.contains(where: {
                        $0.system == system.id && $0.practice == p.practiceID && $0.kind == e.kind.rawValue
                            && $0.to == e.to
                    })
                {
                    candidates.append(
                        .init(
                            system: system.id, practice: p.practiceID, kind: e.kind.rawValue,
                            from: e.from, to: e.to, quarter: 0, cost: e.cost, effort: e.effort))
                }
            }
        }
        for i in scenario.initiatives {
            // Levels its history did are no candidates.
            for level in i.levels where !history.contains(where: { $0.initiative == i.id && $0.to == level.level }) {
                candidates.append(
                    .init(
                        system: i.id, practice: i.practiceID, kind: "level", from: level.level - 1, to: level.level,
                        quarter: 0, cost: level.cost, effort: level.effort, initiative: i.id,
                        members: i.members.map { scenario.systems[$0].id }))
            }
        }
        let quarters = [0] + Array(checker.opening...scenario.horizon)
        var best: Double?
        var assignment = [Int](repeating: 0, count: candidates.count)
        func visit(_ i: Int) {
            if i == candidates.count {
                let steps = zip(candidates, assignment).compactMap { c, q in
                    q == 0
                        ? nil
                        : PlanChecker.Step(
                            system: c.system, practice: c.practice, kind: c.kind, from: c.from,
                            to: c.to, quarter: q, cost: c.cost, effort: c.effort, initiative: c.initiative,
                            members: c.members)
                }
                guard checker.violations(steps).isEmpty else { return }
                let value = checker.objective(steps)
                if scenario.objective == .minimizeCost {
                    best = min(best ?? value, value)
                } else {
                    best = max(best ?? value, value)
                }
                return
            }
            for q in quarters {
                assignment[i] = q
                visit(i + 1)
            }
        }
        visit(0)
        return best
    }

    /// Plans `scenario` and expects the enumeration's answer: its best objective, proven, or
    /// infeasible when no plan exists. `text` is shown on a failure.
    static func expectPlannerMatchesEnumeration(
        _ scenario: Scenario, text: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let best = bruteForce(scenario)
        let (roadmap, _, _) = try planAndCheck(scenario, sourceLocation: sourceLocation)
        if let best {
            #expect(roadmap.status == .optimal, "\(text)", sourceLocation: sourceLocation)
            #expect(abs((roadmap.objectiveValue ?? .nan) - best) < 1e-6, "\(text)", sourceLocation: sourceLocation)
        } else {
            #expect(roadmap.status == .infeasible, "\(text)", sourceLocation: sourceLocation)
            #expect(!roadmap.conflicts.isEmpty, sourceLocation: sourceLocation)
        }
    }

    static func stepCount(_ s: Scenario) -> Int {
        s.systems.reduce(0) { $0 + $1.practices.reduce(0) { $0 + $1.levelSteps.count + $1.scopeSteps.count } }
    }

    @Test(arguments: 1...40)
    func plannerMatchesEnumeration(seed: Int) throws {
        // Draw until the scenario is small enough to enumerate (at most 8 steps: 4^8 assignments).
        var draw = UInt64(seed)
        var text = Self.randomScenario(seed: draw)
        var scenario = try ScenarioLoader().load(text: text, source: "brute-\(seed).yaml")
        while Self.stepCount(scenario) > 8 {
            draw += 1000
            text = Self.randomScenario(seed: draw)
            scenario = try ScenarioLoader().load(text: text, source: "brute-\(seed).yaml")
        }
        try Self.expectPlannerMatchesEnumeration(scenario, text: text)
    }
}
