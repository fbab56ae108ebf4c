import Foundation
import GLPKBackend
import MaturityModel
import Reports
import RoadmapPlanner
import Roadmaps
import ScenarioLoading
import ScenarioModel
import ScenarioTestSupport
import Testing

/// What a roadmap answers about its plan: deadline statuses and margins, the reason for a step's
/// quarter, and the limit that binds each quarter.
@Suite struct RoadmapAnswersTests {
    /// One system, one practice from 0 to 2 (1,000 then 2,000) and a 1,000 budget a quarter
    /// apart from `budget`: the plan is forced by money, so what binds is known by hand.
    static func scenario(_ extra: String = "", budget: String = "quarterly: 3000") -> String {
        """
        format: smm-scenario/1
        name: answers
        start: 2027-Q1
        quarters: 4
        budget: {\(budget)}
        costs:
          level: {1: 1000, 2: 2000, 3: 3000, 4: 4000}
        systems:
          - id: plc
            practices:
              patch-management: {current: 0, target: 2}
              vulnerability-assessment: {current: 0, target: 1}
        \(extra)
        """
    }

    func plan(_ text: String) throws -> (Roadmap, PlanChecker) {
        let scenario = try load(text)
        let roadmap = try RoadmapPlanner(solver: GLPKSolver()).plan(scenario)
        return (roadmap, PlanChecker(scenario: scenario))
    }

    @Test func aDeadlineMetInItsOwnQuarterIsMetWithNoSlackNotAtRisk() throws {
        // patch-management level 2 needs two quarters: by 2027-Q2 it is met in its own quarter.
        let (roadmap, _) = try plan(
            Self.scenario("deadlines:\n  - {system: plc, practice: patch-management, level: 2, by: 2027-Q2}"))
        let status = try #require(roadmap.deadlineStatuses.first)
        #expect(status.state == .metNoSlack && status.slack == 0 && status.reached == Quarter(label: "2027-Q2"))
        #expect(roadmap.deadlineTally.description == "1 of 1, 1 with no slack")
        // The step it places says so.
        let reasons = zip(roadmap.steps, roadmap.stepReasons).filter { $0.0.to == 2 }.map { $0.1?.description }
        #expect(reasons == ["right after the level below"])
    }

