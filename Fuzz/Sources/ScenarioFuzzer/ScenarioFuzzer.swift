import FuzzDriver
import ScenarioLoading
import ScenarioModel

/// libFuzzer's entry point: each input is a scenario file (the first byte picks the loader).
///
/// Every input must end in a scenario or a list of diagnostics: a crash, a trap, a leak or a
/// hang (libFuzzer's -timeout) is a finding. Inputs are loaded with small limits, so that the
/// size checks themselves are exercised.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let bytes = UnsafeBufferPointer(start: data + 1, count: size - 1)
    guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
    var limits = InputLimits()
    limits.documentValues = 100_000
    limits.systems = 200
    limits.stepQuarters = 20_000
    let loader = ScenarioLoader(limits: limits)
    switch data[0] % 3 {
    case 0:
        _ = try? loader.load(text: text, source: "fuzz.yaml")
    case 1:
        // The same text as a --set value: the override path parses YAML too.
        _ = try? loader.load(text: seed, source: "fuzz.yaml", overrides: ["systems[0].practices=\(text)"])
    default:
        _ = try? loader.load(text: "catalog: \(text)\n" + seed, source: "fuzz.yaml")
    }
    return 0
}

private let seed = fuzzScenarioText

/// SwiftPM links an executable's entry point as `<module>_main`; it hands over to libFuzzer.
@_cdecl("ScenarioFuzzer_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv) { data, size in fuzz(data, size) }
}
