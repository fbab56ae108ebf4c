import Foundation
import Testing

/// Issue 16: the HTML report as a CISO reads it, in a real browser at 1280 px and printed to PDF:
/// it opens on a summary, and no text is clipped by its chart, no two labels overlap and no table
/// is cut off (measured from the DOM by `Fixtures/geometry.js`).
@Suite(.serialized) struct HTMLGeometryTests {
    struct Geometry: Decodable {
        let clipped: [String]
        let overlaps: [String]
        let wide: [String]
        let pageWidth: Double
    }

    /// The report of `arguments`, its DOM measured in headless Chromium at 1280 px.
    func measure(_ arguments: [String]) throws -> (html: String, geometry: Geometry, file: URL) {
        let dir = try temporaryDirectory()
        let report = dir.appendingPathComponent("report.html")
        let run = try smm(arguments: ["report"] + arguments + ["--time-limit", "10", "-o", report.path])
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOf: report, encoding: .utf8)
        let script = try String(
            contentsOf: packageRoot.appendingPathComponent("Tests/SMMPlannerTests/Fixtures/geometry.js"),
            encoding: .utf8)
        let measured = dir.appendingPathComponent("measured.html")
        try html.replacingOccurrences(of: "</body>", with: "<script>\(script)</script></body>")
            .write(to: measured, atomically: true, encoding: .utf8)
        let dom = try HTMLReportTests.browse(
            [
                "--window-size=1280,1000", "--dump-dom",
                measured.absoluteString,
            ])
        let start = try #require(dom.range(of: "<pre id=\"geometry\">")),
            end = try #require(
                dom.range(
                    of: "</pre>",
                    range: start.upperBound..<dom.endIndex))
        let json = String(dom[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
        return (html, try JSONDecoder().decode(Geometry.self, from: Data(json.utf8)), report)
    }

    func expectReadable(_ geometry: Geometry, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(geometry.clipped.isEmpty, "clipped: \(geometry.clipped)", sourceLocation: sourceLocation)
        #expect(geometry.overlaps.isEmpty, "overlapping: \(geometry.overlaps)", sourceLocation: sourceLocation)
        #expect(geometry.wide.isEmpty, "cut-off tables: \(geometry.wide)", sourceLocation: sourceLocation)
        #expect(geometry.pageWidth <= 1280, sourceLocation: sourceLocation)
    }

    @Test func aThreeSystemReportOpensOnItsSummaryAndNothingIsClippedOrOverlaps() throws {
        let dir = try temporaryDirectory()
        let scenario = dir.appendingPathComponent("three.yaml").path
        #expect(try smm("generate", "--systems", "3", "--quarters", "8", "--seed", "2", "-o", scenario).status == 0)
        let (html, geometry, _) = try measure([scenario])
        expectReadable(geometry)
        // The summary comes first: before any chart.
        let summary = try #require(html.range(of: "class=\"summary-page\"")),
            chart = try #require(html.range(of: "<figure"))
        #expect(summary.lowerBound < chart.lowerBound)
        for figure in ["Attainment of the target", "Spend", "Deadlines met", "Steps"] {
            #expect(html.contains("<div class=\"label\">\(figure)</div>"))
        }
        #expect(html.contains("<h3>Deadlines</h3>") && html.contains("<h3>Cost per system and per domain</h3>"))
        // Three systems are shown in full, each under its heading.
        #expect(html.components(separatedBy: "<h4 class=\"system\">").count - 1 == 3)
        // Chart titles sit above their charts.
        let figure = try #require(html.range(of: "<figure class=\"chart\"")).upperBound
        let caption = try #require(html.range(of: "<figcaption>", range: figure..<html.endIndex))
        let plot = try #require(html.range(of: "<div class=\"plot\">", range: figure..<html.endIndex))
        #expect(caption.lowerBound < plot.lowerBound)
    }

    /// A re-plan's report (spec §5): the tracking chart has a row per baseline step, history is
    /// drawn solid and the plan dashed, the done steps sit on the timeline, and nothing overlaps.
    @Test func aReplanReportTracksTheBaselineReadably() throws {
        let (html, geometry, _) = try measure([
            packageRoot.appendingPathComponent("Scenarios/hvac-integrator.yaml").path, "--progress",
            packageRoot.appendingPathComponent("Scenarios/progress/hvac-integrator-2027-Q4.yaml").path,
        ])
        expectReadable(geometry)
        #expect(html.contains("id=\"s0-tracking\""))
        // 28 baseline steps, none added; 18 done (green), 10 re-planned (blue), a grey bar each.
        #expect(html.components(separatedBy: "<g class=\"tracking\"").count - 1 == 28)
        #expect(html.components(separatedBy: "<rect class=\"actual\"").count - 1 == 18)
        #expect(html.components(separatedBy: "<rect class=\"replanned\"").count - 1 == 10)
        #expect(html.components(separatedBy: "<rect class=\"baseline\"").count - 1 == 28)
        #expect(html.contains("data-state=\"moved\"") && html.contains("data-state=\"done-early\""))
        #expect(html.contains("class=\"series planned\"") && html.contains("stroke-dasharray=\"6 4\""))
        #expect(html.components(separatedBy: "<g class=\"step done\"").count - 1 == 18)
    }

    @Test func thePortfolioReportFoldsItsSystemsShowsAHeatmapAndMarksDeadlines() throws {
        let (html, geometry, report) = try measure([
            packageRoot.appendingPathComponent("Scenarios/vendor-portfolio.yaml").path
        ])
        expectReadable(geometry)
        #expect(html.contains("id=\"s0-heatmap\""))
        #expect(html.components(separatedBy: "<details class=\"system\">").count - 1 == 12)
        #expect(html.components(separatedBy: "class=\"heat\"").count - 1 == 12 * 18 * 2)
        // A diamond per deadline on the timeline (30 deadlines in the file).
        #expect(html.components(separatedBy: "<path class=\"deadline\"").count - 1 == 30)
        // Printed: a PDF whose pages pdftoppm renders.
        let dir = try temporaryDirectory()
        let pdf = dir.appendingPathComponent("report.pdf")
        _ = try HTMLReportTests.browse(
            ["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", report.absoluteString])
        let pdftoppm = try #require(
            ["/usr/bin/pdftoppm"].first { FileManager.default.isExecutableFile(atPath: $0) },
            "pdftoppm is needed: apt-get install -y poppler-utils (.ci/run does)")
        _ = try HTMLReportTests.run(
            pdftoppm,
            [
                "-png", "-r", "40", "-f", "1", "-l", "3", pdf.path,
                dir.appendingPathComponent("page").path,
            ])
        let pages = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("page") }
        #expect(pages.count == 3)
    }
}
