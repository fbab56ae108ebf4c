import ScenarioModel
import TextSafety

/// A file that cannot be used, with the problems found in it: the first
/// `ProblemList.shown` in full, and how many more there were.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public let diagnostics: [Diagnostic]
    /// Problems found past the ones listed.
    public let omitted: Int

    public init(diagnostics: [Diagnostic], omitted: Int = 0) {
        let list = ProblemList(diagnostics)
        self.diagnostics = list.first
        self.omitted = omitted + list.omitted
    }

    public var description: String {
        ProblemList<String>.message(diagnostics.map(\.description), omitted: omitted)
    }
}

/// Collects diagnostics for one file while a loader reads it.
final class DiagnosticLog {
    let file: String
    private var problems = ProblemList<Diagnostic>()

    init(file: String) {
        self.file = file
    }

    /// Records a problem; past the first `ProblemList.shown`, only counts it (the message is
    /// not even built).
    func report(_ path: String, _ line: Int?, _ message: @autoclosure () -> String) {
        problems.append(Diagnostic(file: file, path: path, line: line, message: message()))
    }

    var diagnostics: [Diagnostic] { problems.first }
    /// Every problem reported, listed or not.
    var count: Int { problems.count }
    var isEmpty: Bool { problems.isEmpty }
    /// The error that lists this log's problems.
    var error: ScenarioError { ScenarioError(diagnostics: problems.first, omitted: problems.omitted) }
}

/// Suggests the closest valid id for a mistyped one.
public enum Suggestion {
    /// The candidate nearest to `word` by edit distance, if it is near enough to be a likely typo.
    /// - Parameters:
    ///   - word: What the user wrote.
    ///   - candidates: The valid ids.
    /// - Returns: The best candidate, or `nil`.
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let lowered = word.lowercased()
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, candidate.lowercased())
            if best == nil || distance < best!.1 { best = (candidate, distance) }
        }
        guard let (candidate, distance) = best else { return nil }
        let limit = max(2, candidate.count / 3)
        if distance <= limit { return candidate }
        if candidate.hasPrefix(lowered) || lowered.hasPrefix(candidate) { return candidate }
        // A shared start of five letters ("maximise" for "maximize-maturity") is a likely slip too.
        let stem = String(lowered.prefix(5))
        if stem.count == 5, let match = candidates.first(where: { $0.lowercased().hasPrefix(stem) }) { return match }
        return nil
    }

    /// `" (did you mean X?)"` or an empty string.
    static func hint(for word: String, in candidates: some Sequence<String>) -> String {
        closest(to: word, in: candidates).map { " (did you mean \($0)?)" } ?? ""
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
