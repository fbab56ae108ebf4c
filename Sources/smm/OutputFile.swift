import Foundation
import ScenarioLoading
import ScenarioModel

/// A write that failed: the message names the path (or stream) and the reason; exit code 1.
struct OutputError: Error, CustomStringConvertible {
    let description: String
}

/// Standard output and error written with `write(2)`, so that a closed descriptor, a full disk or
/// a broken pipe is an error the command reports (exit 1), never a trap or a silent exit 0.
enum StandardStream {
    static func write(_ text: String, to descriptor: Int32) throws(OutputError) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                let name = descriptor == STDOUT_FILENO ? "standard output" : "standard error"
                throw OutputError(description: "cannot write to \(name): \(String(cString: strerror(errno)))")
            }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Writes to standard output.
    static func out(_ text: String) throws(OutputError) {
        try write(text, to: STDOUT_FILENO)
    }
}

/// Writes an output file so that it is whole or absent, never half-written, and never clobbers
/// what it should not.
///
/// - A symbolic link is followed: its target is written, the link stays.
/// - A character device or FIFO (`/dev/null`, `/dev/stdout`, a pipe) is written through; a
///   directory, block device or socket is refused.
/// - A path that is one of the command's input files is refused.
/// - A regular file is written to a unique temporary file beside it (so two processes writing the
///   same path cannot mix), flushed, given the existing file's mode and owner, then renamed over it.
///   An interrupt (`Interruption`) removes the temporary file before the process exits.
enum OutputFile {
    /// Writes `text` to `path`.
    static func write(_ text: String, to path: String, inputs: [String], updating: String? = nil) throws(OutputError) {
        try commit(to: path, inputs: inputs, updating: updating) { descriptor, _ throws(OutputError) in
            var bytes = Array(text.utf8)[...]
            while !bytes.isEmpty {
                let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw OutputError(description: "\(path): cannot write the file: \(reason())")
                }
                bytes = bytes.dropFirst(written)
            }
        }
    }

    /// Has `produce` write the output through an open descriptor or by path (GLPK writes by path),
    /// then puts it in place.
    static func commit(
        to path: String, inputs: [String], updating: String? = nil,
        produce: (Int32, String) throws(OutputError) -> Void
    ) throws(OutputError) {
        let target = try resolvedTarget(path)
        var existing = stat()
        let exists = stat(target, &existing) == 0
        if exists {
            for input in inputs {
                var other = stat()
                if stat(input, &other) == 0, other.st_dev == existing.st_dev, other.st_ino == existing.st_ino {
                    throw OutputError(description: "\(path): is the input file \(input); choose another output path")
                }
            }
            // Any other file the command has read (catalog, progress, baseline, plan, sheet), but the
            // one it was asked to rewrite in place.
            var updated = stat()
            let isUpdated =
                updating.map {
                    stat($0, &updated) == 0 && updated.st_dev == existing.st_dev && updated.st_ino == existing.st_ino
                }
                ?? false
            if !isUpdated,
                InputFile.wasRead(InputFile.Identity(device: UInt64(existing.st_dev), inode: UInt64(existing.st_ino)))
            {
                throw OutputError(description: "\(path): is an input of this command; choose another output path")
            }
            switch existing.st_mode & S_IFMT {
            case S_IFREG:
                // A file nobody may write (0444) is one its owner keeps as it is. Renaming over it
                // would succeed, and as root even writing would.
                guard existing.st_mode & 0o222 != 0 else {
                    throw OutputError(
                        description: "\(path): is read-only (mode \(String(existing.st_mode & 0o777, radix: 8))); "
                            + "make it writable or choose another output path")
                }
            case S_IFCHR, S_IFIFO: return try writeThrough(target, shownAs: path, produce: produce)
            case S_IFDIR: throw OutputError(description: "\(path): is a directory; give a file path")
            default: throw OutputError(description: "\(path): is not a regular file; refusing to replace it")
            }
        }
        let directory = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        var template = Array(((directory.isEmpty ? "." : directory) + "/.\(name).XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw OutputError(
                description: "\(path): cannot create a file in \(directory.isEmpty ? "." : directory): "
                    + reason())
        }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        Interruption.shared.removeOnExit(temporary)
        defer { Interruption.shared.forget(temporary) }
        do throws(OutputError) {
            try produce(descriptor, temporary)
            // The new file gets the old one's mode and owner; a new file gets 0666 less the umask
            // (mkstemp made it 0600).
            if exists {
                fchmod(descriptor, existing.st_mode & 0o7777)
                if geteuid() == 0 { fchown(descriptor, existing.st_uid, existing.st_gid) }
            } else {
                let mask = umask(0o022)
                umask(mask)
                fchmod(descriptor, 0o666 & ~mask)
            }
            guard fsync(descriptor) == 0 else {
                throw OutputError(description: "\(path): cannot write the file: \(reason())")
            }
            guard close(descriptor) == 0 else {
                throw OutputError(description: "\(path): cannot write the file: \(reason())")
            }
            guard rename(temporary, target) == 0 else {
                throw OutputError(description: "\(path): cannot replace the file: \(reason())")
            }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
    }

    /// The path a write should go to: symbolic links followed (also a dangling one, whose target
    /// is then created).
    private static func resolvedTarget(_ path: String) throws(OutputError) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length > 0 else { throw OutputError(description: "\(path): cannot read the link: \(reason())") }
            let destination = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current =
                destination.hasPrefix("/")
                ? destination
                : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(destination)
        }
        throw OutputError(description: "\(path): too many levels of symbolic links")
    }

    /// A device or FIFO is written as it is: there is no file to replace.
    private static func writeThrough(
        _ target: String, shownAs path: String,
        produce: (Int32, String) throws(OutputError) -> Void
    ) throws(OutputError) {
        // O_NONBLOCK: a FIFO with no reader fails at once instead of waiting forever.
        let descriptor = open(target, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw OutputError(description: "\(path): cannot open for writing: \(reason())") }
        let flags = fcntl(descriptor, F_GETFL)
        _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK)
        defer { close(descriptor) }
        try produce(descriptor, target)
    }

    private static func reason() -> String {
        String(cString: strerror(errno))
    }
}
