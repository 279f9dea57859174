import Testing
import TestSupport
import Foundation
import GSCCore
import GSCCertification

let smoothKinds: [GSCKind] = [.pseudoHuber, .ostrovskiiBach, .exponentialBox, .quadratic, .negativeLog]

/// Naive Float80 re-evaluation of (h, h', h'', h''') (64-bit significand).
func reference(_ k: GSCKind, _ t: Double, mu: Double) -> (Float80, Float80, Float80, Float80) {
    let x = Float80(t), m = Float80(mu)
    switch k {
    case .pseudoHuber:
        let r = (m * m + x * x).squareRoot()
        return (r - m, x / r, m * m / (r * r * r), -3 * m * m * x / (r * r * r * r * r))
    case .ostrovskiiBach:
        let r = (m * m + 4 * x * x).squareRoot()
        return ((r - m) / 2 - m / 2 * Foundation.log((r + m) / (2 * m)), 2 * x / (r + m), 2 * m / (r * (r + m)),
                -8 * m * x * (2 * r + m) / (r * r * r * (r + m) * (r + m)))
    case .exponentialBox:
        let e = Foundation.exp(-x / m)
        return (m * e, -e, e / m, -e / (m * m))
    case .quadratic: return (x * x / 2, x, 1, 0)
    case .negativeLog: return (-Foundation.log(x), -1 / x, 1 / (x * x), -2 / (x * x * x))
    case .logExpBox: return (0, 0, 0, 0)
    }
}

func relErr(_ a: Double, _ b: Float80) -> Double { Errors.relative(a, b) }

@Suite("GSCCertification: derivatives and closed forms")
struct DerivativeTests {
    @Test(arguments: smoothKinds, [0.1, 1.0, 10.0])
    func againstFloat80(_ k: GSCKind, _ mu: Double) {
        let pts: [Double] = k == .negativeLog ? [1e-3, 0.37, 1, 5.5, 1e4] : (k == .exponentialBox ? [-20, -1.5, 0.3, 7, 25] : [1e-3, -0.37, 1.7, -42, 1e4])
        for t0 in pts {
            let t = k.usesMu ? t0 * mu : t0
            let d = k.derivatives(t, mu: mu), r = reference(k, t, mu: mu)
            #expect(relErr(d.1, r.1) < 1e-13, "h' \(k) t=\(t)")
            #expect(relErr(d.2, r.2) < 1e-13, "h'' \(k) t=\(t)")
            #expect(relErr(d.3, r.3) < 1e-13, "h''' \(k) t=\(t)")
            // h: Float80's naive r − μ loses digits only where |t| ≪ μ; tolerance reflects that.
            #expect(relErr(d.0, r.0) < 1e-11, "h \(k) t=\(t)")
        }
    }

    @Test("no cancellation near 0 or overflow at large |t|", arguments: [GSCKind.pseudoHuber, .ostrovskiiBach])
    func stableExtremes(_ k: GSCKind) {
        for t in [1e-9, 1e-30, 1e-160] {
            // h = t²/(2μ) − c t⁴ + …: pseudo-Huber c = 1/8, Ostrovskii–Bach c = 1/2 (μ = 1).
            let c = k == .pseudoHuber ? 0.125 : 0.5
            let h = k.derivatives(t, mu: 1).0
            let series = t * t / 2 - c * t * t * t * t
            #expect(abs(h - series) <= 4 * Double.ulpOfOne * series, "h(\(t)) = \(h) vs \(series)")
        }
        for t in [1e200, -1e300] {
            let d = k.derivatives(t, mu: 1)
            // h'' ~ 1/t³ is below the double range here: it must underflow to 0, not become NaN.
            #expect(d.0.isFinite && abs(abs(d.1) - 1) < 1e-15 && d.2 >= 0 && d.3.isFinite)
            // h ≈ |t| − μ (pseudo-Huber), ≈ |t| − (μ/2)log(|t|/μ) (Ostrovskii–Bach): relative to |t| both → 1.
            #expect(abs(d.0 / abs(t) - 1) <= 1e-12)
        }
    }

    @Test(arguments: smoothKinds, [0.5, 2.0])
    func centralDifferences(_ k: GSCKind, _ mu: Double) {
        for t0 in [0.3, 1.1, 2.5, -0.7] {
            let t = k == .negativeLog ? abs(t0) : t0 * mu
            let hstep = 1e-5 * max(1, abs(t))
            let p = k.derivatives(t + hstep, mu: mu), m = k.derivatives(t - hstep, mu: mu), d = k.derivatives(t, mu: mu)
            let tol = 1e-6
            #expect(abs((p.0 - m.0) / (2 * hstep) - d.1) <= tol * max(1, abs(d.1)))
            #expect(abs((p.1 - m.1) / (2 * hstep) - d.2) <= tol * max(1, abs(d.2)))
            #expect(abs((p.2 - m.2) / (2 * hstep) - d.3) <= tol * max(1, abs(d.3)))
        }
    }

