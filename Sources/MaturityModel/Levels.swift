/// Comprehensiveness level of a practice, 0 (none) to 4 (formalized).
///
/// The IIC IoT SMM measures how thoroughly a practice is implemented; the level says
/// nothing about whether that is enough, which is what a target profile says.
public struct ComprehensivenessLevel: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The raw level, 0...4.
    public let rawValue: Int

    /// The lowest and highest level of the model.
    public static let range: ClosedRange<Int> = 0...4

    /// Creates a level, or `nil` outside 0...4.
    /// - Parameter rawValue: The level number.
    public init?(_ rawValue: Int) {
        guard Self.range.contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    public static let none = ComprehensivenessLevel(0)!
    public static let minimum = ComprehensivenessLevel(1)!
    public static let adHoc = ComprehensivenessLevel(2)!
    public static let consistent = ComprehensivenessLevel(3)!
    public static let formalized = ComprehensivenessLevel(4)!

    /// Every level, lowest first.
    public static let all: [ComprehensivenessLevel] = range.map { ComprehensivenessLevel($0)! }

    /// The level's name in the SMM: none, minimum, ad hoc, consistent, formalized.
    public var name: String { ["none", "minimum", "ad hoc", "consistent", "formalized"][rawValue] }

    /// One line on what the level means.
    public var meaning: String {
        [
            "the practice is not performed",
            "the practice is performed against general threats, without a systematic approach",
            "the practice is refined by the operating scenarios of the system, case by case",
            "the practice follows a systematic method (e.g. OWASP Top 10, STRIDE) applied consistently",
            "the practice is a formal process, periodically re-evaluated and improved",
        ][rawValue]
    }

    public var description: String { "\(rawValue) (\(name))" }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(Int.self)
        guard let level = ComprehensivenessLevel(raw) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "level \(raw) is outside 0...4"))
        }
        self = level
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// How specific a practice's implementation is, ordered for planning: general < industry < system.
public enum Scope: Int, CaseIterable, Comparable, Hashable, Sendable, Codable, CustomStringConvertible {
    case general = 0
    case industry = 1
    case system = 2

    /// The id used in scenario files and plans.
    public var id: String { ["general", "industry", "system"][rawValue] }

    /// One line on what the scope means.
    public var meaning: String {
        [
            "a general, non-specific implementation",
            "an implementation specific to the requirements of the industry",
            "an implementation specific to this system",
        ][rawValue]
    }

    /// Parses a scope id.
    /// - Parameter id: `general`, `industry` or `system`.
    public init?(id: String) {
        guard let scope = Scope.allCases.first(where: { $0.id == id }) else { return nil }
        self = scope
    }

    /// The scope one step above, if any.
    public var next: Scope? { Scope(rawValue: rawValue + 1) }

    public var description: String { id }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: any Decoder) throws {
        let id = try decoder.singleValueContainer().decode(String.self)
        guard let scope = Scope(id: id) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "unknown scope '\(id)'"))
        }
        self = scope
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(id)
    }
}
