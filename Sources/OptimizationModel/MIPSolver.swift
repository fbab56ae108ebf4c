/// How a solve ended.
public enum SolveStatus: String, Sendable {
    /// A plan proven optimal. A solve stopped at a gap tolerance is `feasible`, with its bound.
    case optimal
    /// A plan, not proven optimal; `bound` says how far it can be from optimal.
    case feasible
    /// No point satisfies the constraints.
    case infeasible
    /// Stopped (time limit) before any plan was found.
    case noSolution = "no-plan"
}

/// What a solver answered.
public struct MIPSolution: Sendable {
    public let status: SolveStatus
    /// Column values when a plan exists (`optimal` or `feasible`), else empty.
    public let values: [Double]
    /// Objective value of `values`.
    public let objective: Double?
    /// A proven bound on the best objective (upper for maximisation, lower for minimisation).
    public let bound: Double?
    /// Objective of the LP relaxation, when it was solved.
    public let relaxationObjective: Double?
    /// Seconds spent in the solver.
    public let seconds: Double
    /// What the solver printed.
    public let log: String
    /// Nodes the search created (`nil`: a backend that does not count them).
    public let nodes: Int?
    /// How much work the search did, in a unit of the backend's that, unlike seconds, is the same
    /// on every run and grows with its time (`nil`: a backend that does not count it): GLPK's
    /// nodes; HiGHS's simplex iterations, since its presolve, root cuts and restarts create no
    /// nodes. What `SolveOptions.effortCeiling` and `PlanTarget` are measured in.
    public let effort: Int?
    /// The effort (with `SolveOptions.effortOffset`) at which the search had found the plan it
    /// returns (`nil`: no plan, or a backend that does not count effort). A search stopped later
    /// than that, at a count that varies from run to run, still had this plan at this count.
    public let planEffort: Int?

    public init(
        status: SolveStatus, values: [Double], objective: Double?, bound: Double?,
        relaxationObjective: Double?, seconds: Double, log: String, nodes: Int? = nil, effort: Int? = nil,
        planEffort: Int? = nil
    ) {
        self.status = status
        self.values = values
        self.objective = objective
        self.bound = bound
        self.relaxationObjective = relaxationObjective
        self.seconds = seconds
        self.log = log
        self.nodes = nodes
        self.effort = effort ?? nodes
        self.planEffort = planEffort
    }

    /// The same answer with some of its parts replaced: the same plan in another program's
    /// columns (`values`), or timed and logged as the several solves that led to it.
    public func replacing(values: [Double]? = nil, seconds: Double? = nil, log: String? = nil) -> MIPSolution {
        MIPSolution(
            status: status, values: values ?? self.values, objective: objective, bound: bound,
            relaxationObjective: relaxationObjective, seconds: seconds ?? self.seconds, log: log ?? self.log,
            nodes: nodes, effort: effort, planEffort: planEffort)
    }

    /// |bound − objective| / max(1, |bound|), as spec §4 defines it.
    public var relativeGap: Double? {
        guard let objective, let bound else { return nil }
        return OptimizationModel.relativeGap(objective, bound: bound)
    }
}

/// |bound − value| / max(1, |bound|): the relative gap of spec §4. Every gap the tool computes or
/// prints comes from here.
public func relativeGap(_ value: Double, bound: Double) -> Double {
    abs(bound - value) / max(1, abs(bound))
}

/// Whether `value` equals `reference` within `tolerance` relative to the reference (at least 1):
/// how objective values are compared wherever floating-point noise must not change a decision.
public func objectivesAgree(_ value: Double, _ reference: Double, tolerance: Double) -> Bool {
    abs(value - reference) <= tolerance * max(1, abs(reference))
}

/// Progress of a long solve.
public struct SolveProgress: Sendable {
    public let elapsedSeconds: Double
    public let incumbent: Double?
    public let bound: Double?

    public init(elapsedSeconds: Double, incumbent: Double?, bound: Double?) {
        self.elapsedSeconds = elapsedSeconds
        self.incumbent = incumbent
        self.bound = bound
    }
}

/// What a solve is for, so that a backend can choose its own settings for it (GLPK's are in
/// `GLPKSolver.Tuning`). The planner says what it asks; how a backend searches is its own business.
public enum SolveRole: Sendable, Hashable, CaseIterable {
    /// A whole program, to be proven optimal: the backend's full search.
    case wholeProgram
    /// A short, time-critical search from a good starting plan (the portfolio core's plan).
    case polish
    /// One of many small sub-programs of milliseconds each (the portfolio core's windows).
    case subproblem
    /// A whole program in an extended formulation whose LP relaxation is already strong (many
    /// continuous columns): the backend's search, without cuts of its own that would only slow
    /// each node.
    case extendedFormulation
}

