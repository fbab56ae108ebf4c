import CXLSXWriter
import Foundation

/// Writes a `Workbook` as an XLSX file with libxlsxwriter, the only code that calls its C API.
///
/// Everything libxlsxwriter would reject (sheet names, string lengths, list sizes) is checked
/// in Swift first, so a C call fails only for I/O; its error code becomes a `SpreadsheetError`.
public enum XLSXWriter {
    /// Excel's limits.
    static let maximumText = 32_767
    static let maximumRows = 1_048_575
    static let maximumListCharacters = 255

    /// Writes `workbook` to `path` (created or replaced by libxlsxwriter).
    public static func write(_ workbook: Workbook, to path: String) throws(SpreadsheetError) {
        try validate(workbook)
        guard let book = workbook_new(path) else { throw SpreadsheetError("cannot create the workbook \(path)") }
        let formats = Formats(book, currency: workbook.currency)
        var retained: [UnsafeMutablePointer<CChar>] = []
        defer { retained.forEach { free($0) } }
        func c(_ text: String) -> UnsafeMutablePointer<CChar> {
            let pointer = strdup(text)!
            retained.append(pointer)
            return pointer
        }
        for sheet in workbook.sheets {
            guard let page = workbook_add_worksheet(book, sheet.name) else {
                workbook_close(book)
                throw SpreadsheetError("cannot add the sheet \(sheet.name)")
            }
            var failure: lxw_error = LXW_NO_ERROR
            func check(_ code: lxw_error) { if failure == LXW_NO_ERROR { failure = code } }
            for (j, column) in sheet.columns.enumerated() {
                check(
                    worksheet_set_column(page, lxw_col_t(j), lxw_col_t(j), column.width, formats.column(column.style)))
                check(worksheet_write_string(page, 0, lxw_col_t(j), column.header, formats.header))
            }
            let totals: [(cells: [Cell], bold: Bool)] = sheet.totals.map { [(cells: $0, bold: true)] } ?? []
            let rows = sheet.rows.map { (cells: $0, bold: false) } + totals
            for (i, row) in rows.enumerated() {
                for (j, cell) in row.cells.enumerated() {
                    let r = lxw_row_t(i + 1), col = lxw_col_t(j)
                    let style = sheet.columns[j].style
                    switch cell {
                    case .text(let text):
                        check(
                            worksheet_write_string(page, r, col, text, formats.cell(style, value: nil, bold: row.bold)))
                    case .number(let value):
                        check(
                            worksheet_write_number(
                                page, r, col, value, formats.cell(style, value: value, bold: row.bold)))
                    case .styled(let value, let own):
                        check(
                            worksheet_write_number(page, r, col, value, formats.cell(own, value: value, bold: row.bold))
                        )
                    case .empty:
                        if row.bold {
                            check(worksheet_write_blank(page, r, col, formats.cell(style, value: nil, bold: true)))
                        }
                    }
                }
            }
            if sheet.freezesHeader { worksheet_freeze_panes(page, 1, 0) }
            if sheet.filters, !sheet.columns.isEmpty {
                check(
                    worksheet_autofilter(
                        page, 0, 0, lxw_row_t(max(sheet.rows.count, 1)),
                        lxw_col_t(sheet.columns.count - 1)))
            }
            for validation in sheet.validations {
                var list = validation.choices.map { Optional(c($0)) } + [nil]
                var rule = lxw_data_validation()
                rule.validate = UInt8(LXW_VALIDATION_TYPE_LIST.rawValue)
                rule.input_title = c(validation.noteTitle)
                rule.input_message = c(validation.note)
                rule.error_title = c("Not a valid choice")
                rule.error_message = c("Choose one of: " + validation.choices.joined(separator: ", "))
                list.withUnsafeMutableBufferPointer { buffer in
                    rule.value_list = buffer.baseAddress
                    check(
                        worksheet_data_validation_range(
                            page, 1, lxw_col_t(validation.column),
                            lxw_row_t(validation.rowCount),
                            lxw_col_t(validation.column), &rule))
                }
            }
            if failure != LXW_NO_ERROR {
                workbook_close(book)
                throw SpreadsheetError(
                    "cannot write the sheet \(sheet.name): \(String(cString: lxw_strerror(failure)))")
            }
        }
        let closed = workbook_close(book)
        guard closed == LXW_NO_ERROR else {
            throw SpreadsheetError("cannot write \(path): \(String(cString: lxw_strerror(closed)))")
        }
    }

