import ArgumentParser
import Foundation
import Reports
import RoadmapPlanner
import Roadmaps
import ScenarioLoading
import ScenarioModel

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render a saved plan (smm plan -f json -o plan.json) in any format, without planning again.",
        discussion: """
            The plan JSON names its scenario file and that file's SHA-256: render finds the scenario (beside \
            the plan, where it was planned from, or at its absolute path), refuses it if what it says changed \
            (comments, formatting and x- notes may change), checks the plan against it like a new plan, and \
            writes the format that -f (or the extension of -o) names.
            """)

    @Argument(help: "The plan JSON.") var plan: String
    @Option(name: .shortAndLong, help: "table, markdown, json, csv, xlsx, html, oscal-poam or issues-csv.")
    var format: PlanFormat?
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let format = try outputOptions.format(self.format, markdown: PlanFormat.markdown, table: .table)
        let file: PlanFile
        switch InputFile.read(path: plan, limit: InputLimits.standard.fileBytes) {
        case .success(let bytes):
            do { file = try PlanFile.read(bytes) } catch {
                printError("\(plan): \(error)")
                throw ExitStatus.invalidInput
            }
        case .failure(let problem):
            printError("\(plan): \(problem)")
            throw ExitStatus.invalidInput
        }
        let scenarioPath = try locateScenario(file.source)
        let scenario: Scenario
        do {
            scenario = try ScenarioLoader().load(
                path: scenarioPath, overrides: file.source.overrides, progress: file.source.progress)
        } catch {
            printError(error.description)
            throw ExitStatus.invalidInput
        }
        let roadmap: Roadmap
        do { roadmap = try file.plan.roadmap(for: scenario) } catch {
            printError("\(plan): \(error)")
            throw ExitStatus.invalidInput
        }
        try PlanOutput(roadmap: roadmap, scenarioFile: scenarioPath, overrides: file.source.overrides)
            .emit(format, to: outputOptions)
        try PlanOutput.exit(for: roadmap.status)
    }

    /// The scenario the plan was made from: its path relative to the plan file, to the working
    /// directory, or absolute, whichever holds a file with the recorded hash.
    private func locateScenario(_ source: PlanSource) throws -> String {
        let planDirectory = URL(fileURLWithPath: plan).deletingLastPathComponent()
        let candidates = [source.path, planDirectory.appendingPathComponent(source.path).path, source.absolutePath]
        var changed: String?
        for candidate in candidates {
            guard case .success(let bytes) = InputFile.read(path: candidate, limit: InputLimits.standard.fileBytes)
            else {
                continue
            }
            if PlanSource.digest(bytes) == source.sha256 { return candidate }
            // Other bytes that say the same (comments, formatting, x- notes): the plan still holds.
            if let content = source.contentSHA256,
                (try? ScenarioLoader().readDocument(path: candidate).document.contentDigest) == content
            {
                return candidate
            }
            changed = changed ?? candidate
        }
        if let changed {
            printError(
                "\(plan): the scenario \(changed) says something else than when the plan was made "
                    + "(its content changed, not only comments or formatting); plan again")
        } else {
            printError("\(plan): cannot find its scenario \(source.path) (nor \(source.absolutePath))")
        }
        throw ExitStatus.invalidInput
    }
}
