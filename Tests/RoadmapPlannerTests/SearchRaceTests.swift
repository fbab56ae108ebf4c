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

    @Test func theFirstLanesErrorIsThrownAndTheSecondsOnlyDropsIt() throws {
        let failing: SearchRace.Lane = { _ in throw Failure() }
        #expect(throws: Failure()) { try SearchRace.run([failing, Self.lane(proofAt: 3, pause: 0)]) }
        let (winner, finishes) = try SearchRace.run([Self.lane(proofAt: 40, pause: 0), failing])
        #expect(winner == 0 && finishes[1] == nil)
    }
}
