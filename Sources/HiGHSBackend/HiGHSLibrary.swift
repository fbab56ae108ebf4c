#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// HiGHS's C API, loaded at run time from `libhighs` (the way OR-Tools loads optional solvers):
/// nothing is linked, so `smm` builds and runs without it and finds it when it is there.
///
/// Only the calls the backend makes are bound, each by name with its C signature, in one place.
/// HiGHS's `HighsInt` must be 32 bits (the default build, and the PyPI wheel's).
public final class HiGHSLibrary: Sendable {
    /// Where the library was loaded from.
    public let path: String
    /// HiGHS's version, e.g. "1.15.1".
    public let version: String

    typealias Create = @convention(c) () -> UnsafeMutableRawPointer?
    typealias Destroy = @convention(c) (UnsafeMutableRawPointer?) -> Void
    typealias PassMip =
        @convention(c) (
            UnsafeMutableRawPointer?, Int32, Int32, Int32, Int32, Int32, Double,
            UnsafePointer<Double>?, UnsafePointer<Double>?, UnsafePointer<Double>?,
            UnsafePointer<Double>?, UnsafePointer<Double>?,
            UnsafePointer<Int32>?, UnsafePointer<Int32>?, UnsafePointer<Double>?, UnsafePointer<Int32>?
        ) -> Int32
    typealias SetBoolOption = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?, Int32) -> Int32
    typealias SetIntOption = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?, Int32) -> Int32
    typealias SetDoubleOption = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?, Double) -> Int32
    typealias Run = @convention(c) (UnsafeMutableRawPointer?) -> Int32
    typealias GetModelStatus = @convention(c) (UnsafeRawPointer?) -> Int32
    typealias GetSolution =
        @convention(c) (
            UnsafeRawPointer?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?,
            UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?
        ) -> Int32
    typealias GetDoubleInfo =
        @convention(c) (UnsafeRawPointer?, UnsafePointer<CChar>?, UnsafeMutablePointer<Double>?) -> Int32
    typealias GetIntInfo =
        @convention(c) (UnsafeRawPointer?, UnsafePointer<CChar>?, UnsafeMutablePointer<Int32>?)
        -> Int32
    typealias GetInt64Info =
        @convention(c) (UnsafeRawPointer?, UnsafePointer<CChar>?, UnsafeMutablePointer<Int64>?) -> Int32
    typealias SetSolution =
        @convention(c) (
            UnsafeMutableRawPointer?, UnsafePointer<Double>?, UnsafePointer<Double>?, UnsafePointer<Double>?,
            UnsafePointer<Double>?
        ) -> Int32
    /// `void (*)(int type, const char* message, const HighsCallbackDataOut*, HighsCallbackDataIn*, void* user)`.
    typealias Callback =
        @convention(c) (
            Int32, UnsafePointer<CChar>?, UnsafeRawPointer?, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?
        ) -> Void
    typealias SetCallback = @convention(c) (UnsafeMutableRawPointer?, Callback?, UnsafeMutableRawPointer?) -> Int32
    typealias StartCallback = @convention(c) (UnsafeMutableRawPointer?, Int32) -> Int32
    typealias GetCallbackItem = @convention(c) (UnsafeRawPointer?, UnsafePointer<CChar>?) -> UnsafeRawPointer?
    typealias WriteModel = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?) -> Int32
    typealias Version = @convention(c) () -> UnsafePointer<CChar>?
    typealias SizeOfHighsInt = @convention(c) () -> Int32

    let create: Create
    let destroy: Destroy
    let passMip: PassMip
    let setBoolOption: SetBoolOption
    let setIntOption: SetIntOption
    let setDoubleOption: SetDoubleOption
    let run: Run
    let getModelStatus: GetModelStatus
    let getSolution: GetSolution
    let getDoubleInfo: GetDoubleInfo
    let getIntInfo: GetIntInfo
    let getInt64Info: GetInt64Info
    let setSolution: SetSolution
    let setCallback: SetCallback
    let startCallback: StartCallback
    let getCallbackItem: GetCallbackItem
    let writeModel: WriteModel

    /// Why no library could be loaded: each place tried and what it said.
    public struct NotFound: Error, Sendable, CustomStringConvertible {
        public let attempts: [String]
        public var description: String {
            "HiGHS not found (" + (attempts.isEmpty ? "no place to look" : attempts.joined(separator: "; ")) + ")"
        }
    }

    /// The environment variable that names the library file, before any other place is looked at.
    public static let environmentVariable = "SMM_HIGHS_LIBRARY"

    /// The library, loaded once per process from the first place that has it (`candidates`, then
    /// the `highspy` that `python3` imports), or why none could be.
    public static let shared: Result<HiGHSLibrary, NotFound> = {
        let found = load(candidates: candidates())
        guard case .failure(let notFound) = found, ProcessInfo.processInfo.environment[environmentVariable] == nil,
            let python = highspyOfPython()
        else { return found }
        return load(candidates: [python]).mapError { NotFound(attempts: notFound.attempts + $0.attempts) }
    }()

    /// `libhighs.so.1` of the `highspy` that `python3` on the `PATH` would import (found without
    /// importing it), when the places `candidates` lists do not have it: pyenv's shims and other
    /// wrappers hide where their site-packages are.
    static func highspyOfPython() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import importlib.util as u; s = u.find_spec('highspy'); "
                + "print(s.submodule_search_locations[0] if s and s.submodule_search_locations else '')",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let directory = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0, !directory.isEmpty else { return nil }
        return directory + "/libhighs.so.1"
    }

    /// Loads the first candidate that opens and has every call the backend needs.
    static func load(candidates: [String]) -> Result<HiGHSLibrary, NotFound> {
        var attempts: [String] = []
        for path in candidates {
            switch open(path) {
            case .success(let library): return .success(library)
            case .failure(let missing): attempts.append("\(path): \(missing.reason)")
            }
        }
        return .failure(NotFound(attempts: attempts))
    }

    /// Where to look, in order: `SMM_HIGHS_LIBRARY` alone when set; otherwise the system's library
    /// path, then beside an installed `highspy` (its wheel ships `libhighs.so.1` with the C API)
    /// in the Python installations the `PATH` leads to, the user's site-packages and the system's.
    static func candidates(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        if let named = environment[environmentVariable], !named.isEmpty { return [named] }
        var places = ["libhighs.so.1", "libhighs.so"]
        var prefixes: [String] = []
        for entry in (environment["PATH"] ?? "").split(separator: ":") where entry.hasSuffix("/bin") {
            prefixes.append(String(entry.dropLast(4)))
        }
        if let home = environment["HOME"] { prefixes.append(home + "/.local") }
        prefixes += ["/usr/local", "/usr"]
        let fileManager = FileManager.default
        var seen = Set<String>()
        for prefix in prefixes where seen.insert(prefix).inserted {
            let lib = prefix + "/lib"
            guard let entries = try? fileManager.contentsOfDirectory(atPath: lib) else { continue }
            for python in entries.filter({ $0.hasPrefix("python3") }).sorted(by: >) {
                for packages in ["site-packages", "dist-packages"] {
                    let candidate = "\(lib)/\(python)/\(packages)/highspy/libhighs.so.1"
                    if fileManager.fileExists(atPath: candidate) { places.append(candidate) }
                }
            }
        }
        return places
    }

    private static func open(_ path: String) -> Result<HiGHSLibrary, Missing> {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            return .failure(Missing(reason: dlerror().map { String(cString: $0) } ?? "cannot be opened"))
        }
        do {
            return .success(try HiGHSLibrary(path: path, handle: handle))
        } catch {
            dlclose(handle)
            return .failure(error)
        }
    }

    private struct Missing: Error { let reason: String }

    private init(path: String, handle: UnsafeMutableRawPointer) throws(Missing) {
        func bind<F>(_ name: String, as type: F.Type) throws(Missing) -> F {
            guard let symbol = dlsym(handle, name) else { throw Missing(reason: "it has no \(name)") }
            return unsafeBitCast(symbol, to: type)
        }
        let sizeOfHighsInt = try bind("Highs_getSizeofHighsInt", as: SizeOfHighsInt.self)
        guard sizeOfHighsInt() == 4 else { throw Missing(reason: "its HighsInt is not 32 bits") }
        let version = try bind("Highs_version", as: Version.self)
        self.version = version().map { String(cString: $0) } ?? "?"
        self.path = path
        create = try bind("Highs_create", as: Create.self)
        destroy = try bind("Highs_destroy", as: Destroy.self)
        passMip = try bind("Highs_passMip", as: PassMip.self)
        setBoolOption = try bind("Highs_setBoolOptionValue", as: SetBoolOption.self)
        setIntOption = try bind("Highs_setIntOptionValue", as: SetIntOption.self)
        setDoubleOption = try bind("Highs_setDoubleOptionValue", as: SetDoubleOption.self)
        run = try bind("Highs_run", as: Run.self)
        getModelStatus = try bind("Highs_getModelStatus", as: GetModelStatus.self)
        getSolution = try bind("Highs_getSolution", as: GetSolution.self)
        getDoubleInfo = try bind("Highs_getDoubleInfoValue", as: GetDoubleInfo.self)
        getIntInfo = try bind("Highs_getIntInfoValue", as: GetIntInfo.self)
        getInt64Info = try bind("Highs_getInt64InfoValue", as: GetInt64Info.self)
        setSolution = try bind("Highs_setSolution", as: SetSolution.self)
        setCallback = try bind("Highs_setCallback", as: SetCallback.self)
        startCallback = try bind("Highs_startCallback", as: StartCallback.self)
        getCallbackItem = try bind("Highs_getCallbackDataOutItem", as: GetCallbackItem.self)
        writeModel = try bind("Highs_writeModel", as: WriteModel.self)
        // The callback kinds' numbers changed in HiGHS 1.8 (`CallbackKind`): older ones are refused.
        let parts = self.version.split(separator: ".").compactMap { Int($0) }
        guard parts.count >= 2, (parts[0], parts[1]) >= (1, 8) else {
            throw Missing(reason: "version \(self.version) is older than 1.8")
        }
    }
}

