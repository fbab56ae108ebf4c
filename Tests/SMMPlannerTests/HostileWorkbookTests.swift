import Foundation
import Testing
@testable import Assessments
@testable import MaturityModel
@testable import Spreadsheets

/// Workbooks and CSV files made the way a hostile or broken writer makes them: each is refused
/// with an error that names the part and what is wrong, never read as blank cells, never a trap,
/// and within the reading budget. Each case failed (trapped, imported silently or took minutes)
/// before the reader had its checks.
@Suite struct HostileWorkbookTests {
    /// The parts of a minimal workbook with one sheet, `S`, made by Python's zipfile so that
    /// nothing of smm's own writer is involved.
    static func workbook(
        rows: String, shared: String? = nil, stored: Bool = false, sheets: Int = 1, extraParts: [(String, String)] = [],
        rawSheet: String? = nil, fillerRows: Int = 0, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [UInt8] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: path) }
        let sheet =
            rawSheet
            ?? #"<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>system</t></is></c><c r="B1" t="inlineStr"><is><t>practice id</t></is></c><c r="C1" t="inlineStr"><is><t>current level</t></is></c></row>"#
            + rows + "</sheetData></worksheet>"
        let spec: [String: Any] = [
            "path": path.path, "sheet": sheet, "shared": shared as Any, "stored": stored, "sheets": sheets,
            "extra": extraParts.map { [$0.0, $0.1] }, "filler": fillerRows,
        ]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
        _ = try python(
            """
            import json, zipfile, warnings
            warnings.simplefilter('ignore')
            s = json.loads(r'''\(json)''')
            names = ''.join(f'<sheet name="S{i}" sheetId="{i+1}" r:id="rId{i+1}"/>' for i in range(s['sheets']))
            rels = ''.join(f'<Relationship Id="rId{i+1}" Target="worksheets/sheet1.xml" Type="x"/>' for i in range(s['sheets']))
            filler = ''.join(f'<row r="{n}"><c r="E{n}"><v>{n}</v></c></row>' for n in range(3, 3 + s['filler']))
            s['sheet'] = s['sheet'].replace('</sheetData>', filler + '</sheetData>')
            with zipfile.ZipFile(s['path'], 'w', zipfile.ZIP_STORED if s['stored'] else zipfile.ZIP_DEFLATED) as z:
                z.writestr('xl/workbook.xml', f'<workbook xmlns:r="r"><sheets>{names}</sheets></workbook>')
                z.writestr('xl/_rels/workbook.xml.rels', f'<Relationships>{rels}</Relationships>')
                if s['shared'] is not None: z.writestr('xl/sharedStrings.xml', s['shared'])
                z.writestr('xl/worksheets/sheet1.xml', s['sheet'].encode().replace(b'@NOT-UTF8@', b'\\xff\\xfe'))
                for name, text in s['extra']: z.writestr(name, text)
            """, sourceLocation: sourceLocation)
        return try [UInt8](Data(contentsOf: path))
    }

    static let goodRow =
        #"<row r="2"><c r="A2" t="inlineStr"><is><t>gw</t></is></c><c r="B2" t="inlineStr"><is><t>patch-management</t></is></c><c r="C2"><v>1</v></c></row>"#

    /// The message of the error reading `bytes` throws; fails the test if it reads.
    static func refusal(_ bytes: [UInt8], limits: SheetReadingLimits = .standard) -> String {
        do {
            let grids = try XLSXReader.read(bytes: bytes, limits: limits)
            Issue.record("read \(grids.count) sheets")
            return ""
        } catch {
            return error.description
        }
    }

    @Test func aWellMadeWorkbookReads() throws {
        let grids = try XLSXReader.read(bytes: Self.workbook(rows: Self.goodRow))
        #expect(grids.count == 1)
        #expect(grids[0][row: 2, column: 3] == .number(1))
    }

    @Test func aRowNumberPastTheSheetIsAnErrorNotAnOverflow() throws {
        let message = Self.refusal(
            try Self.workbook(rows: Self.goodRow + #"<row r="9223372036854775807"><c><v>1</v></c></row>"#))
        #expect(message.contains("row number '9223372036854775807' is not between 1 and 1048576"))
        let past = Self.refusal(try Self.workbook(rows: #"<row r="1048576"><c r="XFD1048576"/><c><v>1</v></c></row>"#))
        #expect(past.contains("past the sheet's edge"), "\(past)")
    }

    @Test func bytesThatAreNotUTF8AreRefusedBeforeTheXMLParser() throws {
        // The bytes FF FE in an element name: FoundationXML traps on them.
        let message = Self.refusal(try Self.workbook(rows: Self.goodRow + "<x@NOT-UTF8@/>"))
        #expect(message.contains("xl/worksheets/sheet1.xml is not UTF-8 text"), "\(message)")
    }

    @Test func aDamagedOrTruncatedSharedStringsPartIsAnError() throws {
        let row = #"<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c></row>"#
        let truncated = Self.refusal(try Self.workbook(rows: row, shared: "<sst><si><t>gw</t></si><si><t>patch"))
        #expect(truncated.contains("xl/sharedStrings.xml is not well-formed XML"), "\(truncated)")
        let pastEnd = Self.refusal(try Self.workbook(rows: row, shared: "<sst><si><t>gw</t></si></sst>"))
        #expect(pastEnd.contains("cell B2 names shared string '1', but the workbook has 1"), "\(pastEnd)")
    }

    @Test func aBitFlipInAStoredPartFailsItsCRC() throws {
        var bytes = try Self.workbook(rows: Self.goodRow, stored: true)
        let needle = Array(#"<c r="C2"><v>1"#.utf8)
        let at = try #require(
            bytes.indices.first { bytes[$0...].starts(with: needle) })
        bytes[at + needle.count - 1] = UInt8(ascii: "2")
        #expect(Self.refusal(bytes).contains("xl/worksheets/sheet1.xml fails its CRC-32 check"))
    }

    @Test func twoPartsOfOneNameAreRefused() throws {
        let bytes = try Self.workbook(
            rows: Self.goodRow, extraParts: [("xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>")])
        #expect(Self.refusal(bytes).contains("two parts named 'xl/worksheets/sheet1.xml'"))
    }

    @Test func aSheetPartOverTenMillionBytesIsRead() throws {
        // libxml2 refuses one input chunk over 10,000,000 bytes; the reader feeds it in pieces.
        let grids = try XLSXReader.read(bytes: Self.workbook(rows: Self.goodRow, fillerRows: 330_000))
        #expect(grids[0].lastRow == 330_002)
    }

    @Test func sixtySheetsOfOnePartAreParsedOnceAndCellsAreBudgeted() throws {
        let bytes = try Self.workbook(rows: Self.goodRow, sheets: 60, fillerRows: 997)
        #expect(try XLSXReader.read(bytes: bytes).count == 60)
        var limits = SheetReadingLimits()
        limits.cells = 2_000
        // One part of 1,001 cells, read for sixty sheets, is charged once.
        #expect(try XLSXReader.read(bytes: bytes, limits: limits).count == 60)
        limits.cells = 500
        #expect(Self.refusal(bytes, limits: limits).contains("more than 500 cells"))
    }

    @Test func oneCellInTheLastRowAndColumnImportsInOneRowsTime() throws {
        let grid = try XLSXReader.read(
            bytes: Self.workbook(rows: Self.goodRow + #"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#))[0]
        #expect(grid.rowsWithValues == [1, 2, 1_048_576])
        let problems = Self.importProblems(grid)
        #expect(problems == ["S0!A1048576: no system id in a row that has values"])
    }

    @Test func aMillionBadRowsListAHundredProblemsAndCountTheRest() throws {
        let text = "system,practice id,current level\n" + String(repeating: "a,b\n", count: 1_000)
        let grid = try CSVReader.read(text: text, name: "csv")
        do {
            _ = try AssessmentImport(catalog: .iicSMM).read(grid, file: "f.csv")
            Issue.record("imported")
        } catch {
            #expect(error.problems.count == 100)
            #expect(error.omitted == 900)
            #expect(error.description.hasSuffix("\n… and 900 more"))
        }
    }

    @Test func aCSVOfBlankLinesPastTheRowLimitIsRefused() throws {
        var limits = SheetReadingLimits()
        limits.csvRows = 1_000
        let text = "system,practice id\n" + String(repeating: "\n", count: 2_000)
        #expect(throws: SpreadsheetError.self) { try CSVReader.read(text: text, name: "csv", limits: limits) }
        #expect(throws: Never.self) {
            try CSVReader.read(text: "system\n" + String(repeating: "\n", count: 990), name: "csv", limits: limits)
        }
    }

    static func importProblems(_ grid: SheetGrid) -> [String] {
        do {
            _ = try AssessmentImport(catalog: .iicSMM).read(grid, file: "f")
            return []
        } catch {
            return error.problems
        }
    }
}
