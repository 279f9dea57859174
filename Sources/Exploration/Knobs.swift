import Foundation
import Optimizers
import Problems
import Trajectories
import TwoLayerNetwork

/// The run options a space may vary, by their command-line names, with the values each
/// allows and how it sets a `RunConfig`. One table, so `explore`, `map` and the database
/// speak the vocabulary of `check` and `run`.
public struct Knob: Sendable {
    public enum ValueType: Sendable, Equatable {
        case integer(min: Int, max: Int)
        /// A real in the open or closed interval (lower exclusive when `openLower`).
        case real(lower: Double, upper: Double, openLower: Bool)
        case choice([String])
    }

    public let name: String
    public let type: ValueType
    public let help: String
    /// The option's value in a configuration (nil where it is unset, e.g. μ = 1/κ by default).
    let get: @Sendable (RunConfig) -> Value?
    let set: @Sendable (inout RunConfig, Value) -> Void

    init(name: String, get: @escaping @Sendable (RunConfig) -> Value?, type: ValueType, help: String,
         set: @escaping @Sendable (inout RunConfig, Value) -> Void) {
        self.name = name
        self.get = get
        self.type = type
        self.help = help
        self.set = set
    }

    public func value(in c: RunConfig) -> Value? { get(c) }

    /// Sizes are bounded so that one sampled instance stays small enough to explore by the
    /// hundred (a larger instance is a `check`, not a sample).
    public static let all: [Knob] = [
        Knob(name: "seed", get: { .number(Double($0.problem.seed)) }, type: .integer(min: 0, max: 1 << 40), help: "seed of the problem's draws") { c, v in c.problem.seed = UInt64(v.number) },
        Knob(name: "m", get: { .number(Double($0.problem.trainCount)) }, type: .integer(min: 1, max: 4096), help: "training points") { c, v in c.problem.trainCount = Int(v.number) },
        Knob(name: "m-test", get: { .number(Double($0.problem.testCount)) }, type: .integer(min: 0, max: 4096), help: "test points") { c, v in c.problem.testCount = Int(v.number) },
        Knob(name: "n0", get: { .number(Double($0.problem.inputDimension)) }, type: .integer(min: 1, max: 1024), help: "input dimension") { c, v in c.problem.inputDimension = Int(v.number) },
        Knob(name: "n", get: { .number(Double($0.problem.width)) }, type: .integer(min: 1, max: 1 << 16), help: "hidden width") { c, v in c.problem.width = Int(v.number) },
        Knob(name: "n-teacher", get: { .number(Double($0.problem.teacherWidth)) }, type: .integer(min: 1, max: 1024), help: "teacher width n*") { c, v in c.problem.teacherWidth = Int(v.number) },
        Knob(name: "activation", get: { .text($0.problem.activation.rawValue) }, type: .choice(Activation.allCases.map(\.rawValue)), help: "activation ϱ") { c, v in
            c.problem.activation = Activation(rawValue: v.text)!
        },
        Knob(name: "kappa", get: { $0.problem.kappa.map { .number($0) } }, type: .real(lower: 0, upper: 1e6, openLower: true), help: "output scale κ(n)") { c, v in c.problem.kappa = v.number },
        Knob(name: "kappa-w", get: { .number($0.problem.kappaW) }, type: .real(lower: 0, upper: 1e6, openLower: true), help: "initialization scale κ_W") { c, v in c.problem.kappaW = v.number },
        Knob(name: "regularizer", get: { .text($0.penaltyName) }, type: .choice(["pseudo-huber", "quadratic"]), help: "the penalty h") { c, v in c.penaltyName = v.text },
        Knob(name: "mu", get: { $0.mu.map { .number($0) } }, type: .real(lower: 0, upper: 1e6, openLower: true), help: "pseudo-Huber μ") { c, v in c.mu = v.number },
        Knob(name: "tau", get: { .number($0.tau) }, type: .real(lower: 0, upper: 1e6, openLower: true), help: "regularization strength τ") { c, v in c.tau = v.number },
        Knob(name: "alpha-bar", get: { if case let .adaptive(a) = $0.stepSize { return .number(a) } else { return nil } }, type: .real(lower: 0, upper: 1, openLower: true), help: "ᾱ of the adaptive step") { c, v in
            c.stepSize = .adaptive(alphaBar: v.number)
        },
        Knob(name: "fixed-step", get: { if case let .fixed(a) = $0.stepSize { return .number(a) } else { return nil } }, type: .real(lower: 0, upper: 1e3, openLower: true), help: "a fixed step α") { c, v in c.stepSize = .fixed(v.number) },
        Knob(name: "mg-owner", get: { .text($0.mgOwner.rawValue) }, type: .choice(MgOwner.allCases.map(\.rawValue)), help: "whose constant M_g is") { c, v in
            c.mgOwner = MgOwner(rawValue: v.text)!
        },
        Knob(name: "steps", get: { .number(Double($0.steps)) }, type: .integer(min: 0, max: 2000), help: "iterations (at least; a theorem may need more)") { c, v in c.steps = Int(v.number) },
    ]

    public static var names: [String] { all.map(\.name) }

    /// The knob of a name; underscores are read as dashes (`alpha_bar` = `alpha-bar`).
    public static func named(_ s: String) -> Knob? {
        let n = s.replacingOccurrences(of: "_", with: "-")
        return all.first { $0.name == n }
    }

    /// Whether v is a value this knob allows.
    public func allows(_ v: Value) -> Bool {
        switch (type, v) {
        case let (.integer(lo, hi), .number(x)): return x == x.rounded() && x >= Double(lo) && x <= Double(hi)
        case let (.real(lo, hi, open), .number(x)): return x.isFinite && (open ? x > lo : x >= lo) && x <= hi
        case let (.choice(names), .text(s)): return names.contains(s)
        default: return false
        }
    }

    public var allowedDescription: String {
        switch type {
        case let .integer(lo, hi): return "an integer in [\(lo), \(hi)]"
        case let .real(lo, hi, open): return "a number in \(open ? "(" : "[")\(lo), \(hi)]"
        case let .choice(names): return "one of \(names.joined(separator: ", "))"
        }
    }
}

extension Value {
    var number: Double { if case let .number(x) = self { return x } else { return .nan } }
    var text: String { if case let .text(s) = self { return s } else { return description } }
}

extension Point {
    /// `base` with this point's values set (dimensions in knob-table order, so the result does
    /// not depend on how the space listed them).
    public func applied(to base: RunConfig) -> RunConfig {
        var c = base
        for k in Knob.all { if let v = values[k.name] { k.set(&c, v) } }
        return c
    }
}
