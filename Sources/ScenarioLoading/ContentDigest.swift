import Crypto

extension SourceNode {
    /// SHA-256 (lower-case hex) of what the document says, not how it is written: comments, blank
    /// lines, quoting style of keys, flow or block style, key order and `x-` annotations leave it
    /// unchanged; a changed value, key or list order changes it. Whether a scalar was written
    /// plain counts (`1` is a number, `"1"` a string). `smm render` compares it to accept a
    /// scenario that was only reformatted or annotated since its plan was made.
    public var contentDigest: String {
        var hasher = SHA256()
        feed(&hasher)
        return hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }

    /// Each node as a tag, a length and its content, so that no two trees feed the same bytes.
    private func feed(_ hasher: inout SHA256) {
        func put(_ text: String) { hasher.update(data: Array(text.utf8)) }
        switch kind {
        case .null: put("n;")
        case .scalar(let text, let plain):
            put("\(plain ? "p" : "q")\(text.utf8.count):")
            put(text)
        case .sequence(let items):
            put("l\(items.count):")
            for item in items { item.feed(&hasher) }
        case .mapping(let entries):
            let meant = entries.filter { !$0.key.hasPrefix("x-") }.sorted { $0.key < $1.key }
            put("m\(meant.count):")
            for entry in meant {
                put("k\(entry.key.utf8.count):")
                put(entry.key)
                entry.value.feed(&hasher)
            }
        }
    }
}
