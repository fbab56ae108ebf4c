import Foundation
import MaturityModel
import ScenarioTestSupport
import Testing
@testable import ScenarioLoading
import ScenarioModel

@Suite struct CatalogTests {
    @Test func builtInCatalogMatchesTheSpec() {
        let catalog = Catalog.iicSMM
        #expect(catalog.id == "iic-smm")
        #expect(catalog.domains.map(\.id) == ["governance", "enablement", "hardening"])
        #expect(
            catalog.subdomains.map(\.id) == [
                "strategy-and-governance", "threat-modeling", "supply-chain-and-external-dependencies-management",
                "identity-and-access-management", "asset-management", "data-protection",
                "vulnerability-management", "situational-awareness", "event-and-incident-response",
            ])
        #expect(
            catalog.practiceIDs == [
                "security-program-management", "compliance-management", "threat-modeling", "risk-attitude",
                "product-supply-chain-risk-management", "services-third-party-dependencies-management",
                "establishing-and-maintaining-identities", "access-control",
                "asset-change-and-configuration-management", "physical-protection",
                "security-model-and-policy-for-data", "implementation-of-data-protection-controls",
                "vulnerability-assessment", "patch-management", "monitoring-practices",
                "situational-awareness-and-information-sharing", "event-detection-and-response-plan",
                "remediation-recovery-and-continuity-of-operations",
            ])
        #expect(catalog.subdomains.allSatisfy { $0.practices.count == 2 })
        #expect(catalog.location(ofPractice: "patch-management")?.subdomain.id == "vulnerability-management")
        #expect(catalog.location(ofPractice: "patch-management")?.domain.id == "hardening")
        #expect(catalog.practices.allSatisfy { !$0.practice.name.isEmpty })
    }

    @Test func levelsAndScopes() {
        #expect(ComprehensivenessLevel.all.map(\.name) == ["none", "minimum", "ad hoc", "consistent", "formalized"])
        #expect(ComprehensivenessLevel(5) == nil)
        #expect(ComprehensivenessLevel.all.allSatisfy { !$0.meaning.isEmpty })
        #expect(Scope.allCases.map(\.id) == ["general", "industry", "system"])
        #expect(Scope.general < Scope.industry && Scope.industry < Scope.system)
        #expect(Scope(id: "sytem") == nil)
    }

    @Test func quarterLabels() {
        #expect(Quarter(label: "2027-Q1")?.description == "2027-Q1")
        #expect(Quarter(label: "2027-Q4")!.advanced(by: 1).description == "2028-Q1")
        #expect(Quarter(label: "2027-Q2")!.distance(to: Quarter(label: "2028-Q1")!) == 3)
        for bad in ["2027-Q5", "2027-Q0", "2027Q1", "27-Q1", "2027-q1", "2027-Q1x", ""] {
            #expect(Quarter(label: bad) == nil, "\(bad)")
        }
    }

    @Test func customCatalogInlineIsUsed() throws {
        let scenario = try load(
            """
            name: custom
            catalog:
              id: tiny
              domains:
                - id: ops
                  subdomains:
                    - id: patching
                      practices: [{id: patch, name: Patching}, {id: scan}]
            start: 2027-Q1
            quarters: 2
            budget: {quarterly: 100}
            costs: {level: {1: 10, 2: 20}}
            systems: [{id: a, practices: {patch: {current: 0, target: 2}}}]
            """)
        #expect(scenario.catalog.id == "tiny")
        #expect(scenario.catalog.practiceIDs == ["patch", "scan"])
        #expect(scenario.catalog.practices[1].practice.name == "scan")
        #expect(scenario.systems[0].practices[0].levelSteps.map(\.cost) == [10, 20])
    }

    @Test func customCatalogFileRejectsDuplicatesAndEmpties() throws {
        let dir = try temporaryDirectory()
        let path = dir.appendingPathComponent("catalog.yaml").path
        try """
        domains:
          - id: ops
            subdomains:
              - id: patching
                practices: [{id: patch}, {id: patch}]
              - id: empty
                practices: []
          - id: ops
            subdomains: [{id: x, practices: [{id: y}]}]
        """.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ScenarioError.self) { try CatalogLoader.load(path: path) }
        do { _ = try CatalogLoader.load(path: path) } catch {
            let text = error.description
            #expect(text.contains("domains[0].subdomains[0].practices[1].id: duplicate practice id 'patch'"))
            #expect(text.contains("domains[0].subdomains[1].practices: subdomain 'empty' needs a non-empty list"))
            #expect(text.contains("domains[1].id: duplicate domain id 'ops'"))
        }
    }

    @Test func scenarioCanNameACatalogFile() throws {
        let dir = try temporaryDirectory()
        try "domains: [{id: d, subdomains: [{id: s, practices: [{id: p}]}]}]\n"
            .write(to: dir.appendingPathComponent("mine.yaml"), atomically: true, encoding: .utf8)
        let scenarioPath = dir.appendingPathComponent("s.yaml").path
        try """
        catalog: mine.yaml
        start: 2027-Q1
        quarters: 1
        budget: {quarterly: 5}
        systems: [{id: a}]
        """.write(toFile: scenarioPath, atomically: true, encoding: .utf8)
        let scenario = try ScenarioLoader().load(path: scenarioPath)
        #expect(scenario.catalog.practiceIDs == ["p"])
        #expect(scenario.name == "s")
    }
}