    /// What libxlsxwriter or Excel would refuse, refused here with the sheet and cell.
    static func validate(_ workbook: Workbook) throws(SpreadsheetError) {
        guard !workbook.sheets.isEmpty else { throw SpreadsheetError("a workbook needs a sheet") }
        var names = Set<String>()
        for sheet in workbook.sheets {
            let forbidden = Set("[]:*?/\\")
            guard !sheet.name.isEmpty, sheet.name.count <= 31, !sheet.name.contains(where: forbidden.contains),
                names.insert(sheet.name.lowercased()).inserted
            else {
                throw SpreadsheetError("'\(sheet.name)' is not a valid, unique sheet name")
            }
            guard sheet.rows.count <= maximumRows else {
                throw SpreadsheetError("sheet \(sheet.name) has \(sheet.rows.count) rows; Excel holds \(maximumRows)")
            }
            for (i, row) in (sheet.rows + (sheet.totals.map { [$0] } ?? [])).enumerated() {
                guard row.count == sheet.columns.count else {
                    throw SpreadsheetError(
                        "sheet \(sheet.name), row \(i + 2): \(row.count) cells for "
                            + "\(sheet.columns.count) columns")
                }
                for case .text(let text) in row where text.utf16.count > maximumText {
                    throw SpreadsheetError("sheet \(sheet.name), row \(i + 2): a text over \(maximumText) characters")
                }
                for cell in row {
                    guard case .number(let value) = cell, !value.isFinite else {
                        guard case .styled(let value, _) = cell, !value.isFinite else { continue }
                        throw SpreadsheetError("sheet \(sheet.name), row \(i + 2): a number that is not finite")
                    }
                    throw SpreadsheetError("sheet \(sheet.name), row \(i + 2): a number that is not finite")
                }
            }
            for validation in sheet.validations {
                let characters = validation.choices.joined(separator: ",").count
                guard sheet.columns.indices.contains(validation.column), characters <= maximumListCharacters,
                    validation.noteTitle.count <= 32, validation.note.count <= 255
                else {
                    throw SpreadsheetError("sheet \(sheet.name): a drop-down list beyond Excel's limits")
                }
            }
        }
    }
}

/// The cell formats of one workbook, made once: each style, plain and bold (a totals row).
private struct Formats {
    let header: UnsafeMutablePointer<lxw_format>?
    private var styles: [Key: UnsafeMutablePointer<lxw_format>] = [:]

    /// A style and its variant: `whole` picks `#,##0` over `#,##0.00` for an amount.
    private struct Key: Hashable {
        let style: NumberStyle
        let whole: Bool
        let bold: Bool
    }

    init(_ book: UnsafeMutablePointer<lxw_workbook>, currency: String?) {
        func make(_ configure: (UnsafeMutablePointer<lxw_format>) -> Void) -> UnsafeMutablePointer<lxw_format>? {
            guard let format = workbook_add_format(book) else { return nil }
            configure(format)
            return format
        }
        header = make { format_set_bold($0) }
        // A code after the figure ("12,000 EUR"), as `Scenario.money` writes it; quotes escaped.
        let money = currency.map { "#,##0 \"\($0.replacingOccurrences(of: "\"", with: ""))\"" } ?? "#,##0"
        let numberFormats: [(NumberStyle, Bool, String?)] = [
            (.general, true, nil), (.integer, true, "0"), (.amount, true, "#,##0"), (.amount, false, "#,##0.00"),
            (.money, true, money), (.percent, true, "0.0%"), (.wrappedText, true, nil),
        ]
        for (style, whole, pattern) in numberFormats {
            for bold in [false, true] {
                guard style != .general || bold, let format = make({ _ in }) else { continue }
                if let pattern { format_set_num_format(format, pattern) }
                if style == .wrappedText { format_set_text_wrap(format) }
                if bold { format_set_bold(format) }
                styles[Key(style: style, whole: whole, bold: bold)] = format
            }
        }
    }

    /// The format of the cells of a column.
    func column(_ style: NumberStyle) -> UnsafeMutablePointer<lxw_format>? { cell(style, value: nil, bold: false) }

    /// The format of one cell: an amount with decimals shows two.
    func cell(_ style: NumberStyle, value: Double?, bold: Bool) -> UnsafeMutablePointer<lxw_format>? {
        let whole = style != .amount || (value.map { $0.rounded() == $0 } ?? true)
        return styles[Key(style: style, whole: whole, bold: bold)]
    }
}
