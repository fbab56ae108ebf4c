import MaturityModel
import Roadmaps
import ScenarioModel
import Spreadsheets

/// A roadmap as issues for a tracker (`plan -f issues-csv`), in the shape of Jira's CSV importer:
/// one epic per quarter that has steps, one task per step under its quarter's epic (`Parent` is the
/// epic's `Issue ID`), the last day of the quarter as the due date, and labels for the system,
/// the practice and the domain. GitHub's importers take the same columns (title = Summary). With
/// stakeholders who pay (spec §7), a task's description says who pays for it.
public enum IssuesCSV {
    public static let headers = [
        "Issue ID", "Issue Type", "Summary", "Description", "Due date", "Labels", "Labels",
        "Labels", "Parent",
    ]

    public static func render(_ roadmap: Roadmap) -> String {
        let catalog = roadmap.scenario.catalog
        var rows: [[String]] = [headers]
        var nextID = 1
        for quarter in roadmap.quarters {
            let steps = roadmap.steps.filter { $0.quarterIndex == quarter.index }
            guard !steps.isEmpty else { continue }
            let epic = nextID
            nextID += 1
            rows.append([
                "\(epic)", "Epic", "\(roadmap.scenario.name): security roadmap \(quarter.quarter)",
                "\(steps.count) steps, spend \(formatAmount(quarter.spend)) of "
                    + "\(formatAmount(quarter.available)) available.",
                quarter.quarter.lastDay, "smm-roadmap", label(quarter.quarter.description), "", "",
            ])
            for step in steps {
                let location = catalog.location(ofPractice: step.practiceID)
                let name = location?.practice.name ?? step.practiceID
                let target = step.kind == .level ? "level \(step.to)" : "scope \(PlanReport.stepValue(step, step.to))"
                let what =
                    step.kind == .level
                    ? "level \(step.from) → \(step.to)"
                    : "scope \(PlanReport.stepValue(step, step.from)) → \(PlanReport.stepValue(step, step.to))"
                rows.append([
                    "\(nextID)", "Task",
                    "\(step.systemID): raise \(name) to \(target)",
                    "\(name) (\(step.practiceID)) of \(step.systemID): \(what), planned in \(step.quarter); "
                        + "cost \(formatAmount(step.cost)), effort \(formatAmount(step.effort))."
                        + NegotiationReport.paidBy(step),
                    step.quarter.lastDay, label(step.systemID), label(step.practiceID),
                    label(location?.domain.id ?? "smm"), "\(epic)",
                ])
                nextID += 1
            }
        }
        return CSVWriter.document(rows)
    }

    /// Trackers split labels on spaces: none inside one.
    private static func label(_ text: String) -> String {
        String(text.map { $0 == " " ? "-" : $0 })
    }
}
