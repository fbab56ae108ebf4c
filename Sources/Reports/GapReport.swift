import GapAnalysis
import MaturityModel
import ScenarioModel

/// Gap analysis as a terminal table, Markdown, JSON or CSV (`smm gap`).
public enum GapReport {
    /// Renders a gap analysis.
    /// - Parameters:
    ///   - analysis: The analysis.
    ///   - format: The output format.
    ///   - notes: Warnings to show with the analysis (e.g. practices a system does not list, which
    ///     count as current 0, target 0 and so look attained).
    /// - Returns: The text.
    public static func render(_ analysis: GapAnalysis, format: ReportFormat, notes: [String] = []) -> String {
        switch format {
        case .json:
            guard case .object(var pairs) = json(analysis), !notes.isEmpty else { return json(analysis).rendered() }
            pairs.insert(("warnings", .array(notes.map(JSONValue.string))), at: 3)
            return JSONValue.object(pairs).rendered()
        case .csv: return practiceTable(analysis.systems.flatMap(\.practices), withSystem: true).csv()
        case .markdown:
            let body = markdown(analysis)
            guard !notes.isEmpty, let end = body.firstIndex(of: "\n") else { return body }
            let lines = notes.map { "\n> Note: \(Escaping.markdown($0))\n" }.joined()
            return String(body[...end]) + lines + String(body[body.index(after: end)...])
        case .table:
            let body = terminal(analysis)
            guard !notes.isEmpty, let end = body.firstIndex(of: "\n") else { return body }
            return String(body[...end]) + notes.map { "Note: \($0)\n" }.joined()
                + String(body[body.index(after: end)...])
        }
    }

    static func practiceTable(_ gaps: [PracticeGap], withSystem: Bool) -> TextTable {
        var table = TextTable(
            headers: (withSystem ? ["system"] : []) + [
                "domain", "subdomain", "practice", "current_level", "target_level",
                "current_scope", "target_scope", "level_steps", "scope_steps",
                "cost", "effort",
            ],
            alignments: (withSystem ? [.left] : []) + [
                .left, .left, .left, .right, .right, .left, .left, .right, .right,
                .right, .right,
            ])
        for gap in gaps {
            table.append(
                (withSystem ? [gap.systemID] : []) + [
                    gap.domainID, gap.subdomainID, gap.practiceID, "\(gap.currentLevel)", "\(gap.targetLevel)",
                    gap.currentScope.id, gap.targetScope.id, "\(gap.levelSteps)", "\(gap.scopeSteps)",
                    csvNumber(gap.cost), csvNumber(gap.effort),
                ])
        }
        return table
    }

    static func rollupTable(_ rollups: [GapRollup], title: String) -> TextTable {
        var table = TextTable(
            headers: [
                title, "practices", "below target", "mean level", "mean target", "attainment", "level steps",
                "scope steps", "cost", "effort",
            ],
            alignments: [.left] + Array(repeating: .right, count: 9))
        for r in rollups {
            table.append([
                r.id, "\(r.practices)", "\(r.belowTarget)", formatLevel(r.meanCurrentLevel),
                formatLevel(r.meanTargetLevel), formatPercent(r.attainment), "\(r.levelSteps)",
                "\(r.scopeSteps)", formatAmount(r.cost), formatAmount(r.effort),
            ])
        }
        return table
    }

    private static func readablePractices(_ gaps: [PracticeGap]) -> TextTable {
        var table = TextTable(
            headers: ["practice", "level", "scope", "steps", "cost", "effort"],
            alignments: [.left, .left, .left, .right, .right, .right])
        for gap in gaps {
            let level = gap.levelSteps > 0 ? "\(gap.currentLevel) -> \(gap.targetLevel)" : "\(gap.currentLevel) ok"
            let scope =
                gap.scopeSteps > 0 ? "\(gap.currentScope.id) -> \(gap.targetScope.id)" : "\(gap.currentScope.id) ok"
            table.append([
                gap.practiceID, level, scope, "\(gap.levelSteps + gap.scopeSteps)",
                formatAmount(gap.cost), formatAmount(gap.effort),
            ])
        }
        return table
    }

