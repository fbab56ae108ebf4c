import OptimizationModel

/// Solves k × objective when every objective value is a multiple of 1/k, so that GLPK prunes by it.
///
/// GLPK rounds each node's bound down to a multiple of the greatest common divisor of the objective
/// coefficients when they are all whole numbers on integer columns (`ios_round_bound`), and drops
/// every node whose rounded bound cannot beat the incumbent. A maturity objective's coefficients are
/// multiples of 1/k (k = 8 for weights such as 0.5 and 1.5), so GLPK never sees whole coefficients
/// and keeps nodes that could at best tie the incumbent. Scaled by k they are whole, and those nodes
/// go (measured in `docs/performance.md`, "time to proof").
struct ObjectiveScaling {
    /// The factor GLPK's objective is multiplied by (1: unscaled).
    let factor: Double

    /// - Parameters:
    ///   - model: The model to solve.
    ///   - granularity: Every objective value of `model` is a multiple of it, if known.
    init(model: MIPModel, granularity: Double?) {
        guard let granularity, granularity > 0, granularity.isFinite else {
            factor = 1
            return
        }
        let k = 1 / granularity
        // Only when each scaled coefficient is whole (up to rounding noise) on an integer column:
        // otherwise GLPK would not round, and nothing is gained.
        let whole = zip(model.objective, model.columnIsInteger).allSatisfy { coefficient, integer in
            coefficient == 0 || (integer && isWhole(coefficient * k))
        }
        factor = whole && k < 1e6 ? k : 1
    }

    /// The model GLPK solves: the same columns and rows, the objective times `factor`, with each
    /// coefficient rounded to the whole number it is meant to be.
    func apply(to model: MIPModel) -> MIPModel {
        guard factor != 1 else { return model }
        var scaled = model
        for (column, coefficient) in model.objective.enumerated() where coefficient != 0 {
            scaled.setObjective(column: column, coefficient: (coefficient * factor).rounded())
        }
        scaled.objectiveConstant = model.objectiveConstant * factor
        return scaled
    }

    /// An objective value or bound of the scaled model, in the model's own terms.
    func unscaled(_ value: Double) -> Double { value / factor }
}
