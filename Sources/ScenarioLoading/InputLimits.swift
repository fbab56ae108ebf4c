/// The sizes a scenario, catalog or progress file may have, so that hostile or mistaken input is
/// refused quickly, with a clear error and bounded memory (`docs/limits.md` gives the reasons).
public struct InputLimits: Sendable, Hashable {
    /// Largest file read, in bytes (16 MiB; the 1,000-system generated portfolio is about 1.5 MiB).
    public var fileBytes: Int = 16 << 20
    /// Most values (scalars, mappings, lists) a document may hold once YAML aliases are expanded.
    /// A "billion laughs" document of a few hundred bytes expands to billions.
    public var documentValues: Int = 2_000_000
    /// Deepest nesting of mappings and lists (a scenario needs 6).
    public var nestingDepth: Int = 64
    /// Most systems in a scenario.
    public var systems: Int = 20_000
    /// Most step-quarters (steps to target × quarters of the horizon): the size of the planning
    /// problem. The 1,000 × 12 benchmark portfolio has about 160,000.
    public var stepQuarters: Int = 2_000_000

    public init() {}

    /// The defaults.
    public static let standard = InputLimits()
}

/// Amounts accepted in scenario files.
public enum NumberLimits {
    /// The largest number a scenario may hold (costs, budgets, effort, weights): 10^12, a
    /// trillion in any currency. Beyond it GLPK's double arithmetic loses whole units.
    public static let largest = 1e12
    /// The widest ratio between the largest amount of a kind (money, effort, value) and its
    /// smallest non-zero one. GLPK's tolerances are relative (about 1e-9 of the largest
    /// coefficient); an amount smaller than that cannot be told apart from zero.
    public static let widestRatio = 1e9
    /// The widest ratio between a re-plan's change penalty and the smallest step value: both
    /// are objective coefficients, and the solvers' optimality tolerances (about 1e-7, relative)
    /// must still see the smallest value beside the penalty.
    public static let widestObjectiveRatio = 1e6
}
