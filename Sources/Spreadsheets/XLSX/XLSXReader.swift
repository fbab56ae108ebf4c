import Foundation
import TextSafety

/// Reads the sheets of an XLSX file (a ZIP of XML parts, ECMA-376): shared strings, inline
/// strings, numbers, booleans, formulas (their cached values, and where they are) and merged
/// ranges. Styles, dates and charts are not interpreted.
///
/// A workbook is read whole or refused: a part that is missing, corrupt (its CRC-32 does not
/// match), named twice, not UTF-8 or not well-formed is an error, never blank cells, and every
/// part read is charged to one `SheetReadingLimits` budget.
public enum XLSXReader {
    /// The sheets of a workbook in memory (read once, with its checks, by the caller), in workbook order.
    public static func read(
        bytes: [UInt8], limits: SheetReadingLimits = .standard
    ) throws(SpreadsheetError) -> [SheetGrid] {
        let parts = try WorkbookParts(directory: ZIPDirectory(bytes), budget: SheetReadingBudget(limits))
        return try read(parts)
    }

    private static func read(_ parts: WorkbookParts) throws(SpreadsheetError) -> [SheetGrid] {
        let workbookPart = "xl/workbook.xml", relationsPart = "xl/_rels/workbook.xml.rels"
        let sheets = try SheetList.parse(parts.read(workbookPart), part: workbookPart)
        let targets = try Relationships.parse(parts.read(relationsPart), part: relationsPart)
        let sharedPart = "xl/sharedStrings.xml"
        let shared = try parts.contains(sharedPart) ? SharedStrings.parse(parts.read(sharedPart), part: sharedPart) : []
        // Two sheet entries may name one part: it is parsed once (a hostile workbook names one
        // large part sixty times).
        var parsed: [String: SheetGrid] = [:]
        var grids: [SheetGrid] = []
        for sheet in sheets {
            guard let target = targets[sheet.relationID] else {
                throw SpreadsheetError(
                    "\(workbookPart): sheet \(SafeText.quoted(sheet.name)) names relationship "
                        + "\(SafeText.quoted(sheet.relationID)), which \(relationsPart) does not have")
            }
            let location = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            let grid: SheetGrid
            if let done = parsed[location] {
                grid = done
            } else {
                grid = try WorksheetParser.parse(
                    parts.read(location), part: location, sheet: sheet.name, shared: shared, budget: parts.budget)
                parsed[location] = grid
            }
            grids.append(grid.renamed(sheet.name))
        }
        guard !grids.isEmpty else { throw SpreadsheetError("the workbook has no sheets") }
        return grids
    }
}

/// The entries of a workbook's ZIP archive by name, each read at most once, CRC-checked and
/// charged to the budget.
struct WorkbookParts {
    let directory: ZIPDirectory
    let budget: SheetReadingBudget
    private let entries: [String: ZIPDirectory.Entry]

    init(directory: ZIPDirectory, budget: SheetReadingBudget) throws(SpreadsheetError) {
        self.directory = directory
        self.budget = budget
        var entries: [String: ZIPDirectory.Entry] = [:]
        for entry in directory.entries {
            // Two entries of one name are read differently by different readers (the first or
            // the last): which one the author meant cannot be known.
            guard entries.updateValue(entry, forKey: entry.name) == nil else {
                throw SpreadsheetError(
                    "the workbook holds two parts named \(SafeText.quoted(entry.name)); "
                        + "save it again from the spreadsheet program")
            }
        }
        self.entries = entries
    }

    func contains(_ name: String) -> Bool { entries[name] != nil }

    func read(_ name: String) throws(SpreadsheetError) -> Data {
        guard let entry = entries[name] else {
            throw SpreadsheetError("not an XLSX workbook (no \(SafeText.quoted(name)))")
        }
        // The size the archive declares is charged first, and the bytes as they come: an entry
        // may lie about its size.
        try budget.spend(bytes: entry.uncompressedSize, part: name)
        return try directory.unpack(entry, limit: budget.limits.partBytes)
    }
}
