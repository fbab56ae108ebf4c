import MaturityModel
import ScenarioModel

/// A step's identity across plans, scenarios and files: which practice of which system reaches
/// which level (or scope rank) by it. Two plans of scenarios with the same systems and practices
/// name the same step by the same `StepID`.
public struct StepID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let systemID: String
    public let practiceID: String
    public let kind: StepEstimate.Kind
    /// The level (0...4) or scope rank (0...2) the step reaches.
    public let to: Int

    public init(systemID: String, practiceID: String, kind: StepEstimate.Kind, to: Int) {
        self.systemID = systemID
        self.practiceID = practiceID
        self.kind = kind
        self.to = to
    }

    /// In system, practice, kind and level order (identifiers compared as text).
    public static func < (a: StepID, b: StepID) -> Bool {
        (a.systemID, a.practiceID, a.kind.rawValue, a.to) < (b.systemID, b.practiceID, b.kind.rawValue, b.to)
    }

    /// `system/practice level 3`, `system/practice scope industry`.
    public var description: String {
        "\(systemID)/\(practiceID) \(kind.rawValue) \(kind == .level ? "\(to)" : Scope(rawValue: to)?.id ?? "\(to)")"
    }
}
