/// The Lagrangian subproblem of one ladder that no dependency touches: steps c₁ … c_L, each
/// after the one before in an earlier quarter, taken as a prefix, each in a quarter from its
/// earliest to its due quarter (or the horizon), and a step with a deadline must be taken. Its
/// best quarters under given profits come from a dynamic program over (step, quarter), O(L × H),
/// where the closure graph needs a minimum cut. Most ladders of a portfolio are like this (the
/// generated ones have three dependencies per system), so the Lagrangian iteration mostly runs
/// these instead of Dinic's algorithm.
///
/// Ties go to the later quarter and to not taking, as the minimum cut's smallest source side does.
struct LadderChain {
    /// Differences below this count as ties (the minimum cut's tolerance on capacities).
    static let tolerance = Tolerance.tie

    /// The steps, lowest first.
    let steps: [Int]
    /// Per step: earliest and last quarter, and whether it must be taken.
    let earliest: [Int]
    let last: [Int]
    let forced: [Bool]

    /// The quarter of each step of the chain in a best solution (`nil`: not taken).
    /// - Parameter profit: What taking step `s` in quarter `t` is worth at the current prices.
    func solve(profit: (_ s: Int, _ t: Int) -> Double) -> [Int?] {
        let L = steps.count
        // best[k][q - earliest[k]]: steps k… with step k in quarter q; −∞ where impossible.
        var best = [[Double]](repeating: [], count: L)
        var choice = [[Int?]](repeating: [], count: L)  // the next step's quarter, nil: stop
        for k in stride(from: L - 1, through: 0, by: -1) {
            let span = max(0, last[k] - earliest[k] + 1)
            best[k] = [Double](repeating: -.infinity, count: span)
            choice[k] = [Int?](repeating: nil, count: span)
            // From the latest quarter down, keep the best continuation after q: the next step
            // in any quarter from q + 1 on (or none, unless it must be taken).
            var following = k + 1 < L && forced[k + 1] ? -Double.infinity : 0.0
            var followingQuarter: Int? = nil
            var q = k + 1 < L ? max(last[k], last[k + 1] - 1) : last[k]
            while q >= earliest[k] {
                if k + 1 < L {
                    let r = q + 1 - earliest[k + 1]  // the next step in quarter q + 1
                    if r >= 0 && r < best[k + 1].count && best[k + 1][r] > following + Self.tolerance {
                        following = best[k + 1][r]
                        followingQuarter = q + 1
                    }
                }
                if q <= last[k] && following > -.infinity {
                    best[k][q - earliest[k]] = profit(steps[k], q) + following
                    choice[k][q - earliest[k]] = followingQuarter
                }
                q -= 1
            }
        }
        var quarters = [Int?](repeating: nil, count: L)
        var total = forced.first == true ? -Double.infinity : 0.0
        var start: Int? = nil
        for (i, value) in (best.first ?? []).enumerated().reversed() where value > total + Self.tolerance {
            total = value
            start = earliest[0] + i
        }
        var k = 0
        while let q = start, k < L {
            quarters[k] = q
            start = choice[k][q - earliest[k]]
            k += 1
        }
        return quarters
    }
}

extension LadderChain {
    /// The chain of `members` (a ladder: each step's only prerequisite is the one before it), or
    /// `nil` when they do not form one.
    init?(members: [Int], of planning: PlanningProblem) {
        let all = planning.steps
        let horizon = planning.scenario.horizon
        let inside = Set(members)
        guard let first = members.first(where: { all[$0].prerequisites.isEmpty }) else { return nil }
        var order = [first]
        var successor: [Int: Int] = [:]
        for s in members {
            let prerequisites = all[s].prerequisites
            if s == first { continue }
            guard prerequisites.count == 1, let p = all[s].predecessor?.position, prerequisites[0] == p,
                inside.contains(p),
                successor.updateValue(s, forKey: p) == nil
            else { return nil }
        }
        while let next = successor[order.last!] { order.append(next) }
        guard order.count == members.count else { return nil }
        self.init(
            steps: order, earliest: order.map { all[$0].earliestQuarter },
            last: order.map { min(horizon, all[$0].dueQuarter ?? horizon) },
            forced: order.map { all[$0].dueQuarter != nil })
    }
}
