import Foundation
import LinearAlgebra
import Optimizers
import Testing
import Theorems
import Trajectories

/// 004 (Bu, Xu, Chen): the methods against closed forms on quadratics, the NTK eigenvalue error
/// bound against known spectra, the exponent fit against known exponents, and the study's
/// verdicts at quick scale (Proofs/MomentumDynamics.md "Checks").

/// f(x) = ½xᵀAx with A = diag(λ): each coordinate is one eigen-direction.
struct Quadratic: Sendable, CustomTestStringConvertible {
    var lambdas: [Double]
    var x0: [Double]
    var testDescription: String { "λ = \(lambdas)" }
    func gradient(_ x: [Double]) -> [Double] { zip(lambdas, x).map { $0 * $1 } }

    static let cases = [
        Quadratic(lambdas: [0.05, 0.4, 2.0], x0: [1, -0.5, 0.25]),
        Quadratic(lambdas: [0.01, 1.0], x0: [0.3, 1]),
        Quadratic(lambdas: [0.2, 0.2, 3.5], x0: [-1, 2, 0.1]),
    ]
}

/// 2×2 matrix product, row-major [a, b, c, d].
func mul2(_ x: [Double], _ y: [Double]) -> [Double] {
    [x[0] * y[0] + x[1] * y[2], x[0] * y[1] + x[1] * y[3], x[2] * y[0] + x[3] * y[2], x[2] * y[1] + x[3] * y[3]]
}

/// T^k by binary powering (a different operation order from the sequential recursion).
func power2(_ t: [Double], _ k: Int) -> [Double] {
    var result = [1.0, 0, 0, 1], base = t, e = k
    while e > 0 {
        if e & 1 == 1 { result = mul2(result, base) }
        base = mul2(base, base)
        e >>= 1
    }
    return result
}

/// z(t) for z̈ + a ż + λz = 0, z(0) = z0, ż(0) = 0 (under-, critically and over-damped).
func dampedOscillator(lambda: Double, a: Double, z0: Double, t: Double) -> Double {
    let disc = a * a / 4 - lambda
    let s = a / 2
    if abs(disc) < 1e-14 { return z0 * (1 + s * t) * exp(-s * t) }
    if disc < 0 {
        let w = (-disc).squareRoot()
        return z0 * exp(-s * t) * (cos(w * t) + s / w * sin(w * t))
    }
    let r = disc.squareRoot()
    let r1 = -s + r, r2 = -s - r
    // c1 + c2 = z0, r1 c1 + r2 c2 = 0.
    let c1 = -r2 * z0 / (r1 - r2), c2 = r1 * z0 / (r1 - r2)
    return c1 * exp(r1 * t) + c2 * exp(r2 * t)
}

/// z(t) for z̈ + (γ/t)ż + λz = 0 regular at 0 with z(0) = z0: z0·Γ(ν+1)(2/(√λ t))^ν J_ν(√λ t),
/// ν = (γ−1)/2 (integer here, so Glibc's `jn` applies).
func nesterovFlow(lambda: Double, gamma: Double, z0: Double, t: Double) -> Double {
    let nu = (gamma - 1) / 2
    precondition(nu == nu.rounded())
    if t == 0 { return z0 }
    let x = lambda.squareRoot() * t
    return z0 * tgamma(nu + 1) * pow(2 / x, nu) * jn(Int32(nu), x)
}