    private static func terminal(_ analysis: GapAnalysis) -> String {
        var out = "Gap analysis: \(analysis.scenarioName)\n"
        for system in analysis.systems {
            out +=
                "\nSystem \(system.systemID) (\(system.systemName)): \(system.total.belowTarget) of "
                + "\(system.total.practices) practices below target, attainment "
                + "\(formatPercent(system.total.attainment)), "
                + "\(formatAmount(system.total.cost)) to close\n\n"
            out += readablePractices(system.practices).terminal()
            out += "\n" + rollupTable(system.domains, title: "domain").terminal()
        }
        if analysis.systems.count > 1 {
            out +=
                "\nPortfolio: \(analysis.systems.count) systems, \(analysis.portfolio.belowTarget) of "
                + "\(analysis.portfolio.practices) practice ratings below target, attainment "
                + "\(formatPercent(analysis.portfolio.attainment)), \(formatAmount(analysis.portfolio.cost)) to "
                + "close\n\n"
            out += rollupTable(analysis.systems.map(\.total), title: "system").terminal()
            out += "\n" + rollupTable(analysis.portfolioDomains, title: "domain").terminal()
        }
        return out
    }

    private static func markdown(_ analysis: GapAnalysis) -> String {
        var out = "# Gap analysis: \(Escaping.markdown(analysis.scenarioName))\n"
        for system in analysis.systems {
            out +=
                "\n## \(Escaping.markdown(system.systemName)) (\(Escaping.markdown(system.systemID)))\n\n"
                + "\(system.total.belowTarget) of \(system.total.practices) practices below target; attainment "
                + "\(formatPercent(system.total.attainment)); \(formatAmount(system.total.cost)) to close.\n\n"
            out += readablePractices(system.practices).markdown()
            out += "\n### By subdomain\n\n" + rollupTable(system.subdomains, title: "subdomain").markdown()
            out += "\n### By domain\n\n" + rollupTable(system.domains, title: "domain").markdown()
        }
        if analysis.systems.count > 1 {
            out += "\n## Portfolio\n\n" + rollupTable(analysis.systems.map(\.total), title: "system").markdown()
            out += "\n" + rollupTable(analysis.portfolioDomains, title: "domain").markdown()
        }
        return out
    }

    static func json(_ analysis: GapAnalysis) -> JSONValue {
        .object([
            ("format", .string("smm-gap/1")),
            ("scenario", .string(analysis.scenarioName)),
            ("catalog", .string(analysis.catalog.id)),
            (
                "systems",
                .array(
                    analysis.systems.map { system in
                        .object([
                            ("id", .string(system.systemID)),
                            ("name", .string(system.systemName)),
                            ("practices", .array(system.practices.map(practiceJSON))),
                            ("subdomains", .array(system.subdomains.map(rollupJSON))),
                            ("domains", .array(system.domains.map(rollupJSON))),
                            ("total", rollupJSON(system.total)),
                        ])
                    })
            ),
            (
                "portfolio",
                .object([
                    ("subdomains", .array(analysis.portfolioSubdomains.map(rollupJSON))),
                    ("domains", .array(analysis.portfolioDomains.map(rollupJSON))),
                    ("total", rollupJSON(analysis.portfolio)),
                ])
            ),
        ])
    }

    static func practiceJSON(_ gap: PracticeGap) -> JSONValue {
        .object([
            ("practice", .string(gap.practiceID)), ("subdomain", .string(gap.subdomainID)),
            ("domain", .string(gap.domainID)),
            (
                "current",
                .object([("level", .number(Double(gap.currentLevel))), ("scope", .string(gap.currentScope.id))])
            ),
            ("target", .object([("level", .number(Double(gap.targetLevel))), ("scope", .string(gap.targetScope.id))])),
            ("level_steps", .number(Double(gap.levelSteps))), ("scope_steps", .number(Double(gap.scopeSteps))),
            ("cost", .number(gap.cost)), ("effort", .number(gap.effort)),
        ])
    }

    static func rollupJSON(_ r: GapRollup) -> JSONValue {
        .object([
            ("id", .string(r.id)), ("name", .string(r.name)), ("practices", .number(Double(r.practices))),
            ("below_target", .number(Double(r.belowTarget))), ("mean_level", .number(r.meanCurrentLevel)),
            ("mean_target", .number(r.meanTargetLevel)), ("attainment", .number(r.attainment)),
            ("level_steps", .number(Double(r.levelSteps))), ("scope_steps", .number(Double(r.scopeSteps))),
            ("cost", .number(r.cost)), ("effort", .number(r.effort)),
        ])
    }
}

/// A number for CSV: no thousands separators.
func csvNumber(_ value: Double) -> String { JSONValue.number(value) }
