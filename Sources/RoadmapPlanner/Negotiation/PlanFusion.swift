import OptimizationModel

/// The plan of the largest smallest share made of whole parts of plans already known: each
/// *part* (a system's steps, with every system an initiative or a dependency links to it) is
/// taken as one of the known plans takes it, and the choice is a small integer program over the
/// parts within every limit of `ResourceRules`, the parties' budgets included.
///
/// Why: max-min for portfolios plans weighted sums of shares, whose plans sit where the weights
/// trade the parties' shares (a party 2–4% behind the others after a round at 1,000 × 12); the
/// rounds' plans lean different ways, and a mix of them, system by system, can be as good as
/// their convex combination, which the weights' LP (`BalancingWeights`) says is balanced. Each
/// known plan keeps every rule within a part (ladders, dependencies and deadlines never cross
/// parts), so a mix keeps spec §3 whenever its sums keep the limits, which are the program's rows.
struct PlanFusion {
    let problem: PlanningProblem
    let solver: any MIPSolver

    /// The best mix of `plans` (each feasible), never worse than the first (the incumbent), or
    /// `nil` when no mix is better than it.
    /// - Parameters:
    ///   - plans: Feasible plans; the first is where the search starts.
    ///   - parties: The parties in the agreement (indices into the scenario's stakeholders).
    ///   - ideals: Their ideals, in the order of `parties`.
    ///   - timeLimit: Seconds the solver may take.
    ///   - stop: Ends the solve with what it has.
    func fused(
        _ plans: [Schedule], parties: [Int], ideals: [Double], timeLimit: Double?, stop: StopSignal?
    ) -> Schedule? {
        guard plans.count >= 2, let first = plans.first else { return nil }
        let parts = Self.parts(of: problem)
        let rules = problem.rules
        var model = MIPModel(name: "plan fusion", sense: .maximize)
        let scale = ideals.max() ?? 1
        let z = model.addColumn(name: "smallest_share", lower: 0, upper: .infinity, integer: false, objective: scale)
        var fixedUse = [Double](repeating: 0, count: rules.limits.count)
        var fixedValue = [Double](repeating: 0, count: parties.count)
        var limitTerms = [[(column: Int, coefficient: Double)]](repeating: [], count: rules.limits.count)
        var valueTerms = [[(column: Int, coefficient: Double)]](repeating: [], count: parties.count)
        // For each part with a choice: its options (distinct ways the plans take it) and columns.
        var choices: [(steps: [Int], options: [Schedule], columns: [Int])] = []
        var start = [0.0]
        for steps in parts {
            var options: [Schedule] = []
            for plan in plans {
                let option = Schedule(steps.map { plan[$0] })
                if !options.contains(option) { options.append(option) }
            }
            let uses = options.map { usage(of: $0, steps: steps, rules: rules) }
            let values = options.map { option in
                parties.map { k in
                    zip(steps, option).reduce(0) { sum, pair in
                        pair.1.map { sum + problem.partyValue(k, of: pair.0, in: $0) } ?? sum
                    }
                }
            }
            guard options.count > 1 else {
                for l in fixedUse.indices { fixedUse[l] += uses[0][l] }
                for k in fixedValue.indices { fixedValue[k] += values[0][k] }
                continue
            }
            let incumbent = options.firstIndex(of: Schedule(steps.map { first[$0] }))!
            var columns: [Int] = []
            for (o, use) in uses.enumerated() {
                let shareSum = zip(values[o], ideals).reduce(0) { $0 + $1.0 / $1.1 }
                let column = model.addColumn(
                    name: "part\(choices.count)_\(o)", objective: WindowObjective.sumOfSharesWeight * scale * shareSum)
                columns.append(column)
                start.append(o == incumbent ? 1 : 0)
                for (l, amount) in use.enumerated() where amount != 0 { limitTerms[l].append((column, amount)) }
                for (k, value) in values[o].enumerated() where value != 0 { valueTerms[k].append((column, value)) }
            }
            model.addRow(name: "part\(choices.count)", terms: columns.map { ($0, 1.0) }, lower: 1, upper: 1)
            choices.append((steps, options, columns))
        }
        guard !choices.isEmpty else { return nil }
        // Each row divided by its amount (money in the thousands, values in the tens of thousands
        // beside a share below 1): HiGHS's root took its whole second on the unscaled rows.
        for (l, limit) in rules.limits.enumerated() where !limitTerms[l].isEmpty {
            let left = limit.amount - fixedUse[l], unit = max(1, abs(limit.amount))
            model.addRow(
                name: limit.name, terms: limitTerms[l].map { ($0.column, $0.coefficient / unit) },
                upper: abs(left) < Tolerance.leftover ? 0 : left / unit)
        }
        for (k, ideal) in ideals.enumerated() {
            model.addRow(
                name: "share_\(k)", terms: valueTerms[k].map { ($0.column, -$0.coefficient / ideal) } + [(z, 1)],
                upper: fixedValue[k] / ideal)
        }
        start[z] = problem.shares(of: first, parties: parties, ideals: ideals).min() ?? 0
        guard model.violations(of: start).isEmpty else { return nil }
        // A search from the best plan known for a better mix, by the solver given (the
        // negotiation gives HiGHS: at 1,000 × 12 it found its first better mix after 6 s of 8.6;
        // GLPK found none at 200 × 8 in 2.3 s, and the negotiation does not ask it).
        var options = SolveOptions(timeLimit: timeLimit, relativeGap: 0, role: .polish, stop: stop)
        options.initialSolution = start
        guard let solution = try? solver.solve(model, options: options), solution.objective != nil,
            solution.values.count == model.columnCount,
            model.objectiveValue(of: solution.values) > model.objectiveValue(of: start)
        else { return nil }
        let values = solution.values
        var fused = first
        for choice in choices {
            guard let o = choice.columns.firstIndex(where: { values[$0] > 0.5 }) else { return nil }
            for (i, s) in choice.steps.enumerated() { fused[s] = choice.options[o][i] }
        }
        // Rows are kept within the solver's tolerance; the plan must keep them exactly.
        guard PlanVerifier(problem: problem).violations(fused).isEmpty,
            WindowObjective.smallestShare(parties: parties, ideals: ideals).isBetter(fused, than: first, in: problem)
        else { return nil }
        return fused
    }

    /// What the steps `steps`, taken where `option` says, use of each limit.
    private func usage(of option: Schedule, steps: [Int], rules: ResourceRules) -> [Double] {
        var ledger = ResourceLedger(rules: rules)
        for (s, quarter) in zip(steps, option) { if let t = quarter { ledger.add(problem.steps[s], quarter: t) } }
        return ledger.used
    }

    /// The parts: the steps of each system, joined with those of every system that an initiative
    /// step or a ladder or dependency links them to; in the order of their first step.
    static func parts(of problem: PlanningProblem) -> [[Int]] {
        var sets = DisjointSets(count: problem.steps.count)
        var firstOfSystem: [Int: Int] = [:]
        for (s, step) in problem.steps.enumerated() {
            for system in [step.systemIndex] + step.members {
                if let f = firstOfSystem[system] { sets.join(f, s) } else { firstOfSystem[system] = s }
            }
            for p in step.prerequisites { sets.join(p, s) }
        }
        // Every step is a member, so a part's root, its smallest step, is also its first.
        return sets.groups(of: problem.steps.indices)
    }
}
