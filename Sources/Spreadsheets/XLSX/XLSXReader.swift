import Foundation
import TextSafety
import ZIPFoundation

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
        let archive = try openArchive(bytes)
        let parts = try WorkbookParts(archive: archive, budget: SheetReadingBudget(limits))
        return try read(parts)
    }

    /// The bytes as a ZIP archive, read through a private temporary copy rather than from memory:
    /// ZIPFoundation's in-memory file traps on a central directory that points past the end of
    /// the data ("Range requires lowerBound <= upperBound", found by the sheet fuzzer) and leaks
    /// itself when it refuses a file; its file-backed reading does neither (a read past the end
    /// of a file reads nothing). The copy is unlinked as soon as it is open.
    private static func openArchive(_ bytes: [UInt8]) throws(SpreadsheetError) -> Archive {
        let notZIP = SpreadsheetError("not an XLSX workbook (it is not a ZIP archive)")
        var template = Array((NSTemporaryDirectory() + "/smm-workbook-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw SpreadsheetError("cannot make a temporary copy of the workbook") }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(path) }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == bytes.count else { throw SpreadsheetError("cannot make a temporary copy of the workbook") }
        do { return try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch { throw notZIP }
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
    let archive: Archive
    let budget: SheetReadingBudget
    private let entries: [String: Entry]

    init(archive: Archive, budget: SheetReadingBudget) throws(SpreadsheetError) {
        self.archive = archive
        self.budget = budget
        var entries: [String: Entry] = [:]
        for entry in archive {
            // Two entries of one name are read differently by different readers (the first or
            // the last): which one the author meant cannot be known.
            guard entries.updateValue(entry, forKey: entry.path) == nil else {
                throw SpreadsheetError(
                    "the workbook holds two parts named \(SafeText.quoted(entry.path)); "
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
        // The size the archive declares is checked first, and the bytes as they come: an entry
        // may lie about its size.
        try budget.spend(bytes: Int(clamping: entry.uncompressedSize), part: name)
        let limit = budget.limits.partBytes
        var data = Data()
        let checksum: CRC32
        do {
            checksum = try archive.extract(entry, skipCRC32: false) { chunk in
                data.append(chunk)
                if data.count > limit { throw SpreadsheetError("\(name) is larger than it says") }
            }
        } catch let error as SpreadsheetError {
            throw error
        } catch {
            throw SpreadsheetError("cannot unpack \(name) of the workbook (the file is damaged)")
        }
        guard data.count == Int(clamping: entry.uncompressedSize) else {
            throw SpreadsheetError("\(name) is not the size the workbook says: the file is damaged")
        }
        guard checksum == entry.checksum else {
            throw SpreadsheetError("\(name) fails its CRC-32 check: the file is damaged")
        }
        return data
    }
}
