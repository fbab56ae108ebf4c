import Foundation
import Testing

/// The text, Markdown and CSV reports of the shipped scenarios, compared with the files kept in
/// `Tests/SMMPlannerTests/Snapshots/`: a change to any report shows as a diff in review.
///
/// After an intended change, write them again with one command, and read the diff:
///
///     SMM_UPDATE_SNAPSHOTS=1 swift test --filter SnapshotTests
@Suite(.serialized, .tags(.process)) struct SnapshotTests {
    /// A report: its file name and the `smm` arguments that print it.
    struct Report: CustomTestStringConvertible, Sendable {
        let file: String
        let arguments: [String]
        var testDescription: String { file }
    }

    static let progress = "Scenarios/progress/hvac-integrator-2027-Q4.yaml"

    static let reports: [Report] = {
        var reports: [Report] = []
        for name in ["hvac-integrator", "bottling-line", "automotive-ota-gateway", "residential-cameras"] {
            let scenario = "Scenarios/\(name).yaml"
            reports += [
                Report(file: "\(name).plan.txt", arguments: ["plan", scenario]),
                Report(file: "\(name).plan.md", arguments: ["plan", scenario, "-f", "markdown"]),
                Report(file: "\(name).plan.csv", arguments: ["plan", scenario, "-f", "csv"]),
                Report(file: "\(name).gap.md", arguments: ["gap", scenario, "-f", "markdown"]),
            ]
        }
        let hvac = "Scenarios/hvac-integrator.yaml"
        reports += [
            Report(file: "hvac-integrator.replan.txt", arguments: ["plan", hvac, "--progress", progress]),
            Report(
                file: "hvac-integrator.replan.md", arguments: ["plan", hvac, "--progress", progress, "-f", "markdown"]),
            Report(
                file: "hvac-integrator.status.txt", arguments: ["progress", "status", hvac, "--progress", progress]),
        ]
        return reports
    }()

    static let folder = packageRoot.appendingPathComponent("Tests/SMMPlannerTests/Snapshots")
    static var updating: Bool { ProcessInfo.processInfo.environment["SMM_UPDATE_SNAPSHOTS"] == "1" }

    @Test(arguments: reports)
    func theReportIsTheKeptOne(_ report: Report) throws {
        let run = try smm(arguments: report.arguments)
        #expect(run.status == 0, "\(report.arguments): \(run.stderr)")
        let kept = Self.folder.appendingPathComponent(report.file)
        if Self.updating {
            try run.stdout.write(to: kept, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: kept, encoding: .utf8)
        guard run.stdout != expected else { return }
        // The first line that differs, to start the review from.
        // (By line breaks of any kind: a CSV's CRLF is one Character, which "\n" does not split.)
        let lines = { (text: String) in
            text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        }
        let (new, old) = (lines(run.stdout), lines(expected))
        let line =
            zip(new, old).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(new.count, old.count)
        Issue.record(
            """
            \(report.file) differs from smm \(report.arguments.joined(separator: " ")) at line \(line + 1):
              kept: \(line < old.count ? old[line] : "(end)")
              now:  \(line < new.count ? new[line] : "(end)")
            If the change is intended: SMM_UPDATE_SNAPSHOTS=1 swift test --filter SnapshotTests
            """)
    }

    @Test func everyKeptSnapshotHasItsReport() throws {
        // A snapshot whose report was removed from the list would never be checked again.
        let kept = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { !$0.hasPrefix(".") }
        #expect(Set(kept) == Set(Self.reports.map(\.file)))
    }
}