/// Numbers of HiGHS's C API (its `highs_c_api.h`), named once.
enum HiGHSConstant {
    static let statusError: Int32 = -1
    static let matrixColumnwise: Int32 = 1
    static let senseMinimize: Int32 = 1
    static let senseMaximize: Int32 = -1
    static let integer: Int32 = 1
    static let continuous: Int32 = 0

    /// `kHighsModelStatus…`.
    enum ModelStatus: Int32 {
        case notSet = 0, loadError, modelError, presolveError, solveError, postsolveError, modelEmpty
        case optimal, infeasible, unboundedOrInfeasible, unbounded, objectiveBound, objectiveTarget
        case timeLimit, iterationLimit, unknown, solutionLimit, interrupt
    }

    /// `kHighsCallback…` (HiGHS 1.8 and later).
    enum CallbackKind: Int32 {
        case logging = 0
        case simplexInterrupt = 1
        case ipmInterrupt = 2
        case mipSolution = 3
        case mipImprovingSolution = 4
        case mipLogging = 5
        case mipInterrupt = 6
    }

    /// `primal_solution_status` when a feasible point is known (`kHighsSolutionStatusFeasible`).
    static let solutionFeasible: Int32 = 2
}

extension HiGHSLibrary {
    /// The version, and where it came from, as `-v` and `--version` show it.
    public var summary: String { "HiGHS \(version) (\(path))" }
}
