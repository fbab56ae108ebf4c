import MaturityModel
import Spreadsheets

/// A blank assessment sheet for a catalog: one row per system × practice, with drop-down lists for
/// levels and scopes and the catalog's level meanings beside them (a note on each level cell, and a
/// second sheet).
public struct AssessmentTemplate: Sendable {
    public let catalog: Catalog
    public let systems: [String]

    /// - Parameters:
    ///   - catalog: The practices to assess.
    ///   - systems: System ids, one block of rows each.
    public init(catalog: Catalog, systems: [String]) {
        self.catalog = catalog
        self.systems = systems
    }

    /// The rows of the assessment sheet, as text.
    public var rows: [[String]] {
        systems.flatMap { system in
            catalog.practices.map { location in
                [
                    system, location.domain.name, location.subdomain.name, location.practice.name, location.practice.id,
                    "", "", "", "", "", "",
                ]
            }
        }
    }

    /// The template as a workbook: sheets `Assessment` and `Levels`.
    public var workbook: Workbook {
        let widths: [Double] = [16, 14, 30, 40, 40, 14, 14, 14, 14, 40, 14]
        var assessment = Sheet(
            name: "Assessment",
            columns: zip(AssessmentSheet.headers, widths).map { Column($0, width: $1) },
            rows: rows.map { $0.map { $0.isEmpty ? .empty : .text($0) } })
        let levelNote =
            ComprehensivenessLevel.all.map { "\($0.rawValue) \($0.name)" }.joined(separator: ", ")
            + ". See the Levels sheet."
        let scopeNote = "general < industry < system. See the Levels sheet."
        let count = max(rows.count, 1)
        // A drop-down list on each level and scope column, found by its header.
        let lists = [
            ("current level", AssessmentSheet.levelChoices, levelNote),
            ("current scope", AssessmentSheet.scopeChoices, scopeNote),
            ("target level", AssessmentSheet.levelChoices, levelNote),
            ("target scope", AssessmentSheet.scopeChoices, scopeNote),
        ]
        assessment.validations = lists.map { header, choices, note in
            ListValidation(
                column: AssessmentSheet.headers.firstIndex(of: header)!, choices: choices,
                noteTitle: header.prefix(1).uppercased() + header.dropFirst(), note: note, rowCount: count)
        }
        var levels = Sheet(
            name: "Levels",
            columns: [Column("kind", width: 12), Column("value", width: 16), Column("meaning", width: 90)],
            rows: ComprehensivenessLevel.all.map { [.text("level"), .text($0.description), .text($0.meaning)] }
                + Scope.allCases.map { [.text("scope"), .text($0.id), .text($0.meaning)] } + [
                    // What the plan values: the optional system weight column, explained.
                    [
                        .text("system weight"), .text("1 (default)"),
                        .text(
                            "How much the system counts in the plan: a system of weight 3 is raised before others "
                                + "(e.g. an internet-facing gateway). Optional, one value per system, "
                                + "any number above 0."
                        ),
                    ]
                ])
        levels.filters = false
        return Workbook(sheets: [assessment, levels])
    }

    /// The template as CSV, with the header row.
    public var csv: String {
        CSVWriter.document([AssessmentSheet.headers] + rows)
    }
}
