import Foundation
import GLPKBackend
import GapAnalysis
import Reports
import Testing
@testable import RoadmapPlanner
import Roadmaps
@testable import ScenarioLoading
import ScenarioModel

/// The HTML report opened in a real browser: headless Chromium (Debian's `chromium`; `.ci/run` installs it).
@Suite(.serialized, .tags(.browser, .process), .fullRunOnly) struct HTMLReportTests {
    static func chromium() throws -> String {
        let path = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        return try #require(path, "headless Chromium is needed: apt-get install -y chromium (.ci/run does)")
    }

    /// Runs a command, returning its standard output; fails the test on a non-zero exit.
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["120", executable] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(executable) \(arguments) exited \(process.terminationStatus)")
        return String(decoding: data, as: UTF8.self)
    }

    /// Runs headless Chromium with `arguments`, returning its standard output. Each run gets a
    /// profile of its own, removed after: two Chromiums sharing one profile (this suite and the
    /// geometry suite run in parallel) make the second exit 21, "profile in use".
    static func browse(_ arguments: [String]) throws -> String {
        let browser = try chromium()
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "smm-chromium-profile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let flags = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--user-data-dir=\(profile.path)",
        ]
        return try run(browser, flags + arguments)
    }

    @Test func chartsRenderWithTheirData() throws {
        _ = try Self.chromium()  // before planning: say at once what is missing
        let hvac = try ScenarioLoader().load(
            path: packageRoot.appendingPathComponent("Scenarios/hvac-integrator.yaml").path)
        let cameras = try ScenarioLoader().load(
            path: packageRoot.appendingPathComponent("Scenarios/residential-cameras.yaml").path)
        let roadmaps = [
            try RoadmapPlanner(solver: GLPKSolver()).plan(hvac), try RoadmapPlanner(solver: GLPKSolver()).plan(cameras),
        ]
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("report.html")
        try HTMLReport.render(roadmaps).write(to: file, atomically: true, encoding: .utf8)
        let html = try String(contentsOf: file, encoding: .utf8)
        // Self-contained: the only address in the file is the SVG namespace, which is not fetched.
        #expect(!html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"))
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src="))

        let dom = try Self.browse(["--dump-dom", file.absoluteString])
        #expect(dom.contains("<h1>Security roadmaps: HVAC integrator 2027 vs Home cameras 2027</h1>"))
        #expect(dom.contains("id=\"comparison\""))
        // Gap bars: one current, one planned and one target bar per practice, with the analysed levels.
        let gap = GapAnalysis(scenario: hvac).systems[0]
        let planned = roadmaps[0].plannedGap().systems[0]
        for (now, end) in zip(gap.practices, planned.practices) {
            #expect(
                dom.contains(
                    "class=\"bar current\" data-practice=\"\(now.practiceID)\" data-level=\"\(now.currentLevel)\""))
            #expect(
                dom.contains(
                    "class=\"bar planned\" data-practice=\"\(now.practiceID)\" data-level=\"\(end.currentLevel)\""))
            #expect(
                dom.contains(
                    "class=\"bar target\" data-practice=\"\(now.practiceID)\" data-level=\"\(now.targetLevel)\""))
        }
        // Compliance starts below its target scope: its current bar is hatched.
        #expect(
            dom.contains(
                "data-practice=\"compliance-management\" data-level=\"1\" data-scope=\"general\" data-scope-short=\"true\""
            ))
        // The timeline has one box per step of each plan, in its quarter.
        let steps = dom.components(separatedBy: "<g class=\"step\"").count - 1
        #expect(steps == roadmaps[0].steps.count + roadmaps[1].steps.count)
        let first = roadmaps[0].steps[0]
        #expect(
            dom.contains(
                "data-practice=\"\(first.practiceID)\" data-kind=\"level\" data-to=\"\(first.to)\" data-quarter=\"\(first.quarter)\""
            ))
        // Budget burn bars carry each quarter's spend; radars and maturity lines are there.
        for q in roadmaps[0].quarters {
            #expect(
                dom.contains(
                    "class=\"used\" data-quarter=\"\(q.quarter)\" data-value=\"\(JSONValue.number(q.spend).rendered().dropLast())\""
                ))
        }
        #expect(dom.contains("class=\"radar current\""))
        #expect(dom.contains("class=\"series\" data-name=\"overall\""))
        // Accessibility: every chart has a title, a description and a table of its numbers.
        let figures = dom.components(separatedBy: "<figure class=\"chart\"").count - 1
        #expect(figures >= 10)
        #expect(dom.components(separatedBy: "role=\"img\"").count - 1 == figures)
        #expect(dom.components(separatedBy: "<desc id=").count - 1 == figures)
    }

    @Test func screenshotIsNotBlank() throws {
        _ = try Self.chromium()  // before planning: say at once what is missing
        let hvac = try ScenarioLoader().load(
            path: packageRoot.appendingPathComponent("Scenarios/hvac-integrator.yaml").path)
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("report.html"), png = dir.appendingPathComponent("shot.png")
        try HTMLReport.render([try RoadmapPlanner(solver: GLPKSolver()).plan(hvac)]).write(
            to: file, atomically: true, encoding: .utf8)
        _ = try Self.browse(
            ["--window-size=1280,1600", "--screenshot=\(png.path)", file.absoluteString])
        // Count the distinct colours of the screenshot (python3's zlib decodes the PNG; no imaging library needed).
        let script = packageRoot.appendingPathComponent("Tests/SMMPlannerTests/png_colours.py").path
        let output = try Self.run("/usr/bin/python3", [script, png.path])
        let numbers = output.split(separator: " ").compactMap {
            Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        try #require(numbers.count == 3, "unexpected output: \(output)")
        let (width, colours, nonWhite) = (numbers[0], numbers[1], numbers[2])
        #expect(width == 1280)
        #expect(colours > 50, "a page of charts has many colours, found \(colours)")
        #expect(nonWhite > 50_000, "a page of charts has many non-white pixels, found \(nonWhite)")
    }
}
