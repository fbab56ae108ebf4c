import OptimizationModel

/// Options of `RoadmapPlanner`.
public struct PlannerOptions: Sendable {
    /// Seconds the solver may take (`nil`: until proven optimal).
    public var timeLimit: Double?
    /// Stop when the plan is proven within this relative gap of the optimum.
    public var relativeGap: Double
    /// Receives each line the solver prints.
    public var onOutput: (@Sendable (String) -> Void)?
    /// Receives branch-and-bound progress about once a second.
    public var onProgress: (@Sendable (SolveProgress) -> Void)?
    /// Receives the planner's decisions as values (`PlanningEvent`), as they are made.
    public var onEvent: (@Sendable (PlanningEvent) -> Void)?
    /// Which engine plans.
    public var engine: Engine = .automatic
    /// Polled by every engine: once stopped (Ctrl-C), planning ends with the best plan so far,
    /// reported `feasible` with its proven bound.
    public var stop: StopSignal?
    /// How many searches of a whole program run at once, on as many threads (`SearchRace`): 2
    /// (the default) or 1. Two prove more small programs, sooner (docs/performance.md, sessions 9
    /// and 10), and end with the plain search's plan whenever it had found it before the other
    /// proved it (`SearchRace.planLane`). A sweep that already plans two points at once runs one
    /// search per point.
    public var searchLanes = 2
    /// The formulations a prover (`RoadmapPlanner.provers`) searches at once, a lane each
    /// (`ProverRace`): both by default, or one alone (for measurement and two-point sweeps).
    public var proverFormulations: [ProverFormulation] = ProverFormulation.allCases
    /// The formulations a prover's race runs, a lane each: `proverFormulations`, at most
    /// `searchLanes` of them (at least one).
    var proverLanes: [ProverFormulation] { Array(proverFormulations.prefix(max(1, searchLanes))) }
    /// Whether the portfolio core's bound prices the parties' payments (`PortfolioCore.pricingPayments`).
    /// Priced, the bound is tighter once the ascent is near its limit and slower to get there. On
    /// `Benchmarks/stakeholders.py`'s 200 × 8 portfolio (3 parties, 30 s) the ideals' gaps went
    /// from 0.8–7.1% to 0.2–0.6% and the weighted agreement's from 0.116% to 0.06%; max-min's
    /// weighted rounds of 3–4 s each, priced, ended 0.46–0.53% from their bound, unpriced 0.25%:
    /// they leave the payments out (`MaxMinByWeights`).
    var corePricesPayments = true
    /// The nodes of max-min's own program (`AgreementModel`), searched for a plan with a large
    /// smallest share before its proof rounds raise and prove it (`NegotiationEngine.maxMin`). A
    /// node limit, not the clock, so that the plan it ends with is the same on every run; 0: no
    /// search, the rounds start from the best ideal (tests use it to make the rounds do the work).
    /// 200 nodes proved as many of the small set's scenarios, a few seconds sooner, and ended the
    /// minute with worse plans on three of the four unproven ones where they differed
    /// (docs/formulation.md, session 21).
    var maxMinSearchNodes = 1000
    /// The nodes of a max-min round that aims above the smallest share so far (`ShareAspiration`);
    /// 0: every round asks only for more than the smallest share. On the small set's two-system
    /// files 100 nodes ended every aimed round as 500 did; on three-system files 500 nodes took
    /// 10–17 s, most of the rounds' time (docs/formulation.md, session 22).
    var maxMinAspirationNodes = 100
    /// How far above the smallest share (in steps of a share) a proven ceiling must be for a
    /// max-min round to aim there (`ShareAspiration.aimingSteps`; tests use 1 so that tiny
    /// programs' rounds aim too).
    var maxMinAimingSteps = ShareAspiration.aimingSteps

    /// A formulation of the whole program for a prover.
    public enum ProverFormulation: String, Sendable, CaseIterable {
        /// x[s,t] = 1 when step s is taken in quarter t (`RoadmapModel`).
        case takenIn = "taken-in"
        /// y[s,t] = 1 when step s is done by the end of quarter t (`DoneByModel`).
        case doneBy = "done-by"
    }

    /// Which engine a scenario is planned with.
    public enum Engine: String, Sendable, CaseIterable {
        /// The whole program up to `coreThreshold` columns, the portfolio core above.
        case automatic
        /// The whole program by the MIP solver's branch-and-cut: proven optimal when it finishes.
        /// (`glpk` on the command line, after the solver the tool ships with.)
        case wholeProgram = "glpk"
        /// The portfolio core: a Lagrangian bound and guided rounding, for large portfolios.
        case core
    }

    /// Columns of the integer program above which `automatic` starts with the core.
    public static let coreThreshold = 1500
    /// Columns up to which `automatic` then hands the core's plan to the MIP solver for the time left.
    public static let polishLimit = 5000

    public init(
        timeLimit: Double? = nil, relativeGap: Double = 0, onOutput: (@Sendable (String) -> Void)? = nil,
        onProgress: (@Sendable (SolveProgress) -> Void)? = nil, engine: Engine = .automatic
    ) {
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.onOutput = onOutput
        self.onProgress = onProgress
        self.engine = engine
    }

    /// The standard solve options these planner options give a MIP solve of `role`.
    func solveOptions(role: SolveRole, timeLimit: Double?) -> SolveOptions {
        SolveOptions(
            timeLimit: timeLimit, relativeGap: relativeGap, role: role, onOutput: onOutput, onProgress: onProgress,
            stop: stop)
    }
}
