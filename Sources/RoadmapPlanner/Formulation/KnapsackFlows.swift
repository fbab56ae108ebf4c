import OptimizationModel

/// The convex hull of each money limit's knapsack, as flows through a layered graph: an extended
/// formulation added to the roadmap's program (`RoadmapModel(knapsackFlows:)`).
///
/// The LP relaxation spends each quarter's budget to the last unit with fractions of steps, while
/// whole steps leave some of it unspent; GLPK's cuts recover only part of that (on the generated
/// 3 × 8 tight program of seed 1: LP 418.56, single-row MIR cuts 407.93, optimum 403.75), and its
/// search then does not prove the optimum in minutes. The limit's hull does: 404.94 there.
///
/// For one limit (spec §3.2, from `ResourceRules`) over quarters a...b, every ladder (a chain
/// of steps linked by `predecessor`) is a layer, and a plan takes a contiguous segment of each
/// ladder in those quarters (no more steps than quarters, starting after a step that can come
/// before quarter a). A path from the source through one option per layer is a set of segments
/// whose use fits the limit; a node is what is left of the limit, rounded down to the largest
/// amount the later layers can use (so that states with the same future merge, as in Brandão and
/// Pedroso's arc-flow graph compression). One unit of flow leaves the source, and the flow through
/// the options that contain a step equals the step's columns in a...b. Every plan that keeps the
/// limit is such a path (`setValues(_:quarters:)` gives it), so the flows cut off no plan; their LP is the
/// hull of the limit's knapsack over ladder segments.
struct KnapsackFlows: Sendable {
    /// A segment of a ladder, taken within a limit's quarters.
    struct Option: Sendable {
        /// Positions in the ladder of the segment's first and last steps.
        let first: Int
        let last: Int
        /// What the segment uses, in units of the limit's scale.
        let use: Int
    }

    /// One ladder of one limit: its options (skipping it is always possible too).
    struct Layer: Sendable {
        let ladder: [Int]
        let options: [Option]
    }

    /// The arc leaving a node by an option: layer, remaining amount, option (0: skip, i: option i − 1).
    struct ArcKey: Hashable, Sendable {
        let layer: Int
        let remaining: Int
        let option: Int
    }

    /// One limit's layers, with its amount in the same whole units as their uses.
    struct ScaledLayers: Sendable {
        let layers: [Layer]
        let capacity: Int
    }

    /// An arc of a graph: the option it takes out of its node, and the node it leads to.
    struct Arc: Sendable {
        let key: ArcKey
        let next: Int
    }

    /// One limit's graph.
    struct Graph: Sendable {
        let quarters: ClosedRange<Int>
        let layers: [Layer]
        /// For each layer k (and k = layers.count), the amounts layers k... can use, ascending.
        let usable: [[Int]]
        /// The arcs, layer by layer; arc i is flow column `firstColumn + i` once added.
        let arcs: [Arc]
        let arcIndex: [ArcKey: Int]
        /// The limit's amount in whole units.
        let capacity: Int
        /// The flow column of arc 0, once added to a program.
        var firstColumn = 0

        /// The source's label: the capacity, rounded down to an amount the layers can use.
        var start: Int { node(0, capacity) }

        /// The largest amount layers `k`... can use within `amount`: the node's label.
        func node(_ k: Int, _ amount: Int) -> Int {
            KnapsackFlows.largest(in: usable[k], atMost: amount)
        }

        /// The flow column of the arc leaving node `remaining` of layer `k` by `option`.
        func column(layer k: Int, remaining: Int, option: Int) -> Int? {
            arcIndex[ArcKey(layer: k, remaining: remaining, option: option)].map { firstColumn + $0 }
        }

