import MaturityModel

/// The plan settings a new scenario starts with, written by `smm init` and `smm import` alike:
/// one default cost table, one budget, and the weights that say what the plan values, each with a
/// line on what it does.
public enum StarterSettings {
    /// The default cost of the step that reaches each level and scope.
    public static let levelCosts = [1: 3000, 2: 8000, 3: 20000, 4: 45000]
    public static let scopeCosts = (industry: 6000, system: 15000)
    public static let quarterlyBudget = 40000

    /// The YAML of the settings, from `start:` to `costs:` (comments included), ending with a newline.
    public static func yaml(start: Quarter) -> String {
        let levels = levelCosts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        return """
            start: \(start)                 # the first quarter of the plan
            quarters: 8                     # the horizon: two years
            objective: maximize-maturity    # or minimize-cost (reach every target at the least cost)

            budget:
              quarterly: \(quarterlyBudget)              # what can be spent each quarter (a list gives one per quarter)
              carry_over: false             # true: unspent money can be spent later
              # total: 250000               # a cap on all spending

            # effort_capacity:
            #   quarterly: 60               # person-days of your own staff each quarter

            # What the plan values. A step's value is system weight × domain priority × practice
            # weight, counted for every quarter it holds: the plan raises the heaviest first.
            priorities:                     # how much each domain's maturity counts (default 1)
              governance: 1
              enablement: 1
              hardening: 2
            # practice_weights:             # one practice counted more (default 1)
            #   patch-management: 2
            # Give a system `weight: 3` (under its id) to have it planned first: e.g. the
            # internet-facing gateway.

            costs:                          # the cost of the step that REACHES each level or scope
              level: {\(levels)}
              scope: {industry: \(scopeCosts.industry), system: \(scopeCosts.system)}
            # effort:                       # the same shape, in your effort unit (default 0)
            #   level: {1: 3, 2: 8, 3: 20, 4: 40}

            """
    }
}
