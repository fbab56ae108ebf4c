import Crypto

extension SourceNode {
    /// SHA-256 (lower-case hex) of what the document says, not how it is written: comments, blank
    /// lines, quoting style of keys, flow or block style, key order and `x-` annotations leave it
    /// unchanged; a changed value, key or list order changes it. Whether a scalar was written
    /// plain counts (`1` is a number, `"1"` a string). `smm render` compares it to accept a
    /// scenario that was only reformatted or annotated since its plan was made.
    public var contentDigest: String {
        var digest = ContentHasher()
        digest.feed(self)
        return digest.finish()
    }
}

/// Feeds a document to SHA-256 as tagged, length-prefixed parts (so that no two trees feed the
/// same bytes), through a buffer: a 10,000-system file has millions of small parts, and one
/// `update` each cost more than the rest of loading.
private struct ContentHasher {
    private var hasher = SHA256()
    private var buffer: [UInt8] = []
    private static let flushAt = 1 << 16

    init() { buffer.reserveCapacity(Self.flushAt + 1024) }

    mutating func feed(_ node: SourceNode) {
        switch node.kind {
        case .null: put("n;")
        case .scalar(let text, let plain):
            put(plain ? "p" : "q")
            put(String(text.utf8.count))
            put(":")
            put(text)
        case .sequence(let items):
            put("l\(items.count):")
            for item in items { feed(item) }
        case .mapping(let entries):
            let meant = entries.filter { !$0.key.hasPrefix("x-") }.sorted { $0.key < $1.key }
            put("m\(meant.count):")
            for entry in meant {
                put("k")
                put(String(entry.key.utf8.count))
                put(":")
                put(entry.key)
                feed(entry.value)
            }
        }
    }

    private mutating func put(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.flushAt {
            hasher.update(data: buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }

    mutating func finish() -> String {
        hasher.update(data: buffer)
        return hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }
}