@Suite("MomentumDynamicsTheoremTests")
struct MomentumDynamicsTheoremTests {
    @Test("heavy ball and Nesterov iterations equal the per-direction linear recurrence (companion matrices)", arguments: Quadratic.cases)
    func discreteMatchesRecurrence(_ q: Quadratic) {
        let h = 0.3, a = (2 * q.lambdas.min()!).squareRoot(), gamma = 9.0, steps = 120
        enum Kind { case heavyBall, nesterov, gradientDescent }
        for method in [Kind.heavyBall, .nesterov, .gradientDescent] {
            var hb = HeavyBall(h: h, damping: a), nag = Nesterov(h: h, gamma: gamma)
            let gd = GradientDescent(stepSize: h * h, gradientOf: .halfSum)
            var w = q.x0
            var iterates = [q.x0]
            for k in 0..<steps {
                let g = q.gradient(w)
                switch method {
                case .heavyBall: w = hb.update(w, gradient: g, iteration: k)
                case .nesterov: w = nag.update(w, gradient: g, iteration: k)
                case .gradientDescent: w = Vector.axpy(w, -gd.rule.alpha(eta: .nan), g)
                }
                iterates.append(w)
            }
            for (i, lambda) in q.lambdas.enumerated() {
                let eta = h * h
                var expected: [Double] = []
                switch method {
                case .heavyBall:
                    // (z_{k+1}, z_k) = T (z_k, z_{k−1}), z_{−1} = z_0.
                    let beta = 1 - a * h
                    let t = [1 + beta - eta * lambda, -beta, 1, 0]
                    expected = (0...steps).map { k in let p = power2(t, k); return (p[0] + p[1]) * q.x0[i] }
                case .nesterov:
                    // (w_{k+1}, v_{k+1}) = M_k (w_k, v_k): v' = (1−ηλ)w, w' = (1+μ_k)v' − μ_k v.
                    var prod = [1.0, 0, 0, 1]
                    expected = [q.x0[i]]
                    for k in 0..<steps {
                        let kk = Double(k + 1), mu = (kk - 1) / (kk + gamma - 1)
                        let c = 1 - eta * lambda
                        prod = mul2([(1 + mu) * c, -mu, c, 0], prod)
                        expected.append((prod[0] + prod[1]) * q.x0[i])
                    }
                case .gradientDescent:
                    expected = (0...steps).map { k in pow(1 - eta * lambda, Double(k)) * q.x0[i] }
                }
                for k in 0...steps {
                    let scale = max(1, abs(q.x0[i])) * Double(k + 1)
                    #expect(abs(iterates[k][i] - expected[k]) <= 64 * Double.ulpOfOne * scale * 8,
                            "\(method) λ = \(lambda) k = \(k): \(iterates[k][i]) vs \(expected[k])")
                }
            }
        }
    }

    /// RK4 on the heavy-ball and NAG flows against their closed forms: the error at h stays within
    /// the step-doubling estimate the study adds to its error bound.
    @Test("RK4 flows match the damped-oscillator, Bessel and exponential closed forms within the step-doubling estimate", arguments: Quadratic.cases)
    func flowMatchesClosedForm(_ q: Quadratic) {
        let lmax = q.lambdas.max()!
        let h = 0.125 / lmax.squareRoot(), steps = 800
        let a = (2 * q.lambdas.min()!).squareRoot()
        for damping in [Momentum.Damping.constant(a), .vanishing(gamma: 9), .gradientFlow] {
            func integrate(_ h: Double, _ n: Int) -> [[Double]] {
                var w = q.x0, u = [Double](repeating: 0, count: q.x0.count)
                var out = [w]
                for k in 0..<n {
                    Momentum.rk4Step(damping, t: Double(k) * h, h: h, w: &w, u: &u, g0: q.gradient(w)) { q.gradient($0) }
                    out.append(w)
                }
                return out
            }
            // The study checks the run at step 2h and estimates its error from the run at h (§4).
            let fine = integrate(h, steps), coarse = integrate(2 * h, steps / 2)
            for k in 0...(steps / 2) {
                let t = Double(k) * 2 * h
                var lossCoarse = 0.0, lossExact = 0.0, diff2 = 0.0
                for (i, lambda) in q.lambdas.enumerated() {
                    let exact: Double
                    switch damping {
                    case let .constant(c): exact = dampedOscillator(lambda: lambda, a: c, z0: q.x0[i], t: t)
                    case let .vanishing(g): exact = nesterovFlow(lambda: lambda, gamma: g, z0: q.x0[i], t: t)
                    case .gradientFlow: exact = q.x0[i] * exp(-lambda * t)
                    }
                    lossCoarse += 0.5 * coarse[k][i] * coarse[k][i]
                    lossExact += 0.5 * exact * exact
                    diff2 += (fine[2 * k][i] - coarse[k][i]) * (fine[2 * k][i] - coarse[k][i])
                }
                let e = 2 * diff2.squareRoot()
                let estimate = (2 * lossCoarse).squareRoot() * e + 0.5 * e * e
                let lossFine = lossCoarse
                #expect(abs(lossFine - lossExact) <= estimate + 1e-13 * max(1, lossExact),
                        "\(damping) t = \(t): RK4 \(lossFine), exact \(lossExact), estimate \(estimate)")
            }
        }
    }

    @Test("NTK eigenvalue error bound brackets the known spectrum of JJᵀ", arguments: [1e-1, 1e-4, 1e-7])
    func ntkBoundBrackets(smallest: Double) throws {
        // Rows of a 64×64 Sylvester-Hadamard matrix scaled by s_i: JJᵀ = 64·diag(s²), entries exact.
        let m = 8, p = 64
        // H_{2n} = [[H, H], [H, −H]].
        var had = [[1.0]]
        while had.count < p { had = had.map { $0 + $0 } + had.map { r in r + r.map { -$0 } } }
        let s = (0..<m).map { pow(smallest, Double($0) / Double(m - 1)) }   // 1 … smallest
        var j = Matrix(rows: m, cols: p)
        for i in 0..<m { for c in 0..<p { j[i, c] = s[i] * had[i + 3][c] } }
        let spec = try Momentum.ntkSpectrum(j)
        let lmin = Double(p) * smallest * smallest, lmax = Double(p)
        #expect(abs(spec.lambdaMin - lmin) <= spec.errorBound, "λ_min \(spec.lambdaMin) vs \(lmin) ± \(spec.errorBound)")
        #expect(abs(spec.lambdaMax - lmax) <= spec.errorBound)
        #expect(spec.errorBound < 1e-10 * lmax)

        // A rotated spectrum: J = U diag(s) Vᵀ from the SVD factors of seeded matrices; the
        // formation of J adds at most ~4m·ε·s_max² (gemm) to the bracket.
        var a = Matrix(rows: m, cols: m), b = Matrix(rows: p, cols: m)
        for i in 0..<m { for c in 0..<m { a[i, c] = sin(Double(3 * i + 7 * c + 1)) } }
        for i in 0..<p { for c in 0..<m { b[i, c] = cos(Double(5 * i + 11 * c + 2)) } }
        let u = try Spectral.svd(a).u, v = try Spectral.svd(b).u
        var us = u
        us.scaleColumns(by: s)
        let jr = Matrix.multiply(us, v, transposeB: true)
        let sr = try Momentum.ntkSpectrum(jr)
        let formation = 16 * Double(m) * Double.ulpOfOne
        #expect(abs(sr.lambdaMin - smallest * smallest) <= sr.errorBound + formation)
        #expect(abs(sr.lambdaMax - 1) <= sr.errorBound + formation)
    }

    @Test("the envelope fit recovers a known exponent", arguments: [2.0, 5.5, 9.0])
    func exponentFit(alpha: Double) throws {
        let t = (1...400).map { Double($0) * 0.25 }
        let pure = t.map { pow($0, -alpha) }
        let a = try #require(MomentumDynamicsStudy.fitExponent(times: t, values: pure, from: 10, to: 100))
        #expect(abs(a - alpha) < 1e-9)
        // An oscillating loss: the Bessel solution of the NAG flow decays like t^{−γ} (§6).
        let gamma = 2 * ((alpha / 2).rounded(.up)) + 1     // odd γ: integer Bessel order
        let tt = (1...4000).map { Double($0) * 0.05 }
        let osc = tt.map { x in let z = nesterovFlow(lambda: 1, gamma: gamma, z0: 1, t: x); return 0.5 * z * z }
        let b = try #require(MomentumDynamicsStudy.fitExponent(times: tt, values: osc, from: 100, to: 200))
        #expect(abs(b - gamma) < 0.35, "fitted \(b) vs γ = \(gamma)")
    }

    @Test("quick-scale study: every reading classified; paper claims that fail are recorded with their witness",
          arguments: [UInt64(0), 1, 2])
    func study(seed: UInt64) throws {
        var suite = SuiteSpec.quick
        suite.theorems = MomentumDynamicsStudy.infos.map(\.id)
        var setup = MomentumDynamicsStudy.setup(.quick)
        setup.seeds = [seed]
        let r = MomentumDynamicsStudy.run(suite, setup: setup, progress: nil)
        #expect(r.headlines.count == 4)
        #expect(r.figures.count == 4)
        #expect(r.figures.allSatisfy { f in f.series.allSatisfy { !$0.x.isEmpty && $0.x.count == $0.y.count } })
        for info in MomentumDynamicsStudy.infos {
            let rs = r.results.filter { $0.theorem == info.id }
            #expect(rs.count == info.readings.count, "\(info.id): one result per reading")
            try assertPinned(rs, theorem: info.id, instance: "quick study seed \(seed)")
        }
        // Same options, same numbers (reports must be byte-identical between runs).
        guard seed == 0 else { return }
        let again = MomentumDynamicsStudy.run(suite, setup: setup, progress: nil)
        #expect(again.tables == r.tables && again.headlines == r.headlines && again.figures == r.figures)
    }

    @Test("the heavy-ball bound's constant: V(0) ≤ 2L̂(0) when ẇ(0) = 0 and λ_min(H(0)) = λ_0 (§3)", arguments: [0.01, 0.3, 2.0])
    func lyapunovStart(lambda0: Double) {
        // V(0) = L̂(0) + ½‖√(λ_0/2)Δ_0‖² = L̂(0) + (λ_0/2)L(0) ≤ L̂(0) + ½L̂(0) since L̂ ≥ λ_0 L.
        let spectrum = [lambda0, 3 * lambda0 + 0.1, 7.0]
        let delta = [0.7, -1.2, 0.4]
        let loss = 0.5 * delta.reduce(0) { $0 + $1 * $1 }
        let pseudo = 0.5 * zip(spectrum, delta).reduce(0) { $0 + $1.0 * $1.1 * $1.1 }
        let v0 = pseudo + 0.5 * (lambda0 / 2) * delta.reduce(0) { $0 + $1 * $1 }
        #expect(v0 <= 2 * pseudo)
        #expect(loss <= pseudo / lambda0)
    }

    /// The full scale's NTK width sweep (Proofs §8) at a width the dense path can hold: the streamed
    /// heavy ball follows the dense one, and its λ_0 is the dense NTK's within both error bounds.
    @Test("the streamed NTK sweep point follows the dense heavy ball")
    func sweepPointAgainstDense() throws {
        let pt = try MomentumDynamicsStudy.sweepPoint(width: 64, seed: 0)
        #expect(pt.run.failure == nil && pt.run.records.count == MomentumDynamicsStudy.sweepSteps + 1)
        #expect(pt.run.records.allSatisfy { $0.gram != nil })
        let pr = try MomentumDynamicsStudy.problem(MomentumDynamicsStudy.sweepSetup(width: 64, seed: 0), seed: 0)
        let dense0 = try Momentum.ntkSpectrum(pr.network.outputsAndJacobian(theta: pr.theta0, inputs: pr.trainInputs).jacobian)
        #expect(abs(dense0.lambdaMin - pt.lambda0) <= dense0.errorBound + pt.lambda0Error)
        let h = 0.1 / dense0.lambdaMax.squareRoot()
        let objective = Objective(unregularized: pr, scaling: .halfSum, formsGradient: true)
        let dense = TrajectoryEngine(objective: objective, optimizer: HeavyBall(h: h, damping: (2 * dense0.lambdaMin).squareRoot()),
                                     rules: RunRules(steps: MomentumDynamicsStudy.sweepSteps, divergence: .none)).run(observers: TrajectoryObservers())
        let gap = Vector.norm2(Vector.sub(dense.finalTheta, pt.run.finalTheta)) / Vector.norm2(dense.finalTheta)
        #expect(gap <= 1e-9, "relative gap of θ_32: \(gap)")
        #expect(abs(dense.records.last!.loss - pt.run.records.last!.loss) <= 1e-8 * dense.records.last!.loss)
    }
}