    @Test func aMarginPlansTheStepEarlierAndReportsBothSlacks() throws {
        // With a budget that fits one step a quarter, the level-2 deadline by 2027-Q4 comes in
        // 2027-Q4 without a margin (the other steps are worth more earlier) …
        let deadline = "{system: plc, practice: vulnerability-assessment, level: 1, by: 2027-Q3"
        let (plain, _) = try plan(Self.scenario("deadlines:\n  - \(deadline)}", budget: "quarterly: 1000"))
        let plainStatus = try #require(plain.deadlineStatuses.first)
        // … and with a margin of one quarter, by 2027-Q2 at the latest.
        let text = Self.scenario("deadlines:\n  - \(deadline), margin: 1}", budget: "quarterly: 1000")
        let (kept, checker) = try plan(text)
        let status = try #require(kept.deadlineStatuses.first)
        #expect(status.plannedBy == Quarter(label: "2027-Q2"))
        #expect((status.reachedIndex ?? 9) <= 2 && status.slack! >= 1 && status.slackToPlannedBy! >= 0)
        #expect(status.state == .met)
        #expect(plainStatus.plannedBy == nil && plainStatus.slackToPlannedBy == nil)
        let json = try #require(
            JSONSerialization.jsonObject(with: Data(PlanReport.render(kept, format: .json).utf8)) as? [String: Any])
        #expect(checker.violations(checker.steps(fromJSON: json)) == [])
        let deadlines = try #require(json["deadlines"] as? [[String: Any]])
        #expect(deadlines.first?["planned_by"] as? String == "2027-Q2")
        #expect((deadlines.first?["margin"] as? NSNumber)?.intValue == 1)
        // The default for every deadline, and the margin that falls before the plan: an error.
        let defaulted = try load(Self.scenario("deadline_margin: 2\ndeadlines:\n  - \(deadline)}"))
        #expect(defaulted.deadlines.first?.plannedByIndex == 1)
        let early = diagnostics(Self.scenario("deadlines:\n  - \(deadline), margin: 3}"))
        #expect(early.count == 1 && early.first?.path == "deadlines[0].margin")
        #expect(early.first?.message.contains("before the plan's first quarter 2027-Q1") == true)
    }

    @Test func theBindingLimitOfEachQuarterIsTheOneWithTooLittleLeft() throws {
        // 1,000 a quarter: the two level-1 steps fill 2027-Q1 and Q2; level 2 (2,000) waits for
        // level 1 in the quarter after it, then never fits: money binds from then on.
        let (tight, _) = try plan(Self.scenario(budget: "quarterly: 1000"))
        let second = tight.steps.first { $0.practiceID == "patch-management" }!.quarterIndex
        #expect(tight.quarterLimits[second - 1].binding == [.stepOrder])
        #expect(tight.quarterLimits[second...].allSatisfy { $0.binding == [.budget] })
        #expect(tight.planLimits.main == .budget && !tight.planLimits.targetsReached)
        // A total of 2,000 over quarters of 3,000: both level-1 steps in 2027-Q1, then the total
        // binds, not the quarters.
        let (total, _) = try plan(Self.scenario(budget: "quarterly: 3000, total: 2000"))
        #expect(total.planLimits.main == .totalBudget)
        #expect(total.quarterLimits.map(\.binding) == [[.stepOrder], [.totalBudget], [.totalBudget], [.totalBudget]])
        #expect(total.quarterLimits[1].totalBudgetLeft == 0)
        // Plenty of money: level 2 waits for level 1, so the first quarter is limited by step order.
        let (ordered, _) = try plan(Self.scenario(budget: "quarterly: 100000"))
        #expect(ordered.quarterLimits.first?.binding == [.stepOrder])
        #expect(ordered.quarterLimits[1].description == "targets reached")
    }

    /// With carry-over a step fits an earlier quarter only if every budget through the quarters it
    /// skips keeps room: 2027-Q1 has 8 of its 10 left, but moving the 5 there would overspend the
    /// budget through 2027-Q2, which the step due then fills. Its reason is the budget (the old
    /// check of the quarter's own leftover gave none).
    @Test func withCarryOverAStepIsHeldBackByEveryBudgetItsMoveWouldCross() throws {
        let text = """
            format: smm-scenario/1
            name: carry-over reasons
            start: 2027-Q1
            quarters: 3
            budget: {quarterly: 10, carry_over: true}
            costs:
              level: {1: 2, 2: 5, 3: 18, 4: 40}
            systems:
              - id: plc
                practices:
                  threat-modeling: {current: 0, target: 1}
                  patch-management: {current: 1, target: 2}
                  access-control: {current: 2, target: 3}
            deadlines:
              - {system: plc, practice: access-control, level: 3, by: 2027-Q2}
            """
        let (roadmap, checker) = try plan(text)
        let json = try #require(
            JSONSerialization.jsonObject(with: Data(PlanReport.render(roadmap, format: .json).utf8)) as? [String: Any])
        #expect(checker.violations(checker.steps(fromJSON: json)) == [])
        #expect(roadmap.status == .optimal)
        let quarterOf = Dictionary(uniqueKeysWithValues: roadmap.steps.map { ($0.practiceID, $0.quarterIndex) })
        #expect(quarterOf == ["threat-modeling": 1, "access-control": 2, "patch-management": 3], "\(quarterOf)")
        let reasons = Dictionary(
            uniqueKeysWithValues: zip(roadmap.steps, roadmap.stepReasons).map { ($0.practiceID, $1) })
        #expect(reasons["patch-management"] == .earlierQuartersFull("budget"), "\(reasons)")
        // The 18 of the step due by 2027-Q2 fits no quarter's 10 alone: the budget, before its deadline.
        #expect(reasons["access-control"] == .earlierQuartersFull("budget"), "\(reasons)")
    }
}
