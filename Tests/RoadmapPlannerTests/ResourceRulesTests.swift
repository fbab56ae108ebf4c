import ScenarioModel
import Testing

@testable import RoadmapPlanner
import Roadmaps

/// `ResourceRules` is the one statement of spec §3.2–3.3: its limits, and the ledger built on them.
@Suite struct ResourceRulesTests {
    @Test func withoutCarryOverEachQuarterHasItsOwnBudget() throws {
        let rules = ResourceRules(scenario: try Fixtures.portfolio(systems: 1, quarters: 3, total: 20_000, effort: 10))
        #expect(
            rules.limits.map(\.name) == [
                "budget_q1", "budget_q2", "budget_q3", "budget_total", "effort_q1",
                "effort_q2", "effort_q3",
            ])
        #expect(rules.limits[1].quarters == 2...2 && rules.limits[1].amount == 9_000)
        #expect(rules.limits[3].quarters == 1...3 && rules.limits[3].amount == 20_000)
        #expect(rules.limits(counting: 2) == [1, 3, 5])
    }

    @Test func withCarryOverSpendingThroughAQuarterMeetsTheBudgetsThroughIt() throws {
        let rules = ResourceRules(scenario: try Fixtures.portfolio(systems: 1, quarters: 3, carryOver: true))
        #expect(rules.limits.map(\.quarters) == [1...1, 1...2, 1...3])
        #expect(rules.limits.map(\.amount) == [9_000, 18_000, 27_000])
        // A step in quarter 2 counts against the budgets through quarters 2 and 3, not 1.
        #expect(rules.limits(counting: 2) == [1, 2])
        #expect(rules.moneyAvailable(spend: [4_000, 0, 20_000]) == [9_000, 14_000, 23_000])
        #expect(
            rules.usage(money: [0, 4_000, 1_000, 2_000], effort: [0, 0, 0, 0], payments: []) == [4_000, 5_000, 7_000])
    }

    /// The ledger's answer is the rules' answer: a step fits exactly when adding it leaves every
    /// limit's usage within its amount, for every quarter of random partial plans.
    @Test(arguments: [false, true])
    func ledgerAgreesWithTheLimits(carryOver: Bool) throws {
        let scenario = try Fixtures.portfolio(
            systems: 1, quarters: 4, budget: 5_000, carryOver: carryOver, total: 14_000, effort: 12)
        let rules = ResourceRules(scenario: scenario)
        var generator = SplitMix(seed: 7)
        for _ in 0..<200 {
            var ledger = ResourceLedger(rules: rules)
            var money = [Double](repeating: 0, count: 5), effort = [Double](repeating: 0, count: 5)
            for _ in 0..<3 {
                let t = Int(generator.next() % 4) + 1
                let cost = Double(generator.next() % 5) * 1_000, work = Double(generator.next() % 6)
                let expected = zip(rules.limits, rules.usage(money: money, effort: effort, payments: [])).allSatisfy {
                    limit, used in
                    !limit.counts(t) || used + (limit.resource == .money ? cost : work) <= limit.amount
                }
                let step = CandidateStep(
                    systemIndex: 0, practiceIndex: 0, practiceID: "p", kind: .level, from: 0, to: 1, cost: cost,
                    effort: work, value: 1, predecessor: nil, requires: [], blockedBy: nil, earliestQuarter: 1,
                    dueQuarter: nil, dueBy: [])
                #expect(ledger.fits(step, quarter: t) == expected)
                if expected {
                    ledger.add(step, quarter: t)
                    money[t] += cost
                    effort[t] += work
                }
            }
        }
    }
}

/// A small deterministic generator, so that a failure can be replayed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
