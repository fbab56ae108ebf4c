import ArgumentParser
import Foundation
import Reports
import ScenarioLoading
import ScenarioModel
import TextSafety

/// Exit codes of `smm`, documented in the README.
enum ExitStatus {
    static let invalidInput = ExitCode(2)
    static let infeasible = ExitCode(3)
    static let noPlan = ExitCode(4)
}

extension ReportFormat: ExpressibleByArgument, FileFormat {
    init?(fileExtension: String) {
        switch fileExtension {
        case "md", "markdown": self = .markdown
        case "json": self = .json
        case "csv": self = .csv
        case "txt": self = .table
        default: return nil
        }
    }
}

/// An output format that a file's extension can name.
protocol FileFormat: RawRepresentable<String>, CaseIterable {
    /// The format of a lower-case extension (without the dot), if it names one.
    init?(fileExtension: String)
}

extension OutputOptions {
    /// The format to write: `-f` if given; else the extension of `-o` (a path without one, such as
    /// /dev/stdout, gets Markdown; an extension that names no format is an error); else the table.
    func format<F: FileFormat>(_ explicit: F?, markdown: F, table: F) throws -> F {
        if let explicit { return explicit }
        guard let output else { return table }
        let pathExtension = URL(fileURLWithPath: output).pathExtension.lowercased()
        if pathExtension.isEmpty { return markdown }
        guard let format = F(fileExtension: pathExtension) else {
            let known = F.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError(
                "-o \(SafeText.quoted(output)): the extension .\(pathExtension) names no format; "
                    + "give -f (\(known))")
        }
        return format
    }
}

/// The reading limits of every command that reads scenarios.
struct InputLimitOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Largest scenario or catalog file read, in MiB.", valueName: "MiB"))
    var maxFileSize: Int = InputLimits.standard.fileBytes >> 20
    @Option(help: "Most systems in a scenario.")
    var maxSystems: Int = InputLimits.standard.systems
    @Option(help: "Most step-quarters (steps to target × quarters): the size of the planning problem.")
    var maxStepQuarters: Int = InputLimits.standard.stepQuarters

    func validate() throws {
        guard (1...4096).contains(maxFileSize) else { throw ValidationError("--max-file-size must be 1...4096 MiB") }
        guard maxSystems >= 1 else { throw ValidationError("--max-systems must be at least 1") }
        guard maxStepQuarters >= 1 else { throw ValidationError("--max-step-quarters must be at least 1") }
    }

    /// A loader with these limits.
    var loader: ScenarioLoader {
        var limits = InputLimits()
        limits.fileBytes = maxFileSize << 20
        limits.systems = maxSystems
        limits.stepQuarters = maxStepQuarters
        return ScenarioLoader(limits: limits)
    }

    /// Loads every scenario of a multi-file command, printing the problems of all of them before
    /// exiting 2.
    func loadAll(_ specs: [ScenarioSpec], progress: String? = nil) throws -> [Scenario] {
        var scenarios: [Scenario] = []
        var failed = false
        for spec in specs {
            do {
                let scenario = try loader.load(path: spec.path, overrides: spec.overrides, progress: progress)
                printWarnings(scenario)
                scenarios.append(scenario)
            } catch {
                printError(error.description)
                failed = true
            }
        }
        if failed { throw ExitStatus.invalidInput }
        return scenarios
    }
}

/// Options shared by every command that reads one scenario.
struct ScenarioOptions: ParsableArguments {
    @Option(
        name: .customLong("set"), parsing: .singleValue,
        help: ArgumentHelp(
            "Override a scenario value before validation, e.g. budget.quarterly=80000.",
            valueName: "key.path=value"))
    var overrides: [String] = []
    @OptionGroup var limits: InputLimitOptions

    /// A loader with the limits of these options.
    var loader: ScenarioLoader { limits.loader }

    /// Loads a scenario (with a progress file, re-planned) or prints every problem to stderr and exits 2.
    func load(_ path: String, progress: String? = nil) throws -> Scenario {
        do {
            let scenario = try loader.load(path: path, overrides: overrides, progress: progress)
            printWarnings(scenario)
            return scenario
        } catch {
            printError(error.description)
            printError("The file format: docs/scenario-format.md (smm init writes a starter).")
            throw ExitStatus.invalidInput
        }
    }
}

/// `--progress` on the planning commands: a re-plan.
struct ReplanOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Re-plan from a progress file (smm-progress/1): history fixed, commitments kept, variance "
                + "against the baseline (smm progress init writes one).", valueName: "file"))
    var progress: String?
}

