import Foundation
import GapAnalysis
import MaturityModel
import RoadmapPlanner
import ScenarioLoading

/// `smm progress`: a progress file written from a baseline plan, and the state a progress file
/// records (spec §5).
public enum ProgressReport {
    /// A progress file in which every step the baseline planned before `asOf` is done in its
    /// planned quarter, ready to be corrected by hand.
    /// - Parameters:
    ///   - baseline: The baseline plan JSON (`smm-plan/1`).
    ///   - baselinePath: The path the progress file names it by (relative to the progress file).
    ///   - asOf: The first open quarter.
    /// - Throws: `SavedPlanFileError` when the baseline is not a plan or `asOf` not one of its quarters.
    public static func template(baseline: [UInt8], baselinePath: String, asOf: Quarter) throws(SavedPlanFileError)
        -> String
    {
        guard let object = try? JSONSerialization.jsonObject(with: Data(baseline)),
            let root = object as? [String: Any], root["format"] as? String == "smm-plan/1"
        else { throw SavedPlanFileError("not a plan (smm-plan/1 JSON, written by smm plan -f json)") }
        let quarters = ((root["quarters"] as? [[String: Any]]) ?? []).compactMap {
            ($0["quarter"] as? String).flatMap(Quarter.init(label:))
        }
        guard let first = quarters.first, let last = quarters.last, first < asOf, asOf <= last else {
            let range = quarters.first.map { "\($0)..\(quarters.last!)" } ?? "none"
            throw SavedPlanFileError(
                "as_of \(asOf) must be a quarter of the plan after its first (the plan's quarters: \(range))")
        }
        var done: [String] = []
        for item in (root["steps"] as? [[String: Any]]) ?? [] {
            // A system's step, or an initiative's (named by the initiative, as the plan names it).
            let owner =
                (item["system"] as? String).map { "system: \(yaml($0))" }
                ?? (item["initiative"] as? String).map { "initiative: \(yaml($0))" }
            guard let quarter = (item["quarter"] as? String).flatMap(Quarter.init(label:)), quarter < asOf,
                let owner, let practice = item["practice"] as? String, let kind = item["kind"] as? String
            else { continue }
            let to = (item["to"] as? NSNumber).map { "\($0.intValue)" } ?? (item["to"] as? String) ?? "?"
            done.append(
                "  - {\(owner), practice: \(yaml(practice)), kind: \(kind), to: \(to), quarter: \(quarter)}")
        }
        let name = root["scenario"] as? String ?? "the scenario"
        return """
            # Progress of \(name) up to \(asOf), from the baseline \(baselinePath).
            # Every step the baseline planned before \(asOf) is listed as done in its planned quarter.
            # Edit what did not happen: delete a step that was not done, change the quarter of one done
            # late or early, add cost: and effort: where they differed from the estimate, and set spent:
            # for a quarter whose spend was not the sum of its steps. Then re-plan with
            #   smm plan SCENARIO --progress THIS-FILE
            format: smm-progress/1
            as_of: \(asOf)
            baseline: \(yaml(baselinePath))
            # Baseline steps of the first N open quarters are kept where they are (promised work).
            commit_quarters: 1
            # Objective lost per baseline step of an open quarter that the re-plan moves or drops
            # (0.5: half a level-quarter; it keeps the published order where another is no better).
            change_penalty: 0.5
            done:\(done.isEmpty ? " []" : "")
            \(done.joined(separator: "\n"))
            # spent: {\(first): 41000}

            """
    }

    /// A YAML scalar that reads back as `text` (`YAMLText`, the one emitter of YAML values).
    private static func yaml(_ text: String) -> String { YAMLText.scalar(text) }

    /// The state at `as_of` of a re-planned scenario: attainment, history quarters (spend against
    /// budget), and the deadlines that history met or missed.
    public static func status(_ scenario: Scenario, format: ReportFormat) -> String {
        guard let progress = scenario.progress else { return "" }
        let history = Roadmap.history(of: scenario)
        let start = GapAnalysis(scenario: scenario).portfolio.attainment
        let atAsOf = history.quarters.last { $0.index < progress.asOfIndex }?.attainment ?? start
        var quarters = TextTable(
            headers: ["quarter", "steps done", "spend", "budget", "effort"],
            alignments: [.left, .right, .right, .right, .right])
        for q in history.quarters where q.index < progress.asOfIndex {
            quarters.append([
                "\(q.quarter)", "\(history.historySteps.count { $0.quarterIndex == q.index })",
                formatAmount(q.spend), formatAmount(q.budget), formatAmount(q.effort),
            ])
        }
        var deadlines = TextTable(headers: ["system", "practice", "requirement", "by", "status"])
        for status in history.deadlineStatuses where status.deadline.byIndex < progress.asOfIndex {
            deadlines.append([
                status.systemID, status.deadline.practiceID, status.requirement, "\(status.deadline.by)",
                status.state == .missed ? "missed" : "met",
            ])
        }
        let spent = progress.historySpend
        let budget = scenario.budget.quarterly.prefix(progress.asOfIndex - 1).reduce(0, +)
        let lines = [
            "progress of \(scenario.name) at \(progress.asOf) (\(progress.source))",
            "\(progress.done.count) steps done; attainment of the target \(formatPercent(start)) at the start, "
                + "\(formatPercent(atAsOf)) at \(progress.asOf)",
            "spent \(scenario.money(formatAmount(spent))) of \(formatAmount(budget)) budgeted before \(progress.asOf)",
        ]
        switch format {
        case .markdown:
            return "# Progress: \(Escaping.markdown(scenario.name))\n\n"
                + lines.map { "- \(Escaping.markdown($0))\n" }.joined() + "\n## History quarters\n\n"
                + quarters.markdown()
                + (deadlines.rows.isEmpty
                    ? ""
                    : "\n## Deadlines before \(progress.asOf)\n\n"
                        + deadlines.markdown())
        default:
            return lines.joined(separator: "\n") + "\n\n" + quarters.terminal()
                + (deadlines.rows.isEmpty ? "" : "\nDeadlines before \(progress.asOf)\n" + deadlines.terminal())
        }
    }
}
