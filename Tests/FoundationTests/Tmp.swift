import Testing
@Test func placeholderCompile() { #expect(1 == 1) }
