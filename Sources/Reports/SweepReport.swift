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
    /// - Returns: The text.
    public static func render(_ points: [SweepPoint], parameter: SweepParameter, format: ReportFormat) -> String {
        switch format {
        case .json:
            return JSONValue.object([
                ("format", .string("smm-sweep/1")),
                ("scenario", .string(points.first?.roadmap.scenario.name ?? "")),
                ("parameter", .string(parameter.rawValue)),
                ("points", .array(points.map { p in
                    .object([
                        (parameter.jsonKey, .number(p.value)),
                        ("status", .string(p.roadmap.status.rawValue)),
                        ("value", p.roadmap.objectiveValue.map(JSONValue.number) ?? .null),
                        ("bound", p.roadmap.bound.map(JSONValue.number) ?? .null),
                        ("gap", p.roadmap.gap.map(JSONValue.number) ?? .null),
                        ("cost", .number(p.roadmap.totalCost)),
                        ("steps", .number(Double(p.roadmap.steps.count))),
                        ("attainment", .number(p.roadmap.quarters.last?.attainment ?? 0)),
                        ("marginal_value", p.marginalValue.map(JSONValue.number) ?? .null),
                    ])
                })),
            ]).rendered()
        case .csv, .markdown, .table:
            var table = TextTable(headers: [parameter.rawValue, "status", "value", "bound", "cost", "steps", "attainment",
                                            "marginal value"],
                                  alignments: [.right, .left, .right, .right, .right, .right, .right, .right])
            let csv = format == .csv
            func number(_ value: Double) -> String { csv ? csvNumber(value) : formatAmount(value) }
            for p in points {
                let r = p.roadmap
                let attainment = r.quarters.last?.attainment ?? 0
                let marginal: String = p.marginalValue.map { csv ? csvNumber($0) : String(format: "%.6g", $0) } ?? "-"
                let value: String = r.objectiveValue.map(number) ?? "-"
                let bound: String = r.bound.map(number) ?? "-"
                table.append([number(p.value), r.status.rawValue, value, bound, number(r.totalCost), "\(r.steps.count)",
                              csv ? csvNumber(attainment) : formatPercent(attainment), marginal])
            }
            switch format {
            case .csv: return table.csv()
            case .markdown:
                return "# Sweep of \(parameter.rawValue): \(Escaping.markdown(points.first?.roadmap.scenario.name ?? ""))\n\n" + table.markdown()
                    + "\nMarginal value: objective gained per unit of \(parameter.rawValue) up to the next point.\n"
            default:
                return "Sweep of \(parameter.rawValue): \(Escaping.markdown(points.first?.roadmap.scenario.name ?? ""))\n" + table.terminal()
                    + "marginal value: objective gained per unit of \(parameter.rawValue) up to the next point\n"
            }
        }
    }
}
