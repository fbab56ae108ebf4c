import ArgumentParser
import Reports
import RoadmapPlanner
import Roadmaps
import ScenarioModel

extension AgreementRule: ExpressibleByArgument {}

/// `smm negotiate`: the parties of a stakeholder scenario (spec §7), each one's ideal plan, the
/// plan they can agree on, and the price of each position.
struct Negotiate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Each stakeholder's ideal plan, one plan they can agree on, and the price of each position.",
        discussion: """
            The scenario needs stakeholders: (docs/stakeholders.md). Prints each party's ideal, its value and \
            share in the agreed plan, what it pays per quarter, the others' shares under its ideal, the \
            contested steps and the agreed core, then the agreed plan. Formats as for plan (the plan JSON gains \
            agreement, stakeholders, contested, core and, with --frontier, frontier).
            """)

    @Argument(help: "The scenario file (YAML or JSON), with stakeholders.") var file: String
    @Option(name: .shortAndLong, help: "table, markdown, json, csv, xlsx, html, oscal-poam or issues-csv.")
    var format: PlanFormat?
    @Option(help: "The agreement rule instead of the file's: max-min, weighted or nash.")
    var agreement: AgreementRule?
    @Option(help: "Plans of the first two parties' frontier to compute (each a plan; 0: none).")
    var frontier: Int = 0
    @OptionGroup var planning: PlanningOptions
    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var replan: ReplanOptions
    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        if frontier < 0 || frontier > 50 { throw ValidationError("--frontier must be 0 (none) or 2 to 50 plans") }
        if frontier == 1 { throw ValidationError("--frontier needs at least 2 plans: its two ends") }
    }

    func run() throws {
        let format = try PlanOutput.format(self.format, outputOptions)
        var scenario = try scenarioOptions.load(file, progress: replan.progress)
        guard !scenario.stakeholders.isEmpty else {
            printError(
                "\(file): has no stakeholders: to negotiate, list the parties under stakeholders: "
                    + "(docs/stakeholders.md); smm plan plans a scenario without them")
            throw ExitStatus.invalidInput
        }
        if let agreement { scenario = scenario.agreeing(by: agreement) }
        // The frontier's plans are solves too: the time is shared by them all.
        try PlanOutput.plan(
            file, format: format, planning: planning, scenarioOptions: scenarioOptions, outputOptions: outputOptions
        ) { try $0.negotiate(scenario, frontier: frontier) }
    }
}
