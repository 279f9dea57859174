import Exploration
import Foundation
import Testing
import Trajectories

/// The space syntax, the unit-cube maps and the option table.
@Suite struct SpaceTests {
    @Test func parsesRangesChoicesAndFixedValues() throws {
        let s = try SpaceSyntax.parse("tau=1e-6..1:log,n=8..512:log,m=4..64,alpha_bar=0.05..1,activation=silu|tanh,m-test=0")
        #expect(s.names == ["tau", "n", "m", "alpha-bar", "activation", "m-test"])
        #expect(s.dimensions[0].kind == .real(lower: 1e-6, upper: 1, log: true))
        #expect(s.dimensions[1].kind == .integer(lower: 8, upper: 512, log: true))
        #expect(s.dimensions[4].kind == .choice(["silu", "tanh"]))
        // A log range maps the unit interval onto decades: u = 1/2 is the geometric mean.
        let mid = s.dimensions[0].value(at: 0.5)
        guard case let .number(x) = mid else { Issue.record("not a number"); return }
        #expect(abs(x - 1e-3) < 1e-15)
        #expect(s.dimensions[1].value(at: 0.5) == .number(64))
        #expect(s.dimensions[5].value(at: 0.7) == .number(0))
        #expect(s.dimensions[4].value(at: 0.99) == .text("tanh"))
    }

    @Test(arguments: [
        ("", "empty"), ("tau", "not name=range"), ("tua=1..2", "did you mean 'tau'"), ("tau=2..1", "empty"),
        ("seed=0..5:log", "positive lower end"), ("m=0..5", "out of range"), ("activation=sigmoid", "not allowed"),
        ("n=8..9,n=3..4", "appears twice"), ("tau=1e-3..abc", "not a number"), ("m=1..99999999", "out of range"),
    ])
    func refusesBadSpaces(text: String, reason: String) {
        do {
            _ = try SpaceSyntax.parse(text)
            Issue.record("'\(text)' was accepted")
        } catch let e as SpaceError {
            #expect(e.message.contains(reason), "\(e.message)")
            #expect(!e.message.contains("\n"))
        } catch { Issue.record("\(error)") }
    }

    @Test func unitCoordinatesRoundTrip() throws {
        let s = try SpaceSyntax.parse("tau=1e-6..1:log,n=8..512:log,alpha-bar=0.05..1,mg-owner=gbar|g")
        for u in [0.0, 0.13, 0.5, 0.77, 1.0] {
            let p = s.point(at: Array(repeating: u, count: 4))
            let back = s.point(at: s.unitCoordinates(of: p))
            for d in s.dimensions {
                switch (back[d.name]!, p[d.name]!) {
                case let (.number(a), .number(b)): #expect(abs(a - b) <= 1e-12 * abs(b), "\(d.name): \(a) vs \(b)")
                case let (a, b): #expect(a == b)
                }
            }
        }
    }

    @Test func pointsSetTheirOptions() throws {
        let s = try SpaceSyntax.parse("tau=0.01,n=37,m=9,alpha-bar=0.3,mg-owner=g,activation=tanh,seed=12")
        let c = s.point(at: Array(repeating: 0.5, count: 7)).applied(to: RunConfig())
        #expect(c.tau == 0.01 && c.problem.width == 37 && c.problem.trainCount == 9 && c.problem.seed == 12)
        #expect(c.stepSize == .adaptive(alphaBar: 0.3) && c.mgOwner == .g && c.problem.activation == .tanh)
    }

    @Test func gridAxes() throws {
        let a = try SpaceSyntax.axis("tau=1e-6..1:7:log")
        #expect(a.count == 7)
        #expect(VerdictMap.values(a.dimension, count: a.count).count == 7)
        #expect(throws: SpaceError.self) { try SpaceSyntax.axis("tau=1e-6..1:log") }
        #expect(throws: SpaceError.self) { try SpaceSyntax.axis("activation=silu|tanh:2") }
        #expect(throws: SpaceError.self) { try SpaceSyntax.axis("n=1..9:100") }
    }

    @Test func quotesUserTextOnOneShortLine() {
        let q = SpaceSyntax.quoted(String(repeating: "x", count: 500) + "\n\u{0}")
        #expect(q.count <= 60 && !q.contains("\n"))
        #expect(SpaceSyntax.quoted("a\nb") == "a\\x0Ab")
    }
}
