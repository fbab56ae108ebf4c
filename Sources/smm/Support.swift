import ArgumentParser
import Foundation
import Reports
import ScenarioLoading

/// Exit codes of `smm`, documented in the README.
enum ExitStatus {
    static let invalidInput = ExitCode(2)
    static let infeasible = ExitCode(3)
    static let noPlan = ExitCode(4)
}

extension ReportFormat: ExpressibleByArgument {}

/// Options shared by every command that reads a scenario.
struct ScenarioOptions: ParsableArguments {
    @Option(name: .customLong("set"), parsing: .singleValue,
            help: ArgumentHelp("Override a scenario value before validation, e.g. budget.quarterly=80000.",
                               valueName: "key.path=value"))
    var overrides: [String] = []

    /// Loads every file, printing the problems of all of them before exiting 2.
    func loadAll(_ paths: [String]) throws -> [Scenario] {
        var scenarios: [Scenario] = []
        var failed = false
        for path in paths {
            do { scenarios.append(try ScenarioLoader().load(path: path, overrides: overrides)) } catch {
                printError(error.description)
                failed = true
            }
        }
        if failed { throw ExitStatus.invalidInput }
        return scenarios
    }

    /// Loads a scenario or prints every problem to stderr and exits 2.
    func load(_ path: String) throws -> Scenario {
        do {
            return try ScenarioLoader().load(path: path, overrides: overrides)
        } catch {
            printError(error.description)
            throw ExitStatus.invalidInput
        }
    }
}

/// Where a report goes: stdout, or a file written atomically (a temporary file renamed into place).
struct OutputOptions: ParsableArguments {
    @Option(name: [.short, .customLong("output")], help: "Write to this file instead of standard output.")
    var output: String?

    init() {}

    init(output: String) {
        self.output = output
    }

    func emit(_ text: String) throws {
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            printError("\(output): cannot write the file: \(error.localizedDescription)")
            throw ExitCode.failure
        }
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}
