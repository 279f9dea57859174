import CheckBoundsCLI
import Foundation

// Exit codes: 0 ok, 1 a gate failed (new counterexample or regression), 2 bad usage or input.
let code = CheckBounds.main(Array(CommandLine.arguments.dropFirst()))
exit(code)
