import Foundation

extension ProblemSpec {
    /// The bounds every size obeys, whatever its source (the command line, a stored finding, an
    /// exported problem's config.json, a shard): sizes whose arithmetic cannot overflow.
    public static let sizeLimits: [(name: String, min: Int, max: Int, get: @Sendable (ProblemSpec) -> Int)] = [
        ("m", 1, 1_000_000, { $0.trainCount }),
        ("m-test", 0, 1_000_000, { $0.testCount }),
        ("n0", 1, 100_000, { $0.inputDimension }),
        ("n", 1, 1 << 24, { $0.width }),
        ("n-teacher", 1, 100_000, { $0.teacherWidth }),
    ]

    /// The bounds of one size option.
    public static func limit(_ name: String) -> (min: Int, max: Int) {
        let l = sizeLimits.first { $0.name == name }!
        return (l.min, l.max)
    }

    /// Refuses, before any allocation, sizes out of bounds and a problem whose J (m × p doubles)
    /// and step block cannot fit in this machine's memory (issue 30 #15).
    public func validateSizes() throws {
        for l in Self.sizeLimits {
            let v = l.get(self)
            if v < l.min { throw ProblemError("\(l.name) = \(v) is below the allowed minimum \(l.min)") }
            if v > l.max { throw ProblemError("\(l.name) = \(v) is above the allowed maximum \(l.max)") }
        }
        try checkMemory()
    }

    /// A run holds J (m × p doubles) and the overparameterized step a second (m+1) × p block.
    public func checkMemory() throws {
        let (p, o1) = width.multipliedReportingOverflow(by: inputDimension + 1)
        let rows = max(trainCount, testCount) + 1
        let (entries, o2) = rows.multipliedReportingOverflow(by: p)
        let bytes = Double(entries) * 8 * 2
        let available = Double(ProcessInfo.processInfo.physicalMemory)
        guard !o1 && !o2 && bytes < 0.8 * available else {
            throw ProblemError(String(format: "the run needs about %.3g GB (J and the step's block, m = %d, p = %d·(%d+1)); this machine has %.3g GB",
                                      o1 || o2 ? Double.infinity : bytes / 1e9, trainCount, width, inputDimension, available / 1e9))
        }
    }
}
