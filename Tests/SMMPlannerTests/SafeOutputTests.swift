import Foundation
import Synchronization
import Testing

/// A run of `smm` with what `wait4` measures: exit status, peak memory and wall time.
struct MeasuredRun {
    let status: Int32
    let signaled: Bool
    let stdout: String
    let stderr: String
    let seconds: Double
    let peakMegabytes: Double
}

/// Runs `smm` by posix_spawn with stdout and stderr to files (or `stdoutPath`), and optional
/// actions on the running child (e.g. a signal after a delay).
/// - Parameter brokenPipe: Standard output is a pipe whose reading end is already closed.
func measuredSMM(
    _ arguments: [String], stdoutPath: String? = nil, stderrPath: String? = nil,
    closeStdout: Bool = false, brokenPipe: Bool = false,
    whileRunning: ((pid_t) -> Void)? = nil,
    readingStderr: ((pid_t, FileHandle) -> String)? = nil
) throws -> MeasuredRun {
    let dir = try temporaryDirectory()
    let out = stdoutPath ?? dir.appendingPathComponent("stdout").path
    let err = stderrPath ?? dir.appendingPathComponent("stderr").path
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    var pipeEnds: [Int32] = [-1, -1]
    if brokenPipe {
        #expect(pipe(&pipeEnds) == 0)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        close(pipeEnds[0])
    } else if closeStdout {
        posix_spawn_file_actions_addclose(&actions, 1)
    } else {
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    }
    // Standard error through a pipe the caller reads as the process runs (to act on a line), or
    // to a file.
    var stderrEnds: [Int32] = [-1, -1]
    if readingStderr != nil {
        #expect(pipe(&stderrEnds) == 0)
        posix_spawn_file_actions_adddup2(&actions, stderrEnds[1], 2)
        posix_spawn_file_actions_addclose(&actions, stderrEnds[0])
        posix_spawn_file_actions_addclose(&actions, stderrEnds[1])
    } else {
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    }
    defer { if brokenPipe { close(pipeEnds[1]) } }
    let executable = try smmExecutable().path
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let started = Date()
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
    try #require(spawned == 0, "posix_spawn failed: \(spawned)")
    whileRunning?(pid)
    var piped: String?
    if let readingStderr {
        close(stderrEnds[1])
        let handle = FileHandle(fileDescriptor: stderrEnds[0], closeOnDealloc: true)
        // What the caller read, then the rest to the end (the child must never block on a full pipe).
        piped = readingStderr(pid, handle) + String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let seconds = Date().timeIntervalSince(started)
    let exited = status & 0x7f == 0
    return MeasuredRun(
        status: exited ? (status >> 8) & 0xff : status & 0x7f, signaled: !exited,
        stdout: closeStdout || brokenPipe ? "" : (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
        stderr: piped ?? (try? String(contentsOfFile: err, encoding: .utf8)) ?? "",
        seconds: seconds, peakMegabytes: Double(usage.ru_maxrss) / 1024)
}

/// Issue 15: outputs that cannot lose data, failures of the standard streams, interrupts, and a
/// suite of hostile inputs each refused with exit 1–127, a message, in under 5 s and 500 MB.
@Suite(.serialized, .tags(.process)) struct SafeOutputTests {
    static let hvac = packageRoot.appendingPathComponent("Scenarios/hvac-integrator.yaml").path
    static let vendor = packageRoot.appendingPathComponent("Scenarios/vendor-portfolio.yaml").path

    @Test func outputFollowsLinksKeepsModesAndRefusesInputsAndDirectories() throws {
        let dir = try temporaryDirectory()
        let real = dir.appendingPathComponent("real.md"), link = dir.appendingPathComponent("link.md")
        try "old".write(to: real, atomically: true, encoding: .utf8)
        chmod(real.path, 0o640)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        #expect(try smm("gap", Self.hvac, "-o", link.path).status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == real.path, "the link stays")
        #expect(try String(contentsOf: real, encoding: .utf8).hasPrefix("# Gap analysis"))
        var info = stat()
        stat(real.path, &info)
        #expect(info.st_mode & 0o777 == 0o640, "the mode is kept")

        let scenario = dir.appendingPathComponent("s.yaml")
        try FileManager.default.copyItem(atPath: Self.hvac, toPath: scenario.path)
        let before = try Data(contentsOf: scenario)
        let overwrite = try smm("plan", scenario.path, "-f", "markdown", "-o", scenario.path)
        #expect(overwrite.status == 1 && overwrite.stderr.contains("is the input file"))
        #expect(try Data(contentsOf: scenario) == before)

        let toDirectory = try smm("gap", Self.hvac, "-o", dir.path)
        #expect(toDirectory.status == 1 && toDirectory.stderr.contains("is a directory"))
        // No temporary file is left behind by any of these.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["link.md", "real.md", "s.yaml"])
    }

    /// Every file a command reads is an input it never replaces, directly or through a link: the
    /// plan `render` reads, the progress file of a re-plan (before, only the scenario was).
    @Test func noCommandReplacesAnyFileItRead() throws {
        let dir = try temporaryDirectory()
        let plan = dir.appendingPathComponent("plan.json").path
        #expect(try smm("plan", Self.hvac, "-f", "json", "-o", plan).status == 0)
        let saved = try Data(contentsOf: URL(fileURLWithPath: plan))
        let rendered = try smm("render", plan, "-o", plan)
        #expect(rendered.status == 1 && rendered.stderr.contains("is an input of this command"), "\(rendered.stderr)")
        let link = dir.appendingPathComponent("link.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: plan)
        let throughLink = try smm("render", plan, "-f", "json", "-o", link)
        #expect(throughLink.status == 1 && throughLink.stderr.contains("is an input of this command"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: plan)) == saved)

        let progress = dir.appendingPathComponent("progress.yaml").path
        try FileManager.default.copyItem(
            atPath: packageRoot.appendingPathComponent("Scenarios/progress/hvac-integrator-2027-Q4.yaml").path,
            toPath: progress)
        try FileManager.default.copyItem(
            atPath: packageRoot.appendingPathComponent("Scenarios/progress/hvac-integrator-baseline-2027-Q1.json").path,
            toPath: dir.appendingPathComponent("hvac-integrator-baseline-2027-Q1.json").path)
        let history = try Data(contentsOf: URL(fileURLWithPath: progress))
        let replan = try smm("plan", Self.hvac, "--progress", progress, "-f", "markdown", "-o", progress)
        #expect(replan.status == 1 && replan.stderr.contains("is an input of this command"), "\(replan.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: progress)) == history)
    }

    @Test func devicesAreWrittenThroughNotReplaced() throws {
        #expect(try smm("gap", Self.hvac, "-o", "/dev/null").status == 0)
        var info = stat()
        stat("/dev/null", &info)
        #expect(info.st_mode & S_IFMT == S_IFCHR, "/dev/null is still a device")
    }

    @Test func aStandardOutputThatCannotBeWrittenIsAnErrorNotATrapOrASilentSuccess() throws {
        for command in [["gap", Self.hvac], ["validate", Self.hvac], ["catalog"], ["plan", Self.hvac]] {
            let full = try measuredSMM(command, stdoutPath: "/dev/full")
            #expect(!full.signaled && full.status == 1, "\(command): \(full.status) \(full.stderr)")
            #expect(full.stderr.contains("cannot write to standard output"), "\(command)")
            let closed = try measuredSMM(command, closeStdout: true)
            #expect(!closed.signaled && closed.status == 1, "\(command): \(closed.status) \(closed.stderr)")
            let broken = try measuredSMM(command, brokenPipe: true)
            #expect(!broken.signaled && broken.status == 1, "\(command): \(broken.status) \(broken.stderr)")
            #expect(broken.stderr.contains("Broken pipe"), "\(command)")
        }
        // A standard error that cannot be written: the error cannot be told, but the exit says it.
        let bad = try temporaryDirectory().appendingPathComponent("bad.yaml")
        try "name: x\n".write(to: bad, atomically: true, encoding: .utf8)
        let silent = try measuredSMM(["validate", bad.path], stderrPath: "/dev/full")
        #expect(!silent.signaled && silent.status == 1)
    }

    @Test func twoProcessesWritingOnePathLeaveOneWholeFile() throws {
        let dir = try temporaryDirectory()
        let target = dir.appendingPathComponent("plan.json").path
        let expected = try smm("plan", Self.hvac, "-f", "json").stdout
        let group = DispatchGroup()
        let statuses = Mutex<[Int32]>([])
        for _ in 0..<4 {
            DispatchQueue.global().async(group: group) {
                let status = (try? smm("plan", Self.hvac, "-f", "json", "-o", target))?.status ?? -1
                statuses.withLock { $0.append(status) }
            }
        }
        group.wait()
        #expect(statuses.withLock { $0 } == [0, 0, 0, 0])
        #expect(try String(contentsOfFile: target, encoding: .utf8) == expected)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["plan.json"])
    }

    @Test func ctrlCEndsWithTheBestPlanSoFarAndExit130AndSIGTERMWith143() throws {
        let dir = try temporaryDirectory()
        for (signal, code) in [(SIGINT, Int32(130)), (SIGTERM, 143)] {
            let out = dir.appendingPathComponent("plan-\(signal).json")
            // The signal goes when the planner says it has a plan (its first progress line on a
            // standard error that is not a terminal): driven by that event, not by a guess of time.
            let run = try measuredSMM(
                ["plan", Self.vendor, "-f", "json", "-o", out.path],
                readingStderr: { pid, stderr in
                    var seen = ""
                    while !seen.contains("planning: first plan") {
                        let chunk = stderr.availableData
                        if chunk.isEmpty { break }
                        seen += String(decoding: chunk, as: UTF8.self)
                    }
                    kill(pid, signal)
                    return seen
                })
            #expect(run.stderr.contains("planning: first plan"), "\(run.stderr)")
            #expect(!run.signaled && run.status == code, "\(run.status) \(run.stderr)")
            let plan = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
            #expect(plan["status"] as? String == "feasible")
            let objective = try #require(plan["objective"] as? [String: Any])
            let value = try #require(objective["value"] as? Double), bound = try #require(objective["bound"] as? Double)
            #expect(bound >= value)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).allSatisfy { !$0.hasPrefix(".") })
    }

    @Test func hostileInputsAreRefusedQuicklyInBoundedMemory() throws {
        let dir = try temporaryDirectory()
        func file(_ name: String, _ text: String) throws -> String {
            let url = dir.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        var bomb = "a: &a [\(Array(repeating: "\"lol\"", count: 9).joined(separator: ","))]\n"
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            bomb += "\(name): &\(name) [\(Array(repeating: "*\(previous)", count: 9).joined(separator: ","))]\n"
        }
        let base = try String(contentsOfFile: Self.hvac, encoding: .utf8)
        let fifo = dir.appendingPathComponent("fifo").path
        mkfifo(fifo, 0o600)
        let unreadable = try file("unreadable.yaml", base)
        chmod(unreadable, 0)
        let cases: [(String, [String], String)] = [
            ("alias bomb", ["validate", try file("bomb.yaml", bomb)], "aliases"),
            ("deep nesting", ["validate", try file("deep.yaml", String(repeating: "[", count: 5000))], "nest"),
            (
                "deep flow mapping", ["validate", try file("deepmap.yaml", String(repeating: "{a: ", count: 900))],
                "malformed"
            ),
            (
                "NaN",
                [
                    "plan",
                    try file("nan.yaml", base.replacingOccurrences(of: "quarterly: 40000", with: "quarterly: .nan")),
                ],
                "NaN"
            ),
            ("infinity", ["plan", Self.hvac, "--set", "budget.quarterly=.inf"], "finite"),
            ("huge", ["plan", Self.hvac, "--set", "systems[0].weight=1e308"], "largest amount"),
            (
                "tiny beside huge",
                [
                    "plan", Self.hvac, "--set", "costs.level.1=0.0000001",
                    "--set", "costs.level.4=1000000000000",
                ], "cannot tell"
            ),
            ("duplicate keys", ["validate", try file("dup.yaml", "name: a\nname: b\n")], "duplicate key"),
            ("a directory", ["validate", dir.path], "is a directory"),
            ("a FIFO", ["validate", fifo], "not a regular file"),
            (
                "not UTF-8",
                [
                    "validate",
                    try {
                        let url = dir.appendingPathComponent("latin1.yaml")
                        try Data([0x6E, 0x61, 0x6D, 0x65, 0x3A, 0x20, 0xE9, 0x0A]).write(to: url)
                        return url.path
                    }(),
                ], "UTF-8"
            ),
            ("control characters", ["validate", try file("esc.yaml", "name: \"a\\u001b[2Jb\"\n")], "control"),
            ("empty", ["validate", try file("empty.yaml", "")], "empty"),
            ("not a mapping", ["validate", "/etc/hostname"], "not a YAML or JSON mapping"),
            ("too many systems", ["validate", Self.hvac, "--max-systems", "0"], "max-systems"),
            ("after 9999", ["validate", Self.hvac, "--set", "start=9999-Q2"], "9999-Q4"),
            ("usage error", ["plan"], "missing expected argument"),
        ]
        for (name, arguments, message) in cases {
            let run = try measuredSMM(arguments)
            #expect(!run.signaled && (1...127).contains(run.status), "\(name): status \(run.status) \(run.stderr)")
            #expect(run.stderr.lowercased().contains(message.lowercased()), "\(name): \(run.stderr)")
            // Memory, not time: a test never asserts on the clock (a loaded machine is slow, not wrong).
            #expect(run.peakMegabytes < 500, "\(name): \(run.peakMegabytes) MB")
        }
        // Root reads any file: as root (CI), smm runs as the unprivileged user nobody (setpriv), so
        // the check runs everywhere.
        let unreadableRun: SMMRun
        if geteuid() != 0 {
            unreadableRun = try smm("validate", unreadable)
        } else {
            let setpriv = try #require(
                ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) },
                "setpriv (util-linux) runs the check as nobody")
            unreadableRun = try runProcess(
                URL(fileURLWithPath: setpriv),
                ["--reuid=65534", "--regid=65534", "--clear-groups", try smmExecutable().path, "validate", unreadable],
                in: FileManager.default.temporaryDirectory)
        }
        #expect(unreadableRun.status == 2 && unreadableRun.stderr.contains("cannot read"), "\(unreadableRun.stderr)")
    }
}
