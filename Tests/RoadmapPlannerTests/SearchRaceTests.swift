import Foundation
import OptimizationModel
import Testing

@testable import RoadmapPlanner

/// `SearchRace`: the lane that proves with the fewest nodes wins, whichever finishes first in
/// time, and the others stop once they cannot win.
@Suite struct SearchRaceTests {
    struct Failure: Error, Equatable {}

    /// A fake search: one node every `pause` seconds, proven at node `proofAt` (never if `nil`),
    /// stopped by its ceiling like a solver (at a node count that reaches it).
    static func lane(proofAt: Int?, pause: Double, upTo limit: Int = 400) -> SearchRace.Lane {
        { ceiling in
            var nodes = 0
            while nodes < limit {
                nodes += 1
                if nodes == proofAt { return finish(nodes, proven: true) }
                if nodes >= ceiling.value { break }
                Thread.sleep(forTimeInterval: pause)
            }
            return finish(nodes, proven: false)
        }
    }

    static func finish(_ nodes: Int, proven: Bool) -> SearchRace.Finish {
        let solution = MIPSolution(
            status: proven ? .optimal : .feasible, values: [Double(nodes)], objective: 1, bound: proven ? 1 : 2,
            relaxationObjective: nil, seconds: 0, log: "", nodes: nodes)
        return SearchRace.Finish(solution: solution, proven: proven, nodes: nodes)
    }

    @Test func theFewestNodesWinEvenWhenTheOtherLaneFinishesFirst() throws {
        // Lane 1 proves first in time (30 fast nodes), lane 0 with fewer nodes (20 slow ones): lane 0
        // wins, and lane 1's proof lets lane 0 run on up to 30 nodes (it needs 20).
        let (winner, finishes) = try SearchRace.run([
            Self.lane(proofAt: 20, pause: 0.01), Self.lane(proofAt: 30, pause: 0),
        ])
        #expect(winner == 0 && finishes[0]?.nodes == 20)
        // Lane 1 proved at 30, or, had its thread started late, stopped on reaching lane 0's 20.
        #expect(finishes[1]?.nodes == (finishes[1]?.proven == true ? 30 : 20))
    }

    @Test func aLaneThatCannotWinAnyMoreStopsAtTheOthersProof() throws {
        // Lane 1 proves at 15 nodes; lane 0, which would need 300, stops after 16 (it would win a
        // tie at 15, so it may still try node 15).
        let (winner, finishes) = try SearchRace.run([
            Self.lane(proofAt: 300, pause: 0.01), Self.lane(proofAt: 15, pause: 0),
        ])
        // (More than 16 if lane 1's thread started late, as on a busy machine.)
        #expect(winner == 1)
        #expect(finishes[0]?.proven == false && (16..<300).contains(finishes[0]?.nodes ?? 0))
        // The other way round, lane 1 stops on reaching lane 0's count: a tie goes to lane 0.
        let reversed = try SearchRace.run([
            Self.lane(proofAt: 15, pause: 0), Self.lane(proofAt: 300, pause: 0.01),
        ])
        #expect(reversed.winner == 0 && reversed.finishes[1]?.proven == false)
    }

    @Test func tiesGoToTheFirstLaneAndNoProofMeansNoWinner() throws {
        #expect(
            try SearchRace.run([Self.lane(proofAt: 12, pause: 0.002), Self.lane(proofAt: 12, pause: 0)]).winner == 0)
        let none = try SearchRace.run([Self.lane(proofAt: nil, pause: 0, upTo: 50), Self.lane(proofAt: nil, pause: 0)])
        #expect(none.winner == nil && none.finishes.map { $0?.nodes } == [50, 400])
        #expect(SearchRace.winner(of: [nil, Self.finish(9, proven: true), Self.finish(9, proven: true)]) == 1)
    }

    /// A finish with a plan of `value` found at node `planNodes`.
    static func finish(_ nodes: Int, proven: Bool, value: Double, planNodes: Int) -> SearchRace.Finish {
        let solution = MIPSolution(
            status: proven ? .optimal : .feasible, values: [value], objective: value, bound: proven ? value : nil,
            relaxationObjective: nil, seconds: 0, log: "", nodes: nodes, planNodes: planNodes)
        return SearchRace.Finish(solution: solution, proven: proven, nodes: nodes)
    }

    @Test func theRaceKeepsTheFirstLanesPlanWhenItHadTheWinnersValueInTime() {
        let same = { (a: MIPSolution, b: MIPSolution) in a.objective == b.objective }
        let winner = Self.finish(100, proven: true, value: 254, planNodes: 60)
        // Lane 0 had a plan of the proven value at node 150 < 2 × 100: its plan.
        let early = [Self.finish(201, proven: false, value: 254, planNodes: 150), winner]
        #expect(SearchRace.planLane(winner: 1, finishes: early, weights: [1, 2], sameValue: same) == 0)
        // Found at 200 (not below 2 × 100: past the point it was stopped, on some runs), or of
        // another value: the winner's plan.
        let late = [Self.finish(230, proven: false, value: 254, planNodes: 200), winner]
        #expect(SearchRace.planLane(winner: 1, finishes: late, weights: [1, 2], sameValue: same) == 1)
        let worse = [Self.finish(201, proven: false, value: 251, planNodes: 10), winner]
        #expect(SearchRace.planLane(winner: 1, finishes: worse, weights: [1, 2], sameValue: same) == 1)
        #expect(SearchRace.planLane(winner: 1, finishes: [nil, winner], sameValue: same) == 1)
        #expect(SearchRace.planLane(winner: 0, finishes: [winner, early[0]], sameValue: same) == 0)
    }

    @Test func theFirstLanesErrorIsThrownAndTheSecondsOnlyDropsIt() throws {
        let failing: SearchRace.Lane = { _ in throw Failure() }
        #expect(throws: Failure()) { try SearchRace.run([failing, Self.lane(proofAt: 3, pause: 0)]) }
        let (winner, finishes) = try SearchRace.run([Self.lane(proofAt: 40, pause: 0), failing])
        #expect(winner == 0 && finishes[1] == nil)
    }
}