    @Test("the interval closed form of rho contains |h'''|/h''^(nu/2)", arguments: smoothKinds, [2.0, 2.6, 3.0])
    func ratioIdentity(_ k: GSCKind, _ nu: Double) {
        for t in [0.01, 0.5, 1.7, 3.16, 40] {
            let iv = k.ratio(Interval(t), mu: 1.3, nu: nu)
            let pr = k.pointRatio(t, mu: 1.3, nu: nu)
            #expect(iv.lo <= pr * (1 + 1e-13) && pr * (1 - 1e-13) <= iv.hi, "\(k) nu=\(nu) t=\(t): \(iv) vs \(pr)")
        }
    }

    @Test("PortableMath exp/log are inside the interval widening (Float80 reference)")
    func transcendentalSlack() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            let x = rng.uniform(-50, 50)
            let e = Interval(x).exp
            let ref = Foundation.exp(Float80(x))
            #expect(Float80(e.lo) <= ref && ref <= Float80(e.hi))
            let y = Foundation.exp(rng.uniform(-30, 30))
            let l = Interval(y).log, lref = Foundation.log(Float80(y))
            #expect(Float80(l.lo) <= lref && lref <= Float80(l.hi))
        }
    }
}

@Suite("GSCCertification: certified enclosures")
struct EnclosureTests {
    @Test("-log t control: M* = 2 within 1e-6")
    func negativeLogControl() {
        let e = UnivariateCertifier.certify(.negativeLog, mu: 1, nu: 3)
        #expect(e.lower <= 2 && 2 <= e.upper)
        #expect(e.upper - e.lower <= 1e-6)
    }

    static let muNu: [(Double, Double)] = [0.1, 1.0, 10.0].flatMap { m in [2.0, 2.3, 2.6, 3.0].map { (m, $0) } }
    @Test(arguments: [GSCKind.pseudoHuber, .ostrovskiiBach], muNu)
    func widthAndContainment(_ k: GSCKind, _ muNu: (Double, Double)) {
        let (mu, nu) = muNu
        if k == .pseudoHuber && nu > 8.0 / 3 { return }
        let e = UnivariateCertifier.certify(k, mu: mu, nu: nu)
        #expect(e.isBounded)
        #expect(e.relativeWidth <= 1e-6, "\(k) mu=\(mu) nu=\(nu): [\(e.lower), \(e.upper)]")
        #expect(e.lower <= e.ratioAtArgmax && e.ratioAtArgmax <= e.upper)
        // μ-scaling law M*(μ) = μ^{ν/2−2} M*(1).
        let one = UnivariateCertifier.certify(k, mu: 1, nu: nu)
        let s = pow(mu, nu / 2 - 2)
        #expect(e.lower <= one.upper * s * (1 + 1e-12) && one.lower * s <= e.upper * (1 + 1e-12))
    }

    @Test("pseudo-Huber at nu = 2.6: M* = 3 sqrt(10) 11^(-0.55)")
    func pseudoHuberValue() {
        let e = UnivariateCertifier.certify(.pseudoHuber, mu: 1, nu: 2.6)
        let exact = 3 * 10.0.squareRoot() * pow(11, -0.55)
        #expect(e.lower <= exact && exact <= e.upper)
        #expect(abs(abs(e.argmax) - 10.0.squareRoot()) < 1e-6)
    }

    @Test("unbounded cases are reported unbounded", arguments: [(GSCKind.pseudoHuber, 2.8), (.exponentialBox, 2.6), (.negativeLog, 2.5), (.ostrovskiiBach, 3.5), (.logExpBox, 2.0)])
    func unbounded(_ c: (GSCKind, Double)) {
        let e = UnivariateCertifier.certify(c.0, mu: 1, nu: c.1)
        #expect(!e.isBounded && e.unboundedReason != nil)
    }

    /// Pinned verdicts: pseudo-Huber's claimed M_h = 2 (000) is below the certified least
    /// constant and the log-exp box has none; the other published claims hold (Proofs/GSCCertification.md §4).
    @Test("the published univariate claims: pinned verdicts", arguments: [GSCKind.pseudoHuber, .ostrovskiiBach, .exponentialBox, .quadratic, .negativeLog, .logExpBox])
    func publishedClaim(_ k: GSCKind) {
        let v = GSCCertifier.certifyAll(kinds: [k], sandwichPairs: 200).first { $0.scope == "univariate" }!
        let claimFails = k == .pseudoHuber || k == .logExpBox
        #expect(v.holds == !claimFails, "\(v.regularizer): claim M = \(v.claimedM), certified [\(v.certifiedLower), \(v.certifiedUpper)]; \(v.witness ?? "")")
        if claimFails { #expect(v.witness != nil, "a failed claim must come with its witness") }
    }
}

@Suite("GSCCertification: multivariate and sandwich")
struct MultivariateSandwichTests {
    @Test(arguments: [GSCKind.pseudoHuber, .ostrovskiiBach, .exponentialBox, .negativeLog], [1, 3, 8])
    func adversarialSearch(_ k: GSCKind, _ p: Int) {
        let nu = k.claim.nu
        let e = UnivariateCertifier.certify(k, mu: 1, nu: nu)
        let s = MultivariateSearch.run(k, mu: 1, nu: nu, p: p, argmax: e.argmax, seed: 99)
        #expect(s.worstRatio <= e.upper * (1 + 1e-10))
        #expect(s.coordinateRatio >= e.lower * (1 - 1e-12))
    }

