import Foundation

/// Where the repository and a scratch folder are, for tests that read committed files
/// (Proofs/, baselines, golden outcomes) or write reports.
public enum TestPaths {
    /// The repository root (this file is Tests/TestSupport/Paths.swift).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func file(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// A fresh, empty folder under the system's temporary directory.
    public static func scratch(_ name: String) throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("check-bounds-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    /// A path under the temporary directory that does not exist yet.
    public static func absent(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("check-bounds-\(name)-\(UUID().uuidString)").path
    }
}

/// Relative errors against a higher-precision or independent reference.
public enum Errors {
    public static func relative(_ a: Double, _ b: Float80) -> Double {
        let d = abs(Float80(a) - b)
        return b == 0 ? Double(d) : Double(d / abs(b))
    }

    /// ‖a − b‖ / ‖b‖.
    public static func relative(_ a: [Double], _ b: [Double]) -> Double {
        var num = 0.0, den = 0.0
        for i in b.indices { num += (a[i] - b[i]) * (a[i] - b[i]); den += b[i] * b[i] }
        return (num / den).squareRoot()
    }
}
