import Foundation
import MaturityModel
import RoadmapPlanner

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
                        points.map { p in
                            .object([
                                (parameter.jsonKey, .number(p.value)),
                                ("status", .string(p.roadmap.status.rawValue)),
                                ("value", p.roadmap.objectiveValue.map(JSONValue.number) ?? .null),
                                ("bound", p.roadmap.bound.map(JSONValue.number) ?? .null),
                                ("gap", p.roadmap.gap.map(JSONValue.number) ?? .null),
                                ("cost", .number(p.roadmap.totalCost)),
                                ("steps", .number(Double(p.roadmap.steps.count))),
                                ("attainment", .number(p.roadmap.quarters.last?.attainment ?? 0)),
                                ("targets_reached", p.roadmap.allTargetsReached.map { .string("\($0)") } ?? .null),
                                ("marginal_value", p.marginalValue.map(JSONValue.number) ?? .null),
                            ])
                        })
                ),
            ]).rendered()
        case .csv, .markdown, .table:
            // What a budget holder asks first (attainment, when every target is met, spend), then
            // the optimisation's own figures.
            var table = TextTable(
                headers: [
                    parameter.rawValue, "status", "attainment at end", "all targets by", "spend",
                    "steps", "value", "bound", "marginal value",
                ],
                alignments: [.right, .left, .right, .left, .right, .right, .right, .right, .right])
            let csv = format == .csv
            func number(_ value: Double) -> String { csv ? csvNumber(value) : formatAmount(value) }
            for p in points {
                let r = p.roadmap
                let attainment = r.quarters.last?.attainment ?? 0
                let marginal: String = p.marginalValue.map { csv ? csvNumber($0) : String(format: "%.6g", $0) } ?? "-"
                let value: String = r.objectiveValue.map(number) ?? "-"
                let bound: String = r.bound.map(number) ?? "-"
                let reached = r.allTargetsReached.map { "\($0)" } ?? (csv ? "" : "not within the plan")
                table.append([
                    number(p.value), r.status.rawValue, csv ? csvNumber(attainment) : formatPercent(attainment),
                    reached, number(r.totalCost), "\(r.steps.count)", value, bound, marginal,
                ])
            }
            switch format {
            case .csv: return table.csv()
            case .markdown:
                return
                    "# Sweep of \(parameter.rawValue): "
                    + "\(Escaping.markdown(points.first?.roadmap.scenario.name ?? ""))\n\n"
                    + (complete ? "" : "**" + notice.trimmingCharacters(in: .newlines) + "**\n\n")
                    + table.markdown()
                    + "\nMarginal value: objective gained per unit of \(parameter.rawValue) up to the next point.\n"
            default:
                return
                    "Sweep of \(parameter.rawValue): \(Escaping.terminal(points.first?.roadmap.scenario.name ?? ""))\n"
                    + notice + table.terminal()
                    + "marginal value: objective gained per unit of \(parameter.rawValue) up to the next point\n"
            }
        }
    }

}
