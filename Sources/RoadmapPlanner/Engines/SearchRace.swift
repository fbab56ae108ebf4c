import Dispatch
import OptimizationModel
import Synchronization

/// Two searches of one program on two threads: the first proof wins, and the same one on every run.
///
/// GLPK's time to proof on these programs depends on its search path far more than on its
/// settings: with the MIP presolve on or off it proves as many small programs, but not the same
/// ones, and either is often several times faster than the other (docs/performance.md). A machine
/// with two cores can run both and keep the faster — but which finishes first in wall-clock time
/// varies from run to run, and two searches may end with different optimal plans of the same
/// value. So the winner is decided by effort counts (`MIPSolution.effort`: GLPK's nodes, HiGHS's
/// simplex iterations), which do not vary: the lane that proves its plan with the least effort,
/// the first lane on a tie, ends with the plan `planLane` picks. A lane
/// that proves lowers the others' `EffortCeiling` and sets their `PlanTarget` so that each stops as
/// soon as it can no longer change that plan (`limitOthers`), and a lane runs on until it has
/// proven, passed its ceiling or met its target. The plan, its status and its bound are the same on
/// every run; which lane is named the winner may vary when that does not change the plan (the
/// other lane was stopped at a count where its proof would not have mattered).
///
/// Each lane runs its solves start to end on its own thread, as GLPK's per-thread environment needs.
struct SearchRace: Sendable {
    /// What one lane's search ended with.
    struct Finish: Sendable {
        /// Its answer, in the plain program's columns.
        let solution: MIPSolution
        /// Whether its plan is proven optimal (or the program infeasible).
        let proven: Bool
        /// Its searches' effort, in all (`MIPSolution.effort`: GLPK's nodes, HiGHS's simplex iterations).
        let effort: Int
        /// The node count at which it had found its plan (`MIPSolution.planEffort`).
        var planEffort: Int? { solution.planEffort }
    }

    /// A lane's search: given the ceiling it must stop at and the plan target it may stop at
    /// (`SolveOptions.effortCeiling`, `SolveOptions.planTarget`), its finish.
    typealias Lane = @Sendable (_ ceiling: EffortCeiling, _ target: PlanTarget) throws -> Finish

    /// Runs every lane at once and returns each one's finish, and which lane won.
    /// - Returns: `winner` is the lane whose proof took the least effort (the first on a tie), or
    ///   `nil` when no lane proved; `finishes[i]` is `nil` for a lane that failed (after the first).
    /// - Throws: The first lane's error: it decides, so that an error does not depend on timing.
    /// - Parameter weights: Each lane's effort counts this many times (1 each by default): a lane
    ///   of weight 2 wins only with fewer than half the effort of a lane of weight 1.
    static func run(_ lanes: [Lane], weights: [Int]? = nil) throws -> (winner: Int?, finishes: [Finish?]) {
        let weights = weights ?? lanes.map { _ in 1 }
        let ceilings = lanes.map { _ in EffortCeiling() }
        let targets = lanes.map { _ in PlanTarget() }
        let results = Mutex([Result<Finish, any Error>?](repeating: nil, count: lanes.count))
        ConcurrentLanes.run(lanes.count) { lane in
            let result = Result { try lanes[lane](ceilings[lane], targets[lane]) }
            if case .success(let finish) = result, finish.proven {
                limitOthers(after: finish, of: lane, weights: weights, ceilings: ceilings, targets: targets)
            }
            results.withLock { $0[lane] = result }
        }
        let outcomes = results.withLock { $0 }
        if case .failure(let error)? = outcomes.first { throw error }
        let finishes = outcomes.map { outcome -> Finish? in
            if case .success(let finish)? = outcome { return finish }
            return nil
        }
        return (winner(of: finishes, weights: weights), finishes)
    }

    /// What a lane's proof leaves the others: each stops at the first count at which it can no
    /// longer change the race's answer (`winner`, `planLane`). Another lane can win only with a
    /// smaller weighted count, an earlier one also on a tie. A later lane that proves after the
    /// count at which this lane had its plan would still end the race with this lane's plan, so it
    /// stops there too. An earlier lane whose plan has this proof's value, found below its count,
    /// is the race's plan whether or not it goes on to prove it: it stops as soon as it has one.
    private static func limitOthers(
        after finish: Finish, of lane: Int, weights: [Int], ceilings: [EffortCeiling], targets: [PlanTarget]
    ) {
        let score = weights[lane] * finish.effort
        for other in ceilings.indices where other != lane {
            let w = weights[other]
            if other > lane {
                var ceiling = (score + w - 1) / w
                if let found = finish.planEffort { ceiling = min(ceiling, weights[lane] * found / w + 1) }
                ceilings[other].lower(to: ceiling)
            } else {
                // The target first: a lane that sees its ceiling lowered then sees the target too
                // (both are behind locks), so it never runs on to the ceiling past a plan it has.
                if let value = finish.solution.objective {
                    // Values agree as `Tolerance.sameObjective` (the engine's `sameValue`) has them.
                    targets[other].set(value: value, tolerance: Tolerance.objective, foundBefore: (score + w - 1) / w)
                }
                ceilings[other].lower(to: score / w + 1)
            }
        }
    }

    /// The lane whose plan a race ends with, given its winner: the first lane that had a plan of
    /// the winner's value (`sameValue`) at a weighted node count below the winner's, else the
    /// winner. Two searches that both reach the optimum often end with different plans of that
    /// value; this keeps the first lane's (the plan one search alone gives) whenever it had found
    /// it before it was stopped. A lane is stopped only at or past that count, and node counts do
    /// not vary, so the choice is the same on every run.
    static func planLane(
        winner: Int, finishes: [Finish?], weights: [Int]? = nil,
        sameValue: (MIPSolution, MIPSolution) -> Bool
    ) -> Int {
        let weight = { (i: Int) in weights?[i] ?? 1 }
        let proof = weight(winner) * finishes[winner]!.effort
        return finishes.indices.first { i in
            guard i != winner else { return true }
            guard let finish = finishes[i], let planEffort = finish.planEffort else { return false }
            return weight(i) * planEffort < proof && sameValue(finish.solution, finishes[winner]!.solution)
        }!
    }

    /// The lane that proved with the smallest weighted node count, the first on a tie.
    static func winner(of finishes: [Finish?], weights: [Int]? = nil) -> Int? {
        let score = { (i: Int) in (weights?[i] ?? 1) * finishes[i]!.effort }
        return finishes.indices.filter { finishes[$0]?.proven == true }.min { (score($0), $0) < (score($1), $1) }
    }
}
