import Dispatch
import OptimizationModel
import Roadmaps
import ScenarioModel

/// Chooses which practice steps to take in which quarter: builds the integer program of a
/// scenario, has a MIP solver solve it (whole, or through the portfolio core for large
/// portfolios), and turns the answer into a verified `Roadmap`.
///
/// The planner knows no solver: it is given one (`GLPKSolver` from `GLPKBackend` is the one the
/// tool ships with), and any `MIPSolver` that passes the conformance suite will do.
public struct RoadmapPlanner: Sendable {
    /// The MIP solver every engine uses.
    public let solver: any MIPSolver
    /// Backends that prove whole programs sooner than `solver` (HiGHS, when it is installed): the
    /// first one searches every whole program, on two formulations at once, and its proven plans
    /// are made canonical; `solver` keeps the portfolio core, its windows and the explanations.
    public let provers: [any MIPSolver]
    public var options: PlannerOptions

    /// - Parameters:
    ///   - solver: The MIP solver, e.g. `GLPKSolver()`.
    ///   - provers: Backends for whole programs, e.g. `HiGHSSolver.found()` when there is one.
    ///   - options: Time limit, gap, engine and callbacks.
    public init(solver: any MIPSolver, provers: [any MIPSolver] = [], options: PlannerOptions = PlannerOptions()) {
        self.solver = solver
        self.provers = provers
        self.options = options
    }

    /// Plans a scenario.
    /// - Parameter scenario: A resolved scenario.
    /// - Returns: The roadmap; status `infeasible` with conflicts when no plan satisfies spec §3.
    /// - Throws: `PlanningError` when the solver fails or its plan breaks a rule beyond repair
    ///   (never for infeasibility).
    public func plan(_ scenario: Scenario) throws(PlanningError) -> Roadmap {
        try plan(scenario, startingFrom: nil)
    }

    /// Plans a scenario, offering the solver a known plan (e.g. the plan of a smaller budget) to start from.
    ///
    /// The previous plan is matched step by step (`StepID`) and used only when it satisfies every
    /// constraint of this scenario.
    /// - Parameters:
    ///   - scenario: A resolved scenario.
    ///   - previous: A plan of a neighbouring scenario with the same systems and practices.
    /// - Throws: `PlanningError`, as ``plan(_:)``.
    public func plan(_ scenario: Scenario, startingFrom previous: Roadmap?) throws(PlanningError) -> Roadmap {
        do {
            return try planOrThrow(scenario, startingFrom: previous)
        } catch let error as PlanVerificationError {
            throw .verification(error)
        } catch {
            throw .solver(name: solver.name, message: "\(error)")
        }
    }

    private func planOrThrow(_ scenario: Scenario, startingFrom previous: Roadmap?) throws -> Roadmap {
        let problem = PlanningProblem(scenario: scenario)
        // With stakeholders a plan is their agreement (spec §7).
        if !scenario.stakeholders.isEmpty {
            return try NegotiationEngine(problem: problem, planner: self, frontierPoints: 0).negotiate()
        }
        return try plan(problem, startingFrom: previous)
    }

    /// Plans a stakeholder scenario (spec §7): each party's ideal, the agreed plan under the
    /// scenario's rule (`Scenario.agreeing(by:)` for another), and with `frontier` of 2 or more
    /// that many plans of the first two parties' frontier. The roadmap is the agreed plan, with
    /// `Roadmap.negotiation`.
    /// - Throws: `PlanningError`, as ``plan(_:)``.
    public func negotiate(_ scenario: Scenario, frontier: Int = 0) throws(PlanningError) -> Roadmap {
        do {
            return try NegotiationEngine(
                problem: PlanningProblem(scenario: scenario), planner: self, frontierPoints: frontier
            ).negotiate()
        } catch let error as PlanVerificationError {
            throw .verification(error)
        } catch let error as PlanningError {
            throw error
        } catch {
            throw .solver(name: solver.name, message: "\(error)")
        }
    }

    /// Plans one problem with the usual engines: a scenario's, or one valued otherwise (a party's
    /// ideal, a weighted agreement).
    func plan(_ problem: PlanningProblem, startingFrom previous: Roadmap?) throws -> Roadmap {
        let started = DispatchTime.now().uptimeNanoseconds
        let explainer = InfeasibilityExplainer(problem: problem, solver: solver, timeLimit: options.timeLimit)
        let structural = explainer.structuralConflicts()
        if !structural.isEmpty {
            return try RoadmapAssembly(model: RoadmapModel(problem: problem), engine: .none, backend: solver.name)
                .roadmap(status: .infeasible, quarters: [], bound: nil, conflicts: structural, seconds: 0, log: "")
        }
        let columns = problem.columnCount
        if columns > 0, usesPortfolioCore(for: problem) {
            let polish = options.engine == .automatic && columns <= PlannerOptions.polishLimit
            let engine = PortfolioCoreEngine(problem: problem, solver: solver, options: options, polish: polish)
            if let roadmap = try engine.plan(started: started) { return roadmap }
            // The core found no plan: the whole program takes over.
        }
        return try WholeProgramEngine(problem: problem, solver: solver, options: options, provers: provers)
            .plan(startingFrom: previous, explainer: explainer)
    }

    /// Whether the portfolio core plans these steps first (and uses a second thread for its bound).
    func usesPortfolioCore(for problem: PlanningProblem) -> Bool {
        options.engine == .core
            || (options.engine == .automatic && problem.columnCount > PlannerOptions.coreThreshold)
    }

    /// The integer program of a scenario, for export or inspection; with `party`, the program of
    /// that stakeholder's ideal (spec §7: every rule and budget, each step valued by the party).
    /// - Parameters:
    ///   - scenario: The scenario whose program it is.
    ///   - party: An index in `scenario.stakeholders`, or `nil` for the scenario's own program.
    public func model(for scenario: Scenario, idealOf party: Int? = nil) -> MIPModel {
        let problem = PlanningProblem(scenario: scenario)
        guard let party else { return RoadmapModel(problem: problem).mip }
        return RoadmapModel(problem: problem.ideal(of: party)).mip
    }

    /// Writes the integer program of a scenario in a solver file format, with the planner's solver.
    public func writeModel(of scenario: Scenario, format: ModelFileFormat, to path: String) throws {
        try solver.write(model(for: scenario), format: format, to: path)
    }
}

/// Why planning failed. An infeasible scenario is not a failure: its roadmap has status
/// `infeasible` and says why in its conflicts.
public enum PlanningError: Error, Sendable, CustomStringConvertible {
    /// The MIP solver failed (an error of the backend, e.g. GLPK's), with its message.
    case solver(name: String, message: String)
    /// The solver's plan broke a plan rule and could not be repaired: it is not reported.
    case verification(PlanVerificationError)

    public var description: String {
        switch self {
        case .solver(let name, let message): "\(name) failed: \(message)"
        case .verification(let error): error.description
        }
    }
}
