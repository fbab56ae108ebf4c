import Foundation
import OptimizationModel
import ScenarioModel
import Synchronization
import Testing

@testable import RoadmapPlanner
import Roadmaps

/// `SearchRace`: the lane that proves with the fewest nodes wins, whichever finishes first in
/// time, and the others stop once they cannot win.
@Suite struct SearchRaceTests {
    struct Failure: Error, Equatable {}

    /// A fake search: nodes one after another, proven at node `proofAt` (never if `nil`), stopped
    /// by its ceiling like a solver (at a node count that reaches it). With `planAt`, it has its
    /// plan (of value 1) from that node on, and stops at a plan target it meets, as GLPK's callback
    /// does; without, no plan count is known. With `awaitingTheOther`, it starts only once another
    /// lane's proof has lowered its ceiling: the order in time is then an event, not a guess of
    /// how the threads are scheduled (the lane yields the processor while it waits; no sleep).
    static func lane(
        proofAt: Int?, upTo limit: Int = 400, planAt: Int? = nil, awaitingTheOther: Bool = false
    ) -> SearchRace.Lane {
        { ceiling, target in
            var nodes = 0
            let finish = { (proven: Bool) in
                planAt.map { Self.finish(nodes, proven: proven, value: 1, planEffort: min($0, nodes)) }
                    ?? Self.finish(nodes, proven: proven)
            }
            while awaitingTheOther, ceiling.value == Int.max { sched_yield() }
            while nodes < limit {
                nodes += 1
                if nodes == proofAt { return finish(true) }
                if nodes >= ceiling.value { break }
                if let planAt, nodes >= planAt, target.isMet(byPlanOf: 1, foundAt: planAt) { break }
            }
            return finish(false)
        }
    }

    static func finish(_ nodes: Int, proven: Bool) -> SearchRace.Finish {
        let solution = MIPSolution(
            status: proven ? .optimal : .feasible, values: [Double(nodes)], objective: 1, bound: proven ? 1 : 2,
            relaxationObjective: nil, seconds: 0, log: "", nodes: nodes)
        return SearchRace.Finish(solution: solution, proven: proven, effort: nodes)
    }

    @Test func theFewestNodesWinEvenWhenTheOtherLaneFinishesFirst() throws {
        // Lane 1 proves first in time (lane 0 starts only after its proof), lane 0 with fewer
        // nodes: lane 0 wins, and lane 1's proof lets lane 0 run on up to 30 nodes (it needs 20).
        let (winner, finishes) = try SearchRace.run([
            Self.lane(proofAt: 20, awaitingTheOther: true), Self.lane(proofAt: 30),
        ])
        #expect(winner == 0 && finishes[0]?.effort == 20)
        #expect(finishes[1]?.proven == true && finishes[1]?.effort == 30)
    }

    @Test func aLaneThatCannotWinAnyMoreStopsAtTheOthersProof() throws {
        // Lane 1 proves at 15 nodes; lane 0, which would need 300, stops after 16 (it would win a
        // tie at 15, so it may still try node 15).
        let (winner, finishes) = try SearchRace.run([
            Self.lane(proofAt: 300, awaitingTheOther: true), Self.lane(proofAt: 15),
        ])
        // (Lane 0 starts only after lane 1's proof: where it stops does not depend on how the
        // threads are scheduled. Without that, a loaded CI machine once let it reach 300 first.)
        #expect(winner == 1)
        #expect(finishes[0]?.proven == false && (16..<300).contains(finishes[0]?.effort ?? 0))
        // The other way round, lane 1 stops on reaching lane 0's count: a tie goes to lane 0.
        let reversed = try SearchRace.run([
            Self.lane(proofAt: 15), Self.lane(proofAt: 300, awaitingTheOther: true),
        ])
        #expect(reversed.winner == 0 && reversed.finishes[1]?.proven == false)
    }

