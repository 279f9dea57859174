import Foundation
import LinearAlgebra
import Optimizers
import Problems
import Regularizers
import Testing
import TestSupport
import Trajectories

/// The reference variants (what the authors' code computes, Proofs/ReferenceImplementation.md §2)
/// against dense p×p computations written here: plain Gaussian elimination, the pseudo-Huber
/// derivatives and η̄ in closed form, the synthetic pairing rebuilt from their column-major layout.
@Suite("Reference variants: each equals its formula, and differs from the poster's step as derived")
struct ReferenceVariantTests {
    struct Setup {
        let ev: PointEvaluation
        let objective: Objective
        let mu: Double, tau: Double, n: Int, n0: Int, kappa: Double
    }

    static func setup(m: Int, n: Int, n0: Int, tau: Double, seed: UInt64 = 7) throws -> Setup {
        var cfg = RunConfig()
        cfg.problem.trainCount = m; cfg.problem.testCount = 0; cfg.problem.width = n
        cfg.problem.inputDimension = n0; cfg.problem.seed = seed; cfg.tau = tau
        cfg.stepSize = .adaptive(alphaBar: 0.95)
        let problem = try Problem.make(cfg.problem)
        let objective = Objective(problem: problem, regularizer: try cfg.regularizer())
        return Setup(ev: objective.evaluate(problem.theta0), objective: objective, mu: cfg.resolvedMu, tau: tau,
                     n: n, n0: n0, kappa: problem.network.kappa)
    }

    /// (JᵀJ/m + diag(h))⁻¹(Jᵀe + g) with J's columns scaled by `scale`, formed densely.
    static func dense(_ ev: PointEvaluation, scale: Double = 1, h: [Double], g: [Double]) -> [Double] {
        let m = ev.sampleCount, p = ev.parameterCount, j = ev.jacobian, e = ev.e
        var a = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        var rhs = g
        for c in 0..<p {
            for r in 0..<m { rhs[c] += scale * j[r, c] * e[r] }
            for c2 in 0..<p {
                var s = 0.0
                for r in 0..<m { s += j[r, c] * j[r, c2] }
                a[c][c2] = scale * scale * s / Double(m)
            }
            a[c][c] += h[c]
        }
        return DenseReference.solve(a, rhs)
    }

    /// h''(t) = μ²(μ² + t²)^{−3/2} and h'(t) = t/√(μ² + t²) of the pseudo-Huber penalty.
    static func hBar(_ s: Setup) -> [Double] { s.ev.theta.map { s.mu * s.mu / pow(s.mu * s.mu + $0 * $0, 1.5) } }
    static func gradG(_ s: Setup) -> [Double] { s.ev.theta.map { s.tau * $0 / (s.mu * s.mu + $0 * $0).squareRoot() } }

    static func relGap(_ a: [Double], _ b: [Double]) -> Double { Vector.norm2(Vector.sub(a, b)) / Vector.norm2(b) }

    static func step(_ v: ReferenceVariant, _ s: Setup) throws -> Step {
        var opt = Method.reference(v).optimizer(objective: s.objective, stepSize: .adaptive(alphaBar: 0.95), mgOwner: .gBar)
        return try opt.step(s.ev, iteration: 0, objective: s.objective)
    }

    @Test("ggn-reference on m + 1 ≤ p is branch W: d = (JᵀJ/m + H̄)⁻¹(Jᵀe + τ∇ḡ); α = min(1, ᾱ/(1 + M_gτη̄))")
    func woodburyBranch() throws {
        let s = try Self.setup(m: 12, n: 10, n0: 3, tau: 1e-3)  // p = 40
        let st = try Self.step(.automatic, s)
        #expect(st.system != nil)
        #expect(Self.relGap(st.direction, Self.dense(s.ev, h: Self.hBar(s), g: Self.gradG(s))) <= 1e-8)
        // η̄² = Σ θ²√(μ² + θ²)/μ² (Proofs/ReferenceImplementation.md §2), M_g = 2p^0.2μ^−0.7.
        let etaBar = s.ev.theta.reduce(0) { $0 + $1 * $1 * (s.mu * s.mu + $1 * $1).squareRoot() / (s.mu * s.mu) }.squareRoot()
        let mG = 2 * pow(Double(s.ev.parameterCount), 0.2) * pow(s.mu, -0.7)
        #expect(abs(st.alpha - min(1, 0.95 / (1 + mG * s.tau * etaBar))) <= 1e-12)
        #expect(abs(st.eta - s.tau * etaBar) <= 1e-12 * s.tau * etaBar)
    }

