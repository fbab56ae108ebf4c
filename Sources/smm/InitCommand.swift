import ArgumentParser
import Foundation
import MaturityModel
import ScenarioLoading
import ScenarioModel

/// The version `smm --version` prints.
enum SMMVersion {
    static let current = "0.5.0"
}

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a commented starter scenario: every practice of the built-in catalog for each system.",
        discussion: "Edit the levels, the budget and the costs, then run smm validate and smm plan. "
            + "The format is docs/scenario-format.md.")

    @Option(help: ArgumentHelp("System ids, comma-separated.", valueName: "a,b,c")) var systems: String = "my-system"
    @Option(help: "First quarter of the plan (default: the next quarter).") var start: String?
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try outputOptions.emit(
            StarterScenario.text(systems: try systemIDs(systems), start: try startQuarter(start)), inputs: [])
    }
}

/// The text `smm init` writes.
enum StarterScenario {
    static func text(systems: [String], start: Quarter) -> String {
        let catalog = MaturityModel.Catalog.iicSMM
        let width = catalog.practiceIDs.map(\.count).max()! + 1
        var out = """
            # A starter scenario made by `smm init`. Edit it, then: smm validate FILE; smm plan FILE.
            # Every key is explained in docs/scenario-format.md.
            format: smm-scenario/1
            name: My security roadmap
            \(StarterSettings.yaml(start: start))
            # Levels: 0 none, 1 minimum, 2 ad hoc, 3 consistent, 4 formalized.
            # Scopes: general < industry < system (scope: current, target_scope: target).
            systems:

            """
        for id in systems {
            // Ids go through the one YAML emitter: quoted and escaped where plain text would not read back.
            out += "  - id: \(YAMLText.scalar(id))\n    name: \(YAMLText.scalar(id))\n"
            out += "    weight: 1                     # how much this system counts (default 1)\n    practices:\n"
            for location in catalog.practices {
                let key = (location.practice.id + ":").padding(toLength: width, withPad: " ", startingAt: 0)
                out += "      \(key) {current: 0, target: 2}\n"
            }
        }
        out += """

            # deadlines:                    # a level (or scope) to reach by the end of a quarter
            #   - {system: \(YAMLText.scalar(systems[0])), practice: patch-management, level: 2, by: \(start.advanced(by: 3))}
            # dependencies:                 # in every system, a level needs another practice's level first
            #   - {practice: patch-management, level: 3,
            #      requires: {practice: asset-change-and-configuration-management, level: 2}}

            """
        return out
    }
}
