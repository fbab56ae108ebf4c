import ScenarioModel
import Synchronization
import Testing

@testable import RoadmapPlanner
import Roadmaps

/// `SweepLanes`: which point each lane plans from which, failures and stops, independent of timing.
@Suite struct SweepLanesTests {
    struct Failure: Error, Equatable {
        let point: Int
    }

    @Test func eachLanePlansItsPointsInOrderFromItsOwnPreviousPlan() throws {
        let lanes = SweepLanes(count: 7, lanes: 2)
        #expect(lanes.points(ofLane: 0) == [0, 2, 4, 6] && lanes.points(ofLane: 1) == [1, 3, 5])
        // Each "plan" records the point it started from: the lane's previous point, whatever the timing.
        let planned = try lanes.run(shouldStart: { true }) { point, previous in (point, previous?.0) }
        #expect(planned.map { $0?.0 } == Array(0..<7))
        #expect(planned.map { $0?.1 } == [nil, nil, 0, 1, 2, 3, 4])
        let sequential = try SweepLanes(count: 3, lanes: 1).run(shouldStart: { true }) { p, prev in (p, prev?.0) }
        #expect(sequential.map { $0?.1 } == [nil, 0, 1])
        // No more lanes than points, and at least one.
        #expect(SweepLanes(count: 1, lanes: 4).lanes == 1 && SweepLanes(count: 5, lanes: 0).lanes == 1)
    }

    @Test func theFirstFailureInTheSweepsOrderIsThrownAndLanesStop() {
        // Points 3 and 4 fail (on both lanes): the error is point 3's, whichever lane failed first
        // (a lane stops only after a failure at an earlier point), and no lane goes on past one.
        let started = Mutex<[Int]>([])
        #expect(throws: Failure(point: 3)) {
            _ = try SweepLanes(count: 10, lanes: 2).run(shouldStart: { true }) { point, _ -> Int in
                started.withLock { $0.append(point) }
                if point >= 3 { throw Failure(point: point) }
                return point
            }
        }
        #expect(started.withLock { $0.allSatisfy { $0 <= 5 } })
    }

    @Test func aStopEndsEveryLaneWithThePointsPlannedSoFar() throws {
        // A stop requested while point 2 is planned: its lane starts nothing more (the other lane
        // may have run ahead; what it planned before the stop is kept).
        let stopped = Mutex(false)
        let planned = try SweepLanes(count: 8, lanes: 2).run(shouldStart: { !stopped.withLock { $0 } }) { point, _ in
            if point == 2 { stopped.withLock { $0 = true } }
            return point
        }
        #expect(planned[0] == 0 && planned[2] == 2)
        #expect(planned[4] == nil && planned[6] == nil)
    }
}
