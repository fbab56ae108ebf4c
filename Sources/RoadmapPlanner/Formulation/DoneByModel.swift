import OptimizationModel

/// The integer program of `RoadmapModel` in "done by" columns: y[s,t] = 1 when step s is done by
/// the end of quarter t, monotone in t (y[s,t−1] ≤ y[s,t]); x[s,t] = y[s,t] − y[s,t−1].
///
/// The same program under a unimodular change of columns, so the same plans, values and LP bound
/// (docs/formulation.md). What differs is the search: a branch on y[s,t] splits "by t" from
/// "after t", which settles a step's whole tail at once; ladder and dependency rows become two-term
/// rows. HiGHS proves some small programs much sooner this way and some later, so the whole
/// program's race runs both (`WholeProgramEngine`).
struct DoneByModel: Sendable {
    let base: RoadmapModel
    private(set) var mip: MIPModel

    /// The program of `base` (the plain model, without flows or elastic columns) in done-by columns.
    /// Column j of the result is the done-by column of `base`'s column j: same step, same quarter.
    init(base: RoadmapModel) {
        self.base = base
        let source = base.mip
        var mip = MIPModel(name: source.name, sense: source.sense)
        mip.objectiveConstant = source.objectiveConstant
        // The column after j in the same step (x[s,t+1]), or nil at the step's last quarter.
        var nextInStep = [Int?](repeating: nil, count: source.columnCount)
        var previousInStep = [Int?](repeating: nil, count: source.columnCount)
        for (s, step) in base.problem.steps.enumerated() where base.firstColumn[s] >= 0 {
            var previous: Int?
            for t in step.earliestQuarter...base.problem.scenario.horizon {
                let column = base.column(step: s, quarter: t)!
                if let previous {
                    nextInStep[previous] = column
                    previousInStep[column] = previous
                }
                previous = column
            }
        }
        for j in 0..<source.columnCount {
            // Σ_t o_t x_t = Σ_t (o_t − o_{t+1}) y_t.
            let following = nextInStep[j].map { source.objective[$0] } ?? 0
            mip.addColumn(
                name: "y" + source.columnNames[j].dropFirst(), lower: source.columnLower[j],
                upper: source.columnUpper[j], integer: source.columnIsInteger[j],
                objective: source.objective[j] - following)
        }
        // Each row's a_t x_t = a_t y_t − a_t y_{t−1}: coefficients gathered per row and column.
        var rows = [[Int: Double]](repeating: [:], count: source.rowCount)
        for k in 0..<source.nonzeroCount {
            let row = Int(source.entryRow[k]), column = Int(source.entryColumn[k]), a = source.entryValue[k]
            rows[row][column, default: 0] += a
            if let previous = previousInStep[column] { rows[row][previous, default: 0] -= a }
        }
        for i in 0..<source.rowCount {
            let terms = rows[i].filter { $0.value != 0 }.sorted { $0.key < $1.key }.map {
                (column: $0.key, coefficient: $0.value)
            }
            mip.addRow(name: source.rowNames[i], terms: terms, lower: source.rowLower[i], upper: source.rowUpper[i])
        }
        for j in 0..<source.columnCount {
            if let previous = previousInStep[j] {
                mip.addRow(name: "mono_\(j)", terms: [(previous, 1), (j, -1)], upper: 0)
            }
        }
        self.mip = mip
        self.previousInStep = previousInStep
    }

    private let previousInStep: [Int?]

    /// The done-by values of a plan given in `base`'s columns: y[s,t] = Σ_{τ≤t} x[s,τ].
    func values(fromBase x: [Double]) -> [Double] {
        var y = x
        for j in y.indices { if let previous = previousInStep[j] { y[j] += y[previous] } }
        return y
    }

    /// A plan in `base`'s columns from done-by values: x[s,t] = y[s,t] − y[s,t−1].
    func baseValues(from y: [Double]) -> [Double] {
        y.indices.map { j in previousInStep[j].map { y[j] - y[$0] } ?? y[j] }
    }
}
