import Foundation
import Testing

@testable import ScenarioLoading
import ScenarioModel

/// `smm negotiate` on the shipped operator-vendor scenario, in every format, each read back by an
/// independent reader (JSONSerialization with the independent checker, openpyxl, compliance-trestle).
@Suite(.serialized, .tags(.process)) struct NegotiateCommandTests {
    static let scenarioPath = packageRoot.appendingPathComponent("Scenarios/hvac-operator-vendor.yaml").path

    @Test func theStoryInJSONKeepsSpecSevenInTheChecker() throws {
        let run = try smm("negotiate", Self.scenarioPath, "-f", "json", "--frontier", "3", "-q")
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let scenario = try ScenarioLoader().load(path: Self.scenarioPath)
        let checker = PlanChecker(scenario: scenario)
        let steps = checker.steps(fromJSON: json)
        #expect(checker.violations(steps) == [])
        #expect(checker.negotiationViolations(json, steps) == [])
        #expect(json["status"] as? String == "optimal")
        let parties = try #require(json["stakeholders"] as? [[String: Any]])
        #expect(parties.map { $0["id"] as? String } == ["operator", "vendor"])
        for party in parties {
            #expect(party["ideal_status"] as? String == "optimal")
            #expect((party["pays"] as? [Any])?.count == 8)
            #expect((party["shares_if_ideal"] as? [String: Any])?.count == 1)
        }
        #expect(
            (json["contested"] as? [[String: Any]])?.allSatisfy { ($0["wanted_by"] as? [String])?.isEmpty == false }
                == true)
        #expect((json["core"] as? [Any])?.isEmpty == false)
        let frontier = try #require(json["frontier"] as? [String: Any])
        #expect(frontier["parties"] as? [String] == ["operator", "vendor"])
        #expect((frontier["points"] as? [Any])?.count == 3)
        // Patching is paid half and half.
        let patching = (json["steps"] as? [[String: Any]])?.first { $0["practice"] as? String == "patch-management" }
        #expect((patching?["paid_by"] as? [String: Double]) == ["operator": 0.5, "vendor": 0.5])
    }

    /// `smm render` of a saved negotiated plan: the same §7 keys (values, shares and payments
    /// computed again from the steps; ideals, contested steps, core and frontier as saved), and a
    /// file whose parties are not the scenario's is refused.
    @Test func aSavedNegotiationRendersTheSameStory() throws {
        let dir = try temporaryDirectory()
        let saved = dir.appendingPathComponent("story.json")
        let run = try smm("negotiate", Self.scenarioPath, "--frontier", "3", "-q", "-o", saved.path)
        #expect(run.status == 0, "\(run.stderr)")
        let rendered = try smm("render", saved.path, "-f", "json")
        #expect(rendered.status == 0, "\(rendered.stderr)")
        let original = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: saved)) as? NSDictionary)
        let again = try #require(try JSONSerialization.jsonObject(with: Data(rendered.stdout.utf8)) as? NSDictionary)
        for key in ["agreement", "stakeholders", "contested", "core", "frontier", "steps", "objective", "status"] {
            #expect(original[key] != nil)
            #expect((original[key] as? NSObject) == (again[key] as? NSObject), "\(key)")
        }
        let markdown = try smm("render", saved.path, "-f", "markdown")
        #expect(
            markdown.stdout.contains("## Stakeholders")
                && markdown.stdout.contains("## Frontier of operator and vendor"))

        let edited = dir.appendingPathComponent("edited.json")
        let text = try String(contentsOf: saved, encoding: .utf8)
        try text.replacingOccurrences(of: "\"id\": \"vendor\"", with: "\"id\": \"supplier\"")
            .write(to: edited, atomically: true, encoding: .utf8)
        let refused = try smm("render", edited.path, "-f", "json")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("are not the scenario's"), "\(refused.stderr)")
    }

    @Test func everyOtherFormatTellsTheSameStory() throws {
        let dir = try temporaryDirectory()
        let table = try smm("negotiate", Self.scenarioPath, "-q")
        #expect(table.status == 0, "\(table.stderr)")
        for section in ["Stakeholders", "Who pays, per quarter", "Contested steps", "Agreed core"] {
            #expect(table.stdout.contains(section), "\(section)")
        }
        #expect(table.stdout.contains("objective (agreement-max-min)"))
        let markdown = try smm("negotiate", Self.scenarioPath, "-q", "-f", "markdown")
        #expect(markdown.stdout.contains("## Stakeholders") && markdown.stdout.contains("| operator |"))
        let csv = try smm("negotiate", Self.scenarioPath, "-q", "-f", "csv")
        // Lines end in CRLF, one Character in Swift: split on any line break.
        #expect(csv.stdout.split(whereSeparator: \.isNewline).first?.hasSuffix(",paid by") == true)
        #expect(csv.stdout.contains("operator 0.5; vendor 0.5"))
        let issues = try smm("negotiate", Self.scenarioPath, "-q", "-f", "issues-csv")
        #expect(issues.stdout.contains("Paid by operator (50.0%), vendor (50.0%)."))

        let workbook = dir.appendingPathComponent("story.xlsx").path
        #expect(try smm("negotiate", Self.scenarioPath, "-q", "-o", workbook).status == 0)
        let sheet = try python(
            """
            import openpyxl
            ws = openpyxl.load_workbook('\(workbook)')['Stakeholders']
            rows = [[c.value for c in r] for r in ws.iter_rows()]
            print(rows[0][0], rows[1][1], rows[2][1], rows[3][0])
            print(rows[3][6] == rows[1][6] + rows[2][6], sum(rows[1][7:15]) == rows[1][6])
            """)
        #expect(sheet == "party operator vendor total\nTrue True\n", "\(sheet)")

        let poam = dir.appendingPathComponent("poam.json").path
        #expect(try smm("negotiate", Self.scenarioPath, "-q", "-f", "oscal-poam", "-o", poam).status == 0)
        let roles = try python(
            """
            import json
            from trestle.oscal.poam import PlanOfActionAndMilestones
            p = PlanOfActionAndMilestones.parse_obj(json.load(open('\(poam)'))['plan-of-action-and-milestones'])
            parties = {x.uuid: x.short_name for x in p.metadata.parties}
            print(p.metadata.roles[0].id, sorted(parties.values()))
            tasks = [t for r in p.risks or [] for m in r.remediations or [] for t in m.tasks or []]
            patch = [t for t in tasks if 'patch-management' in t.description]
            print(len(tasks) > 0, all(t.responsible_roles[0].role_id == 'payer' for t in tasks))
            print(sorted(parties[u] for u in patch[0].responsible_roles[0].party_uuids))
            """)
        #expect(sheet.isEmpty == false)
        #expect(roles == "payer ['operator', 'vendor']\nTrue True\n['operator', 'vendor']\n", "\(roles)")
    }

    @Test func aScenarioWithoutStakeholdersOrABadRuleIsRefused() throws {
        let plain = try smm("negotiate", "Scenarios/hvac-integrator.yaml")
        #expect(plain.status == 2)
        #expect(plain.stderr.contains("has no stakeholders"), "\(plain.stderr)")
        let rule = try smm("negotiate", Self.scenarioPath, "--agreement", "maxmin")
        #expect(rule.status == 64, "\(rule.stderr)")
        let frontier = try smm("negotiate", Self.scenarioPath, "--frontier", "1")
        #expect(frontier.status == 64)
        #expect(frontier.stderr.contains("at least 2"))
    }

    @Test func anotherRuleFromTheCommandLine() throws {
        let run = try smm("negotiate", Self.scenarioPath, "-q", "-f", "json", "--agreement", "nash")
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect((json["objective"] as? [String: Any])?["sense"] as? String == "agreement-nash")
        let agreement = try #require(json["agreement"] as? [String: Any])
        #expect(agreement["rule"] as? String == "nash")
        #expect(((agreement["share_error"] as? NSNumber)?.doubleValue ?? 1) < 0.001)
        let scenario = try ScenarioLoader().load(path: Self.scenarioPath).agreeing(by: .nash)
        let checker = PlanChecker(scenario: scenario)
        #expect(checker.negotiationViolations(json, checker.steps(fromJSON: json)) == [])
    }

    @Test func compareAndSweepShowEachPartysShare() throws {
        let compare = try smm("compare", Self.scenarioPath, "Scenarios/hvac-integrator.yaml", "-q")
        #expect(compare.status == 0, "\(compare.stderr)")
        #expect(compare.stdout.contains("shares"), "\(compare.stdout)")
        #expect(compare.stdout.contains("operator 79.2%, vendor 79.8%"), "\(compare.stdout)")
        // The scenario's budget (here the parties' sum) still limits the sum of their payments.
        let sweep = try smm(
            "sweep", Self.scenarioPath, "--budget", "20000...60000", "--steps", "2", "-f", "json", "-q")
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(sweep.stdout.utf8)) as? [String: Any])
        let points = try #require(json["points"] as? [[String: Any]])
        let shares = points.map { ($0["shares"] as? [String: NSNumber])?.mapValues(\.doubleValue) ?? [:] }
        #expect(shares.count == 2 && shares.allSatisfy { $0.count == 2 })
        // Less money, smaller shares.
        #expect(shares[0]["operator"]! < shares[1]["operator"]!)
    }
}

/// The vendor portfolio's customer view is that portfolio with a second party: from `format:` to
/// its stakeholders, the same file (but for its name).
@Test(.tags(.process)) func theCustomerViewKeepsTheVendorPortfolio() throws {
    func body(_ name: String) throws -> String {
        let text = try String(
            contentsOf: packageRoot.appendingPathComponent("Scenarios/\(name)"), encoding: .utf8)
        let start = try #require(text.range(of: "\nformat:")).lowerBound
        let end = text.range(of: "\n# The two views")?.lowerBound ?? text.endIndex
        return String(text[start..<end]).trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "name: Automation vendor and customers 2027-2029", with: "name: ?")
            .replacingOccurrences(of: "name: Automation vendor portfolio 2027-2029", with: "name: ?")
    }
    #expect(try body("vendor-portfolio.yaml") == body("vendor-portfolio-customers.yaml"))
    let run = try smm("validate", "Scenarios/vendor-portfolio-customers.yaml")
    #expect(run.status == 0)
    #expect(run.stdout.contains("2 stakeholders agreeing by max-min"), "\(run.stdout)")
}
