import Foundation

/// Every theorem the checker knows, in report order. The suite runner, `--theorems`, the
/// reports, the baselines, the Proofs cross-reference test and the theorem test suites all
/// iterate this list; adding a theorem is its file, one line here and its Proofs/ entry
/// (then regenerate the baselines). See README.md in this folder.
public enum TheoremRegistry {
    public static let all: [RegisteredTheorem] = [
        // 000 Adeoye, Petersen, Bemporad: regularized GGN with a GSC regularizer (arXiv 2404.14875).
        .trajectory(ConvergenceTheorem.self),
        .trajectory(LossDecayTheorem.self),
        .trajectory(TauChoiceRule.self),
        .trajectory(StandingAssumptions.self),
        .sweep(ZeroDampingLimit.self),
    ]
    // 002 Cai et al., Gram-Gauss-Newton (arXiv 1905.11675); 003 Cayci, damped Gauss-Newton
    // (arXiv 2412.14031); 004 Bu, Xu, Chen, momentum dynamics.
    + RegisteredTheorem.study(GramGaussNewtonStudy.self)
    + RegisteredTheorem.study(DampedGaussNewtonStudy.self)
    + RegisteredTheorem.study(MomentumDynamicsStudy.self)

    public static var ids: [TheoremID] { all.map(\.id) }
    public static var infos: [TheoremInfo] { all.map(\.info) }

    public static func theorem(_ id: TheoremID) -> RegisteredTheorem? { all.first { $0.id == id } }
}
