import Foundation
import Problems
import Exploration
import Optimizers
import Trajectories

/// The options that make a grid of instances — `--seed`, `--n`, `--tau`, `--mg-owner` — take one
/// value or a comma-separated list in every command that runs instances (`run`, `check`; `run`
/// also spells them `--seeds`, `--widths`, `--taus`, `--owners`). `trace`, `explore` and `map`
/// run one configuration per instance and take one value.
enum GridOptions {
    /// (the name every command uses, run's plural spelling)
    static let names: [(single: String, plural: String)] = [("seed", "seeds"), ("n", "widths"), ("tau", "taus"), ("mg-owner", "owners")]

    /// run's plural spellings, accepted by every command that takes the singular ones: run and
    /// check make a grid of a list; the single-configuration commands refuse them with the reason.
    static let pluralSpecs: [OptionSpec] = [
        OptionSpec("seeds", "LIST", default: "suite's", "comma-separated seeds (run's spelling of --seed)"),
        OptionSpec("widths", "LIST", default: "suite's", "comma-separated hidden widths n (run's spelling of --n)"),
        OptionSpec("taus", "LIST", default: "suite's", "comma-separated τ values (run's spelling of --tau)"),
        OptionSpec("owners", "LIST", default: "suite's", "M_g owners to run: gbar, g (run's spelling of --mg-owner)"),
    ]

    struct Grid {
        var seeds: [UInt64]?
        var widths: [Int]?
        var taus: [Double]?
        var owners: [MgOwner]?
    }

    /// The option's text under either spelling; both given is bad usage.
    static func text(_ o: ParsedOptions, _ single: String) throws -> (name: String, value: String)? {
        let plural = names.first { $0.single == single }!.plural
        switch (o.string(single), o.string(plural)) {
        case let (a?, nil): return (single, a)
        case let (nil, b?): return (plural, b)
        case (nil, nil): return nil
        case (_?, _?): throw UsageError("--\(single) and --\(plural) name the same grid (give one of them)")
        }
    }

    static func parse(_ o: ParsedOptions) throws -> Grid {
        var g = Grid()
        if let (name, _) = try text(o, "seed") { g.seeds = try o.ints(name, min: 0)?.map(UInt64.init) }
        if let (name, _) = try text(o, "n") { g.widths = try o.ints(name, min: ProblemSpec.limit("n").min, max: ProblemSpec.limit("n").max) }
        if let (name, _) = try text(o, "tau") {
            g.taus = try o.doubles(name)
            if let bad = g.taus!.first(where: { $0 < 0 }) { throw UsageError("--\(name): every τ must be non-negative, got \(bad)") }
        }
        if let (name, v) = try text(o, "mg-owner") {
            g.owners = try v.split(separator: ",", omittingEmptySubsequences: false).map {
                guard let w = MgOwner(rawValue: String($0)) else {
                    throw UsageError("--\(name): '\(SpaceSyntax.quoted(String($0)))' is not allowed (allowed: gbar, g, or a list of them)")
                }
                return w
            }
            try ParsedOptions.noRepeats(g.owners!.map(\.rawValue), option: name)
        }
        return g
    }

    /// For the commands that run one configuration: a list is refused with the reason.
    static func requireSingle(_ o: ParsedOptions, command: String) throws {
        for (single, plural) in names where o.has(plural) {
            if command == "explore" || command == "map" {
                throw UsageError("--\(plural): \(command) samples its instances from a space: give the range or one value there (--space \(single)=LO..HI or \(single)=V) (run and check take lists, which make a grid)")
            }
            throw UsageError("--\(plural): \(command) runs one configuration, so it takes --\(single) with one value (run and check take lists, which make a grid)")
        }
        for (single, _) in names {
            if let v = o.string(single), v.contains(",") {
                throw UsageError("--\(single): \(command) runs one configuration, so it takes one value (run and check take lists, which make a grid)")
            }
        }
    }
}
