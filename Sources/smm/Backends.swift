import GLPKBackend
import HiGHSBackend
import OptimizationModel

/// The solver backends this run has: GLPK always (linked), HiGHS when its library is found at run
/// time (`HiGHSLibrary`: `SMM_HIGHS_LIBRARY`, or beside an installed `highspy`).
enum Backends {
    /// The whole program's provers (`RoadmapPlanner.provers`): HiGHS when found.
    static var provers: [any MIPSolver] { HiGHSSolver.found().map { [$0] } ?? [] }

    /// One line per backend, for `--version` and `-v`.
    static var summary: String {
        let highs: String
        switch HiGHSLibrary.shared {
        case .success(let library): highs = library.summary + ": proves whole programs"
        case .failure(let notFound): highs = notFound.description
        }
        return "solvers: GLPK \(GLPKSolver.version) (linked); " + highs
    }
}
