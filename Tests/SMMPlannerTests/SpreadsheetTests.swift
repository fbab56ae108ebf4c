import Foundation
import Testing
@testable import Assessments
@testable import MaturityModel
@testable import Spreadsheets

/// Runs a Python script (openpyxl, compliance-trestle: the independent readers that `.ci/run`
/// installs) and returns its standard output; a failing script fails the test.
func python(_ script: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let run = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script])
    #expect(run.status == 0, "python failed:\n\(run.stderr)", sourceLocation: sourceLocation)
    return run.stdout
}

/// Issue 14: assessment sheets in (XLSX, CSV), roadmaps out (XLSX, OSCAL POA&M, tracker CSV),
/// each checked by an independent reader.
@Suite(.serialized, .tags(.process)) struct SpreadsheetTests {
    static let hvac = packageRoot.appendingPathComponent("Scenarios/hvac-integrator.yaml").path

    // MARK: Cells

    @Test func levelsAreReadByNumberNameOrBoth() {
        #expect(AssessmentSheet.level("2") == 2)
        #expect(AssessmentSheet.level("2.0") == 2)
        #expect(AssessmentSheet.level("Ad-hoc") == 2)
        #expect(AssessmentSheet.level("ad hoc") == 2)
        #expect(AssessmentSheet.level("2 (ad hoc)") == 2)
        #expect(AssessmentSheet.level("4 - Formalized") == 4)
        #expect(AssessmentSheet.level("3 (minimum)") == nil, "number and name disagree")
        #expect(AssessmentSheet.level("5") == nil)
        #expect(AssessmentSheet.level("advanced") == nil)
        #expect(AssessmentSheet.scope(" Industry ") == .industry)
        #expect(CellPosition(reference: "C14") == CellPosition(row: 14, column: 3))
        #expect(CellPosition(reference: "$AA$3")?.reference == "AA3")
        #expect(CellPosition.columnName(703) == "AAA")
    }

    @Test func workbooksBeyondExcelsLimitsAreRefusedBeforeC() {
        let bad = Workbook(sheets: [Sheet(name: "a/b", columns: [Column("x")], rows: [])])
        #expect(throws: SpreadsheetError.self) { try XLSXWriter.write(bad, to: "/tmp/never.xlsx") }
        let ragged = Workbook(sheets: [Sheet(name: "a", columns: [Column("x")], rows: [[.empty, .empty]])])
        #expect(throws: SpreadsheetError.self) { try XLSXWriter.write(ragged, to: "/tmp/never.xlsx") }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never.xlsx"))
    }

    // MARK: Template and import

    @Test func theTemplateHasARowPerSystemAndPracticeWithDropDownLists() throws {
        let dir = try temporaryDirectory()
        let sheet = dir.appendingPathComponent("assessment.xlsx").path
        let run = try smm("template", "--systems", "plc,hmi", "-o", sheet)
        #expect(run.status == 0, "\(run.stderr)")
        let report = try python(
            """
            import openpyxl
            wb = openpyxl.load_workbook('\(sheet)')
            ws = wb['Assessment']
            print(wb.sheetnames)
            print(ws.max_row, ws.freeze_panes, ws.auto_filter.ref)
            print([c.value for c in ws[1]])
            print(ws['A2'].value, ws['E2'].value, ws['A20'].value, ws['E37'].value)
            for dv in sorted(ws.data_validations.dataValidation, key=lambda d: str(d.sqref)):
                print(dv.sqref, dv.type, dv.formula1, dv.promptTitle)
            print(wb['Levels']['B4'].value, '|', wb['Levels']['C4'].value)
            """)
        let lines = report.split(separator: "\n").map(String.init)
        #expect(lines[0] == "['Assessment', 'Levels']")
        #expect(lines[1] == "37 A2 A1:K37")
        #expect(
            lines[2] == "['system', 'domain', 'subdomain', 'practice', 'practice id', 'current level', "
                + "'current scope', 'target level', 'target scope', 'notes', 'system weight']")
        #expect(lines[3] == "plc security-program-management hmi remediation-recovery-and-continuity-of-operations")
        #expect(
            lines.contains(
                "F2:F37 list \"0 (none),1 (minimum),2 (ad hoc),3 (consistent),4 (formalized)\" Current level"))
        #expect(lines.contains("G2:G37 list \"general,industry,system\" Current scope"))
        #expect(
            lines.last == "2 (ad hoc) | the practice is refined by the operating scenarios of the system, case by case")
    }

    @Test func aTemplateFilledByOpenpyxlImportsAndPlans() throws {
        let dir = try temporaryDirectory()
        let blank = dir.appendingPathComponent("blank.xlsx").path,
            filled = dir.appendingPathComponent("filled.xlsx").path
        #expect(try smm("template", "--systems", "plc,hmi", "-o", blank).status == 0)
        _ = try python(
            """
            import openpyxl
            wb = openpyxl.load_workbook('\(blank)')
            ws = wb['Assessment']
            ws['F2'] = '1 (minimum)'; ws['H2'] = 3; ws['G2'] = 'general'; ws['I2'] = 'industry'
            ws['F3'] = 'ad hoc'; ws['H3'] = '4'
            ws['F20'] = 0; ws['H20'] = 'Consistent'; ws['J20'] = 'owner: platform team'
            ws['K2'] = 3; ws['K3'] = '3'
            wb.save('\(filled)')
            """)
        let scenario = dir.appendingPathComponent("plant.yaml").path
        let run = try smm("import", filled, "--start", "2027-Q1", "-o", scenario)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("2 systems, 3 assessed practices"))
        let text = try String(contentsOfFile: scenario, encoding: .utf8)
        #expect(
            text.contains(
                "security-program-management: {current: 1, target: 3, scope: general, target_scope: industry}"))
        #expect(text.contains("compliance-management: {current: 2, target: 4}"))
        #expect(text.contains("x-notes: \"owner: platform team\""))
        // The system weight column becomes the system's weight (what the plan values).
        #expect(text.contains("- id: plc\n    weight: 3\n"), "\(text)")
        #expect(!text.contains("- id: hmi\n    weight:"))
        let plan = try smm("plan", scenario, "-f", "json")
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("\"status\": \"optimal\""))
    }

    @Test func importIntoAScenarioReplacesOnlyItsSystems() throws {
        let dir = try temporaryDirectory()
        let scenario = dir.appendingPathComponent("hvac.yaml").path
        try FileManager.default.copyItem(atPath: Self.hvac, toPath: scenario)
        let csv = dir.appendingPathComponent("hvac.csv").path
        #expect(try smm("template", "--systems", "hvac", "-o", csv).status == 0)
        var rows = try String(contentsOfFile: csv, encoding: .utf8).components(separatedBy: "\r\n")
        rows[14] = rows[14].replacingOccurrences(of: ",,,,,,", with: ",2,general,4,system,,2")  // patch-management
        try rows.joined(separator: "\r\n").write(toFile: csv, atomically: true, encoding: .utf8)
        let run = try smm("import", csv, "--into", scenario)
        #expect(run.status == 0, "\(run.stderr)")
        let before = try String(contentsOfFile: Self.hvac, encoding: .utf8).components(separatedBy: "\n")
        let after = try String(contentsOfFile: scenario, encoding: .utf8).components(separatedBy: "\n")
        // Everything before the systems and after them is kept, comments included.
        let start = try #require(before.firstIndex(of: "systems:"))
        #expect(Array(after.prefix(start + 1)) == Array(before.prefix(start + 1)))
        #expect(after.contains { $0.contains("name: HVAC control system") }, "the system's other keys stay")
        #expect(after.contains("      patch-management: {current: 2, target: 4, scope: general, target_scope: system}"))
        #expect(after.contains("    weight: 2"), "the sheet's system weight is the system's")
        // Two weights for one system: an error naming both cells.
        rows[15] = rows[15].replacingOccurrences(of: ",,,,,,", with: ",,,,,,5")
        try rows.joined(separator: "\r\n").write(toFile: csv, atomically: true, encoding: .utf8)
        let conflict = try smm("import", csv, "--into", scenario)
        #expect(conflict.status == 2 && conflict.stderr.contains("system weight 5 of hvac differs from 2 in K15"))
        #expect(after.last(where: { $0.hasPrefix("deadlines:") }) != nil)
        #expect(try smm("validate", scenario).status == 0)
    }

    @Test func badSheetsGetAnErrorPerCellAndWriteNothing() throws {
        let dir = try temporaryDirectory()
        let blank = dir.appendingPathComponent("blank.xlsx").path
        #expect(try smm("template", "--systems", "a", "-o", blank).status == 0)
        func broken(_ name: String, _ edit: String) throws -> String {
            let path = dir.appendingPathComponent(name).path
            _ = try python(
                """
                import openpyxl
                wb = openpyxl.load_workbook('\(blank)')
                ws = wb['Assessment']
                \(edit)
                wb.save('\(path)')
                """)
            return path
        }
        let out = dir.appendingPathComponent("out.yaml").path
        let cases: [(String, String, String)] = [
            (
                "level.xlsx", "ws['F14'] = 'advanced'",
                "Assessment!F14: level 'advanced' is not one of 0–4 or none, minimum, ad hoc, consistent, formalized"
            ),
            (
                "scope.xlsx", "ws['G3'] = 'global'",
                "Assessment!G3: scope 'global' is not one of general, industry or system"
            ),
            ("columns.xlsx", "ws['A1'] = 'product'", "'system' and 'practice id' are required"),
            ("merged.xlsx", "ws.merge_cells('A2:A5')", "Assessment!A2: merged cells A2:A5"),
            ("formula.xlsx", "ws['F2'] = '=1+1'", "Assessment!F2: a formula"),
            (
                "practice.xlsx", "ws['E4'] = 'threat-modelling'",
                "unknown practice 'threat-modelling' in catalog iic-smm "
                    + "(did you mean threat-modeling?)"
            ),
            ("below.xlsx", "ws['F2'] = 3; ws['H2'] = 1", "Assessment!H2: target level 1 is below the current level 3"),
        ]
        for (name, edit, message) in cases {
            let run = try smm("import", try broken(name, edit), "-o", out)
            #expect(run.status == 2, "\(name): \(run.stderr)")
            #expect(run.stderr.contains(message), "\(name): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
        // Empty rows between assessed ones are skipped, not errors.
        let gaps = try broken("gaps.xlsx", "ws.insert_rows(5, 3); ws['F2'] = 1; ws['F10'] = 2")
        let run = try smm("import", gaps, "--start", "2027-Q1", "-o", out)
        #expect(run.status == 0, "\(run.stderr)")
    }

    @Test func aSheetSavedByLibreOfficeImports() throws {
        // Fixture: the template for system "line-1", filled (G2 industry, F2 2, H2 3, F5 "consistent",
        // H5 4) and saved by LibreOffice Calc 7.4 (`soffice --convert-to xlsx`): shared strings,
        // its own styles and XML layout.
        let fixture = packageRoot.appendingPathComponent("Tests/SMMPlannerTests/Fixtures/libreoffice-assessment.xlsx")
            .path
        let systems = try AssessmentImport(catalog: .iicSMM).read(path: fixture)
        #expect(systems.map(\.id) == ["line-1"])
        let practices = try #require(systems.first?.practices)
        #expect(
            practices.first
                == PracticeAssessment(
                    practiceID: "security-program-management", current: 2,
                    currentScope: .industry, target: 3, targetScope: nil, notes: nil))
        #expect(practices.contains { $0.practiceID == "risk-attitude" && $0.current == 3 && $0.target == 4 })
    }

    @Test func csvImportAcceptsSemicolonsAndAByteOrderMark() throws {
        let dir = try temporaryDirectory()
        let csv = dir.appendingPathComponent("sheet.csv").path
        try "\u{FEFF}System;Practice ID;Current level;Target level\r\nplc;patch-management;1;3\r\n;;;\r\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let systems = try AssessmentImport(catalog: .iicSMM).read(path: csv)
        #expect(
            systems == [
                SystemAssessment(
                    id: "plc",
                    practices: [
                        PracticeAssessment(
                            practiceID: "patch-management", current: 1, currentScope: nil, target: 3, targetScope: nil,
                            notes: nil)
                    ])
            ])
    }

    // MARK: Exports

    @Test func thePlanAsAWorkbookReadsBackInOpenpyxl() throws {
        let dir = try temporaryDirectory()
        let book = dir.appendingPathComponent("roadmap.xlsx").path
        let run = try smm("plan", Self.hvac, "-o", book)
        #expect(run.status == 0, "\(run.stderr)")
        let report = try python(
            """
            import openpyxl
            wb = openpyxl.load_workbook('\(book)')
            print(wb.sheetnames)
            for name in wb.sheetnames:
                ws = wb[name]
                print(name, ws.max_row, ws.freeze_panes, ws.auto_filter.ref)
            # No formulas anywhere: every figure is a value a reader sees as it is.
            print(any(isinstance(c.value, str) and c.value.startswith('=')
                      for ws in wb for row in ws.iter_rows() for c in row))
            r = wb['Roadmap']
            head = [c.value for c in r[1]]
            cost, level = head.index('cost') + 1, head.index('to level') + 1
            rows = list(r.iter_rows(min_row=2, max_row=r.max_row - 1))
            print(sum(row[cost - 1].value for row in rows), r.cell(r.max_row, cost).value, r.cell(r.max_row, 1).value)
            print(r.cell(2, cost).number_format, r.cell(r.max_row, cost).font.b)
            print(all(isinstance(row[level - 1].value, int) for row in rows if row[head.index('kind')].value == 'level'))
            print(head[:6])
            q = wb['Quarters']
            print(q['B2'].value, q['H9'].value, q['H2'].number_format, q['C2'].number_format)
            print(sum(q.cell(i, 5).value for i in range(2, 10)) == q['E10'].value, q['A10'].value)
            s = wb['Summary']
            figures = {row[0].value: row[1] for row in s.iter_rows(min_row=2)}
            print(figures['total cost'].value, figures['total cost'].number_format, figures['status'].value)
            print(figures['deadlines met'].value, figures['attainment at the end'].number_format)
            """)
        let lines = report.split(separator: "\n").map(String.init)
        #expect(lines[0] == "['Summary', 'Roadmap', 'Quarters', 'Deadlines', 'Gap']")
        #expect(lines[1].hasPrefix("Summary ") && lines[1].hasSuffix(" None"))  // no filter on a summary
        #expect(lines[2] == "Roadmap 30 A2 A1:Q29")  // header + 28 steps + totals (outside the filter)
        #expect(lines[3] == "Quarters 10 A2 A1:I9")
        #expect(lines[4] == "Deadlines 3 A2 A1:J3")
        #expect(lines[5] == "Gap 20 A2 A1:M19")
        #expect(lines[6] == "False")
        #expect(lines[7] == "275000 275000 total")
        #expect(lines[8] == "#,##0 True")
        #expect(lines[9] == "True")  // levels are numbers
        #expect(lines[10] == "['quarter', 'status', 'system', 'system id', 'practice', 'practice id']")
        #expect(lines[11] == "9 1 0.0% #,##0")
        #expect(lines[12] == "True total")
        #expect(lines[13] == "275000 #,##0 optimal")
        #expect(lines[14] == "2 of 2 0.0%")
    }

    @Test func aWorkbookShowsTheCurrencyAndAReplansHistory() throws {
        // A currency in the money format, and a re-plan's done steps with their planned cost.
        let dir = try temporaryDirectory()
        let scenario = dir.appendingPathComponent("plant.yaml")
        let text = try String(contentsOfFile: Self.hvac, encoding: .utf8)
        try ("currency: EUR\n" + text).write(to: scenario, atomically: true, encoding: .utf8)
        let book = dir.appendingPathComponent("replan.xlsx").path
        let progress = packageRoot.appendingPathComponent("Scenarios/progress/hvac-integrator-2027-Q4.yaml").path
        let run = try smm("plan", scenario.path, "--progress", progress, "-o", book)
        #expect(run.status == 0, "\(run.stderr)")
        let report = try python(
            """
            import openpyxl
            wb = openpyxl.load_workbook('\(book)')
            r = wb['Roadmap']
            head = [c.value for c in r[1]]
            col = lambda name: head.index(name)
            rows = [[c.value for c in row] for row in r.iter_rows(min_row=2, max_row=r.max_row - 1)]
            done = [row for row in rows if row[col('status')] == 'done']
            print(len(done), len(rows) - len(done), r.cell(2, col('cost') + 1).number_format)
            over = [row for row in done if row[col('cost')] != row[col('planned cost')]]
            print([(row[col('practice id')], row[col('cost')], row[col('planned cost')]) for row in over])
            q = wb['Quarters']
            print(q['E10'].value, r.cell(r.max_row, col('cost') + 1).value)
            """)
        let lines = report.split(separator: "\n").map(String.init)
        #expect(lines[0] == "18 10 #,##0 \"EUR\"")
        #expect(lines[1] == "[('patch-management', 9500, 8000)]")
        #expect(lines[2] == "276500 276500")  // the programme's cost, history included, adds up
    }

    @Test func thePOAMValidatesInComplianceTrestleAndIsReproducible() throws {
        let dir = try temporaryDirectory()
        let first = dir.appendingPathComponent("a.json").path, second = dir.appendingPathComponent("b.json").path
        #expect(try smm("plan", Self.hvac, "-f", "oscal-poam", "-o", first).status == 0)
        #expect(try smm("plan", Self.hvac, "-f", "oscal-poam", "-o", second).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
        let report = try python(
            """
            import pathlib, uuid
            from trestle.oscal.poam import PlanOfActionAndMilestones
            poam = PlanOfActionAndMilestones.oscal_read(pathlib.Path('\(first)'))
            tasks = [t for r in poam.risks for m in (r.remediations or []) for t in (m.tasks or [])]
            print(len(poam.poam_items), len(poam.risks), len(tasks))
            print(all(uuid.UUID(str(t.uuid)).version == 5 for t in tasks))
            t = tasks[0]
            print(t.title, t.timing.within_date_range.start.isoformat(), t.timing.within_date_range.end.isoformat())
            """)
        let lines = report.split(separator: "\n").map(String.init)
        // The HVAC system is below target in 15 practices; the plan closes them in 28 steps.
        #expect(lines[0] == "15 15 28")
        #expect(lines[1] == "True")
        // The first risk is compliance-management (catalog order), its step to level 2 in 2027-Q2.
        #expect(lines[2] == "Reach level 2 in 2027-Q2 2027-04-01T00:00:00+00:00 2027-06-30T23:59:59+00:00")
        // And trestle's own validator, as a user runs it in a trestle workspace.
        let workspace = dir.appendingPathComponent("ws")
        let model = workspace.appendingPathComponent("plan-of-action-and-milestones/hvac")
        try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: first,
            toPath: model.appendingPathComponent("plan-of-action-and-milestones.json").path)
        let validated = try python(
            """
            import os, subprocess, sys
            os.chdir('\(workspace.path)')
            subprocess.run(['trestle', 'init'], check=True, capture_output=True)
            r = subprocess.run(['trestle', 'validate', '-f', 'plan-of-action-and-milestones/hvac/plan-of-action-and-milestones.json'],
                               capture_output=True, text=True)
            print(r.returncode, r.stdout.strip().splitlines()[-1] if r.stdout.strip() else r.stderr)
            """)
        #expect(validated.hasPrefix("0 VALID"), "\(validated)")
    }

    @Test func theIssuesCSVHasAnEpicPerQuarterAndATaskPerStep() throws {
        let run = try smm("plan", Self.hvac, "-f", "issues-csv")
        #expect(run.status == 0)
        let dir = try temporaryDirectory()
        let path = dir.appendingPathComponent("issues.csv").path
        try run.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        let report = try python(
            """
            import csv
            rows = list(csv.reader(open('\(path)', newline='')))
            header, body = rows[0], rows[1:]
            epics = {r[0]: r for r in body if r[1] == 'Epic'}
            tasks = [r for r in body if r[1] == 'Task']
            print(header)
            print(len(epics), len(tasks), all(t[8] in epics and epics[t[8]][4] == t[4] for t in tasks))
            print(tasks[0][2], '|', tasks[0][4], '|', tasks[0][5:8])
            """)
        let lines = report.split(separator: "\n").map(String.init)
        #expect(
            lines[0]
                == "['Issue ID', 'Issue Type', 'Summary', 'Description', 'Due date', 'Labels', 'Labels', 'Labels', 'Parent']"
        )
        #expect(lines[1] == "7 28 True")  // 2028-Q4 has no step, so no epic
        #expect(
            lines[2]
                == "hvac: raise Threat Modeling to level 1 | 2027-03-31 | ['hvac', 'threat-modeling', 'governance']")
    }
}

