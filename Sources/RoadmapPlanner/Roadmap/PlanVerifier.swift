import Foundation
import ScenarioModel

/// Checks a plan against every rule of spec §3 in exact decimal arithmetic before it is reported,
/// and repairs a plan that a solver's tolerance let overspend.
///
/// Solvers compare doubles with relative tolerances (GLPK: about 1e-7 of a row's size), so a plan
/// "within tolerance" can spend 40,000.03 of 40,000. Here every cost, effort, budget and capacity is
/// taken as the decimal number the user wrote (a double's shortest decimal form is the text it was
/// read from) and summed exactly: a plan over any limit by any amount is caught.
struct PlanVerifier {
    /// A broken rule.
    struct Violation: Sendable, CustomStringConvertible {
        enum Rule: Sendable { case ladder, dependency, deadline, resource }
        let rule: Rule
        /// The plan quarter where it breaks (for money and effort: the first quarter by which the
        /// limit's use is over it).
        let quarter: Int?
        let description: String
        /// The quarters whose steps relieve a broken money or effort limit.
        var relievedBy: ClosedRange<Int>? = nil
    }

    let problem: PlanningProblem
    private let costs: [Decimal]
    private let efforts: [Decimal]
    private let rules: ResourceRules
    /// Each limit's amount, exactly.
    private let amounts: [Decimal]
    /// What each party pays of each step (spec §7 rule 5): cost × fraction, both as written;
    /// computed once (parsing a decimal is slow, and a plan is verified many times over).
    private let payments: [[Decimal]]

    init(problem: PlanningProblem) {
        self.problem = problem
        costs = problem.steps.map { Self.exact($0.cost) }
        efforts = problem.steps.map { Self.exact($0.effort) }
        rules = problem.rules
        amounts = rules.limits.map { Self.exact($0.amount) }
        let parties = rules.partyCount
        payments = zip(problem.steps, costs).map { step, cost in
            (0..<parties).map { k in step.pays[k] == 0 ? 0 : cost * Self.exact(step.pays[k]) }
        }
    }

    private static func isTotal(_ limit: ResourceRules.Limit) -> Bool {
        switch limit.source {
        case .total, .partyTotal: true
        default: false
        }
    }

    /// The decimal a double was written as: its shortest round-trip form, parsed exactly.
    static func exact(_ value: Double) -> Decimal {
        Decimal(string: "\(value)", locale: Locale(identifier: "en_US_POSIX")) ?? Decimal(value)
    }

    /// Every rule of spec §3 the plan breaks; empty for a valid plan.
    /// - Parameter plan: The quarter (1...H) of each candidate step, `nil` when not taken.
    func violations(_ plan: Schedule) -> [Violation] {
        structuralViolations(plan) + resourceViolations(plan)
    }

    /// Ladder (one step at a time, each after the one below), dependencies and deadlines.
    private func structuralViolations(_ plan: Schedule) -> [Violation] {
        let scenario = problem.scenario
        var found: [Violation] = []
        for (s, step) in problem.steps.enumerated() {
            let name = "\(problem.ownerID(of: step))/\(step.practiceID) \(step.kind.rawValue) \(step.to)"
            if let due = step.dueQuarter, due <= scenario.horizon, (plan[s] ?? Int.max) > due {
                found.append(Violation(rule: .deadline, quarter: nil, description: "\(name) is due by quarter \(due)"))
            }
            guard let t = plan[s] else { continue }
            // A re-plan's plan starts at its first open quarter.
            if !(problem.opening...scenario.horizon).contains(t) || step.blockedBy != nil {
                found.append(
                    Violation(rule: .ladder, quarter: t, description: "\(name) cannot be taken in quarter \(t)"))
            }
            if let p = step.predecessor, (plan[p] ?? Int.max) >= t {
                found.append(
                    Violation(rule: .ladder, quarter: t, description: "\(name) comes before the step below it"))
            }
            for r in step.requires where (plan[r] ?? Int.max) >= t {
                found.append(
                    Violation(
                        rule: .dependency, quarter: t,
                        description: "\(name) comes before what it depends on"))
            }
        }
        return found
    }

