/// An organisation-wide initiative (spec §6): it owns the levels up to `topLevel` of one practice
/// for its member systems, costs once per level, and raises every member at once.
public struct Initiative: Sendable, Hashable, Codable {
    /// One level the initiative can reach, with what it costs once.
    public struct Level: Sendable, Hashable, Codable {
        public let level: Int
        public let cost: Double
        public let effort: Double

        package init(level: Int, cost: Double, effort: Double) {
            self.level = level
            self.cost = cost
            self.effort = effort
        }
    }

    public let id: String
    public let name: String
    public let practiceID: String
    /// Member systems, as indices into `Scenario.systems`, in scenario order.
    public let members: [Int]
    /// The levels it can reach, lowest first: 1...L, consecutive.
    public let levels: [Level]
    /// Its position in the file's `initiatives` list.
    public let sourceIndex: Int

    package init(id: String, name: String, practiceID: String, members: [Int], levels: [Level], sourceIndex: Int) {
        self.id = id
        self.name = name
        self.practiceID = practiceID
        self.members = members
        self.levels = levels
        self.sourceIndex = sourceIndex
    }

    /// L: the highest level it owns.
    public var topLevel: Int { levels.last?.level ?? 0 }
}
