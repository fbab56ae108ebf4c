import Foundation
import GapAnalysis
import MaturityModel
import Roadmaps
import ScenarioModel

/// A roadmap as an OSCAL plan of action and milestones (`plan -f oscal-poam`, OSCAL 1.1.2 JSON).
///
/// One risk and one POA&M item per practice whose level or scope is below its target: the risk
/// states the gap; its remediation (lifecycle `planned`) holds the planned steps as tasks, each
/// timed to its quarter (`within-date-range`). Every UUID is derived from the scenario and the
/// step's identity (`DeterministicUUID`), and `last-modified` is given by the caller (the
/// scenario file's time), so exporting the same plan twice gives the same file. With stakeholders
/// who pay (spec §7 rule 5), each is a party of the metadata and each task names the parties that
/// pay for its step in the role `payer` (`responsible-roles`).
public enum OSCALPOAM {
    public static let oscalVersion = "1.1.2"

    /// - Parameters:
    ///   - roadmap: The plan.
    ///   - lastModified: The document's `last-modified` time.
    public static func render(_ roadmap: Roadmap, lastModified: Date) -> String {
        let scenario = roadmap.scenario
        let key = documentKey(scenario)
        var risks: [JSONValue] = [], items: [JSONValue] = []
        // Grouped once: filtering every step for every gap took 100 s at 10,000 systems.
        let stepsByGap = Dictionary(grouping: roadmap.steps) { "\($0.systemID)\u{0}\($0.practiceID)" }
        for system in GapAnalysis(scenario: scenario).systems {
            for gap in system.practices where gap.isBelowTarget {
                let steps = stepsByGap["\(gap.systemID)\u{0}\(gap.practiceID)"] ?? []
                let gapKey = key + [gap.systemID, gap.practiceID]
                let riskID = DeterministicUUID.make(gapKey + ["risk"])
                let name = scenario.catalog.location(ofPractice: gap.practiceID)?.practice.name ?? gap.practiceID
                let title = "\(name) of \(gap.systemID) below its target"
                let statement =
                    "\(name) (\(gap.practiceID)) of system \(gap.systemID) is at comprehensiveness level "
                    + "\(gap.currentLevel), scope \(gap.currentScope.id); the target is level \(gap.targetLevel), "
                    + "scope \(gap.targetScope.id) (IIC IoT Security Maturity Model)."
                risks.append(
                    risk(
                        id: riskID, key: gapKey, title: title, statement: statement, steps: steps,
                        gap: gap, roadmap: roadmap))
                items.append(
                    .object([
                        ("uuid", .string(DeterministicUUID.make(gapKey + ["item"]))),
                        ("title", .string(title)),
                        ("description", .string(statement)),
                        ("related-risks", .array([.object([("risk-uuid", .string(riskID))])])),
                    ]))
            }
        }
        var poam: [(String, JSONValue)] = [
            ("uuid", .string(DeterministicUUID.make(key + ["poam"]))),
            (
                "metadata",
                .object(
                    [
                        ("title", .string("Plan of action and milestones: \(scenario.name)")),
                        ("last-modified", .string(timestamp(lastModified))),
                        ("version", .string("smm-plan/1 \(roadmap.status.rawValue)")),
                        ("oscal-version", .string(oscalVersion)),
                    ] + payerMetadata(roadmap, key: key) + [
                        (
                            "remarks",
                            .string(
                                "Made by smm plan -f oscal-poam from the security roadmap: \(roadmap.steps.count) "
                                    + "steps over \(scenario.horizon) quarters from \(scenario.start).")
                        )
                    ])
            ),
            (
                "system-id",
                .object([
                    ("identifier-type", .string("http://ietf.org/rfc/rfc4122")),
                    ("id", .string(DeterministicUUID.make(key + ["system"]))),
                ])
            ),
        ]
        if !risks.isEmpty { poam.append(("risks", .array(risks))) }
        poam.append(("poam-items", .array(items)))
        return JSONValue.object([("plan-of-action-and-milestones", .object(poam))]).rendered()
    }

