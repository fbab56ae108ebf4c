import Foundation
import TextSafety

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// One XML part of a workbook, parsed by Foundation's `XMLParser` (libxml2) with what makes
/// that safe on any bytes:
/// - the bytes are checked to be UTF-8 first (`XMLParser` traps on an element name that is not);
/// - they are fed in chunks, so libxml2's limit on one input chunk (10,000,000 bytes) does not
///   refuse a large sheet that is well within `SheetReadingLimits.partBytes`;
/// - external entities are never resolved;
/// - a reader stops the parse with an error (`fail`) rather than leaving cells out.
class XMLPartReader: NSObject, XMLParserDelegate {
    /// The part's name in the archive, for messages.
    let part: String
    private(set) var failure: SpreadsheetError?
    private weak var parser: XMLParser?
    // Elements open now, and whether the root element was closed: libxml2 fed in chunks
    // accepts a document cut short, so the end is checked here.
    private var depth = 0
    private var rootClosed = false

    init(part: String) {
        self.part = part
    }

    /// Parses `data`, calling the delegate methods of `self`; throws the first failure.
    func parse(_ data: Data) throws(SpreadsheetError) {
        guard String(validating: data, as: UTF8.self) != nil else {
            throw SpreadsheetError("\(part) is not UTF-8 text: the file is damaged")
        }
        let parser = XMLParser(stream: InputStream(data: data))
        parser.delegate = self
        parser.shouldResolveExternalEntities = false
        self.parser = parser
        let parsed = parser.parse()
        if let failure { throw failure }
        guard parsed, rootClosed else {
            throw SpreadsheetError(
                "\(part) is not well-formed XML (\(parsed ? "it ends early" : "line \(parser.lineNumber)")): "
                    + "the file is damaged")
        }
    }

    // The parser's callbacks. A subclass overrides `start`, `characters` and `end`: on Linux,
    // `XMLParserDelegate`'s methods have default implementations, so a subclass's own
    // `parser(_:didStartElement:…)` would never be called through the base's conformance.
    final func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        depth += 1
        if failure == nil { start(name, attributes: attributes) }
    }

    final func parser(_ parser: XMLParser, foundCharacters string: String) {
        if failure == nil { characters(string) }
    }

    final func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
        if depth == 0 { rootClosed = true }
        if failure == nil { end(name) }
    }

    func start(_ name: String, attributes: [String: String]) {}
    func characters(_ string: String) {}
    func end(_ name: String) {}

    /// Stops the parse with `error` (the first one is kept).
    func fail(_ error: SpreadsheetError) {
        if failure == nil { failure = error }
        parser?.abortParsing()
    }
}

/// `<sheet name="…" r:id="…"/>` entries of `xl/workbook.xml`.
final class SheetList: XMLPartReader {
    struct Entry { let name: String; let relationID: String }
    private var entries: [Entry] = []

    static func parse(_ data: Data, part: String) throws(SpreadsheetError) -> [Entry] {
        let reader = SheetList(part: part)
        try reader.parse(data)
        return reader.entries
    }

    override func start(_ name: String, attributes: [String: String]) {
        guard name == "sheet" || name.hasSuffix(":sheet") else { return }
        guard let sheet = attributes["name"],
            let id = attributes["r:id"] ?? attributes.first(where: { $0.key.hasSuffix(":id") })?.value
        else {
            return fail(SpreadsheetError("\(part): a sheet without a name or a relationship id"))
        }
        entries.append(Entry(name: sheet, relationID: id))
    }
}

/// `<Relationship Id="…" Target="…"/>` entries of a relationships part, by id.
final class Relationships: XMLPartReader {
    private var targets: [String: String] = [:]

    static func parse(_ data: Data, part: String) throws(SpreadsheetError) -> [String: String] {
        let reader = Relationships(part: part)
        try reader.parse(data)
        return reader.targets
    }

    override func start(_ name: String, attributes: [String: String]) {
        guard name == "Relationship" || name.hasSuffix(":Relationship"),
            let id = attributes["Id"], let target = attributes["Target"]
        else { return }
        guard targets.updateValue(target, forKey: id) == nil else {
            return fail(SpreadsheetError("\(part): relationship \(SafeText.quoted(id)) is defined twice"))
        }
    }
}

/// `xl/sharedStrings.xml`: each `<si>` is one string, the concatenation of its `<t>` texts
/// (phonetic runs left out).
final class SharedStrings: XMLPartReader {
    private var strings: [String] = []
    private var current = ""
    private var inText = false
    private var inPhonetic = false

    static func parse(_ data: Data, part: String) throws(SpreadsheetError) -> [String] {
        let reader = SharedStrings(part: part)
        try reader.parse(data)
        return reader.strings
    }

    override func start(_ name: String, attributes: [String: String]) {
        switch name {
        case "si": current = ""
        case "t": inText = true
        case "rPh": inPhonetic = true
        default: break
        }
    }

    override func characters(_ string: String) {
        if inText && !inPhonetic { current += string }
    }

    override func end(_ name: String) {
        switch name {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }
}
