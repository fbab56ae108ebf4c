import GLPKBackend
import HiGHSBackend
import OptimizationModel

/// The solver backends this run has: GLPK always (linked), HiGHS when its library is found at run
/// time (`HiGHSLibrary`: `SMM_HIGHS_LIBRARY`, or beside an installed `highspy`).
enum Backends {
    /// The whole program's provers (`RoadmapPlanner.provers`): HiGHS when found.
    static var provers: [any MIPSolver] { HiGHSSolver.found().map { [$0] } ?? [] }

    /// The solvers in one line, for `--version`; with `detailed`, for `-v`, every place HiGHS was
    /// looked for when it was not found.
    static func summary(detailed: Bool = false) -> String {
        let highs: String
        switch HiGHSLibrary.shared {
        case .success(let library): highs = library.summary + ": proves whole programs"
        case .failure(let notFound):
            highs =
                detailed
                ? notFound.description
                : "HiGHS not found (pip install highspy==1.15.1, or set \(HiGHSLibrary.environmentVariable))"
        }
        return "solvers: GLPK \(GLPKSolver.version) (linked); " + highs
    }
}