    @Test func tiesGoToTheFirstLaneAndNoProofMeansNoWinner() throws {
        #expect(
            try SearchRace.run([Self.lane(proofAt: 12), Self.lane(proofAt: 12)]).winner == 0)
        let none = try SearchRace.run([Self.lane(proofAt: nil, upTo: 50), Self.lane(proofAt: nil)])
        #expect(none.winner == nil && none.finishes.map { $0?.effort } == [50, 400])
        #expect(SearchRace.winner(of: [nil, Self.finish(9, proven: true), Self.finish(9, proven: true)]) == 1)
    }

    /// A finish with a plan of `value` found at node `planEffort`.
    static func finish(_ nodes: Int, proven: Bool, value: Double, planEffort: Int) -> SearchRace.Finish {
        let solution = MIPSolution(
            status: proven ? .optimal : .feasible, values: [value], objective: value, bound: proven ? value : nil,
            relaxationObjective: nil, seconds: 0, log: "", nodes: nodes, planEffort: planEffort)
        return SearchRace.Finish(solution: solution, proven: proven, effort: nodes)
    }

    @Test func theRaceKeepsTheFirstLanesPlanWhenItHadTheWinnersValueInTime() {
        let same = { (a: MIPSolution, b: MIPSolution) in a.objective == b.objective }
        let winner = Self.finish(100, proven: true, value: 254, planEffort: 60)
        // Lane 0 had a plan of the proven value at node 150 < 2 × 100: its plan.
        let early = [Self.finish(201, proven: false, value: 254, planEffort: 150), winner]
        #expect(SearchRace.planLane(winner: 1, finishes: early, weights: [1, 2], sameValue: same) == 0)
        // Found at 200 (not below 2 × 100: past the point it was stopped, on some runs), or of
        // another value: the winner's plan.
        let late = [Self.finish(230, proven: false, value: 254, planEffort: 200), winner]
        #expect(SearchRace.planLane(winner: 1, finishes: late, weights: [1, 2], sameValue: same) == 1)
        let worse = [Self.finish(201, proven: false, value: 251, planEffort: 10), winner]
        #expect(SearchRace.planLane(winner: 1, finishes: worse, weights: [1, 2], sameValue: same) == 1)
        #expect(SearchRace.planLane(winner: 1, finishes: [nil, winner], sameValue: same) == 1)
        #expect(SearchRace.planLane(winner: 0, finishes: [winner, early[0]], sameValue: same) == 0)
    }

    /// Once a lane proves, another stops where it can no longer change the answer: a later lane at
    /// the count at which the prover had its plan (proving after that, it would end with the
    /// prover's plan all the same), an earlier one as soon as it has a plan of the proven value
    /// found below the prover's count (its plan is the race's, proven or not).
    @Test func aLaneStopsOnceItCanNoLongerChangeThePlan() throws {
        // Lane 0 proves at 40 with its plan from node 10: lane 1 (proof at 300) stops at 11, not 40.
        let later = try SearchRace.run([
            Self.lane(proofAt: 40, planAt: 10), Self.lane(proofAt: 300, awaitingTheOther: true),
        ])
        #expect(later.winner == 0 && later.finishes[1]?.proven == false && later.finishes[1]?.effort == 11)
        // Lane 1 proves at 15 (weight 2: 30); lane 0 (proof at 300) has a plan of that value from
        // node 5: it stops there, not at its ceiling of 31, and its plan is the race's.
        let weights = [1, 2]
        let earlier = try SearchRace.run(
            [
                Self.lane(proofAt: 300, planAt: 5, awaitingTheOther: true),
                Self.lane(proofAt: 15, planAt: 3),
            ], weights: weights)
        let lane0 = try #require(earlier.finishes[0])
        #expect(earlier.winner == 1 && !lane0.proven && lane0.effort == 5, "\(lane0.effort)")
        let same = { (a: MIPSolution, b: MIPSolution) in a.objective == b.objective }
        #expect(SearchRace.planLane(winner: 1, finishes: earlier.finishes, weights: weights, sameValue: same) == 0)
    }

    @Test func theFirstLanesErrorIsThrownAndTheSecondsOnlyDropsIt() throws {
        let failing: SearchRace.Lane = { _, _ in throw Failure() }
        #expect(throws: Failure()) { try SearchRace.run([failing, Self.lane(proofAt: 3)]) }
        let (winner, finishes) = try SearchRace.run([Self.lane(proofAt: 40), failing])
        #expect(winner == 0 && finishes[1] == nil)
    }

    /// The lanes of a race run side by side even while the dispatch pool is busy: in each of
    /// several races at once, every lane waits for the other to start (a rendezvous). Run one
    /// after the other on one thread, as `DispatchQueue.concurrentPerform` did with its pool
    /// taken (the CI run that hung in the tests above), the first lane would wait for ever: its
    /// wait gives up after a minute, and the race counts as not met.
    @Test func lanesRunSideBySideWhileThePoolIsBusy() {
        let races = ProcessInfo.processInfo.activeProcessorCount * 2
        let met = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: races) { _ in
            let arrived = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]
            let bothArrived = Mutex(true)
            ConcurrentLanes.run(2) { lane in
                arrived[lane].signal()
                if arrived[1 - lane].wait(timeout: .now() + 60) == .timedOut { bothArrived.withLock { $0 = false } }
            }
            if bothArrived.withLock({ $0 }) { met.withLock { $0 += 1 } }
        }
        #expect(met.withLock { $0 } == races)
    }
}
