import Foundation
import GapAnalysis
import MaturityModel
import Roadmaps
import ScenarioModel

/// `smm progress`: a progress file written from a baseline plan, and the state a progress file
/// records (spec §5).
public enum ProgressReport {
    /// The state at `as_of` of a re-planned scenario: attainment, history quarters (spend against
    /// budget), and the deadlines that history met or missed.
    /// - Parameters:
    ///   - history: The re-plan's history without a plan (`Roadmap.history(of:)`, from the planner).
    ///   - format: Table, Markdown or JSON.
    public static func status(_ history: Roadmap, format: ReportFormat) -> String {
        let scenario = history.scenario
        guard let progress = scenario.progress else { return "" }
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