/// `import --into` splices the systems into files saved anywhere: CRLF (Windows), CR, mixed, and
/// without a final line break. Before one splitting rule (`SplicedLines`), a CRLF file crashed and
/// one CRLF line lost the line after the systems.
@Suite struct SplicingTests {
    static let scenario = [
        "# a user's scenario", "name: plant", "start: 2027-Q1", "quarters: 4", "systems:",
        "  - id: plc", "    name: PLC line", "    practices: {patch-management: {current: 1, target: 2}}",
        "# the budget, kept", "budget:", "  quarterly: 9000", "costs: {level: {1: 1000, 2: 2000, 3: 3000, 4: 4000}}",
    ]

    static let assessed = [
        SystemAssessment(
            id: "plc",
            practices: [
                PracticeAssessment(
                    practiceID: "access-control", current: 0, currentScope: nil, target: 3, targetScope: nil,
                    notes: nil)
            ])
    ]

    @Test(arguments: ["\n", "\r\n", "\r"])
    func everyLineOutsideTheSystemsIsKeptWithItsBreak(lineBreak: String) throws {
        let text = Self.scenario.joined(separator: lineBreak) + lineBreak
        let spliced = try ScenarioSystemsWriter.update(text, with: Self.assessed)
        let lines = SplicedLines(spliced).lines
        #expect(lines.allSatisfy { $0.terminator == lineBreak }, "every line keeps the file's break")
        let contents = lines.map(\.content)
        #expect(Array(contents.prefix(5)) == Array(Self.scenario.prefix(5)))
        #expect(Array(contents.suffix(4)) == Array(Self.scenario.suffix(4)))
        #expect(contents.contains("    name: PLC line"))
        #expect(contents.contains { $0.contains("access-control: {current: 0, target: 3}") })
    }

