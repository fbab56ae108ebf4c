import Foundation
import MaturityModel
import Roadmaps
import ScenarioModel

/// A stakeholder scenario's sections (spec §7): each party's ideal, value, share and payments, the
/// price of each position, the contested steps, the agreed core and the frontier, as terminal
/// text, Markdown and plan JSON. Everything is read from `Roadmap.negotiation`.
enum NegotiationReport {
    /// The stakeholders' table: ideal, value in the agreed plan, share, what each pays, and the
    /// others' shares under its ideal (the price of its position).
    static func partyTable(_ negotiation: Negotiation, money: (String) -> String) -> TextTable {
        let pays = negotiation.partiesPay
        var table = TextTable(
            headers: ["party", "ideal", "value", "share"] + (pays ? ["pays"] : []) + ["others' shares if its ideal"],
            alignments: [.left, .right, .right, .right] + (pays ? [.right] : []) + [.left])
        for party in negotiation.parties {
            let ideal =
                formatValue(party.ideal) + (party.idealStatus == .optimal || party.isLeftOut ? "" : " (unproven)")
            table.append(
                [
                    party.id, ideal, formatValue(party.value),
                    party.share.map(formatShare) ?? "left out (ideal 0)",
                ] + (pays ? [money(formatAmount(party.totalPaid))] : []) + [
                    party.sharesIfIdeal.map { "\($0.party) \(formatShare($0.share))" }.joined(separator: ", ")
                ])
        }
        return table
    }

    /// What each paying party pays per quarter (rule 5).
    static func paymentTable(_ roadmap: Roadmap) -> TextTable? {
        guard let negotiation = roadmap.negotiation, negotiation.partiesPay else { return nil }
        let parties = negotiation.parties
        var table = TextTable(
            headers: ["quarter"] + parties.map(\.id) + ["total"],
            alignments: [.left] + parties.map { _ in .right } + [.right])
        for q in roadmap.quarters {
            let paid = parties.map { $0.pays[q.index - 1] }
            table.append(["\(q.quarter)"] + paid.map(formatAmount) + [formatAmount(paid.reduce(0, +))])
        }
        return table
    }

    static func contestedTable(_ negotiation: Negotiation) -> TextTable {
        var table = TextTable(headers: ["system", "practice", "step", "wanted by"])
        for entry in negotiation.contested {
            table.append([
                entry.step.systemID, entry.step.practiceID, stepWords(entry.step),
                entry.wantedBy.joined(separator: ", "),
            ])
        }
        return table
    }

    static func frontierTable(_ negotiation: Negotiation) -> TextTable? {
        guard negotiation.frontierParties.count == 2, !negotiation.frontier.isEmpty else { return nil }
        let a = negotiation.frontierParties[0], b = negotiation.frontierParties[1]
        var table = TextTable(
            headers: ["\(b) at least", "\(a)'s share", "\(b)'s share", "steps", "status"],
            alignments: [.right, .right, .right, .right, .left])
        for point in negotiation.frontier {
            table.append([
                formatShare(point.required), formatShare(point.shares[0]), formatShare(point.shares[1]),
                "\(point.steps.count)", point.status.rawValue,
            ])
        }
        return table
    }

    /// Each party's share of a plan in words, "operator 79.2%, vendor 79.8%" (compare, sweep);
    /// `nil` without stakeholders.
    static func sharesText(_ roadmap: Roadmap, csv: Bool = false) -> String? {
        guard let negotiation = roadmap.negotiation else { return nil }
        return negotiation.parties.map { party in
            let share = party.share.map { csv ? csvNumber($0) : formatShare($0) } ?? "left out"
            return csv ? "\(party.id)=\(share)" : "\(party.id) \(share)"
        }.joined(separator: csv ? ";" : ", ")
    }

    /// Each party's share as a JSON object in party order (`null` for a party left out).
    static func sharesJSON(_ roadmap: Roadmap) -> JSONValue? {
        roadmap.negotiation.map { negotiation in
            .object(negotiation.parties.map { ($0.id, $0.share.map(JSONValue.number) ?? .null) })
        }
    }

    /// " Paid by operator (50.0%), vendor (50.0%)." for a step some parties pay; "" otherwise.
    static func paidBy(_ step: ScheduledStep) -> String {
        let payers = step.payers.filter { $0.share > 0 }
        guard !payers.isEmpty else { return "" }
        return " Paid by " + payers.map { "\($0.party) (\(formatPercent($0.share)))" }.joined(separator: ", ") + "."
    }

    /// "level 3", "scope system".
    static func stepWords(_ step: StepID) -> String {
        step.kind == .level ? "level \(step.to)" : "scope \(Scope(rawValue: step.to)!.id)"
    }

