import OptimizationModel

/// The whole program searched by a prover (a backend whose branch-and-cut proves these programs:
/// HiGHS, when it is installed) on both of its formulations at once, one per core: the plain
/// "taken in" program (`RoadmapModel`) and the same program in "done by" columns (`DoneByModel`).
///
/// The lanes race as GLPK's two searches do (`SearchRace`): the proof with less effort wins and the
/// plan is chosen by effort counts (HiGHS's simplex iterations), which do not vary from run to
/// run, so a proven plan is the same
/// bytes on every run, whichever lane finished first on the clock. A lane whose proof could no
/// longer change the answer is stopped at once.
struct ProverRace {
    let prover: any MIPSolver
    let plain: RoadmapModel
    let granularity: ObjectiveGranularity
    /// The formulations searched at once, a lane each, the first deciding ties.
    let formulations: [PlannerOptions.ProverFormulation]

    /// Node counts weigh the same in both lanes: each proves programs the other does not, and
    /// neither is the default the other must beat (docs/performance.md, session 12).
    static let weights = [1, 1]

    /// What the race ended with: the answer in the plain program's columns, and the lane whose
    /// plan it is when a lane proved it (`nil`: none did in the time).
    struct Outcome {
        let solution: MIPSolution
        let provedBy: PlannerOptions.ProverFormulation?
    }

    /// Races the lanes under `options`.
    func run(options: SolveOptions) throws -> Outcome {
        let formulations = formulations.isEmpty ? [.takenIn] : formulations
        let doneBy = formulations.contains(.doneBy) ? DoneByModel(base: plain) : nil
        let race = self
        let searches: [SearchRace.Lane] = formulations.enumerated().map { lane, formulation in
            { ceiling, target in
                var laneOptions = options
                laneOptions.effortCeiling = ceiling
                laneOptions.planTarget = target
                if lane > 0 {
                    // One lane's lines and progress are shown; the others' go to their log only.
                    laneOptions.onOutput = nil
                    laneOptions.onProgress = nil
                }
                let solution: MIPSolution
                switch formulation {
                case .takenIn:
                    solution = try race.prover.solve(race.plain.mip, options: laneOptions)
                case .doneBy:
                    laneOptions.initialSolution = options.initialSolution.map { doneBy!.values(fromBase: $0) }
                    let answer = try race.prover.solve(doneBy!.mip, options: laneOptions)
                    solution =
                        answer.values.isEmpty
                        ? answer : answer.replacing(values: doneBy!.baseValues(from: answer.values))
                }
                return SearchRace.Finish(
                    solution: solution, proven: race.settles(solution, goal: options.stopAtObjective),
                    effort: solution.effort ?? 0)
            }
        }
        let (winner, finishes) = try SearchRace.run(searches, weights: Array(Self.weights.prefix(searches.count)))
        let first = finishes[0]!.solution
        let logs = finishes.enumerated().map { lane, finish in
            "--- \(prover.name), the \(formulations[lane].rawValue) program ---\n" + (finish?.solution.log ?? "")
        }.joined()
        guard let winner else {
            let answers = finishes.compactMap { $0?.solution }
            return Outcome(solution: combining(answers, log: logs), provedBy: nil)
        }
        let lane = SearchRace.planLane(
            winner: winner, finishes: finishes, weights: Self.weights,
            sameValue: { a, b in
                guard let x = a.objective, let y = b.objective else { return false }
                return Tolerance.sameObjective(x, y)
            })
        let proof = finishes[winner]!.solution
        let plan = finishes[lane]!.solution
        let summary = formulations.indices.map { i in
            let finish = finishes[i]
            let ended =
                finish.map { "\($0.proven ? "proved" : "stopped") after \($0.effort) simplex iterations" } ?? "failed"
            return "the \(formulations[i].rawValue) program \(ended)"
        }.joined(separator: ", ")
        let line =
            "\(prover.name) raced two formulations: \(summary); the plan is the \(formulations[lane].rawValue) "
            + "program's\n"
        options.onOutput?(line)
        return Outcome(
            solution: MIPSolution(
                status: proof.status, values: plan.values, objective: plan.objective, bound: proof.bound,
                relaxationObjective: first.relaxationObjective, seconds: proof.seconds, log: logs + line,
                nodes: proof.nodes, effort: proof.effort, planEffort: plan.planEffort),
            provedBy: formulations[lane])
    }

    /// Whether a lane's answer settles the program: infeasible, a plan proven by its bound
    /// rounded to the objective's granularity, or a plan that meets `goal`: the value that answers
    /// the question asked (`SolveOptions.stopAtObjective`, max-min's proof rounds), which settles
    /// the race as a proof does; the lane that reaches it with the least effort wins, so the plan is
    /// the same on every run.
    func settles(_ solution: MIPSolution, goal: Double? = nil) -> Bool {
        if solution.status == .optimal || solution.status == .infeasible { return true }
        if let goal, let value = solution.objective, plain.mip.sense == .maximize ? value >= goal : value <= goal {
            return true
        }
        guard let value = solution.objective, let bound = solution.bound else { return false }
        return granularity.proves(value, bound: bound)
    }

    /// Lanes that did not prove: the better plan and the tightest bound.
    private func combining(_ answers: [MIPSolution], log: String) -> MIPSolution {
        let maximize = plain.mip.sense == .maximize
        let best = answers.filter { !$0.values.isEmpty }.max { a, b in
            maximize ? a.objective! < b.objective! : a.objective! > b.objective!
        }
        let bounds = answers.compactMap(\.bound)
        let plan = best ?? answers[0]
        return MIPSolution(
            status: plan.values.isEmpty ? .noSolution : .feasible, values: plan.values, objective: plan.objective,
            bound: maximize ? bounds.min() : bounds.max(), relaxationObjective: answers[0].relaxationObjective,
            seconds: answers.map(\.seconds).max() ?? 0, log: log, planEffort: plan.planEffort)
    }
}
