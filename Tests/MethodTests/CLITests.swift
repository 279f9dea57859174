import CheckBoundsCLI
import Foundation
import Testing

@Suite("check-bounds options: bad input is refused with one line")
struct CLITests {
    static let bad: [([String], String)] = [
        (["--bogus"], "unknown option '--bogus' (see --help for the options)"),
        (["--m", "abc"], "--m: 'abc' is not an integer"),
        (["--m", "0"], "--m: 0 is below the allowed minimum 1"),
        (["--tau", "nan"], "--tau: 'nan' is not a finite number"),
        (["--tau", "-1"], "--tau: must be non-negative, got -1.0"),
        (["--activation", "sigmoid"], "--activation: 'sigmoid' is not allowed (allowed: silu, tanh, softplus, relu)"),
        (["--method", "adam"], "--method: 'adam' is not allowed (allowed: ggn, ggn-param, gram-gn, gd)"),
        (["--alpha-bar", "1.5"], "--alpha-bar: must lie in (0, 1], got 1.5"),
        (["--tau", "0"], "--tau 0 is not allowed with --method ggn (H = τ∇²ḡ must be invertible; use --method gram-gn)"),
        (["--problem", "csv"], "--problem csv needs --csv PATH"),
        (["--steps"], "--steps needs a value (N)"),
        (["-x"], "unknown option '-x' (options are spelled --name; see --help)"),
    ]

    @Test("malformed options give the expected one-line error", arguments: bad)
    func refused(args: [String], message: String) {
        #expect(throws: UsageError(message)) {
            let o = try OptionParser.parse(args, specs: TraceCommand.specs)
            _ = try RunOptions.config(from: o)
        }
    }

    @Test("the executable's entry point exits 2 on bad usage")
    func exitCode() {
        #expect(CheckBounds.main(["trace", "--n", "-3"]) == 2)
        #expect(CheckBounds.main(["frobnicate"]) == 2)
    }

    @Test("every option has help text and a default column")
    func helpListsEverything() {
        let help = OptionParser.help(TraceCommand.specs)
        for s in TraceCommand.specs { #expect(help.contains("--\(s.name)")) }
    }
}
