import Experiments
import Foundation
import Testing
import Trajectories

@Suite("The paper's teacher-student experiment")
struct ExperimentTests {
    @Test("a small run produces both curves, both sweeps and a verdict for every testable finding")
    func smallRun() throws {
        var base = RunConfig()
        base.problem.trainCount = 20; base.problem.testCount = 20; base.problem.width = 30
        var ex = TeacherStudentExperiment(base: base)
        ex.ggnSteps = 8; ex.gdSteps = 40
        ex.tauGrid = [1e-6, 1e-3, 1]
        let r = try ex.run()
        #expect(r.curves.count == 4 && r.curves.allSatisfy { $0.outcome == "completed" })
        #expect(r.curves[0].trainLoss.count == 9 && r.curves[1].trainLoss.count == 41)
        #expect(r.tauSweep.count == 3 && r.muSweep.count == 5)
        #expect(r.findings.count == 5 && r.findings.filter { $0.confirmed == nil }.count == 1)
        // GGN lowers the training loss (a check of the run, not of the paper's claim).
        #expect(r.curves[0].trainLoss.last! < r.curves[0].trainLoss.first!)
    }
}