    /// The headline's lines for a negotiated plan: the rule and its criteria.
    static func summary(_ negotiation: Negotiation) -> [String] {
        var lines = [
            "agreement (\(negotiation.rule.rawValue)): smallest share \(formatShare(negotiation.minShare)), "
                + "sum of shares \(formatValue(negotiation.sumShares))"
                + (negotiation.rule == .weighted ? ", weighted sum \(formatValue(negotiation.weightedSum))" : "")
        ]
        if let error = negotiation.approximationError {
            lines.append(
                "nash: Σ log share \(negotiation.logSum.map(formatValue) ?? "-∞"); the piecewise-linear log may "
                    + "overstate a share by up to \(formatGap(negotiation.shareError ?? 0)) (log error "
                    + "\(String(format: "%.2g", error)))")
        }
        let unproven = negotiation.unprovenIdeals
        if !unproven.isEmpty {
            lines.append(
                "ideals not proven optimal (shares are against the best plan found): "
                    + unproven.joined(separator: ", "))
        }
        for party in negotiation.parties where party.isLeftOut {
            lines.append("\(party.id) wants nothing the plan can give (ideal 0): left out of the agreement")
        }
        return lines
    }

    /// The terminal or Markdown sections.
    static func sections(_ roadmap: Roadmap, markdown: Bool) -> String {
        guard let negotiation = roadmap.negotiation else { return "" }
        let money = roadmap.scenario.money
        func title(_ text: String) -> String { markdown ? "\n## \(text)\n\n" : "\n\(text)\n" }
        func render(_ table: TextTable) -> String { markdown ? table.markdown() : table.terminal() }
        var out = title("Stakeholders") + render(partyTable(negotiation, money: money))
        if let payments = paymentTable(roadmap) { out += title("Who pays, per quarter") + render(payments) }
        out += title("Contested steps (in some party's ideal, not in the agreed plan)")
        out += negotiation.contested.isEmpty ? "none\n" : render(contestedTable(negotiation))
        out += title("Agreed core (in every party's ideal and in the plan)")
        out +=
            negotiation.core.isEmpty
            ? "none\n"
            : negotiation.core.map { "\(markdown ? "- " : "  ")\($0.systemID) \($0.practiceID) \(stepWords($0))" }
                .joined(separator: "\n") + "\n"
        if let frontier = frontierTable(negotiation) {
            out += title("Frontier of \(negotiation.frontierParties.joined(separator: " and "))") + render(frontier)
        }
        return out
    }

    /// Spec §7's keys of the plan JSON.
    static func add(_ roadmap: Roadmap, to document: inout PlanDocument) {
        guard let negotiation = roadmap.negotiation else { return }
        var agreement = PlanDocument.AgreementSummary()
        agreement.rule = negotiation.rule.rawValue
        agreement.minShare = negotiation.minShare
        agreement.sumShares = negotiation.sumShares
        if negotiation.rule == .weighted { agreement.weightedSum = negotiation.weightedSum }
        if negotiation.rule == .nash {
            agreement.logSum = .init(negotiation.logSum)
            agreement.logError = negotiation.approximationError
            agreement.shareError = negotiation.shareError
        }
        if !negotiation.unprovenIdeals.isEmpty { agreement.unprovenIdeals = negotiation.unprovenIdeals }
        document.agreement = agreement
        document.stakeholders = negotiation.parties.map { party in
            var entry = PlanDocument.Party()
            entry.id = party.id
            entry.name = party.name
            entry.ideal = party.ideal
            entry.idealStatus = party.idealStatus.rawValue
            entry.idealBound = party.idealBound
            entry.value = party.value
            entry.share = .init(party.share)
            if negotiation.rule == .weighted { entry.weight = party.weight }
            if negotiation.partiesPay { entry.pays = party.pays }
            entry.sharesIfIdeal = PlanDocument.Shares(party.sharesIfIdeal.map { ($0.party, $0.share) })
            if party.isLeftOut { entry.leftOut = true }
            return entry
        }
        document.contested = negotiation.contested.map { stepRef($0.step, wantedBy: $0.wantedBy) }
        document.core = negotiation.core.map { stepRef($0, wantedBy: nil) }
        if !negotiation.frontier.isEmpty {
            var frontier = PlanDocument.Frontier()
            frontier.parties = negotiation.frontierParties
            frontier.points = negotiation.frontier.map { point in
                var entry = PlanDocument.FrontierPoint()
                entry.required = point.required
                entry.shares = PlanDocument.Shares(Array(zip(negotiation.frontierParties, point.shares)))
                entry.status = point.status.rawValue
                entry.steps = point.steps.map(PlanReport.stepDocument)
                return entry
            }
            document.frontier = frontier
        }
    }

    private static func stepRef(_ step: StepID, wantedBy: [String]?) -> PlanDocument.StepRef {
        var entry = PlanDocument.StepRef()
        entry.system = step.systemID
        entry.practice = step.practiceID
        entry.kind = step.kind.rawValue
        entry.to = PlanReport.target(step.kind, step.to)
        entry.wantedBy = wantedBy
        return entry
    }
}

/// A share as a percentage with one decimal: 0.9134 -> "91.3%".
func formatShare(_ share: Double) -> String { formatPercent(share) }

/// A value (an ideal, a criterion) with two decimals at most.
func formatValue(_ value: Double) -> String { formatAmount(value) }