        /// Adds the arcs as columns and the source, node and link rows to `mip`.
        func adding(to mip: inout MIPModel, model: RoadmapModel, name: String) -> Graph {
            var graph = self
            graph.firstColumn = mip.columnCount
            for (i, _) in arcs.enumerated() {
                mip.addColumn(name: "flow_\(name)_\(i)", upper: 1, integer: false)
            }
            typealias Terms = [(column: Int, coefficient: Double)]
            var source: Terms = []
            var nodes: [Int: [Int: Terms]] = [:]  // layer → remaining → terms (flow in − flow out)
            var links = [Terms](repeating: [], count: model.problem.steps.count)
            for (i, arc) in arcs.enumerated() {
                let column = graph.firstColumn + i, k = arc.key.layer
                if k == 0 {
                    source.append((column, 1))
                } else {
                    nodes[k, default: [:]][arc.key.remaining, default: []].append((column, -1))
                }
                if k + 1 < layers.count { nodes[k + 1, default: [:]][arc.next, default: []].append((column, 1)) }
                if arc.key.option > 0 {
                    let option = layers[k].options[arc.key.option - 1]
                    for position in option.first...option.last {
                        links[layers[k].ladder[position]].append((column, -1))
                    }
                }
            }
            mip.addRow(name: "flow_\(name)_source", terms: source, lower: 1, upper: 1)
            for k in nodes.keys.sorted() {
                for remaining in nodes[k]!.keys.sorted() {
                    mip.addRow(name: "flow_\(name)_\(k)_\(remaining)", terms: nodes[k]![remaining]!, lower: 0, upper: 0)
                }
            }
            for layer in layers {
                for s in layer.ladder {
                    let taken = quarters.compactMap { model.column(step: s, quarter: $0) }.map { ($0, 1.0) }
                    // A step that cannot be taken in these quarters is in no option either.
                    guard !taken.isEmpty else { continue }
                    mip.addRow(name: "flow_\(name)_step\(s)", terms: taken + links[s], lower: 0, upper: 0)
                }
            }
            return graph
        }
    }

    /// Most flow columns added to one program: the LP of each node grows with them. Measured on the
    /// generated small programs (docs/performance.md): 5,600 flow columns, proven in 3.2 s where the
    /// plain program was not in 20 s; 9,000-10,000, proofs 3.5 and 4.4 times slower than without flows;
    /// 17,000-19,000, GLPK did not finish the root LP in 15 s.
    static let maximumColumns = 7_000
    /// The resources whose limits get flows. Money only: effort's graphs doubled the program on the
    /// 3 × 8 tight program (13,475 columns against 6,021) and GLPK no longer proved it in 20 s
    /// (3.1 s with money's alone).
    static let resources: Set<ResourceRules.Resource> = [.money]
    /// Most nodes in one layer of a graph before the limit is left as its row alone.
    static let maximumNodesPerLayer = 3_000

    private(set) var graphs: [Graph] = []

    /// Adds the flows of every limit that binds and whose graph fits, to `mip`.
    /// - Parameters:
    ///   - model: The roadmap's program, whose step columns the flows are tied to.
    ///   - mip: Its integer program, to which columns and rows are added.
    init(model: RoadmapModel, into mip: inout MIPModel) {
        let ladders = Self.ladders(of: model)
        var budget = Self.maximumColumns
        for limit in model.problem.rules.limits where Self.resources.contains(limit.resource) {
            guard let layers = Self.layers(of: limit, ladders: ladders, model: model),
                let graph = Self.graph(of: limit, layers: layers, columnBudget: budget)
            else { continue }
            budget -= graph.arcs.count
            graphs.append(graph.adding(to: &mip, model: model, name: limit.name))
        }
    }

    /// Sets the flows of the plan `quarters` in `values` (the step columns are set already).
    func setValues(_ values: inout [Double], quarters: Schedule) {
        for graph in graphs {
            var remaining = graph.start
            for (k, layer) in graph.layers.enumerated() {
                let inside = layer.ladder.indices.filter { position in
                    quarters[layer.ladder[position]].map(graph.quarters.contains) ?? false
                }
                var option = 0
                var use = 0
                if let first = inside.first, let last = inside.last {
                    guard let i = layer.options.firstIndex(where: { $0.first == first && $0.last == last }) else {
                        return  // not a plan of the program: its flows stay zero, and it is refused as a start
                    }
                    option = i + 1
                    use = layer.options[i].use
                }
                guard let column = graph.column(layer: k, remaining: remaining, option: option) else { return }
                values[column] = 1
                remaining = graph.node(k + 1, remaining - use)
            }
        }
    }

    /// The ladders of the program's schedulable steps, each in order of its steps.
    private static func ladders(of model: RoadmapModel) -> [[Int]] {
        let steps = model.problem.steps
        var successor = [Int?](repeating: nil, count: steps.count)
        var starts: [Int] = []
        for (s, step) in steps.enumerated() where model.firstColumn[s] >= 0 {
            if let p = step.predecessor?.position, model.firstColumn[p] >= 0, successor[p] == nil {
                successor[p] = s
            } else {
                starts.append(s)
            }
        }
        return starts.map { start in
            var ladder = [start]
            while let next = successor[ladder.last!] { ladder.append(next) }
            return ladder
        }
    }

