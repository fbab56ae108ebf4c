/// How close to an integer a double must be to count as whole, relative to its size: floating-point
/// noise of decimal amounts scaled by 10 or 100 (about 1e-13 of the value) is far below it, a real
/// fraction (0.5, 0.01) far above.
public let wholeTolerance = 1e-9

/// Whether `value` is a whole number up to floating-point noise (`wholeTolerance`). The one answer
/// for the objective's granularity, GLPK's objective scaling and the knapsack flows' scales.
public func isWhole(_ value: Double) -> Bool {
    abs(value - value.rounded()) <= wholeTolerance * max(1, abs(value))
}
