import Foundation
import MaturityModel
import Roadmaps
import ScenarioModel

/// A sweep's frontier (`smm sweep`).
public enum SweepReport {
    /// Renders the points of a sweep.
    /// - Parameters:
    ///   - points: The points, in parameter order.
    ///   - parameter: What was swept.
    ///   - format: The output format.
    ///   - complete: False when the sweep was interrupted: JSON says `"complete": false`, the
    ///     table and Markdown say how many points were planned (CSV rows stay rows; the exit
    ///     status says it).
    ///   - requested: How many points were asked for.
    /// - Returns: The text.
    public static func render(
        _ points: [SweepPoint], parameter: SweepParameter, format: ReportFormat, complete: Bool = true,
        requested: Int? = nil
    ) -> String {
        let notice =
            complete
            ? ""
            : "interrupted: \(points.count) of \(requested ?? points.count) points planned; the frontier is incomplete\n\n"
        switch format {
        case .json:
            return JSONValue.object([
                ("format", .string("smm-sweep/1")),
                ("complete", .bool(complete)),
                ("scenario", .string(points.first?.roadmap.scenario.name ?? "")),
                ("parameter", .string(parameter.rawValue)),
                (
                    "points",
                    .array(
                        points.map { pointJSON($0, parameter) })
                ),
            ]).rendered()
        case .csv, .markdown, .table:
            // What a budget holder asks first (attainment, when every target is met, spend), then
            // the optimisation's own figures.
            // With stakeholders (spec §7), each party's share per point.
            let negotiated = points.contains { $0.roadmap.negotiation != nil }
            var table = TextTable(
                headers: [
                    parameter.rawValue, "status", "attainment at end", "all targets by", "spend",
                    "what binds", parameter == .horizon ? "" : "points per 10,000", "steps", "value", "bound",
                    "marginal value", negotiated ? "shares" : "",
                ].filter { !$0.isEmpty },
                alignments: [.right, .left, .right, .left, .right, .left] + (parameter == .horizon ? [] : [.right])
                    + [.right, .right, .right, .right] + (negotiated ? [.left] : []))
            let csv = format == .csv
            func number(_ value: Double) -> String { csv ? csvNumber(value) : formatAmount(value) }
            for p in points {
                let r = p.roadmap
                let attainment = r.quarters.last?.attainment ?? 0
                let marginal: String = p.marginalValue.map { csv ? csvNumber($0) : String(format: "%.6g", $0) } ?? "-"
                let value: String = r.objectiveValue.map(number) ?? "-"
                let bound: String = r.bound.map(number) ?? "-"
                let reached = r.allTargetsReached.map { "\($0)" } ?? (csv ? "" : "not within the plan")
                let binds = csv ? r.planLimits.main?.rawValue ?? "" : r.planLimits.main?.words ?? "-"
                let perTenThousand: [String] =
                    parameter == .horizon
                    ? [] : [p.attainmentPointsPer10000.map { csv ? csvNumber($0) : String(format: "%.2f", $0) } ?? "-"]
                table.append(
                    [
                        number(p.value), r.status.rawValue, csv ? csvNumber(attainment) : formatPercent(attainment),
                        reached, number(r.totalCost), binds,
                    ] + perTenThousand + ["\(r.steps.count)", value, bound, marginal]
                        + (negotiated ? [NegotiationReport.sharesText(r, csv: csv) ?? ""] : []))
            }
            let verdict = Self.verdict(points, parameter: parameter)
            switch format {
            case .csv: return table.csv()
            case .markdown:
                return
                    "# Sweep of \(parameter.rawValue): "
                    + "\(Escaping.markdown(points.first?.roadmap.scenario.name ?? ""))\n\n"
                    + (complete ? "" : "**" + notice.trimmingCharacters(in: .newlines) + "**\n\n")
                    + table.markdown() + (verdict.map { "\n\($0)\n" } ?? "")
                    + "\nMarginal value: objective gained per unit of \(parameter.rawValue) up to the next point.\n"
            default:
                return
                    "Sweep of \(parameter.rawValue): \(Escaping.terminal(points.first?.roadmap.scenario.name ?? ""))\n"
                    + notice + table.terminal() + (verdict.map { "\n\($0)\n\n" } ?? "")
                    + "points per 10,000: attainment points gained per 10,000 more budget (the quarterly "
                    + "budget's over the whole plan) up to the next point\n"
                    + "marginal value: objective gained per unit of \(parameter.rawValue) up to the next point\n"
            }
        }
    }

    /// Where more money stops helping: the first budget point from which attainment no longer
    /// rises, and why (every target reached, or a limit other than money binds).
    static func verdict(_ points: [SweepPoint], parameter: SweepParameter) -> String? {
        guard parameter != .horizon, points.count > 1 else { return nil }
        let attainment = points.map { $0.roadmap.quarters.last?.attainment ?? 0 }
        guard let last = attainment.last,
            let first = attainment.indices.first(where: { i in attainment[i...].allSatisfy { abs($0 - last) < 1e-9 } })
        else { return nil }
        let point = points[first]
        guard first < points.count - 1 else {
            return "More money still raises attainment at the last point, \(formatAmount(point.value))."
        }
        let why: String
        if point.roadmap.allTargetsReached != nil {
            why = "every target is reached; more money only reaches them sooner"
        } else if let main = point.roadmap.planLimits.main, main != .budget, main != .totalBudget {
            why = "the plan is held by \(main.words), not money"
        } else if parameter == .quarterlyBudget, point.roadmap.planLimits.main == .totalBudget {
            why = "the total budget binds: raise budget.total (or --set budget.total=null) to see more"
        } else {
            why = "attainment no longer rises"
        }
        return "More money stops raising attainment at \(formatAmount(point.value)): \(why)."
    }

    /// One point of a sweep in JSON.
    static func pointJSON(_ p: SweepPoint, _ parameter: SweepParameter) -> JSONValue {
        let r = p.roadmap
        var fields: [(String, JSONValue)] = [
            (parameter.jsonKey, .number(p.value)), ("status", .string(r.status.rawValue)),
            ("value", r.objectiveValue.map(JSONValue.number) ?? .null),
            ("bound", r.bound.map(JSONValue.number) ?? .null), ("gap", r.gap.map(JSONValue.number) ?? .null),
        ]
        fields += [
            ("cost", .number(r.totalCost)), ("steps", .number(Double(r.steps.count))),
            ("attainment", .number(r.quarters.last?.attainment ?? 0)),
            ("targets_reached", r.allTargetsReached.map { .string("\($0)") } ?? .null),
        ]
        fields += [
            ("marginal_value", p.marginalValue.map(JSONValue.number) ?? .null),
            ("binding_limits", PlanReport.limitsJSON(r)),
            ("attainment_points_per_10000", p.attainmentPointsPer10000.map(JSONValue.number) ?? .null),
        ]
        if let shares = NegotiationReport.sharesJSON(r) { fields.append(("shares", shares)) }
        return .object(fields)
    }
}
