/// A calendar quarter such as `2027-Q1`.
public struct Quarter: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let year: Int
    /// 1...4
    public let quarter: Int

    /// Creates a quarter, or `nil` when `quarter` is outside 1...4.
    public init?(year: Int, quarter: Int) {
        guard (1...4).contains(quarter), (1...9999).contains(year) else { return nil }
        self.year = year
        self.quarter = quarter
    }

    /// Parses `YYYY-Qn` with n in 1...4.
    /// - Parameter label: The text, e.g. `2027-Q3`.
    public init?(label: String) {
        let parts = label.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isASCII), let year = Int(parts[0]),
            parts[1].count == 2, parts[1].first == "Q", let q = Int(parts[1].dropFirst())
        else { return nil }
        self.init(year: year, quarter: q)
    }

    /// The quarter `count` quarters later (earlier for negative counts).
    public func advanced(by count: Int) -> Quarter {
        let ordinal = year * 4 + (quarter - 1) + count
        return Quarter(year: ordinal / 4, quarter: ordinal % 4 + 1) ?? self
    }

    /// Quarters from `self` to `other` (positive when `other` is later).
    public func distance(to other: Quarter) -> Int {
        (other.year * 4 + other.quarter) - (year * 4 + quarter)
    }

    public var description: String { "\(year)-Q\(quarter)" }
    public static func < (a: Self, b: Self) -> Bool { (a.year, a.quarter) < (b.year, b.quarter) }
}

extension Quarter {
    /// Encoded as its label, `2027-Q1`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let label = try container.decode(String.self)
        guard let quarter = Quarter(label: label) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a quarter such as 2027-Q1")
        }
        self = quarter
    }
}
