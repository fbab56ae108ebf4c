/// 45000 -> "45,000"; decimals to two places.
public func formatAmount(_ value: Double) -> String {
    // Beyond what an Int counts in cents (or not a number at all), Swift's own spelling.
    guard value.isFinite, abs(value) < 1e15 else { return "\(value)" }
    let negative = value < 0
    let cents = Int((abs(value) * 100).rounded())
    var digits = String(cents / 100)
    var groups: [String] = []
    while digits.count > 3 {
        groups.insert(String(digits.suffix(3)), at: 0)
        digits.removeLast(3)
    }
    groups.insert(digits, at: 0)
    let fraction = cents % 100
    return (negative && cents > 0 ? "-" : "") + groups.joined(separator: ",")
        + (fraction == 0 ? "" : "." + (fraction < 10 ? "0" : "") + String(fraction))
}