    @Test("ggn-reference on m + 1 > p, and ggn-reference-param always, is branch P: d = (JᵀJ/m + τH̄)⁻¹(Jᵀe + τ∇ḡ), our direction")
    func parameterBranch() throws {
        let under = try Self.setup(m: 30, n: 6, n0: 2, tau: 1e-2)  // p = 18 < m + 1
        let over = try Self.setup(m: 12, n: 10, n0: 3, tau: 1e-2)
        for (v, s) in [(ReferenceVariant.automatic, under), (.parameter, under), (.parameter, over)] {
            let st = try Self.step(v, s)
            #expect(st.system == nil)
            #expect(Self.relGap(st.direction, Self.dense(s.ev, h: Self.hBar(s).map { $0 * s.tau }, g: Self.gradG(s))) <= 1e-8)
            #expect(st.direction == (try RegularizedGGN.parameterSpaceDirection(s.ev)))
        }
    }

    @Test("the synthetic pairing ρ(c) = (c mod n)·n0 + ⌊c/n⌋ at n = 3, n0 = 2, by hand")
    func pairing() {
        // Their θ_code[k·n + i] = U_ik; column c = i·n0 + k pairs with θ_code[c] = U_{c mod n, ⌊c/n⌋},
        // which sits at (c mod n)·n0 + ⌊c/n⌋ in ours: c = 1 → U_10 → 2, c = 3 → U_01 → 1, …
        let rho = (0..<9).map { ReferenceGGN.pairedWeight($0, width: 3, inputDimension: 2) }
        #expect(rho == [0, 2, 4, 1, 3, 5, 6, 7, 8])
        #expect((0..<7).map { ReferenceGGN.pairedWeight($0, width: 5, inputDimension: 1) } == Array(0..<7))
    }

    @Test("ggn-reference-synthetic: W on J/κ with column c paired with θ[ρ(c)], rebuilt densely")
    func synthetic() throws {
        let s = try Self.setup(m: 10, n: 6, n0: 3, tau: 1e-3)  // p = 24
        let p = s.ev.parameterCount
        // Rebuild their pairing from the layouts: column c < n·n0 pairs with U_{c mod n, ⌊c/n⌋}.
        let weight = (0..<p).map { c in c < s.n * s.n0 ? (c % s.n) * s.n0 + c / s.n : c }
        let h = Self.hBar(s), g = Self.gradG(s)
        let dCode = Self.dense(s.ev, scale: 1 / s.kappa, h: weight.map { h[$0] }, g: weight.map { g[$0] })
        var expected = [Double](repeating: 0, count: p)
        for c in 0..<p { expected[weight[c]] = dCode[c] }
        let st = try Self.step(.synthetic, s)
        #expect(Self.relGap(st.direction, expected) <= 1e-8)
        // n0 = 1: no permutation, and d = κ(JᵀJ/m + κ²H̄)⁻¹(Jᵀe + κτ∇ḡ) (§2).
        let s1 = try Self.setup(m: 10, n: 20, n0: 1, tau: 1e-3)
        let k = s1.kappa
        let formula = Self.dense(s1.ev, h: Self.hBar(s1).map { $0 * k * k }, g: Self.gradG(s1).map { $0 * k }).map { $0 * k }
        #expect(Self.relGap(try Self.step(.synthetic, s1).direction, formula) <= 1e-8)
    }

    @Test("ggn-reference's W step differs from the poster's by O(1) at small τ, less as τ grows, not at all at τ = 1")
    func woodburyAgainstPoster() throws {
        var gaps: [Double] = [], alphaRatios: [Double] = []
        for tau in [1e-4, 1e-2, 1] {
            let s = try Self.setup(m: 12, n: 10, n0: 3, tau: tau)
            let ref = try Self.step(.automatic, s)
            var ours = RegularizedGGN(form: .overparameterized, rule: StepRule(.adaptive(alphaBar: 0.95), objective: s.objective, owner: .gBar))
            let st = try ours.step(s.ev, iteration: 0, objective: s.objective)
            gaps.append(Self.relGap(ref.direction, st.direction))
            alphaRatios.append(ref.alpha / st.alpha)
            // Their η is √τ times ours (§2): η = τη̄, ours √(τη̄²·τ/τ) = √τ·η̄.
            #expect(abs(ref.eta - tau.squareRoot() * st.eta) <= 1e-12 * st.eta)
        }
        #expect(gaps[0] > 0.1, "gap at τ = 1e-4: \(gaps[0])")
        #expect(gaps[0] > gaps[1] && gaps[1] > gaps[2], "\(gaps)")
        #expect(gaps[2] <= 1e-12, "at τ = 1, H̄ = τH̄: \(gaps[2])")
        // Their η = √τ·ours ≤ ours for τ ≤ 1, so their α ≥ ours, with equality at τ = 1 (at small τ
        // both approach ᾱ, so the ratio is not monotone in τ).
        #expect(alphaRatios.allSatisfy { $0 >= 1 } && abs(alphaRatios[2] - 1) <= 1e-14, "\(alphaRatios)")
    }

    @Test("every method name round-trips through --method")
    func names() {
        for n in Method.names { #expect(Method.named(n)?.name == n) }
        #expect(Method.named("ggn-reference") == .reference(.automatic))
    }
}
