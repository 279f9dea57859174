import Foundation
import Intervals

/// Independent Float80 (64-bit significand, exponent range to 1e±4932, so no double-range
/// over/underflow) re-evaluations through glibc's long-double libm, not through the code under test.
enum Ref80 {
    static func sigmoid(_ x: Float80) -> Float80 {
        if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
        let e = Foundation.exp(x)
        return e / (1 + e)
    }
    static func silu(_ x: Float80) -> Float80 { x * sigmoid(x) }
    static func siluDerivative(_ x: Float80) -> Float80 { sigmoid(x) * (1 + x * sigmoid(-x)) }
    /// glibc's tanhl is about one Float80 ulp off for tiny x (tanhl(1e-12) > 1e-12, while
    /// tanh x < x), so tiny arguments use the series x − x³/3 + 2x⁵/15 (error < x⁷).
    static func tanh(_ x: Float80) -> Float80 {
        if abs(x) < 0x1p-16 { let x2 = x * x; return x * (1 - x2 / 3 + 2 * x2 * x2 / 15) }
        return Foundation.tanh(x)
    }
    /// sech² = 1/cosh² (cosh ≥ 1 after rounding, so this never exceeds 1 as 4w/(1+w)² can).
    static func tanhDerivative(_ x: Float80) -> Float80 {
        let c = Foundation.cosh(x)
        return 1 / (c * c)
    }
    static func softplus(_ x: Float80) -> Float80 { max(x, 0) + Foundation.log1p(Foundation.exp(-abs(x))) }
    static func relu(_ x: Float80) -> Float80 { max(x, 0) }
    static func reluDerivative(_ x: Float80) -> Float80 { x > 0 ? 1 : 0 }
}

/// One interval function under test with its Float80 reference.
struct Function: Sendable, CustomStringConvertible {
    let name: String
    let interval: @Sendable (Interval) -> Interval
    let reference: @Sendable (Float80) -> Float80
    var description: String { name }

    static let all: [Function] = [
        Function(name: "sigmoid", interval: { $0.sigmoid }, reference: Ref80.sigmoid),
        Function(name: "silu", interval: { $0.silu }, reference: Ref80.silu),
        Function(name: "silu'", interval: { $0.siluDerivative }, reference: Ref80.siluDerivative),
        Function(name: "tanh", interval: { $0.tanh }, reference: Ref80.tanh),
        Function(name: "tanh'", interval: { $0.tanhDerivative }, reference: Ref80.tanhDerivative),
        Function(name: "softplus", interval: { $0.softplus }, reference: Ref80.softplus),
        Function(name: "softplus'", interval: { $0.softplusDerivative }, reference: Ref80.sigmoid),
        Function(name: "relu", interval: { $0.relu }, reference: Ref80.relu),
        Function(name: "relu'", interval: { $0.reluDerivative }, reference: Ref80.reluDerivative),
    ]
}

extension Interval {
    func contains80(_ x: Float80) -> Bool { Float80(lo) <= x && x <= Float80(hi) }
}
