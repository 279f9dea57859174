import Foundation
import Theorems
import Trajectories

/// Runs the tests share, each computed once per test process (Swift's static initialisation is
/// thread-safe, so concurrent tests wait for one run instead of making their own).
public enum Fixtures {
    /// The quick suite exactly as CI gates it.
    public static let quick: SuiteResult = SuiteRunner.run(SuiteSpec.quick, concurrency: 2)

    /// The quick suite with a two-width zero-damping sweep: the reports, gate and findings tests.
    public static func narrowQuick(sigma: SigmaRoute = .refine) -> SuiteSpec {
        var s = SuiteSpec.quick
        s.limitWidths = [40, 80]
        s.base.sigmaRoute = sigma
        return s
    }

    /// `narrowQuick()`, run once.
    public static let narrowQuickResult: SuiteResult = SuiteRunner.run(narrowQuick())
}

/// A value per key computed once, however many tests ask for it at the same time: the first
/// asker computes, the others wait for its result (an error is kept and rethrown to each).
public final class OnceCache<Value: Sendable>: @unchecked Sendable {
    private final class Slot: @unchecked Sendable {
        let lock = NSLock()
        var value: Result<Value, Error>?
    }
    private let lock = NSLock()
    private var slots: [String: Slot] = [:]

    public init() {}

    public func value(_ key: String, _ compute: () throws -> Value) throws -> Value {
        lock.lock()
        let slot = slots[key] ?? Slot()
        slots[key] = slot
        lock.unlock()
        slot.lock.lock()
        defer { slot.lock.unlock() }
        if slot.value == nil { slot.value = Result { try compute() } }
        return try slot.value!.get()
    }
}
