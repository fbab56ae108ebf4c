import GapAnalysis
import ScenarioTestSupport
import Testing
@testable import ScenarioLoading
import ScenarioModel

/// Roll-ups on a hand-checked scenario (the figures in the comments were worked out by hand).
@Suite struct GapAnalysisTests {
    let scenario: Scenario

    init() throws {
        scenario = try load(
            scenarioText(
                """
                systems:
                  - id: a
                    practices:
                      patch-management: {current: 1, target: 3}
                      vulnerability-assessment: {current: 2, target: 2}
                      access-control: {current: 0, target: 2, target_scope: industry}
                  - id: b
                    weight: 2
                    practices:
                      patch-management: {current: 1, target: 3}
                      vulnerability-assessment: {current: 2, target: 2}
                      access-control: {current: 0, target: 2, target_scope: industry}
                """))
    }

    @Test func practiceGaps() {
        let gaps = GapAnalysis(scenario: scenario).systems[0].practices
        let patch = gaps.first { $0.practiceID == "patch-management" }!
        #expect(patch.levelSteps == 2 && patch.scopeSteps == 0 && patch.cost == 5000)  // 2000 + 3000
        let access = gaps.first { $0.practiceID == "access-control" }!
        #expect(access.levelSteps == 2 && access.scopeSteps == 1 && access.cost == 3500)  // 1000 + 2000 + 500
        #expect(!gaps.first { $0.practiceID == "vulnerability-assessment" }!.isBelowTarget)
        #expect(gaps.count == 18)
    }

    @Test func subdomainDomainAndSystemRollUps() {
        let system = GapAnalysis(scenario: scenario).systems[0]
        let vulnerability = system.subdomains.first { $0.id == "vulnerability-management" }!
        #expect(vulnerability.practices == 2 && vulnerability.belowTarget == 1)
        #expect(vulnerability.meanCurrentLevel == 1.5 && vulnerability.meanTargetLevel == 2.5)
        #expect(vulnerability.levelSteps == 2 && vulnerability.cost == 5000)
        #expect(vulnerability.attainment == 0.6)  // (1 + 2) / (3 + 2)
        let identity = system.subdomains.first { $0.id == "identity-and-access-management" }!
        #expect(identity.belowTarget == 1 && identity.scopeSteps == 1 && identity.attainment == 0)
        let hardening = system.domains.first { $0.id == "hardening" }!
        #expect(hardening.practices == 6 && hardening.belowTarget == 1 && hardening.attainment == 0.6)
        let governance = system.domains.first { $0.id == "governance" }!
        #expect(governance.belowTarget == 0 && governance.attainment == 1)  // nothing targeted
        #expect(system.total.practices == 18 && system.total.belowTarget == 2)
        #expect(system.total.levelSteps == 4 && system.total.scopeSteps == 1 && system.total.cost == 8500)
        #expect(abs(system.total.attainment - 3.0 / 7.0) < 1e-12)
        #expect(abs(system.total.meanCurrentLevel - 3.0 / 18.0) < 1e-12)
    }

    @Test func portfolioRollUp() {
        let analysis = GapAnalysis(scenario: scenario)
        #expect(analysis.portfolio.practices == 36)
        #expect(analysis.portfolio.belowTarget == 4)
        #expect(analysis.portfolio.cost == 17000)
        #expect(abs(analysis.portfolio.attainment - 6.0 / 14.0) < 1e-12)
        #expect(analysis.portfolioDomains.map(\.id) == ["governance", "enablement", "hardening"])
        #expect(analysis.portfolioDomains.reduce(0) { $0 + $1.cost } == 17000)
        #expect(analysis.portfolioSubdomains.count == 9)
    }
}
