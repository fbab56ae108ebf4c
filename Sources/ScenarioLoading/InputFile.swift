import Foundation
import Synchronization

/// Reads an input file defensively: only a regular file (a directory, FIFO or device would block
/// or never end), at most `limit` bytes, with errors in words. Every input file of `smm` is read here.
public enum InputFile {
    /// Why a file could not be read, in words (without its path).
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// A file as the system knows it, whatever the path or link that led to it.
    public struct Identity: Hashable, Sendable {
        public let device: UInt64
        public let inode: UInt64

        public init(device: UInt64, inode: UInt64) {
            self.device = device
            self.inode = inode
        }
    }

    /// Every file this process has read here: the inputs of the command, whichever part of it read
    /// them (the scenario, its catalog, a progress file, its baseline, a plan, a sheet), so that
    /// no output replaces one of them (`wasRead`).
    private static let filesRead = Mutex<Set<Identity>>([])

    /// Whether this process has read the file `identity` (through any path or link).
    public static func wasRead(_ identity: Identity) -> Bool {
        filesRead.withLock { $0.contains(identity) }
    }

    /// The bytes of an input file within the standard size limit, or `nil` when it cannot be read
    /// (for a digest of a file already read and checked).
    public static func bytes(of path: String) -> [UInt8]? {
        guard case .success(let bytes) = read(path: path, limit: InputLimits.standard.fileBytes) else { return nil }
        return bytes
    }

    /// The file's bytes, or why they cannot be read.
    public static func read(path: String, limit: Int) -> Result<[UInt8], Problem> {
        var status = stat()
        guard stat(path, &status) == 0 else {
            return .failure(
                Problem(description: errno == ENOENT ? "no such file" : "cannot read the file: \(reason())"))
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .failure(Problem(description: "is a directory, not a file"))
        default: return .failure(Problem(description: "is not a regular file (a device, FIFO or socket)"))
        }
        guard Int(status.st_size) <= limit else {
            return .failure(
                Problem(
                    description: "the file has \(status.st_size) bytes; the limit is \(limit) "
                        + "(raise it with --max-file-size)"))
        }
        // O_NONBLOCK: should the path be swapped for a FIFO after the check, open does not wait.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(Problem(description: "cannot read the file: \(reason())")) }
        defer { close(descriptor) }
        var opened = stat()
        if fstat(descriptor, &opened) == 0 {
            let identity = Identity(device: UInt64(opened.st_dev), inode: UInt64(opened.st_ino))
            _ = filesRead.withLock { $0.insert(identity) }
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(Problem(description: "cannot read the file: \(reason())"))
            }
            if count == 0 { break }
            bytes += chunk[..<count]
            if bytes.count > limit {
                return .failure(
                    Problem(
                        description: "the file has more than \(limit) bytes "
                            + "(raise the limit with --max-file-size)"))
            }
        }
        return .success(bytes)
    }

    private static func reason() -> String {
        String(cString: strerror(errno))
    }
}
