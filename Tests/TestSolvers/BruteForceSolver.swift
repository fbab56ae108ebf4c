import Dispatch
import OptimizationModel

/// A `MIPSolver` that tries every point: each column must be integer with bounds inside 0...1
/// (a binary or a fixed column), and there may be at most `maximumColumns` of them. Slow and
/// obviously right, so the conformance suite can hold every real backend to it, and planner tests
/// can run without GLPK.
public struct BruteForceSolver: MIPSolver {
    public static let maximumColumns = 20

    public init() {}

    public var name: String { "brute force" }

    public struct Unsupported: Error, CustomStringConvertible {
        public let description: String
    }

    public func solve(_ model: MIPModel, options: SolveOptions) throws -> MIPSolution {
        try model.validate()
        let started = DispatchTime.now().uptimeNanoseconds
        let n = model.columnCount
        guard n <= Self.maximumColumns else { throw Unsupported(description: "\(n) columns, at most 20") }
        for j in 0..<n where !model.columnIsInteger[j] || model.columnLower[j] < 0 || model.columnUpper[j] > 1 {
            throw Unsupported(description: "column \(model.columnNames[j]) is not binary")
        }
        let maximize = model.sense == .maximize
        var best: (values: [Double], objective: Double)?
        var point = [Double](repeating: 0, count: n)
        for subset in 0..<(1 << n) {
            for j in 0..<n { point[j] = subset & (1 << j) != 0 ? 1 : 0 }
            guard model.violations(of: point).isEmpty else { continue }
            let objective = model.objectiveValue(of: point)
            if let incumbent = best, maximize ? objective <= incumbent.objective : objective >= incumbent.objective {
                continue
            }
            best = (point, objective)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        guard let best else {
            return MIPSolution(
                status: .infeasible, values: [], objective: nil, bound: nil, relaxationObjective: nil,
                seconds: seconds, log: "")
        }
        if options.relaxationOnly {
            // No LP here: the enumerated optimum is the tightest bound there is.
            return MIPSolution(
                status: .noSolution, values: [], objective: nil, bound: best.objective,
                relaxationObjective: nil, seconds: seconds, log: "enumerated \(1 << n) points\n")
        }
        return MIPSolution(
            status: .optimal, values: best.values, objective: best.objective, bound: best.objective,
            relaxationObjective: nil, seconds: seconds, log: "enumerated \(1 << n) points\n")
    }

    public func write(_ model: MIPModel, format: ModelFileFormat, to path: String) throws {
        throw Unsupported(description: "the brute-force solver writes no files")
    }
}
