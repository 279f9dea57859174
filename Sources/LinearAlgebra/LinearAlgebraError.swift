/// Failures of the dense linear algebra layer. A LAPACK `info` other than 0 becomes one of
/// these, naming the routine and what the code means, so a numerical breakdown inside a run
/// is an outcome a report can show rather than a crash or a silent NaN.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible, Sendable {
    /// LAPACK returned `info != 0`.
    case lapack(routine: String, info: Int32, meaning: String)
    /// An input held NaN or ±∞; LAPACK would propagate it silently, so we refuse it.
    case nonFiniteInput(routine: String)
    /// Shapes that do not fit the operation.
    case dimensionMismatch(String)

    public var description: String {
        switch self {
        case let .lapack(routine, info, meaning): return "\(routine) failed (info = \(info)): \(meaning)"
        case let .nonFiniteInput(routine): return "\(routine): input is not finite (an undefined or infinite entry)"
        case let .dimensionMismatch(what): return "dimension mismatch: \(what)"
        }
    }

    /// Maps a LAPACK `info` to an error; `kind` says how to read a positive code.
    static func check(_ info: Int32, routine: String, positive: (Int32) -> String) throws {
        if info == 0 { return }
        if info < 0 {
            throw LinearAlgebraError.lapack(routine: routine, info: info, meaning: "argument \(-info) had an illegal value")
        }
        throw LinearAlgebraError.lapack(routine: routine, info: info, meaning: positive(info))
    }
}
