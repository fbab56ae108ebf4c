import GapAnalysis
import MaturityModel
import RoadmapPlanner
import Spreadsheets

/// A roadmap as a workbook (`plan -f xlsx`): sheets Roadmap (one row per step), Quarters (money,
/// effort and attainment) and Gap (each practice now, at the end of the plan and its target),
/// with number formats, a frozen header and filters.
public enum PlanWorkbook {
    public static func workbook(_ roadmap: Roadmap) -> Workbook {
        let catalog = roadmap.scenario.catalog
        let names = Dictionary(
            catalog.practices.map { ($0.practice.id, $0.practice.name) }, uniquingKeysWith: { a, _ in a })
        let steps = Sheet(
            name: "Roadmap",
            columns: [
                Column("quarter", width: 10), Column("system", width: 16), Column("practice id", width: 36),
                Column("practice", width: 40), Column("kind", width: 8), Column("from", width: 10),
                Column("to", width: 10), Column("cost", width: 12, style: .amount),
                Column("effort", width: 10, style: .amount),
            ],
            rows: roadmap.steps.map { step in
                [
                    .text("\(step.quarter)"), .text(step.systemID), .text(step.practiceID),
                    .text(names[step.practiceID] ?? step.practiceID), .text(step.kind.rawValue),
                    .text(PlanReport.stepValue(step, step.from)), .text(PlanReport.stepValue(step, step.to)),
                    .number(step.cost), .number(step.effort),
                ]
            })
        let quarters = Sheet(
            name: "Quarters",
            columns: [
                Column("quarter", width: 10), Column("steps", width: 8, style: .integer),
                Column("budget", width: 12, style: .amount), Column("available", width: 12, style: .amount),
                Column("spend", width: 12, style: .amount), Column("effort", width: 10, style: .amount),
                Column("effort capacity", width: 16, style: .amount),
                Column("attainment", width: 12, style: .percent),
            ],
            rows: roadmap.quarters.map { q in
                [
                    .text("\(q.quarter)"), .number(Double(roadmap.steps.count { $0.quarterIndex == q.index })),
                    .number(q.budget), .number(q.available), .number(q.spend), .number(q.effort),
                    q.effortCapacity.map(Cell.number) ?? .empty, .number(q.attainment),
                ]
            })
        let now = GapAnalysis(scenario: roadmap.scenario), end = roadmap.plannedGap()
        let gapRows: [[Cell]] = zip(now.systems, end.systems).flatMap { before, after in
            zip(before.practices, after.practices).map { a, b in
                [
                    .text(a.systemID), .text(a.domainID), .text(a.subdomainID), .text(a.practiceID),
                    .number(Double(a.currentLevel)), .text(a.currentScope.id), .number(Double(b.currentLevel)),
                    .text(b.currentScope.id), .number(Double(a.targetLevel)), .text(a.targetScope.id),
                    .number(b.cost),
                ]
            }
        }
        let gap = Sheet(
            name: "Gap",
            columns: [
                Column("system", width: 16), Column("domain", width: 14), Column("subdomain", width: 36),
                Column("practice id", width: 40), Column("current level", width: 14, style: .integer),
                Column("current scope", width: 14), Column("planned level", width: 14, style: .integer),
                Column("planned scope", width: 14), Column("target level", width: 13, style: .integer),
                Column("target scope", width: 13), Column("cost left", width: 12, style: .amount),
            ],
            rows: gapRows)
        return Workbook(sheets: [steps, quarters, gap])
    }
}
