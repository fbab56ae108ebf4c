/// Disjoint sets over the indices 0..<count (path halving; a union keeps the smaller root, so a
/// set's root is its smallest member): the steps that ladders, dependencies or systems join into
/// the groups the portfolio core decomposes by (`LagrangianCore.connectedGroups`) and the parts
/// max-min's plans are mixed by (`PlanFusion.parts`).
struct DisjointSets {
    private var parent: [Int]

    init(count: Int) { parent = Array(0..<count) }

    /// The root of the set holding `i`.
    mutating func root(_ i: Int) -> Int {
        var i = i
        while parent[i] != i {
            parent[i] = parent[parent[i]]
            i = parent[i]
        }
        return i
    }

    /// Joins the sets of `a` and `b`.
    mutating func join(_ a: Int, _ b: Int) {
        let (ra, rb) = (root(a), root(b))
        if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }

    /// `members` grouped by set, each group in the order of `members`, groups in the order of
    /// their roots (deterministic).
    mutating func groups(of members: some Sequence<Int>) -> [[Int]] {
        var byRoot: [Int: [Int]] = [:]
        for i in members { byRoot[root(i), default: []].append(i) }
        return byRoot.keys.sorted().map { byRoot[$0]! }
    }
}