/// Options for one solve: what any MIP solver understands (time, gap, a starting point,
/// callbacks), in the manner of MathOptInterface's standard attributes. Settings of one backend
/// belong to that backend.
public struct SolveOptions: Sendable {
    /// Stop after this many seconds (`nil`: no limit).
    public var timeLimit: Double?
    /// Stop when the relative gap is at most this.
    public var relativeGap: Double
    /// What the solve is for; a backend picks its settings from it.
    public var role: SolveRole
    /// Called with each line the solver prints (on the solving thread).
    public var onOutput: (@Sendable (String) -> Void)?
    /// Called about once a second during branch-and-bound (on the solving thread).
    public var onProgress: (@Sendable (SolveProgress) -> Void)?
    /// A feasible point to start from, if known.
    public var initialSolution: [Double]?
    /// Polled during the solve: once stopped, the solve ends with what it has (`feasible` or `no-plan`).
    public var stop: StopSignal?
    /// When every objective value is a multiple of this (a maximisation), the solve may stop as
    /// soon as its bound, rounded down to such a multiple, meets the incumbent: that proves it. The
    /// solution is then `feasible` with its bound; the caller rounds the bound the same way.
    public var objectiveGranularity: Double?
    /// Stop once branch-and-bound has created this many nodes (`nil`: no limit), with what the
    /// solve has (`feasible` or `no-plan`). A backend without a search tree may ignore it.
    public var nodeLimit: Int?
    /// An effort limit another thread may lower while the search runs (`nil`: none): the search
    /// stops, with what it has, once `effortOffset` plus its effort (`MIPSolution.effort`) reaches
    /// the ceiling's value. How two searches of one program race and still end the same way on
    /// every run (`SearchRace`).
    public var effortCeiling: EffortCeiling?
    /// Effort of earlier searches counted against `effortCeiling` (one search continued in another).
    public var effortOffset = 0
    /// A plan value another thread may set while the search runs (`nil`: none): the search stops,
    /// with its plan, once that plan meets the target (`PlanTarget`). Effort counts include
    /// `effortOffset`.
    public var planTarget: PlanTarget?
    /// Stop as soon as a plan's objective reaches this (at least it, maximising; at most,
    /// minimising), with that plan, `feasible` (`nil`: search on). For a question that any such
    /// plan answers, so that the search need not prove it the best (the agreement's proofs).
    public var stopAtObjective: Double?
    /// Which of the backend's searches to run: its usual one, or another about as good on average
    /// that takes another path (GLPK: the other presolve setting; HiGHS: another random seed), so
    /// that two searches raced on two cores are not the same search twice.
    public var searchPath = SearchPath.usual
    /// Bound the program without searching it: the answer has no plan (`no-plan`, or `infeasible`)
    /// and a proven `bound`; a backend that solves LPs gives its LP relaxation's value, as
    /// `relaxationObjective` and as `bound`. Ends early, without a bound, once `stop` is set or
    /// `effortOffset` reaches `effortCeiling`.
    public var relaxationOnly = false

    public init(
        timeLimit: Double? = nil, relativeGap: Double = 0, role: SolveRole = .wholeProgram,
        onOutput: (@Sendable (String) -> Void)? = nil, onProgress: (@Sendable (SolveProgress) -> Void)? = nil,
        initialSolution: [Double]? = nil, stop: StopSignal? = nil
    ) {
        self.timeLimit = timeLimit
        self.stop = stop
        self.relativeGap = relativeGap
        self.role = role
        self.onOutput = onOutput
        self.onProgress = onProgress
        self.initialSolution = initialSolution
    }
}

/// Which of a backend's searches a solve runs (`SolveOptions.searchPath`).
public enum SearchPath: Sendable, Hashable {
    /// The backend's usual search.
    case usual
    /// Another search of about the same strength that takes a different path.
    case alternative
}

/// File formats a model can be written in.
public enum ModelFileFormat: String, Sendable, CaseIterable {
    /// CPLEX LP format.
    case lp
    /// Free MPS format.
    case mps
}

/// A backend that answers `MIPModel`s.
///
/// Every backend passes the conformance suite of the tests (`MIPSolverConformance`).
public protocol MIPSolver: Sendable {
    /// The backend and its version, as reports name it (e.g. "GLPK 5.0").
    var name: String { get }
    /// Solves a model synchronously on the calling thread.
    func solve(_ model: MIPModel, options: SolveOptions) throws -> MIPSolution
    /// Writes a model to a file.
    func write(_ model: MIPModel, format: ModelFileFormat, to path: String) throws
}
