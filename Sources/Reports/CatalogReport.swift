import MaturityModel

/// The catalog as a table, Markdown or JSON (`smm catalog`).
public enum CatalogReport {
    /// Renders a catalog.
    /// - Parameters:
    ///   - catalog: The catalog.
    ///   - format: `table`, `markdown` or `json` (`csv` gives one row per practice).
    /// - Returns: The text.
    public static func render(_ catalog: Catalog, format: ReportFormat) -> String {
        switch format {
        case .json: return json(catalog).rendered()
        case .table, .markdown, .csv:
            var practices = TextTable(headers: ["domain", "subdomain", "practice", "name"])
            for location in catalog.practices {
                practices.append([
                    location.domain.id, location.subdomain.id, location.practice.id, location.practice.name,
                ])
            }
            var levels = TextTable(headers: ["level", "name", "meaning"], alignments: [.right, .left, .left])
            for level in ComprehensivenessLevel.all { levels.append(["\(level.rawValue)", level.name, level.meaning]) }
            var scopes = TextTable(headers: ["scope", "meaning"])
            for scope in Scope.allCases { scopes.append([scope.id, scope.meaning]) }
            switch format {
            case .csv: return practices.csv()
            case .markdown:
                return
                    "# \(Escaping.markdown(catalog.name)) (\(Escaping.markdown(catalog.id)))\n\n## "
                    + "Practices\n\n\(practices.markdown())\n"
                    + "## Comprehensiveness levels\n\n\(levels.markdown())\n## Scopes\n\n\(scopes.markdown())"
            default:
                return "\(catalog.name) (\(catalog.id)): \(catalog.domains.count) domains, "
                    + "\(catalog.subdomains.count) subdomains, \(catalog.practices.count) practices\n\n"
                    + practices.terminal() + "\nComprehensiveness levels\n" + levels.terminal()
                    + "\nScopes (ordered for planning)\n" + scopes.terminal()
            }
        }
    }

    static func json(_ catalog: Catalog) -> JSONValue {
        .object([
            ("format", .string("smm-catalog/1")),
            ("id", .string(catalog.id)),
            ("name", .string(catalog.name)),
            (
                "domains",
                .array(
                    catalog.domains.map { domain in
                        .object([
                            ("id", .string(domain.id)), ("name", .string(domain.name)),
                            (
                                "subdomains",
                                .array(
                                    domain.subdomains.map { subdomain in
                                        .object([
                                            ("id", .string(subdomain.id)), ("name", .string(subdomain.name)),
                                            (
                                                "practices",
                                                .array(
                                                    subdomain.practices.map {
                                                        .object([("id", .string($0.id)), ("name", .string($0.name))])
                                                    })
                                            ),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
            (
                "levels",
                .array(
                    ComprehensivenessLevel.all.map {
                        .object([
                            ("level", .number(Double($0.rawValue))), ("name", .string($0.name)),
                            ("meaning", .string($0.meaning)),
                        ])
                    })
            ),
            (
                "scopes",
                .array(
                    Scope.allCases.map {
                        .object([("id", .string($0.id)), ("meaning", .string($0.meaning))])
                    })
            ),
        ])
    }
}
