import ArgumentParser

@main
struct SMM: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smm",
        abstract: "Turn an IoT Security Maturity Model assessment into a budgeted quarterly security roadmap.",
        discussion: """
            Exit codes: 0 success, 1 solver or I/O failure, 2 invalid input, 3 infeasible scenario, \
            4 no plan found within the time limit, 64 a command-line usage error, 130 and 143 stopped \
            by Ctrl-C (SIGINT) or SIGTERM after writing the best plan so far.
            """,
        version: SMMVersion.current + "\n" + Backends.summary(),
        subcommands: [
            Plan.self, Negotiate.self, Gap.self, Compare.self, Sweep.self, Report.self, Validate.self, Catalog.self,
            ExportModel.self, Generate.self, Template.self, Import.self, Init.self, Render.self,
            ProgressCommand.self,
        ])

    /// Installs the signal handling (`Interruption`) before any command runs.
    static func main() {
        CommandClock.start()
        Interruption.shared.install()
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            if let hint = CommandHints.hint(for: error, arguments: arguments) { printError(hint) }
            exit(withError: error)
        }
    }
}
