/// Maximum-weight closure of a small directed graph, by a minimum cut (Dinic's algorithm).
///
/// A closure is a set of nodes that contains every successor of each of its nodes ("if u is
/// taken, v must be taken"). Picard's reduction: source → u with capacity w(u) for w(u) > 0,
/// u → sink with −w(u) for w(u) < 0, u → v with infinite capacity for each implication; the
/// nodes on the source side of a minimum cut form a maximum-weight closure. The graph is built
/// once; `solve` takes new weights each time (the Lagrangian loop changes only weights).
struct MaxClosure {
    let nodeCount: Int
    private let source: Int
    private let sink: Int
    // Edge arrays (forward edge at even index, its reverse at the next); capacities reset per solve.
    private var head: [Int32] = []
    private var next: [Int32] = []
    private var to: [Int32] = []
    private var capacity: [Double] = []
    private var baseCapacity: [Double] = []
    private var firstEdge: [Int32]
    private var sourceEdge: [Int32]
    private var sinkEdge: [Int32]

    /// - Parameters:
    ///   - nodeCount: Nodes 0..<nodeCount.
    ///   - implications: Pairs (u, v): u in the closure requires v in it.
    ///   - forced: Nodes that must be in the closure.
    init(nodeCount: Int, implications: [(Int, Int)], forced: [Int]) {
        self.nodeCount = nodeCount
        source = nodeCount
        sink = nodeCount + 1
        firstEdge = Array(repeating: -1, count: nodeCount + 2)
        sourceEdge = Array(repeating: -1, count: nodeCount)
        sinkEdge = Array(repeating: -1, count: nodeCount)
        for (u, v) in implications { addEdge(u, v, .infinity) }
        for u in forced { addEdge(source, u, .infinity) }
        for u in 0..<nodeCount {
            sourceEdge[u] = Int32(addEdge(source, u, 0))
            sinkEdge[u] = Int32(addEdge(u, sink, 0))
        }
        baseCapacity = capacity
    }

    @discardableResult
    private mutating func addEdge(_ u: Int, _ v: Int, _ c: Double) -> Int {
        let e = to.count
        to.append(Int32(v)); capacity.append(c); next.append(firstEdge[u]); firstEdge[u] = Int32(e)
        to.append(Int32(u)); capacity.append(0); next.append(firstEdge[v]); firstEdge[v] = Int32(e + 1)
        return e
    }

    /// The maximum-weight closure for these weights.
    /// - Parameter weights: One weight per node.
    /// - Returns: Membership of each node.
    mutating func solve(weights: [Double]) -> [Bool] {
        capacity = baseCapacity
        for u in 0..<nodeCount {
            let w = weights[u]
            if w > 0 { capacity[Int(sourceEdge[u])] = w } else if w < 0 { capacity[Int(sinkEdge[u])] = -w }
        }
        var level = [Int32](repeating: -1, count: nodeCount + 2)
        var cursor = [Int32](repeating: -1, count: nodeCount + 2)
        var queue = [Int32](repeating: 0, count: nodeCount + 2)
        let epsilon = Tolerance.tie
        while true {
            // Breadth-first levels from the source over edges with residual capacity.
            for i in level.indices { level[i] = -1 }
            level[source] = 0
            var qh = 0, qt = 0
            queue[qt] = Int32(source); qt += 1
            while qh < qt {
                let u = Int(queue[qh]); qh += 1
                var e = firstEdge[u]
                while e >= 0 {
                    let v = Int(to[Int(e)])
                    if level[v] < 0 && capacity[Int(e)] > epsilon {
                        level[v] = level[u] + 1
                        queue[qt] = Int32(v); qt += 1
                    }
                    e = next[Int(e)]
                }
            }
            if level[sink] < 0 { break }
            cursor = firstEdge
            while true {
                let pushed = augment(source, .infinity, &level, &cursor, epsilon)
                if pushed <= epsilon { break }
            }
        }
        // The source side of the cut: nodes still reachable from the source.
        return (0..<nodeCount).map { level[$0] >= 0 }
    }

    /// One blocking-flow path by depth-first search (iterative, to stay off deep recursion).
    private mutating func augment(
        _ start: Int, _ limit: Double, _ level: inout [Int32], _ cursor: inout [Int32],
        _ epsilon: Double
    ) -> Double {
        var path: [Int32] = []  // edges
        var u = start
        while true {
            if u == sink {
                var flow = Double.infinity
                for e in path { flow = min(flow, capacity[Int(e)]) }
                for e in path {
                    capacity[Int(e)] -= flow
                    capacity[Int(e) ^ 1] += flow
                }
                return flow
            }
            var advanced = false
            while cursor[u] >= 0 {
                let e = Int(cursor[u])
                let v = Int(to[e])
                if capacity[e] > epsilon && level[v] == level[u] + 1 {
                    path.append(Int32(e))
                    u = v
                    advanced = true
                    break
                }
                cursor[u] = next[e]
            }
            if !advanced {
                // Dead end: retire the node and step back.
                level[u] = -2
                guard let last = path.popLast() else { return 0 }
                u = Int(to[Int(last) ^ 1])
                cursor[u] = next[Int(cursor[u])]
            }
        }
    }
}