    @Test("M_g = p^0.2 * 2 for pseudo-Huber is valid exactly for p >= 4", arguments: [1, 2, 3, 4, 5, 100])
    func pseudoHuberRule(_ p: Int) {
        let e = UnivariateCertifier.certify(.pseudoHuber, mu: 1, nu: 2.6)
        let mg = pow(Double(p), 0.2) * 2
        if p < 4 {
            #expect(mg < e.lower, "p = \(p): M_g = \(mg) should lie below the certified lower bound \(e.lower) (witness x = \(e.argmax) e_1, u = v = e_1)")
        } else {
            #expect(mg >= e.upper)
        }
    }

    @Test("sandwich holds with the certified constant", arguments: [GSCKind.pseudoHuber, .ostrovskiiBach, .exponentialBox, .quadratic, .negativeLog])
    func sandwichCertified(_ k: GSCKind) {
        let nu = k.claim.nu
        let e = UnivariateCertifier.certify(k, mu: 1, nu: nu)
        let s = SandwichCheck.run(k, mu: 1, nu: nu, m: e.upper, label: "certified", pairs: 3000, seed: 1234)
        #expect(s.violations == 0)
    }

    /// Pinned sandwich verdicts (Proofs/GSCCertification.md §6): a pair within its rounding bound is
    /// undecided, so tight sandwiches are undecided, not "holds"; ½t² holds with equality by proof.
    @Test("sandwich verdicts: fails, holds or undecided, pinned")
    func sandwichVerdicts() {
        let v = GSCCertifier.certifyAll(kinds: [.pseudoHuber, .ostrovskiiBach, .exponentialBox, .quadratic, .negativeLog, .logExpBox])
        func verdict(_ k: GSCKind, _ label: String) -> Bool?? { v.first { $0.regularizer == k.rawValue && $0.scope == "sandwich (\(label) M)" }.map(\.holds) }
        #expect(verdict(.pseudoHuber, "claimed") == .some(false) && verdict(.pseudoHuber, "certified") == .some(true))
        #expect(verdict(.logExpBox, "claimed") == .some(false))
        #expect(verdict(.quadratic, "claimed") == .some(true) && verdict(.quadratic, "certified") == .some(true))
        for k in [GSCKind.ostrovskiiBach, .exponentialBox, .negativeLog] {
            #expect(verdict(k, "claimed") == .some(nil) && verdict(k, "certified") == .some(nil), "\(k.rawValue): tight sandwich must be undecided")
        }
    }

    @Test("sandwich with claimed constants: pseudo-Huber and log-exp box fail", arguments: [GSCKind.pseudoHuber, .logExpBox])
    func sandwichClaimed(_ k: GSCKind) {
        let s = SandwichCheck.run(k, mu: 1, nu: k.claim.nu, m: k.claim.m, label: "claimed", pairs: 4000)
        // The finding, pinned: violated pairs exist and come with a witness.
        #expect(s.violations > 0 && s.witness != nil, "\(k.rawValue): the sandwich with the claimed M should be violated")
    }

    @Test("omega series agrees with the closed form at |tau| = 0.25", arguments: [2.0, 2.6, 3.0, 3.5, 4.0])
    func omegaContinuity(_ nu: Double) {
        for tau in [-0.25, 0.25] {
            let a = GSCFunctions.omega(nu: nu, tau.nextDown), b = GSCFunctions.omega(nu: nu, tau.nextUp)
            #expect(abs(a - b) <= 1e-12 * abs(a))
        }
        #expect(abs(GSCFunctions.omega(nu: 2.6, 0.5) - 1.09693984258682) < 1e-12)
        #expect(abs(GSCFunctions.omega(nu: nu, 0) - 0.5) <= 4 * Double.ulpOfOne)
    }

    @Test("certifyAll is fast and its JSON is deterministic")
    func api() {
        let t0 = ContinuousClock.now
        let v = GSCCertifier.certifyAll()
        #expect(ContinuousClock.now - t0 < .seconds(60))
        #expect(GSCCertifier.json(v) == GSCCertifier.json(GSCCertifier.certifyAll()))
        let md = GSCCertifier.markdown(v)
        #expect(md.contains("pseudo-huber") && md.contains("claim fails"))
        #expect(v.contains { $0.regularizer == "negative-log" && $0.scope == "univariate" && $0.holds == true })
        let data = GSCCertifier.json(v).data(using: .utf8)!
        #expect((try? JSONSerialization.jsonObject(with: data)) != nil)
    }
}
