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
        let formats = Formats(book)
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
            for (i, row) in sheet.rows.enumerated() {
                for (j, cell) in row.enumerated() {
                    let r = lxw_row_t(i + 1), col = lxw_col_t(j)
                    let format = formats.column(sheet.columns[j].style)
                    switch cell {
                    case .text(let text): check(worksheet_write_string(page, r, col, text, format))
                    case .number(let value): check(worksheet_write_number(page, r, col, value, format))
                    case .empty: break
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
            for (i, row) in sheet.rows.enumerated() {
                guard row.count == sheet.columns.count else {
                    throw SpreadsheetError(
                        "sheet \(sheet.name), row \(i + 2): \(row.count) cells for "
                            + "\(sheet.columns.count) columns")
                }
                for case .text(let text) in row where text.utf16.count > maximumText {
                    throw SpreadsheetError("sheet \(sheet.name), row \(i + 2): a text over \(maximumText) characters")
                }
                for case .number(let value) in row where !value.isFinite {
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

/// The cell formats of one workbook, made once.
private struct Formats {
    let header: UnsafeMutablePointer<lxw_format>?
    let integer: UnsafeMutablePointer<lxw_format>?
    let amount: UnsafeMutablePointer<lxw_format>?
    let percent: UnsafeMutablePointer<lxw_format>?
    let wrapped: UnsafeMutablePointer<lxw_format>?

    init(_ book: UnsafeMutablePointer<lxw_workbook>) {
        func make(_ configure: (UnsafeMutablePointer<lxw_format>) -> Void) -> UnsafeMutablePointer<lxw_format>? {
            guard let format = workbook_add_format(book) else { return nil }
            configure(format)
            return format
        }
        header = make { format_set_bold($0) }
        integer = make { format_set_num_format($0, "0") }
        amount = make { format_set_num_format($0, "#,##0.##") }
        percent = make { format_set_num_format($0, "0.0%") }
        wrapped = make { format_set_text_wrap($0) }
    }

    func column(_ style: NumberStyle) -> UnsafeMutablePointer<lxw_format>? {
        switch style {
        case .general: nil
        case .integer: integer
        case .amount: amount
        case .percent: percent
        case .wrappedText: wrapped
        }
    }
}
