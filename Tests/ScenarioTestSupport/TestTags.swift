import Foundation
import Testing

/// What a test needs besides the code under test, so that a run can leave it out.
extension Tag {
    /// Opens headless Chromium (HTML geometry, print to PDF).
    @Tag public static var browser: Tag
    /// Runs the `smm` executable as a separate process.
    @Tag public static var process: Tag
    /// Plans large programs or many of them (a portfolio core, the shipped portfolio, enumeration).
    @Tag public static var slow: Tag
}

/// Which tests a run includes: all of them (CI, and `swift test`), or the fast part when
/// `SMM_FAST_TESTS=1` is set (the README's quick check while editing), which leaves out the tests
/// tagged `slow` or `browser`.
public enum TestRun {
    public static var isFast: Bool { ProcessInfo.processInfo.environment["SMM_FAST_TESTS"] == "1" }
}

extension Trait where Self == ConditionTrait {
    /// Skipped in a fast run (`TestRun.isFast`): put on tests tagged `slow` or `browser`.
    public static var fullRunOnly: Self {
        .disabled(if: TestRun.isFast, "SMM_FAST_TESTS=1 leaves out slow and browser tests")
    }
}
