/// The problems of one input, as a message lists them: the first `shown` in full, the rest
/// counted ("… and 1,234 more"), so that a hostile file cannot turn into megabytes of messages.
/// Messages past the first `shown` are never built (a message may cost a did-you-mean search).
public struct ProblemList<Problem: Sendable>: Sendable {
    /// The most problems a message shows.
    public static var shown: Int { 100 }

    /// The problems shown, in the order found.
    public private(set) var first: [Problem] = []
    /// Every problem found, shown or not.
    public private(set) var count = 0

    public init() {}

    public init(_ problems: [Problem]) {
        for problem in problems { append(problem) }
    }

    public mutating func append(_ problem: @autoclosure () -> Problem) {
        count += 1
        if first.count < Self.shown { first.append(problem()) }
    }

    public var isEmpty: Bool { count == 0 }
    /// How many were found but not kept.
    public var omitted: Int { count - first.count }

}

extension ProblemList where Problem == String {
    /// Problems as a message shows them: one a line, then "… and N more" when `omitted` were
    /// left out. Every error that lists problems says it this way.
    public static func message(_ shown: [String], omitted: Int) -> String {
        let lines = shown.joined(separator: "\n")
        return omitted == 0 ? lines : lines + "\n… and \(omitted) more"
    }
}