    private static func risk(
        id: String, key: [String], title: String, statement: String, steps: [ScheduledStep],
        gap: PracticeGap, roadmap: Roadmap
    ) -> JSONValue {
        let planned = steps.count, needed = gap.levelSteps + gap.scopeSteps
        let scenarioKey = documentKey(roadmap.scenario)
        var fields: [(String, JSONValue)] = [
            ("uuid", .string(id)), ("title", .string(title)),
            ("description", .string("The gap between the assessed and the target profile of this practice.")),
            ("statement", .string(statement)),
            ("status", .string("open")),
        ]
        if let last = steps.map(\.quarter).max() {
            fields.append(("deadline", .string(last.lastDay + "T23:59:59Z")))
        }
        let description =
            planned == needed
            ? "The roadmap closes the gap in \(planned) step\(planned == 1 ? "" : "s")."
            : "The roadmap plans \(planned) of the \(needed) steps that close the gap within its horizon."
        if planned > 0 {
            fields.append(
                (
                    "remediations",
                    .array([
                        .object([
                            ("uuid", .string(DeterministicUUID.make(key + ["remediation"]))),
                            ("lifecycle", .string("planned")),
                            ("title", .string("Roadmap steps")),
                            ("description", .string(description)),
                            ("tasks", .array(steps.map { task($0, key: key, scenarioKey: scenarioKey) })),
                        ])
                    ])
                ))
        }
        return .object(fields)
    }

    /// The `payer` role and a party per stakeholder that pays (none without `pays`).
    private static func payerMetadata(_ roadmap: Roadmap, key: [String]) -> [(String, JSONValue)] {
        let scenario = roadmap.scenario
        guard scenario.partiesPay else { return [] }
        return [
            (
                "roles",
                .array([
                    .object([
                        ("id", .string("payer")), ("title", .string("Pays for the step")),
                        (
                            "description",
                            .string("A stakeholder that pays part or all of the step's cost (smm spec §7).")
                        ),
                    ])
                ])
            ),
            (
                "parties",
                .array(
                    scenario.stakeholders.filter { $0.pays != nil }.map { party in
                        .object([
                            ("uuid", .string(partyUUID(party.id, key: key))), ("type", .string("organization")),
                            ("name", .string(party.name)), ("short-name", .string(party.id)),
                        ])
                    })
            ),
        ]
    }

    /// What every UUID of the document is derived from first.
    private static func documentKey(_ scenario: Scenario) -> [String] { ["smm", scenario.name] }

    private static func partyUUID(_ id: String, key: [String]) -> String {
        DeterministicUUID.make(key + ["party", id])
    }

    private static func task(_ step: ScheduledStep, key: [String], scenarioKey: [String]) -> JSONValue {
        let what = step.kind == .level ? "level \(step.to)" : "scope \(PlanReport.stepValue(step, step.to))"
        let payers = step.payers.filter { $0.share > 0 }
        let paid = NegotiationReport.paidBy(step)
        return .object(
            [
                ("uuid", .string(DeterministicUUID.make(key + [step.kind.rawValue, String(step.to)]))),
                ("type", .string("milestone")),
                ("title", .string("Reach \(what) in \(step.quarter)")),
                (
                    "description",
                    .string(
                        "Raise \(step.practiceID) of \(step.systemID) from "
                            + "\(PlanReport.stepValue(step, step.from)) to \(PlanReport.stepValue(step, step.to)); "
                            + "cost \(formatAmount(step.cost)), effort \(formatAmount(step.effort))." + paid)
                ),
                (
                    "timing",
                    .object([
                        (
                            "within-date-range",
                            .object([
                                ("start", .string(step.quarter.firstDay + "T00:00:00Z")),
                                ("end", .string(step.quarter.lastDay + "T23:59:59Z")),
                            ])
                        )
                    ])
                ),
            ]
                + (payers.isEmpty
                    ? []
                    : [
                        (
                            "responsible-roles",
                            .array([
                                .object([
                                    ("role-id", .string("payer")),
                                    (
                                        "party-uuids",
                                        .array(payers.map { .string(partyUUID($0.party, key: scenarioKey)) })
                                    ),
                                ])
                            ])
                        )
                    ]))
    }

    private static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
