import Assessments
import Foundation
import FuzzDriver
import MaturityModel
import Spreadsheets
import ZIPFoundation

/// libFuzzer's entry point for assessment sheets. The first byte picks what the rest is:
/// 0 a whole XLSX file, 1 the sheet part of a fixed workbook, 2 its shared strings, 3 a CSV file.
/// Modes 1 and 2 put the mutated XML inside a valid ZIP, so the XML reader is fuzzed rather than
/// the ZIP signature check. Every input must end in assessments or an error: a trap, a leak or a
/// hang is a finding. The reading budget is small, so its checks run too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let rest = [UInt8](UnsafeBufferPointer(start: data + 1, count: size - 1))
    var limits = SheetReadingLimits()
    limits.cells = 20_000
    limits.csvRows = 5_000
    limits.partBytes = 1 << 20
    limits.totalBytes = 4 << 20
    do {
        let grid: SheetGrid
        switch data[0] % 4 {
        case 0: grid = try XLSXReader.read(bytes: rest, limits: limits)[0]
        case 1: grid = try XLSXReader.read(bytes: workbook(sheet: rest, shared: sharedSeed), limits: limits)[0]
        case 2: grid = try XLSXReader.read(bytes: workbook(sheet: sheetSeed, shared: rest), limits: limits)[0]
        default:
            guard let text = String(validating: rest, as: UTF8.self) else { return 0 }
            grid = try CSVReader.read(text: text, name: "fuzz.csv", limits: limits)
        }
        _ = try? AssessmentImport(catalog: .iicSMM).read(grid, file: "fuzz")
    } catch {}
    return 0
}

private let sheetSeed = Array(
    #"<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>current level</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>gw</t></is></c><c r="B2" t="inlineStr"><is><t>patch-management</t></is></c><c r="C2"><v>2</v></c></row><mergeCells count="0"/></sheetData></worksheet>"#
        .utf8)
private let sharedSeed = Array(
    #"<sst count="2"><si><t>system</t></si><si><r><t>practice</t></r><r><t> id</t></r></si></sst>"#.utf8)

/// A workbook of one sheet whose sheet part and shared strings are the given bytes.
private func workbook(sheet: [UInt8], shared: [UInt8]) -> [UInt8] {
    guard let archive = try? Archive(data: Data(), accessMode: .create) else { return [] }
    let parts: [(String, [UInt8])] = [
        (
            "xl/workbook.xml",
            Array(#"<workbook xmlns:r="r"><sheets><sheet name="Assessment" r:id="rId1"/></sheets></workbook>"#.utf8)
        ),
        (
            "xl/_rels/workbook.xml.rels",
            Array(#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#.utf8)
        ),
        ("xl/sharedStrings.xml", shared), ("xl/worksheets/sheet1.xml", sheet),
    ]
    for (name, bytes) in parts {
        try? archive.addEntry(
            with: name, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate
        ) { position, size in Data(bytes[Int(position)..<Int(position) + size]) }
    }
    return archive.data.map(Array.init) ?? []
}

@_cdecl("SheetFuzzer_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv) { data, size in fuzz(data, size) }
}
