import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import ZIPFoundation

/// Reads the sheets of an XLSX file (a ZIP of XML parts, ECMA-376): shared strings, inline
/// strings, numbers, booleans, formulas (their cached values, and where they are) and merged
/// ranges. Styles, dates and charts are not interpreted.
public enum XLSXReader {
    /// The largest part read, uncompressed: a defence against ZIP bombs.
    public static let maximumPartBytes = 64 << 20

    /// The sheets of a workbook in memory (read once, with its checks, by the caller), in workbook order.
    public static func read(bytes: [UInt8]) throws(SpreadsheetError) -> [SheetGrid] {
        let archive: Archive
        do { archive = try Archive(data: Data(bytes), accessMode: .read) } catch {
            throw SpreadsheetError("not an XLSX workbook (it is not a ZIP archive)")
        }
        return try read(archive)
    }

    private static func read(_ archive: Archive) throws(SpreadsheetError) -> [SheetGrid] {
        let workbook = try part("xl/workbook.xml", of: archive)
        let relations = try part("xl/_rels/workbook.xml.rels", of: archive)
        let shared = (try? part("xl/sharedStrings.xml", of: archive)).map(SharedStrings.parse) ?? []
        let targets = Dictionary(
            Relationship.parse(relations).map { ($0.id, $0.target) }, uniquingKeysWith: { a, _ in a })
        var grids: [SheetGrid] = []
        for sheet in SheetList.parse(workbook) {
            guard let target = targets[sheet.relationID] else { continue }
            let location = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            grids.append(try WorksheetParser.parse(part(location, of: archive), name: sheet.name, shared: shared))
        }
        guard !grids.isEmpty else { throw SpreadsheetError("the workbook has no sheets") }
        return grids
    }

    private static func part(_ name: String, of archive: Archive) throws(SpreadsheetError) -> Data {
        guard let entry = archive[name] else { throw SpreadsheetError("not an XLSX workbook (no \(name))") }
        guard entry.uncompressedSize <= UInt64(maximumPartBytes) else {
            throw SpreadsheetError(
                "\(name) unpacks to \(entry.uncompressedSize) bytes; the limit is \(maximumPartBytes)")
        }
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                data.append(chunk)
                if data.count > maximumPartBytes { throw SpreadsheetError("\(name) is larger than it says") }
            }
        } catch {
            throw SpreadsheetError("cannot read \(name) of the workbook: \(error)")
        }
        return data
    }
}

/// `<sheet name="…" r:id="…"/>` entries of `xl/workbook.xml`.
private enum SheetList {
    struct Entry { let name: String; let relationID: String }

    static func parse(_ data: Data) -> [Entry] {
        let collector = ElementCollector(element: "sheet")
        collector.run(data)
        return collector.found.compactMap { attributes in
            guard let name = attributes["name"],
                let id = attributes["r:id"]
                    ?? attributes.first(where: {
                        $0.key.hasSuffix(":id")
                    })?.value
            else { return nil }
            return Entry(name: name, relationID: id)
        }
    }
}

/// `<Relationship Id="…" Target="…"/>` entries.
private enum Relationship {
    static func parse(_ data: Data) -> [(id: String, target: String)] {
        let collector = ElementCollector(element: "Relationship")
        collector.run(data)
        return collector.found.compactMap { a in a["Id"].flatMap { id in a["Target"].map { (id, $0) } } }
    }
}

/// Collects the attributes of every element with one name.
private final class ElementCollector: NSObject, XMLParserDelegate {
    let element: String
    var found: [[String: String]] = []

    init(element: String) {
        self.element = element
    }

    func run(_ data: Data) {
        let parser = XMLParser(data: data)
        parser.delegate = self
        parser.shouldResolveExternalEntities = false
        _ = parser.parse()
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if name == element || name.hasSuffix(":" + element) { found.append(attributes) }
    }
}

/// `xl/sharedStrings.xml`: each `<si>` is one string, the concatenation of its `<t>` texts.
private final class SharedStrings: NSObject, XMLParserDelegate {
    private var strings: [String] = []
    private var current = ""
    private var inText = false
    private var inPhonetic = false

    static func parse(_ data: Data) -> [String] {
        let reader = SharedStrings()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        parser.shouldResolveExternalEntities = false
        _ = parser.parse()
        return reader.strings
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch name {
        case "si": current = ""
        case "t": inText = true
        case "rPh": inPhonetic = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText && !inPhonetic { current += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }
}

/// One worksheet part: `<c r="B3" t="s"><f>…</f><v>…</v></c>`, `<mergeCell ref="A1:B2"/>`.
private final class WorksheetParser: NSObject, XMLParserDelegate {
    private let shared: [String]
    private var cells: [CellPosition: SheetGrid.Value] = [:]
    private var formulas = Set<CellPosition>()
    private var merged: [String] = []
    private var position: CellPosition?
    private var type = ""
    private var text = ""
    private var collecting = false
    private var nextRow = 1, nextColumn = 1

    init(shared: [String]) {
        self.shared = shared
    }

    static func parse(_ data: Data, name: String, shared: [String]) throws(SpreadsheetError) -> SheetGrid {
        let reader = WorksheetParser(shared: shared)
        let parser = XMLParser(data: data)
        parser.delegate = reader
        parser.shouldResolveExternalEntities = false
        guard parser.parse() else {
            throw SpreadsheetError("sheet \(name) is not well-formed XML (line \(parser.lineNumber))")
        }
        return SheetGrid(name: name, cells: reader.cells, mergedRanges: reader.merged, formulas: reader.formulas)
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch name {
        case "row":
            if let r = attributes["r"].flatMap(Int.init) { nextRow = r }
            nextColumn = 1
        case "c":
            // A cell without r follows the one before it.
            position =
                attributes["r"].flatMap(CellPosition.init(reference:))
                ?? CellPosition(row: nextRow, column: nextColumn)
            type = attributes["t"] ?? "n"
            text = ""
        case "v", "t":
            collecting = position != nil
        case "f":
            if let position { formulas.insert(position) }
        case "mergeCell":
            if let ref = attributes["ref"] { merged.append(ref) }
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collecting { text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t":
            collecting = false
        case "c":
            defer { position = nil }
            guard let position else { return }
            nextRow = position.row
            nextColumn = position.column + 1
            if let value = value() { cells[position] = value }
        case "row":
            nextRow += 1
        default:
            break
        }
    }

    private func value() -> SheetGrid.Value? {
        switch type {
        case "s":
            guard let index = Int(text), shared.indices.contains(index) else { return nil }
            return shared[index].isEmpty ? nil : .text(shared[index])
        case "str", "inlineStr":
            return text.isEmpty ? nil : .text(text)
        case "b":
            return .text(text == "1" ? "TRUE" : "FALSE")
        case "e":
            return .text(text)
        default:
            guard !text.isEmpty else { return nil }
            return Double(text).map(SheetGrid.Value.number) ?? .text(text)
        }
    }
}