    /// The layers of one limit, or `nil` when it cannot bind or its amounts are not whole at a
    /// scale of 1, 10 or 100.
    private static func layers(of limit: ResourceRules.Limit, ladders: [[Int]], model: RoadmapModel) -> ScaledLayers? {
        let steps = model.problem.steps
        let quarters = limit.quarters
        let uses = ladders.flatMap { $0 }.map { ResourceRules.use(of: steps[$0], limit.resource) }
        guard limit.amount.isFinite, limit.amount >= 0,
            let scale = [1.0, 10, 100].first(where: { scale in
                uses.allSatisfy { isWhole($0 * scale) }
            })
        else { return nil }
        // The amount in whole units, rounded down unless it is whole up to noise.
        let scaledAmount = limit.amount * scale
        let capacity = Int(isWhole(scaledAmount) ? scaledAmount.rounded() : scaledAmount.rounded(.down))
        var layers: [Layer] = []
        for ladder in ladders {
            let scaled = ladder.map { Int((ResourceRules.use(of: steps[$0], limit.resource) * scale).rounded()) }
            guard scaled.contains(where: { $0 != 0 }) else { continue }
            var options: [Option] = []
            for first in ladder.indices {
                // A segment can start only after a step that can be taken before the limit's quarters.
                if first > 0, steps[ladder[first - 1]].earliestQuarter >= quarters.lowerBound { break }
                var use = 0
                for last in first..<ladder.count {
                    guard last - first < quarters.count, steps[ladder[last]].earliestQuarter <= quarters.upperBound
                    else { break }
                    use += scaled[last]
                    if use <= capacity { options.append(Option(first: first, last: last, use: use)) }
                }
            }
            layers.append(Layer(ladder: ladder, options: options))
        }
        // A limit that every combination keeps does not bind: its flows would add nothing.
        let most = layers.reduce(0) { $0 + ($1.options.map(\.use).max() ?? 0) }
        guard most > capacity else { return nil }
        // The heaviest ladders first: fewer distinct amounts early, a smaller graph (measured: 5,500
        // flow columns against 8,800 in ladder order on the 3 x 8 tight program).
        let ordered = layers.enumerated().sorted { a, b in
            let ua = a.element.options.map(\.use).max() ?? 0, ub = b.element.options.map(\.use).max() ?? 0
            return ua != ub ? ua > ub : a.offset < b.offset
        }
        return ScaledLayers(layers: ordered.map(\.element), capacity: capacity)
    }

    /// The compressed graph of one limit, or `nil` when it has more nodes or arcs than allowed.
    private static func graph(of limit: ResourceRules.Limit, layers: ScaledLayers, columnBudget: Int) -> Graph? {
        let count = layers.layers.count
        // usable[k]: every amount layers k... can use together within the capacity.
        var usable = [[Int]](repeating: [0], count: count + 1)
        for k in stride(from: count - 1, through: 0, by: -1) {
            var amounts = Set(usable[k + 1])
            for amount in usable[k + 1] {
                for option in layers.layers[k].options where amount + option.use <= layers.capacity {
                    amounts.insert(amount + option.use)
                }
            }
            guard amounts.count <= maximumNodesPerLayer else { return nil }
            usable[k] = amounts.sorted()
        }
        var arcs: [Arc] = []
        var index: [ArcKey: Int] = [:]
        var nodes: Set<Int> = [largest(in: usable[0], atMost: layers.capacity)]
        for k in 0..<count {
            var next = Set<Int>()
            let uses = [0] + layers.layers[k].options.map(\.use)
            for remaining in nodes.sorted() {
                for (option, use) in uses.enumerated() where use <= remaining {
                    let key = ArcKey(layer: k, remaining: remaining, option: option)
                    let target = largest(in: usable[k + 1], atMost: remaining - use)
                    index[key] = arcs.count
                    arcs.append(Arc(key: key, next: target))
                    next.insert(target)
                }
                guard arcs.count <= columnBudget else { return nil }
            }
            nodes = next
        }
        return Graph(
            quarters: limit.quarters, layers: layers.layers, usable: usable, arcs: arcs, arcIndex: index,
            capacity: layers.capacity)
    }

    /// The largest element of an ascending array that is at most `amount` (its first when none is).
    static func largest(in ascending: [Int], atMost amount: Int) -> Int {
        var low = 0, high = ascending.count  // the first index whose element exceeds amount
        while low < high {
            let middle = (low + high) / 2
            if ascending[middle] <= amount { low = middle + 1 } else { high = middle }
        }
        return ascending[max(0, low - 1)]
    }
}
