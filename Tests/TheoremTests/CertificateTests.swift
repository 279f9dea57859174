import CheckBoundsCLI
import Foundation
import Testing
import Theorems
import Trajectories

/// Issue 28, item 1: certified counterexamples (Proofs/Numerics.md §7). The findings page's
/// explorer witnesses are re-evaluated in interval arithmetic; a held check is never certified
/// as violated, and an enclosure contains the floating-point margin it certifies.
@Suite("Certified counterexamples")
struct CertificateTests {
    static func config(_ args: String) throws -> RunConfig {
        try RunOptions.config(from: OptionParser.parse(args.split(separator: " ").map(String.init), specs: CheckCommand.specs))
    }

    /// The reported violated check of `theorem` under `reading` on `args`, and its certificate.
    static func certify(_ theorem: TheoremID, _ reading: String, _ args: String) throws -> (Check?, Certificate, Check?) {
        let c = try config(args)
        let entry = try #require(TheoremRegistry.theorem(theorem)?.instance)
        let r = try #require(try entry.evaluate(c).first { $0.reading.rawValue == reading })
        let violated = r.outcome == .counterexample ? r.witness : nil
        let held = r.heldConclusion
        let check = try #require(violated ?? held)
        return (violated, entry.certify(c, ReadingID(reading), check), held)
    }

    static let witnessArgs = "--seed 0 --m 4 --m-test 0 --n0 2 --n 8 --activation silu --tau 0.0001 --mg-owner gbar --steps 0 --alpha-bar 0.1 --n-teacher 1"

    @Test("the loss-decay witness (step 0, D_R = 0) is certified for the exact method, and its enclosure holds the computed margin")
    func lossDecay() throws {
        let (v, cert, _) = try Self.certify("loss-decay", "D_R=0 (theta=B_Phi^2 gamma_R)", Self.witnessArgs)
        let check = try #require(v)
        #expect(cert.status == .certified, "\(cert.line)")
        #expect(cert.scope?.hasPrefix("the exact method from θ₀") == true)
        let hi = try #require(cert.marginHigh)
        #expect(hi < 0 && check.margin <= hi + check.errorBound, "computed margin \(check.margin), enclosure upper end \(hi)")
    }

    /// A1 read word for word (M(ḡ) against g = τḡ) fails at θ₀ of the shrunk witness, and the
    /// enclosure proves it; with each function's own constant the same A1 holds at every
    /// coordinate (p ≥ 4, Proofs/StandingAssumptions.md), and its enclosure is not "violated".
    @Test("the standing-assumptions A1 failure under the literal pairing is certified; the consistent A1 is not violated")
    func standingA1() throws {
        let c = try Self.config(Self.witnessArgs)
        let run = try SuiteRunner.instrumentedRun(c)
        let entry = try #require(TheoremRegistry.theorem("standing-assumptions")?.instance)
        for r in StandingAssumptions.readings where r.radius == 0.1 {
            let a1 = try #require(StandingAssumptions.checks(run, r).first { $0.name.hasPrefix("A1: max_i") && $0.step == 0 })
            let cert = entry.certify(c, ReadingID(r.id), a1)
            if r.consistentA1 {
                #expect(a1.status == .satisfied, "consistent A1 at θ₀: \(a1.lhs) ≤ \(a1.rhs)")
                #expect(cert.status != .certified, "\(cert.line)")
            } else {
                #expect(a1.status == .violated)
                #expect(cert.status == .certified, "\(cert.line)")
                let lo = try #require(cert.marginLow), hi = try #require(cert.marginHigh)
                #expect(lo - a1.errorBound <= a1.margin && a1.margin <= hi + a1.errorBound, "\(a1.margin) not in [\(lo), \(hi)]")
            }
        }
        let results = StandingAssumptions.evaluate(run)
        #expect(results.allSatisfy { $0.outcome != .counterexample }, "a failed assumption is vacuous, never a counterexample")
        let literal = try #require(results.first { $0.reading.rawValue == StandingAssumptions.literalReading })
        #expect(literal.failedHypotheses?.contains { $0.hasPrefix("A1") } == true)
        let intended = try #require(results.first { $0.reading.rawValue == "r0=0.1|theta0|" })
        #expect(intended.failedHypotheses?.contains { $0.hasPrefix("A1") } != true)
    }

    @Test("the convergence witness (T = 25, H1 and H2 at every step) is certified step by step")
    func convergence() throws {
        let args = "--seed 0 --m 4 --m-test 0 --n0 2 --n 9 --activation silu --tau 0.1 --mg-owner gbar --steps 0 --alpha-bar 0.1 --n-teacher 1"
        let (v, cert, _) = try Self.certify("convergence", "J~=jhat v~=e Phi*=y", args)
        _ = try #require(v)
        #expect(cert.status == .certified, "\(cert.line)")
        #expect(cert.scope?.hasPrefix("each step from the computed iterate") == true, "\(cert.scope ?? "")")
    }

    /// A conclusion that held is never certified as violated: the literal loss-decay reading
    /// (ϑ = 0) holds on the same instance.
    @Test("a held conclusion is not certified as a counterexample")
    func heldIsNotCertified() throws {
        let (v, cert, held) = try Self.certify("loss-decay", "D_R=gamma_R (theta=0)", Self.witnessArgs)
        #expect(v == nil)
        _ = try #require(held)
        #expect(cert.status == .notCertified, "\(cert.line)")
    }

    /// Φ* = Φ_∞ is a checked estimate, never an enclosure: such a witness says why not.
    @Test("a Φ* = limit witness says why it is not certified")
    func limitNotCertified() throws {
        let c = try Self.config(Self.witnessArgs)
        let entry = try #require(TheoremRegistry.theorem("convergence")?.instance)
        let cert = entry.certify(c, "J~=jhat v~=e Phi*=limit", Check("‖Φ_T − Φ*‖² ≤ ε", .conclusion, step: 3, lhs: 1, rhs: 0.1, errorBound: 0))
        #expect(cert.status == .notCertified && cert.detail.contains("Φ_∞"))
    }
}
