import Foundation
import Testing

/// Issue 16: the HTML report as a CISO reads it, in a real browser at 1280 px and printed to PDF:
/// it opens on a summary, and no text is clipped by its chart, no two labels overlap and no table
/// is cut off (measured from the DOM by `Fixtures/geometry.js`).
@Suite(.serialized, .tags(.browser, .process), .fullRunOnly) struct HTMLGeometryTests {
    struct Geometry: Decodable {
        let clipped: [String]
        let overlaps: [String]
        let wide: [String]
        let pageWidth: Double
    }

    /// The report of `arguments`, its DOM measured in headless Chromium at 1280 px; with
    /// `printWidth`, with the report's print rules applied at that width (a landscape page's
    /// printable width), which is how the printed layout is measured from the DOM.
    func measure(_ arguments: [String], printWidth: Int? = nil, command: String = "report") throws -> (
        html: String, geometry: Geometry, file: URL
    ) {
        let dir = try temporaryDirectory()
        let report = dir.appendingPathComponent("report.html")
        let run = try smm(arguments: [command] + arguments + ["--time-limit", "30", "-o", report.path])
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOf: report, encoding: .utf8)
        let script = try String(
            contentsOf: packageRoot.appendingPathComponent("Tests/SMMPlannerTests/Fixtures/geometry.js"),
            encoding: .utf8)
        let measured = dir.appendingPathComponent("measured.html")
        let styled = printWidth == nil ? html : html.replacingOccurrences(of: "@media print{", with: "@media all{")
        try styled.replacingOccurrences(of: "</body>", with: "<script>\(script)</script></body>")
            .write(to: measured, atomically: true, encoding: .utf8)
        let dom = try HTMLReportTests.browse(
            [
                "--window-size=\(printWidth ?? 1280),1000", "--dump-dom",
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

    func expectReadable(
        _ geometry: Geometry, width: Double = 1280, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(geometry.clipped.isEmpty, "clipped: \(geometry.clipped)", sourceLocation: sourceLocation)
        #expect(geometry.overlaps.isEmpty, "overlapping: \(geometry.overlaps)", sourceLocation: sourceLocation)
        #expect(geometry.wide.isEmpty, "cut-off tables: \(geometry.wide)", sourceLocation: sourceLocation)
        #expect(geometry.pageWidth <= width, "\(geometry.pageWidth) px wide", sourceLocation: sourceLocation)
    }

    /// The text of each printed page of a report (Chromium's print to PDF, read by pdftotext).
    func printedPages(_ report: URL) throws -> [[String]] {
        let dir = try temporaryDirectory()
        let pdf = dir.appendingPathComponent("report.pdf")
        _ = try HTMLReportTests.browse(["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", report.absoluteString])
        let pdftotext = try #require(
            ["/usr/bin/pdftotext"].first { FileManager.default.isExecutableFile(atPath: $0) },
            "pdftotext is needed: apt-get install -y poppler-utils (.ci/run does)")
        let text = try HTMLReportTests.run(pdftotext, ["-layout", pdf.path, "-"])
        // Pages end with a form feed: the last piece is what follows the last page.
        return text.components(separatedBy: "\u{0C}").dropLast().map { page in
            page.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }

    /// A printed report opens on its summary, has no empty page and no page that holds only a
    /// heading or two, and shows every quarter of each timeline page.
    func expectPrintable(
        _ pages: [[String]], lastQuarter: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(
            pages.first?.contains { $0.contains("Attainment of the target") } == true, sourceLocation: sourceLocation)
        for (i, page) in pages.enumerated() {
            #expect(page.count >= 3, "page \(i + 1) holds only \(page)", sourceLocation: sourceLocation)
        }
        // A chart's row of quarters (the timeline's, above each of its parts) ends with the last one.
        let lines: [String] = pages.flatMap { $0 }
        let words: [[String]] = lines.map { line in line.split(separator: " ").map(String.init) }
        let quarterRows = words.filter { row in row.count > 2 && row[0] == "2027-Q1" && row[1] == "2027-Q2" }
        #expect(!quarterRows.isEmpty, sourceLocation: sourceLocation)
        #expect(
            quarterRows.allSatisfy { $0.last == lastQuarter }, "\(quarterRows)",
            sourceLocation: sourceLocation)
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

    /// Spec §7 in the report: each party's share as a bar against its ideal, the frontier with the
    /// agreed plan marked, what each pays per quarter, the contested steps; nothing clipped or
    /// overlapping, on screen and at a printed page's width, and every page prints something.
    @Test func aNegotiationShowsSharesTheFrontierAndPaymentsReadably() throws {
        let scenario = packageRoot.appendingPathComponent("Scenarios/hvac-operator-vendor.yaml").path
        let (html, geometry, file) = try measure([scenario, "--frontier", "5"], command: "negotiate")
        expectReadable(geometry)
        #expect(html.components(separatedBy: "<rect class=\"share\"").count - 1 == 2)
        #expect(html.components(separatedBy: "<rect class=\"ideal\"").count - 1 == 2)
        #expect(html.components(separatedBy: "<circle class=\"frontier-point\"").count - 1 == 5)
        #expect(html.components(separatedBy: "<path class=\"agreed\"").count - 1 == 1)
        #expect(html.components(separatedBy: "<rect class=\"paid\"").count - 1 == 2 * 8)
        #expect(
            html.contains("<caption>Contested steps: in some party&#39;s ideal, not in the agreed plan</caption>")
                || html.contains("<caption>Contested steps: in some party's ideal, not in the agreed plan</caption>"))
        // A share's bar is its share of the ideal's: the plot is 420 wide.
        let bar = try #require(html.range(of: "<rect class=\"share\" data-party=\"operator\" data-value=\""))
        let value = Double(html[bar.upperBound...].prefix { $0 != "\"" })!
        #expect(html[bar.upperBound...].prefix(200).contains("width=\"\(SVGNumber.n(420 * value))\""))
        let (_, printed, _) = try measure(
            [scenario, "--frontier", "5"], printWidth: 1000, command: "negotiate")
        expectReadable(printed, width: 1000)
        let pages = try printedPages(file)
        for (i, page) in pages.enumerated() { #expect(page.count >= 3, "page \(i + 1) holds only \(page)") }
        #expect(pages.flatMap { $0 }.contains { $0.contains("Each party's share of its ideal in the agreed plan") })
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
        // The programme, not only the open quarters: history's steps and spend count, and a done
        // step shows its actual cost against the planned one.
        #expect(html.contains("<div class=\"value\">28</div><div class=\"detail\">18 done before 2027-Q4, 10 planned"))
        #expect(html.contains("<div class=\"value\">75.0% → 100.0%</div><div class=\"detail\">at 2027-Q4"))
        #expect(
            html.contains(
                "patch-management level 2</th><td>done-on-time</td><td>2027-Q1</td><td>2027-Q1</td>"
                    + "<td class=\"num\">9,500</td><td class=\"num\">8,000</td>"))
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
        // Printed (landscape, the report's print rules): the summary on page 1, no page that is
        // empty or only a heading, every quarter of the timeline on paper, nothing cut at the edge.
        expectPrintable(try printedPages(report), lastQuarter: "2029-Q4")
        let vendor = packageRoot.appendingPathComponent("Scenarios/vendor-portfolio.yaml").path
        let (_, printed, _) = try measure([vendor], printWidth: 960)
        expectReadable(printed, width: 960)
        // The brief view: two pages at most, opening on the summary.
        let (_, _, brief) = try measure([vendor, "--brief"])
        let briefPages = try printedPages(brief)
        #expect(briefPages.count <= 2 && briefPages.first?.contains { $0.contains("Deadlines met") } == true)
    }
}

/// SVG's coordinate spelling, as `Reports` writes it (at most one decimal).
enum SVGNumber {
    static func n(_ value: Double) -> String {
        let tenths = (value * 10).rounded() / 10
        return tenths == tenths.rounded() ? String(Int(tenths)) : String(format: "%.1f", tenths)
    }
}
