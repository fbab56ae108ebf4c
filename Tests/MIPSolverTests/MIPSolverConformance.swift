import Foundation
import GLPKBackend
import HiGHSBackend
import MIPSolverConformance
import OptimizationModel
import TestSolvers
import Testing

/// The solver contract (`ConformanceSuite`, the `MIPSolverConformance` library) run on every backend: GLPK in each of
/// its role settings, HiGHS (required on CI, which installs it; elsewhere when found), and the
/// brute-force solver. A new backend joins by being added to `Backend`.
@Suite struct MIPSolverConformanceTests {
    enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case glpk, glpkPolish, glpkSubproblem, highs, bruteForce

        var solver: (any MIPSolver)? {
            switch self {
            case .glpk: GLPKSolver()
            case .glpkPolish: GLPKSolver(tuning: .forRole(.polish))
            case .glpkSubproblem: GLPKSolver(tuning: .forRole(.subproblem))
            case .highs: HiGHSSolver.found()
            case .bruteForce: BruteForceSolver()
            }
        }

        var testDescription: String { rawValue }
    }

    @Test(arguments: Backend.allCases, ConformanceSuite.cases)
    func conforms(backend: Backend, requirement: ConformanceSuite.Case) throws {
        guard let solver = backend.solver else {
            // HiGHS is optional for users; CI installs it, so there it must be found.
            #expect(ProcessInfo.processInfo.environment["CI"] == nil, "\(backend) not found: \(HiGHSLibrary.shared)")
            return
        }
        try requirement.run(solver)
    }
}
