import GapAnalysis
import MaturityModel
import Roadmaps
import ScenarioModel
import Spreadsheets

/// A roadmap as a workbook (`plan -f xlsx`) a finance office can take as it is:
/// - Summary: the figures of the report's first page, each a typed value;
/// - Roadmap: one row per step (a re-plan's done steps first), with names and ids, numeric levels,
///   the reason for its quarter, the deadline it meets and its variance against the baseline;
/// - Quarters: money, effort, attainment and what binds, with a totals row;
/// - Deadlines (when there are any);
/// - Stakeholders (spec §7, when there are any): each party's ideal, value, share, what it pays in
///   all and per quarter, and the others' shares under its ideal;
/// - Gap: each practice now, at the end and its target.
/// Money is whole currency with the scenario's currency; totals are values, not formulas.
public enum PlanWorkbook {
    public static func workbook(_ roadmap: Roadmap) -> Workbook {
        var sheets = [summary(roadmap), steps(roadmap), quarters(roadmap)]
        if !roadmap.deadlineStatuses.isEmpty { sheets.append(deadlines(roadmap)) }
        if let negotiation = roadmap.negotiation { sheets.append(stakeholders(roadmap, negotiation)) }
        sheets.append(gap(roadmap))
        return Workbook(sheets: sheets, currency: roadmap.scenario.currency)
    }

    /// "name (id)", or the id alone when they are the same.
    static func named(_ name: String, _ id: String) -> String { name == id ? id : "\(name) (\(id))" }

    static func summary(_ roadmap: Roadmap) -> Sheet {
        let scenario = roadmap.scenario
        let programme = roadmap.programme
        var rows: [[Cell]] = [
            [.text("scenario"), .text(scenario.name), .text(scenario.source)],
            [
                .text("status"), .text(roadmap.status.rawValue),
                .text(
                    roadmap.status == .optimal
                        ? "proven optimal" : roadmap.gap.map { "within \(formatGap($0))" } ?? ""),
            ],
            [
                .text("objective"), roadmap.objectiveValue.map { .styled($0, .amount) } ?? .empty,
                .text(roadmap.objectiveSense),
            ],
            [.text("proven bound"), roadmap.bound.map { .styled($0, .amount) } ?? .empty, .empty],
            [
                .text("steps"), .styled(Double(programme.steps), .integer),
                .text("over \(scenario.horizon) quarters from \(scenario.start)"),
            ],
            [.text("total cost"), .styled(programme.cost, .money), .text(scenario.currency ?? "")],
            [.text("total effort"), .styled(programme.effort, .amount), .empty],
        ]
        if let progress = scenario.progress {
            rows += [
                [
                    .text("spent before \(progress.asOf)"), .styled(programme.spent, .money),
                    .text("\(programme.doneSteps) steps done"),
                ],
                [
                    .text("planned from \(progress.asOf)"), .styled(programme.plannedCost, .money),
                    .text("\(programme.plannedSteps) steps"),
                ],
                [
                    .text("cost variance of done steps"), .styled(programme.doneCostVariance, .money),
                    .text("actual less the scenario's cost"),
                ],
            ]
        }
        if let total = scenario.budget.total { rows.append([.text("total budget"), .styled(total, .money), .empty]) }
        rows += [
            [
                .text("attainment at the start"), .styled(roadmap.openingAttainment, .percent),
                .text(scenario.progress.map { "at \($0.asOf)" } ?? "now"),
            ],
            [
                .text("attainment at the end"), .styled(roadmap.plannedGap().portfolio.attainment, .percent),
                .text("end of \(scenario.quarter(scenario.horizon))"),
            ],
            [
                .text("all targets reached by"),
                .text(roadmap.allTargetsReached.map { "\($0)" } ?? "not within the plan"), .empty,
            ],
        ]
        if !roadmap.deadlineStatuses.isEmpty {
            let tally = roadmap.deadlineTally
            rows.append([.text("deadlines met"), .text("\(tally.met) of \(tally.total)"), .text(tally.details)])
        }
        rows.append([.text("what binds"), .text(roadmap.planLimits.description), .empty])
        for line in roadmap.valuation.lines { rows.append([.text("what the plan valued"), .text(line), .empty]) }
        rows.append([.text("solver"), .text(roadmap.report.solver), .empty])
        var sheet = Sheet(
            name: "Summary",
            columns: [Column("figure", width: 30), Column("value", width: 60), Column("detail", width: 40)],
            rows: rows)
        sheet.filters = false
        return sheet
    }

