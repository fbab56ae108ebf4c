import Crypto
import Foundation

/// Name-based UUIDs (RFC 9562 version 5, SHA-1), so that exporting the same plan twice gives the
/// same identifiers and a re-export diffs cleanly.
enum DeterministicUUID {
    /// The namespace of SMM Planner's identifiers (itself a version-4 UUID, chosen once).
    static let namespace = UUID(uuidString: "5b1c3a7e-2f0d-4c8e-9a61-3d7f2e4b8c90")!

    /// The UUID of a name made of parts, each written with its length first, so that no two lists
    /// of parts give one name (joined by "/", system "a" with practice "q/p" was system "a/q" with
    /// practice "p").
    static func make(_ parts: [String], in namespace: UUID = namespace) -> String {
        make(parts.map { "\($0.utf8.count):\($0)" }.joined(), in: namespace)
    }

    static func make(_ name: String, in namespace: UUID = namespace) -> String {
        var bytes = withUnsafeBytes(of: namespace.uuid) { Array($0) }
        bytes += Array(name.utf8)
        var digest = Array(Insecure.SHA1.hash(data: bytes).prefix(16))
        digest[6] = (digest[6] & 0x0F) | 0x50  // version 5
        digest[8] = (digest[8] & 0x3F) | 0x80  // RFC variant
        let hex = digest.map { String($0, radix: 16).leftPadded }.joined()
        let parts = [
            hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4),
            hex.dropFirst(16).prefix(4), hex.dropFirst(20),
        ]
        return parts.joined(separator: "-")
    }
}

private extension String {
    var leftPadded: String { count == 1 ? "0" + self : self }
}
