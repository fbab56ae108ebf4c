import ScenarioLoading

/// Turns a guide (a preferred order of the steps) into a feasible plan, then improves it.
///
/// Deadline steps are placed first, each in the earliest quarter where it fits; then every other
/// step, in the guide's order, in the earliest quarter that its ladder, its dependencies and the
/// budget and effort left allow. Improvement passes then pull steps earlier and insert steps left
/// out, while anything changes. Every placement is checked against the ledger, so the plan
/// satisfies spec §3 by construction (the tests check it independently too).
struct GuidedScheduler {
    let steps: PlanningSteps

    /// A plan: the quarter each step is taken in, or `nil`.
    /// - Parameter order: Steps in the order to try them (all steps, each once).
    /// - Returns: The plan, or `nil` when a deadline step could not be placed.
    func schedule(order: [Int]) -> [Int?]? {
        let all = steps.steps
        let H = steps.scenario.horizon
        var ledger = ResourceLedger(scenario: steps.scenario)
        var quarter = [Int?](repeating: nil, count: all.count)
        /// Earliest quarter its prerequisites allow, or nil when one is not scheduled.
        func ready(_ s: Int) -> Int? {
            var t = all[s].earliestQuarter
            for other in (all[s].predecessor.map { [$0] } ?? []) + all[s].requires {
                guard let q = quarter[other] else { return nil }
                t = max(t, q + 1)
            }
            return t
        }
        func place(_ s: Int, latest: Int) -> Bool {
            guard quarter[s] == nil, let from = ready(s), from <= latest else { return false }
            for t in from...latest where ledger.fits(cost: all[s].cost, effort: all[s].effort, quarter: t) {
                ledger.add(cost: all[s].cost, effort: all[s].effort, quarter: t)
                quarter[s] = t
                return true
            }
            return false
        }
        // Deadline steps, by due quarter, lower steps of a ladder first.
        let due = all.indices.filter { all[$0].dueQuarter != nil && steps.isSchedulable(all[$0]) }
            .sorted { (all[$0].dueQuarter!, all[$0].earliestQuarter, $0) < (all[$1].dueQuarter!, all[$1].earliestQuarter, $1) }
        /// Places a due step, placing first (a quarter earlier at the latest) whatever it waits for.
        func placeWithPrerequisites(_ s: Int, latest: Int) -> Bool {
            if quarter[s] != nil { return quarter[s]! <= latest }
            for other in (all[s].predecessor.map { [$0] } ?? []) + all[s].requires {
                guard placeWithPrerequisites(other, latest: latest - 1) else { return false }
            }
            return place(s, latest: latest)
        }
        for s in due where !placeWithPrerequisites(s, latest: all[s].dueQuarter!) { return nil }
        // The rest in the guide's order; a step whose prerequisite is not placed yet is retried later.
        var pending = order.filter { quarter[$0] == nil && steps.isSchedulable(all[$0]) }
        var progress = true
        while progress && !pending.isEmpty {
            progress = false
            var still: [Int] = []
            for s in pending {
                if ready(s) == nil { still.append(s); continue }
                if place(s, latest: H) { progress = true } else { still.append(s) }
            }
            pending = still.count < pending.count ? still : []
            if !progress { break }
        }
        // Improvement: move each step to the earliest quarter that fits (never later, so dependents
        // stay valid), and try again the steps left out; repeat while the plan gets better.
        var improved = true
        var passes = 0
        while improved && passes < 8 {
            improved = false
            passes += 1
            for s in order {
                guard let t = quarter[s], let from = ready(s), from < t else { continue }
                ledger.remove(cost: all[s].cost, effort: all[s].effort, quarter: t)
                var moved = false
                for u in from..<t where ledger.fits(cost: all[s].cost, effort: all[s].effort, quarter: u) {
                    ledger.add(cost: all[s].cost, effort: all[s].effort, quarter: u)
                    quarter[s] = u
                    moved = true
                    improved = true
                    break
                }
                if !moved { ledger.add(cost: all[s].cost, effort: all[s].effort, quarter: t) }
            }
            for s in order where quarter[s] == nil && steps.isSchedulable(all[s]) {
                if place(s, latest: H) { improved = true }
            }
        }
        return quarter
    }

    /// Spec §3 objective of a plan.
    func objective(_ quarters: [Int?]) -> Double {
        let H = steps.scenario.horizon
        return zip(steps.steps, quarters).reduce(0) { sum, pair in
            pair.1.map { sum + pair.0.value * Double(H - $0 + 1) } ?? sum
        }
    }
}