    static func steps(_ roadmap: Roadmap) -> Sheet {
        let scenario = roadmap.scenario
        let practiceNames = Dictionary(
            scenario.catalog.practices.map { ($0.practice.id, $0.practice.name) }, uniquingKeysWith: { a, _ in a })
        let systemNames = Dictionary(scenario.systems.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let met = PlanReport.deadlinesMet(roadmap)
        let variance = Dictionary(
            (roadmap.variance?.steps ?? []).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let replan = scenario.progress != nil
        func row(_ step: ScheduledStep, status: String, reason: String) -> [Cell] {
            let level = step.kind == .level
            let change = variance[step.id].map { v in
                v.state.rawValue + (v.baselineQuarter.map { " (baseline \($0))" } ?? "")
            }
            return [
                .text("\(step.quarter)"), .text(status), .text(systemNames[step.systemID] ?? step.systemID),
                .text(step.systemID), .text(practiceNames[step.practiceID] ?? step.practiceID), .text(step.practiceID),
                .text(step.kind.rawValue), level ? .number(Double(step.from)) : .empty,
                level ? .number(Double(step.to)) : .empty,
                level ? .empty : .text(Scope(rawValue: step.from)!.id),
                level ? .empty : .text(Scope(rawValue: step.to)!.id),
                .number(step.cost), step.plannedCost.map(Cell.number) ?? .empty, .number(step.effort), .text(reason),
                .text(met[step.id] ?? ""), .text(change ?? ""),
            ]
        }
        let history = roadmap.historySteps.map { row($0, status: "done", reason: "") }
        let planned = zip(roadmap.steps, roadmap.stepReasons).map { step, reason in
            row(step, status: "planned", reason: reason?.description ?? "")
        }
        var sheet = Sheet(
            name: "Roadmap",
            columns: [
                Column("quarter", width: 10), Column("status", width: 9), Column("system", width: 24),
                Column("system id", width: 14), Column("practice", width: 40), Column("practice id", width: 34),
                Column("kind", width: 7), Column("from level", width: 10, style: .integer),
                Column("to level", width: 9, style: .integer), Column("from scope", width: 11),
                Column("to scope", width: 10), Column("cost", width: 13, style: .money),
                Column(replan ? "planned cost" : "scenario cost", width: 13, style: .money),
                Column("effort", width: 9, style: .amount), Column("reason", width: 36),
                Column("deadline", width: 34), Column("variance", width: 26),
            ],
            rows: history + planned)
        let all = roadmap.programmeSteps
        sheet.totals =
            [.text("total"), .text("\(all.count) steps")] + Array(repeating: .empty, count: 9) + [
                .number(all.reduce(0) { $0 + $1.cost }), .empty, .number(all.reduce(0) { $0 + $1.effort }), .empty,
                .empty, .empty,
            ]
        return sheet
    }

    static func quarters(_ roadmap: Roadmap) -> Sheet {
        let opening = roadmap.scenario.progress?.asOfIndex ?? 1
        let count = Dictionary(grouping: roadmap.programmeSteps, by: \.quarterIndex).mapValues(\.count)
        var sheet = Sheet(
            name: "Quarters",
            columns: [
                Column("quarter", width: 10), Column("steps", width: 8, style: .integer),
                Column("budget", width: 13, style: .money), Column("available", width: 13, style: .money),
                Column("spend", width: 13, style: .money), Column("effort", width: 10, style: .amount),
                Column("effort capacity", width: 16, style: .amount),
                Column("attainment", width: 12, style: .percent), Column("what binds", width: 30),
            ],
            rows: roadmap.quarters.map { q in
                let limit = roadmap.quarterLimits.first { $0.quarterIndex == q.index }
                return [
                    .text("\(q.quarter)"), .number(Double(count[q.index] ?? 0)),
                    .number(q.budget), .number(q.available), .number(q.spend), .number(q.effort),
                    q.effortCapacity.map(Cell.number) ?? .empty, .number(q.attainment),
                    .text(q.index < opening ? "history" : limit?.description ?? ""),
                ]
            })
        let sum = { (value: (QuarterSummary) -> Double) in roadmap.quarters.reduce(0) { $0 + value($1) } }
        sheet.totals = [
            .text("total"), .number(Double(roadmap.programmeSteps.count)), .number(sum(\.budget)), .empty,
            .number(sum(\.spend)), .number(sum(\.effort)),
            roadmap.scenario.effortCapacity.map { _ in .number(sum { $0.effortCapacity ?? 0 }) } ?? .empty,
            .empty, .empty,
        ]
        return sheet
    }

    static func deadlines(_ roadmap: Roadmap) -> Sheet {
        let systemNames = Dictionary(roadmap.scenario.systems.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return Sheet(
            name: "Deadlines",
            columns: [
                Column("system", width: 24), Column("system id", width: 14), Column("practice id", width: 34),
                Column("level", width: 7, style: .integer), Column("scope", width: 9), Column("by", width: 10),
                Column("margin", width: 8, style: .integer), Column("reached", width: 10),
                Column("slack (quarters)", width: 15, style: .integer), Column("status", width: 14),
            ],
            rows: roadmap.deadlineStatuses.map { status in
                [
                    .text(systemNames[status.systemID] ?? status.systemID), .text(status.systemID),
                    .text(status.deadline.practiceID), status.deadline.level.map { .number(Double($0)) } ?? .empty,
                    status.deadline.scope.map { .text($0.id) } ?? .empty, .text("\(status.deadline.by)"),
                    .number(Double(status.deadline.margin)),
                    status.reached.map { .text("\($0)") }
                        ?? .text(status.state == .alreadyMet ? "before the plan" : ""),
                    status.slack.map { .number(Double($0)) } ?? .empty, .text(status.state.words),
                ]
            })
    }

    static func gap(_ roadmap: Roadmap) -> Sheet {
        let scenario = roadmap.scenario
        let names = Dictionary(
            scenario.catalog.practices.map { ($0.practice.id, $0.practice.name) }, uniquingKeysWith: { a, _ in a })
        let systemNames = Dictionary(scenario.systems.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let now = GapAnalysis(scenario: scenario), end = roadmap.plannedGap()
        let gapRows: [[Cell]] = zip(now.systems, end.systems).flatMap { before, after in
            zip(before.practices, after.practices).map { a, b in
                [
                    .text(systemNames[a.systemID] ?? a.systemID), .text(a.systemID), .text(a.domainID),
                    .text(a.subdomainID), .text(names[a.practiceID] ?? a.practiceID), .text(a.practiceID),
                    .number(Double(a.currentLevel)), .text(a.currentScope.id), .number(Double(b.currentLevel)),
                    .text(b.currentScope.id), .number(Double(a.targetLevel)), .text(a.targetScope.id),
                    .number(b.cost),
                ]
            }
        }
        var sheet = Sheet(
            name: "Gap",
            columns: [
                Column("system", width: 24), Column("system id", width: 14), Column("domain", width: 14),
                Column("subdomain", width: 36), Column("practice", width: 40), Column("practice id", width: 34),
                Column("current level", width: 14, style: .integer), Column("current scope", width: 14),
                Column("planned level", width: 14, style: .integer), Column("planned scope", width: 14),
                Column("target level", width: 13, style: .integer), Column("target scope", width: 13),
                Column("cost left", width: 13, style: .money),
            ],
            rows: gapRows)
        sheet.totals =
            [.text("total")] + Array(repeating: .empty, count: 11) + [
                .number(gapRows.reduce(0) { if case .number(let c) = $1[12] { $0 + c } else { $0 } })
            ]
        return sheet
    }

    static func stakeholders(_ roadmap: Roadmap, _ negotiation: Negotiation) -> Sheet {
        let pays = negotiation.partiesPay
        let others = negotiation.included.map(\.id)
        var sheet = Sheet(
            name: "Stakeholders",
            columns: [
                Column("party", width: 24), Column("party id", width: 14), Column("ideal", width: 10, style: .amount),
                Column("ideal status", width: 12), Column("value", width: 10, style: .amount),
                Column("share", width: 9, style: .percent), Column("pays in all", width: 13, style: .money),
            ] + roadmap.quarters.map { Column("pays \($0.quarter)", width: 13, style: .money) }
                + others.map { Column("\($0)'s share under this party's ideal", width: 22, style: .percent) },
            rows: negotiation.parties.map { party in
                let ifIdeal = Dictionary(
                    party.sharesIfIdeal.map { ($0.party, $0.share) }, uniquingKeysWith: { a, _ in a })
                return [
                    .text(party.name), .text(party.id), .number(party.ideal), .text(party.idealStatus.rawValue),
                    .number(party.value), party.share.map(Cell.number) ?? .text("left out"),
                    pays ? .number(party.totalPaid) : .empty,
                ] + roadmap.quarters.map { q in pays ? .number(party.pays[q.index - 1]) : .empty }
                    + others.map { ifIdeal[$0].map(Cell.number) ?? .empty }
            })
        sheet.totals =
            [.text("total"), .empty, .empty, .empty, .empty, .empty]
            + [pays ? .number(negotiation.parties.reduce(0) { $0 + $1.totalPaid }) : .empty]
            + roadmap.quarters.map { q in
                pays ? .number(negotiation.parties.reduce(0) { $0 + $1.pays[q.index - 1] }) : .empty
            } + others.map { _ in .empty }
        return sheet
    }
}