    /// Every limit of `ResourceRules` (quarterly budget or budget through each quarter, total,
    /// effort), exactly; in the order of the quarters where they break.
    private func resourceViolations(_ plan: Schedule) -> [Violation] {
        let horizon = problem.scenario.horizon
        var use: [ResourceRules.Resource: [Decimal]] = [
            .money: Array(repeating: 0, count: horizon + 1), .effort: Array(repeating: 0, count: horizon + 1),
        ]
        // What each party pays (spec §7 rule 5): cost × fraction, both as written.
        for k in 0..<rules.partyCount { use[.payment(k)] = Array(repeating: 0, count: horizon + 1) }
        for (s, quarter) in plan.enumerated() {
            guard let t = quarter, (1...horizon).contains(t) else { continue }
            use[.money]![t] += costs[s]
            use[.effort]![t] += efforts[s]
            for k in 0..<rules.partyCount { use[.payment(k)]![t] += payments[s][k] }
        }
        var found: [Violation] = []
        for (limit, amount) in zip(rules.limits, amounts) {
            var used: Decimal = 0
            for t in limit.quarters {
                used += use[limit.resource]![t]
                // A limit over several quarters breaks where its running use first passes it.
                guard used > amount, t == limit.quarter || Self.isTotal(limit) else { continue }
                let what =
                    switch limit.resource {
                    case .money: "spends"
                    case .effort: "takes effort"
                    case .payment(let k): "has \(problem.scenario.stakeholders[k].id) pay"
                    }
                found.append(
                    Violation(
                        rule: .resource, quarter: t,
                        description: limit.quarters.count == 1
                            ? "quarter \(t) \(what) \(used) of \(amount)"
                            : "quarters \(limit.quarters.lowerBound)-\(t) \(what) \(used) in all, "
                                + "over the \(Self.isTotal(limit) ? "total" : "budget through them") \(amount)",
                        relievedBy: limit.quarters.lowerBound...t))
                break
            }
        }
        // Stable: at one quarter, money before the total before effort, as the limits are listed.
        return found.enumerated().sorted { ($0.element.quarter!, $0.offset) < ($1.element.quarter!, $1.offset) }
            .map(\.element)
    }

    /// The plan, or a repaired one when the only broken rules are money or effort: in the first
    /// quarter that breaks one, the least valuable step that nothing waits for and no deadline
    /// needs is dropped, until the plan holds. `nil` when that cannot mend it.
    func repaired(_ plan: Schedule) -> Schedule? {
        var plan = plan
        let dependents = problem.dependents()
        for _ in 0..<plan.count {
            let broken = violations(plan)
            guard let first = broken.first else { return plan }
            let structural: Set<Violation.Rule> = [.ladder, .dependency, .deadline]
            guard !broken.contains(where: { structural.contains($0.rule) }), let relieving = first.relievedBy else {
                return nil
            }
            let droppable = plan.indices.filter { s in
                guard let q = plan[s], relieving.contains(q) else { return false }
                return problem.steps[s].dueQuarter == nil && dependents[s].allSatisfy { plan[$0] == nil }
            }
            let value = { (s: Int) in self.problem.objective(of: s, in: plan[s]!) }
            guard let drop = droppable.min(by: { (value($0), $0) < (value($1), $1) }) else { return nil }
            plan[drop] = nil
        }
        return nil
    }
}

/// A solver's plan broke a rule of spec §3 and could not be repaired: it is not reported.
public struct PlanVerificationError: Error, Sendable, CustomStringConvertible {
    public let violations: [String]

    public var description: String {
        "the solver's plan breaks the plan rules and could not be repaired: "
            + violations.prefix(5).joined(separator: "; ")
    }
}