/// Where a report goes: stdout, or a file written whole or not at all (`OutputFile`).
struct OutputOptions: ParsableArguments {
    @Option(name: [.short, .customLong("output")], help: "Write to this file instead of standard output.")
    var output: String?

    init() {}

    /// Options given in code: `nil` is standard output.
    init(output: String?) {
        self.output = output
    }

    /// Writes the report; a failure (the path, a full disk, a closed standard output) is reported
    /// and exits 1.
    /// - Parameters:
    ///   - inputs: The command's input files, which the output must not replace.
    ///   - updating: The one file the command was asked to rewrite in place (`import --into`), which
    ///     it read but may replace.
    func emit(_ text: String, inputs: [String], updating: String? = nil) throws {
        do {
            if let output {
                try OutputFile.write(text, to: output, inputs: inputs, updating: updating)
            } else {
                try StandardStream.out(text)
            }
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }
    }
}

/// The scenario's warnings on standard error, one line each.
func printWarnings(_ scenario: Scenario) {
    for warning in scenario.warnings { printError(warning.description) }
}

/// Writes a line to standard error. When even that fails there is no one left to tell: the
/// process exits 1 (removing any temporary output file).
func printError(_ text: String) {
    do {
        try StandardStream.write(text.hasSuffix("\n") ? text : text + "\n", to: STDERR_FILENO)
    } catch {
        Interruption.shared.exitNow(1)
    }
}

/// Ends a planning command that a signal stopped: its output is written, so exit 128 + signal.
func exitIfInterrupted() throws {
    if let code = Interruption.shared.exitCode { throw ExitCode(code) }
}

/// One scenario of a multi-file command: its path, and the edits that apply to it.
struct ScenarioSpec: Equatable {
    let path: String
    let overrides: [String]

    /// The scenarios of `a.yaml[:label] [--set k=v]… b.yaml …`, from the words ArgumentParser hands
    /// over in command-line order (the commands declare no `--set` option, so their files and
    /// edits reach them as one list, `.allUnrecognized`): a `--set` before every file applies to
    /// all, one after a file to that file.
    /// - Parameters:
    ///   - words: What ArgumentParser left of the command line, in order.
    ///   - command: The command, whose options a mistyped one is matched against for "did you mean".
    /// - Throws: `ValidationError` for an option other than `--set` (a typo of a known one), or
    ///   `--set` without its value.
    static func parse(_ words: [String], of command: any ParsableCommand.Type) throws -> [ScenarioSpec] {
        var global: [String] = []
        var files: [(file: String, overrides: [String])] = []
        var i = 0
        func add(_ edit: String) {
            if files.isEmpty { global.append(edit) } else { files[files.count - 1].overrides.append(edit) }
        }
        while i < words.count {
            let word = words[i]
            if word == "--set" {
                guard i + 1 < words.count else { throw ValidationError("--set needs a value: --set key.path=value") }
                add(words[i + 1])
                i += 2
                continue
            }
            if word.hasPrefix("--set=") {
                add(String(word.dropFirst("--set=".count)))
            } else if word.hasPrefix("-"), word.count > 1 {
                let known = Set(command.helpMessage().matches(of: /--[a-z][a-z-]*/).map { String($0.output) })
                let name = String(word.prefix { $0 != "=" })
                let hint = Suggestion.closest(to: name, in: known.sorted()).map { " (did you mean \($0)?)" } ?? ""
                // ArgumentParser's own words, so that CommandHints adds "--set" for a scenario key.
                throw ValidationError("Unknown option \(SafeText.quoted(name))\(hint); see --help")
            } else {
                files.append((word, []))
            }
            i += 1
        }
        return files.map { file, own in
            let (path, label) = split(file)
            return ScenarioSpec(path: path, overrides: global + own + (label.map { ["name=\"\($0)\""] } ?? []))
        }
    }

    /// `a.yaml:50k` is the file `a.yaml` labelled `50k`, unless a file is named `a.yaml:50k`.
    static func split(_ file: String) -> (String, String?) {
        guard !FileManager.default.fileExists(atPath: file), let colon = file.lastIndex(of: ":") else {
            return (file, nil)
        }
        let label = String(file[file.index(after: colon)...])
        guard !label.isEmpty, !label.contains("/"), !label.contains("\""), !label.contains("\\") else {
            return (file, nil)
        }
        return (String(file[..<colon]), label)
    }
}

/// Writes one line to standard output; a failure is reported and exits 1.
func outputLine(_ line: String) throws {
    try OutputOptions(output: nil).emit(line + "\n", inputs: [])
}
