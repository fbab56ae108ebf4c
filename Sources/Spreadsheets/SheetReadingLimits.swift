/// How much a sheet may make smm read: one budget for every part of a workbook (or a CSV file),
/// so that a small hostile file cannot make the reader use minutes or gigabytes.
/// `docs/limits.md` lists these numbers and what happens past each.
public struct SheetReadingLimits: Sendable, Hashable {
    /// The largest part of a workbook, unpacked.
    public var partBytes = 64 << 20
    /// All the parts of a workbook together, unpacked.
    public var totalBytes = 128 << 20
    /// Most non-empty cells across the sheets read (an assessment of 10,000 systems has about
    /// 900,000).
    public var cells = 2_000_000
    /// Most rows of a CSV file, blank ones included (Excel's own limit).
    public var csvRows = 1_048_576
    /// Longest a read may take, whatever the file.
    public var duration: Duration = .seconds(60)

    public init() {}

    public static let standard = SheetReadingLimits()
}

/// What a read has spent of its `SheetReadingLimits`, shared by every part it reads.
final class SheetReadingBudget {
    let limits: SheetReadingLimits
    private let deadline: ContinuousClock.Instant
    private(set) var bytes = 0
    private(set) var cells = 0

    init(_ limits: SheetReadingLimits) {
        self.limits = limits
        deadline = .now + limits.duration
    }

    /// Charges a part's unpacked bytes.
    func spend(bytes count: Int, part: String) throws(SpreadsheetError) {
        guard count <= limits.partBytes else {
            throw SpreadsheetError("\(part) unpacks to more than \(limits.partBytes) bytes, the limit for one part")
        }
        bytes += count
        guard bytes <= limits.totalBytes else {
            throw SpreadsheetError(
                "the workbook's parts unpack to more than \(limits.totalBytes) bytes together, the limit")
        }
    }

    /// Charges one cell; checks the clock every 4,096 cells. Returns the reason to stop, if any.
    func spendCell() -> SpreadsheetError? {
        cells += 1
        if cells > limits.cells {
            return SpreadsheetError("the sheets hold more than \(limits.cells) cells, the limit")
        }
        if cells & 4095 == 0, let late = overTime() { return late }
        return nil
    }

    /// The reason to stop if the read has run past its duration.
    func overTime() -> SpreadsheetError? {
        guard ContinuousClock.now > deadline else { return nil }
        return SpreadsheetError("reading the file took longer than \(limits.duration), the limit")
    }
}
