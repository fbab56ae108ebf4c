import MaturityModel
import ScenarioModel

/// The writer of `smm-progress/1` files (`ProgressReading` is their reader): `smm progress init`'s
/// file, in which every step a baseline plan took before `as_of` is done as planned.
public enum ProgressTemplate {
    /// Why a baseline cannot give a progress file, in words (without the file's path).
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let description: String

        init(_ description: String) {
            self.description = description
        }
    }

    /// A progress file in which every step the baseline planned before `asOf` is done in its
    /// planned quarter, ready to be corrected by hand.
    /// - Parameters:
    ///   - baseline: The baseline plan JSON (`smm-plan/1`).
    ///   - baselinePath: The path the progress file names it by (relative to the progress file).
    ///   - asOf: The first open quarter.
    /// - Throws: `Problem` when the baseline is not a plan or `asOf` not one of its quarters.
    public static func text(baseline: [UInt8], baselinePath: String, asOf: Quarter) throws(ProgressTemplate.Problem)
        -> String
    {
        guard let root = try? PlanDocument.decode(baseline) else {
            throw Problem("not a plan (smm-plan/1 JSON, written by smm plan -f json)")
        }
        let quarters = (root.quarters ?? []).compactMap { $0.quarter.flatMap(Quarter.init(label:)) }
        guard let first = quarters.first, let last = quarters.last, first < asOf, asOf <= last else {
            let range = quarters.first.map { "\($0)..\(quarters.last!)" } ?? "none"
            throw Problem("as_of \(asOf) must be a quarter of the plan after its first (the plan's quarters: \(range))")
        }
        var done: [String] = []
        for item in root.steps ?? [] {
            // A system's step, or an initiative's (named by the initiative, as the plan names it).
            let owner =
                item.system.map { "system: \(yaml($0))" } ?? item.initiative.map { "initiative: \(yaml($0))" }
            guard let quarter = item.quarter.flatMap(Quarter.init(label:)), quarter < asOf,
                let owner, let practice = item.practice, let kind = item.kind
            else { continue }
            let to: String
            switch item.to {
            case .level(let number) where number.rounded() == number && abs(number) < 1e9: to = "\(Int(number))"
            case .scope(let id): to = yaml(id)
            default: to = "?"
            }
            done.append(
                "  - {\(owner), practice: \(yaml(practice)), kind: \(yaml(kind)), to: \(to), quarter: \(quarter)}")
        }
        let name = comment(root.scenario ?? "the scenario")
        return """
            # Progress of \(name) up to \(asOf), from the baseline \(comment(baselinePath)).
            # Every step the baseline planned before \(asOf) is listed as done in its planned quarter.
            # Edit what did not happen: delete a step that was not done, change the quarter of one done
            # late or early, add cost: and effort: where they differed from the estimate, and set spent:
            # for a quarter whose spend was not the sum of its steps. Then re-plan with
            #   smm plan SCENARIO --progress THIS-FILE
            format: smm-progress/1
            as_of: \(asOf)
            baseline: \(yaml(baselinePath))
            # Baseline steps of the first N open quarters are kept where they are (promised work).
            commit_quarters: 1
            # Objective lost per baseline step of an open quarter that the re-plan moves or drops
            # (0.5: half a level-quarter; it keeps the published order where another is no better).
            change_penalty: 0.5
            done:\(done.isEmpty ? " []" : "")
            \(done.joined(separator: "\n"))
            # spent: {\(first): 41000}

            """
    }

    /// Text from a file inside a comment line: a line break would end the comment and make the
    /// rest of the text part of the file.
    private static func comment(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.properties.isWhitespace ? " " : Character($0) })
    }

    /// A YAML scalar that reads back as `text` (`YAMLText`, the one emitter of YAML values).
    private static func yaml(_ text: String) -> String { YAMLText.scalar(text) }
}
