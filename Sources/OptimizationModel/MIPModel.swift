/// A mixed-integer linear program, independent of any solver (the JuMP/MOI split: the planner
/// builds a model, a backend answers it).
///
/// Storage is column/row arrays plus a coordinate-format matrix, so a backend can hand it to a
/// C solver in one call and a portfolio of hundreds of thousands of columns stays compact.
public struct MIPModel: Sendable {
    public enum Sense: String, Sendable {
        case minimize, maximize
    }

    public var name: String
    public var sense: Sense
    public var objectiveConstant: Double = 0

    public private(set) var columnLower: [Double] = []
    public private(set) var columnUpper: [Double] = []
    public private(set) var columnIsInteger: [Bool] = []
    public private(set) var objective: [Double] = []
    public private(set) var columnNames: [String] = []

    public private(set) var rowLower: [Double] = []
    public private(set) var rowUpper: [Double] = []
    public private(set) var rowNames: [String] = []

    /// Coordinate-format constraint matrix, 0-based.
    public private(set) var entryRow: [Int32] = []
    public private(set) var entryColumn: [Int32] = []
    public private(set) var entryValue: [Double] = []

    public init(name: String, sense: Sense) {
        self.name = name
        self.sense = sense
    }

    public var columnCount: Int { objective.count }
    public var rowCount: Int { rowLower.count }
    public var nonzeroCount: Int { entryValue.count }

    /// Adds a column.
    /// - Parameters:
    ///   - name: A name for exported models and messages.
    ///   - lower: Lower bound (`-.infinity` for none).
    ///   - upper: Upper bound (`.infinity` for none).
    ///   - integer: Whether the column is integer.
    ///   - objective: Its objective coefficient.
    /// - Returns: The column's index.
    @discardableResult
    public mutating func addColumn(
        name: String, lower: Double = 0, upper: Double = 1, integer: Bool = true,
        objective: Double = 0
    ) -> Int {
        columnNames.append(name)
        columnLower.append(lower)
        columnUpper.append(upper)
        columnIsInteger.append(integer)
        self.objective.append(objective)
        return columnCount - 1
    }

    /// Adds a row `lower ≤ Σ coefficient × column ≤ upper`.
    /// - Returns: The row's index.
    @discardableResult
    public mutating func addRow(
        name: String, terms: [(column: Int, coefficient: Double)],
        lower: Double = -.infinity, upper: Double = .infinity
    ) -> Int {
        let row = Int32(rowCount)
        rowNames.append(name)
        rowLower.append(lower)
        rowUpper.append(upper)
        for term in terms where term.coefficient != 0 {
            entryRow.append(row)
            entryColumn.append(Int32(term.column))
            entryValue.append(term.coefficient)
        }
        return Int(row)
    }

    /// Changes a column's bounds (e.g. to fix it).
    public mutating func setBounds(column: Int, lower: Double, upper: Double) {
        columnLower[column] = lower
        columnUpper[column] = upper
    }

    /// Changes a row's bounds.
    public mutating func setBounds(row: Int, lower: Double, upper: Double) {
        rowLower[row] = lower
        rowUpper[row] = upper
    }

    /// Sets a column's objective coefficient.
    public mutating func setObjective(column: Int, coefficient: Double) {
        objective[column] = coefficient
    }

    /// The objective value of a point.
    public func objectiveValue(of values: [Double]) -> Double {
        zip(objective, values).reduce(objectiveConstant) { $0 + $1.0 * $1.1 }
    }

    /// The constraints and bounds a point violates (beyond `tolerance`), as names; empty when feasible.
    ///
    /// GLPK accepts an injected starting solution without checking it, so callers check here first.
    /// - Parameters:
    ///   - values: One value per column.
    ///   - tolerance: Absolute slack allowed.
    public func violations(of values: [Double], tolerance: Double = 1e-6) -> [String] {
        guard values.count == columnCount else { return ["expected \(columnCount) values, got \(values.count)"] }
        var found: [String] = []
        for j in 0..<columnCount {
            let v = values[j]
            if !v.isFinite || v < columnLower[j] - tolerance || v > columnUpper[j] + tolerance
                || (columnIsInteger[j] && abs(v - v.rounded()) > tolerance)
            {
                found.append(columnNames[j])
            }
        }
        var activity = [Double](repeating: 0, count: rowCount)
        for k in 0..<nonzeroCount { activity[Int(entryRow[k])] += entryValue[k] * values[Int(entryColumn[k])] }
        for i in 0..<rowCount where activity[i] < rowLower[i] - tolerance || activity[i] > rowUpper[i] + tolerance {
            found.append(rowNames[i])
        }
        return found
    }

    /// Checks every index and bound, so that nothing invalid reaches a C solver (GLPK aborts on it).
    /// - Throws: `ModelValidationError` naming the first offending column, row or entry.
    public func validate() throws(ModelValidationError) {
        let columns = columnCount, rows = rowCount
        guard columns < Int(Int32.max), rows < Int(Int32.max), nonzeroCount < Int(Int32.max) else {
            throw ModelValidationError("the model is too large for a 32-bit solver index")
        }
        for j in 0..<columns {
            let lo = columnLower[j], up = columnUpper[j]
            guard !lo.isNaN, !up.isNaN, lo != .infinity, up != -.infinity, lo <= up, objective[j].isFinite else {
                throw ModelValidationError(
                    "column \(columnNames[j]) has invalid bounds [\(lo), \(up)] "
                        + "or objective \(objective[j])")
            }
        }
        for i in 0..<rows {
            let lo = rowLower[i], up = rowUpper[i]
            guard !lo.isNaN, !up.isNaN, lo != .infinity, up != -.infinity, lo <= up else {
                throw ModelValidationError("row \(rowNames[i]) has invalid bounds [\(lo), \(up)]")
            }
        }
        var seen = Set<Int64>()
        for k in 0..<nonzeroCount {
            let r = Int(entryRow[k]), c = Int(entryColumn[k])
            guard (0..<rows).contains(r), (0..<columns).contains(c), entryValue[k].isFinite else {
                throw ModelValidationError(
                    "matrix entry \(k) (row \(r), column \(c), value \(entryValue[k])) is out of range")
            }
            guard seen.insert(Int64(r) << 32 | Int64(c)).inserted else {
                throw ModelValidationError("column \(columnNames[c]) appears twice in row \(rowNames[r])")
            }
        }
        guard objectiveConstant.isFinite else { throw ModelValidationError("the objective constant is not finite") }
    }
}

/// A model that must not be handed to a solver.
public struct ModelValidationError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "invalid model: \(message)" }
}
