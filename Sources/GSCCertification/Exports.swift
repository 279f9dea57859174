// `Interval` moved to the low-level `Intervals` target (shared with `Verified`); re-exported so
// clients of GSCCertification keep seeing it under `import GSCCertification`.
@_exported import Intervals