    @Test func oneCRLFLineLosesNothing() throws {
        var lines = Self.scenario.map { $0 + "\n" }
        lines[4] = "systems:\r\n"
        let spliced = try ScenarioSystemsWriter.update(lines.joined(), with: Self.assessed)
        #expect(spliced.contains("# the budget, kept\nbudget:\n  quarterly: 9000\n"))
        #expect(spliced.hasPrefix(lines.prefix(4).joined()))
    }

    @Test func aFileWithoutAFinalBreakStillHasNone() throws {
        let text = Self.scenario.prefix(8).joined(separator: "\r\n")
        let spliced = try ScenarioSystemsWriter.update(text, with: Self.assessed)
        #expect(!spliced.hasSuffix("\n") && !spliced.hasSuffix("\r"))
        #expect(spliced.hasPrefix(Self.scenario.prefix(5).joined(separator: "\r\n") + "\r\n"))
        let appended = try ScenarioSystemsWriter.update(
            Self.scenario.prefix(4).joined(separator: "\r\n"), with: Self.assessed)
        #expect(appended.hasPrefix(Self.scenario.prefix(4).joined(separator: "\r\n") + "\r\nsystems:\r\n"))
    }

    @Test func linesAreSplitOnScalarsNotCharacters() {
        let lines = SplicedLines("a\r\nb\rc\nd").lines
        #expect(lines.map(\.content) == ["a", "b", "c", "d"])
        #expect(lines.map(\.terminator) == ["\r\n", "\r", "\n", ""])
        #expect(SplicedLines.joined(lines) == "a\r\nb\rc\nd")
    }
}
