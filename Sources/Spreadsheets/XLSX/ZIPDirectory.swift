import Foundation
import TextSafety
import ZIPFoundation

/// The entries of a ZIP archive in memory, read from its central directory with every offset
/// and length checked against the bytes, and each entry's data unpacked from exactly its own
/// bytes.
///
/// ZIPFoundation reads archives too, and is used here for inflate alone. Its own reading broke on
/// hostile workbooks (the sheet fuzzer found each): its in-memory file trapped on a central
/// directory pointing past the data and leaked itself when it refused a file, and its inflate
/// loop, fed from a file, spins forever on a compressed entry that runs to the end of the archive
/// (it reads until the stream ends, not up to the entry's size). Here the provider serves the
/// entry's compressed bytes and then fails, so a stream that does not end in them is an error.
struct ZIPDirectory {
    /// One entry: where its data lies, how it is stored, what it unpacks to.
    struct Entry {
        let name: String
        let method: UInt16
        let checksum: UInt32
        let data: Range<Int>
        let uncompressedSize: Int
    }

    private let bytes: [UInt8]
    let entries: [Entry]

    /// Reads the directory; any offset or length outside the bytes is an error.
    init(_ bytes: [UInt8]) throws(SpreadsheetError) {
        self.bytes = bytes
        let reader = LittleEndian(bytes)
        let notZIP = SpreadsheetError("not an XLSX workbook (it is not a ZIP archive)")
        // The end record (PK 05 06) is in the last 22 + 65,535 bytes (its comment is at most that).
        let lowest = max(0, bytes.count - 22 - 65_535)
        guard bytes.count >= 22,
            let end = stride(from: bytes.count - 22, through: lowest, by: -1).first(where: {
                reader.u32($0) == 0x0605_4B50
            })
        else { throw notZIP }
        guard let entryCount = reader.u16(end + 10), let directorySize = reader.u32(end + 12),
            let directoryStart = reader.u32(end + 16)
        else { throw notZIP }
        let count = Int(entryCount), size = Int(directorySize), start = Int(directoryStart)
        guard count != 0xFFFF, start != 0xFFFF_FFFF else {
            throw SpreadsheetError("the workbook is a ZIP64 archive, which a workbook of this size never needs")
        }
        guard start + size <= end else { throw Self.damaged("its central directory runs past its end") }
        var entries: [Entry] = []
        var at = start
        for _ in 0..<count {
            // A central directory record (PK 01 02) and the local header (PK 03 04) it points to.
            guard reader.u32(at) == 0x0201_4B50, let method = reader.u16(at + 10), let checksum = reader.u32(at + 16),
                let compressed = reader.u32(at + 20), let uncompressed = reader.u32(at + 24),
                let nameLength = reader.u16(at + 28), let extraLength = reader.u16(at + 30),
                let commentLength = reader.u16(at + 32), let local = reader.u32(at + 42),
                let name = reader.text(at + 46, Int(nameLength))
            else { throw Self.damaged("its central directory is cut short") }
            at += 46 + Int(nameLength) + Int(extraLength) + Int(commentLength)
            let header = Int(local)
            guard reader.u32(header) == 0x0403_4B50, let localName = reader.u16(header + 26),
                let localExtra = reader.u16(header + 28)
            else { throw Self.damaged("the entry \(SafeText.quoted(name)) has no local header") }
            let dataStart = header + 30 + Int(localName) + Int(localExtra)
            let (dataEnd, overflow) = dataStart.addingReportingOverflow(Int(compressed))
            guard !overflow, dataEnd <= start else {
                throw Self.damaged("the entry \(SafeText.quoted(name)) runs past the end of the data")
            }
            entries.append(
                Entry(
                    name: name, method: method, checksum: checksum, data: dataStart..<dataEnd,
                    uncompressedSize: Int(uncompressed)))
        }
        guard at <= end else { throw Self.damaged("its central directory runs past its end") }
        self.entries = entries
    }

    /// The entry's data, unpacked, at most `limit` bytes, its CRC-32 checked.
    func unpack(_ entry: Entry, limit: Int) throws(SpreadsheetError) -> Data {
        let packed = Data(bytes[entry.data])
        var data = Data()
        switch entry.method {
        case 0:
            data = packed
        case 8:
            // ZIPFoundation's inflate takes every chunk to be as long as it asked for (it sets
            // zlib's input length before it reads the chunk): each is served whole, the last
            // padded with zeros, and a request past the entry's bytes means the stream did not end
            // in them.
            var served = 0
            do {
                _ = try Data.decompress(
                    size: Int64(packed.count), bufferSize: 64 << 10, skipCRC32: true,
                    provider: { _, size in
                        guard served < packed.count else {
                            throw Self.damaged("\(entry.name) ends before its data does")
                        }
                        var chunk = packed.subdata(in: served..<min(served + size, packed.count))
                        served += chunk.count
                        chunk.append(Data(count: size - chunk.count))
                        return chunk
                    },
                    consumer: { chunk in
                        data.append(chunk)
                        if data.count > limit { throw SpreadsheetError("\(entry.name) is larger than it says") }
                    })
            } catch let error as SpreadsheetError {
                throw error
            } catch {
                throw Self.damaged("\(entry.name) cannot be unpacked")
            }
        default:
            throw SpreadsheetError("\(entry.name) is packed with method \(entry.method); workbooks use deflate")
        }
        guard data.count == entry.uncompressedSize else {
            throw Self.damaged("\(entry.name) is not the size the workbook says")
        }
        guard crc32(data) == entry.checksum else { throw Self.damaged("\(entry.name) fails its CRC-32 check") }
        return data
    }

    private func crc32(_ data: Data) -> UInt32 {
        data.crc32(checksum: 0)
    }

    private static func damaged(_ what: String) -> SpreadsheetError {
        SpreadsheetError("\(what): the file is damaged")
    }
}

/// Little-endian fields of a byte array, `nil` past its end.
private struct LittleEndian {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    func u16(_ at: Int) -> UInt16? {
        guard at >= 0, at + 2 <= bytes.count else { return nil }
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    func u32(_ at: Int) -> UInt32? {
        guard at >= 0, at + 4 <= bytes.count else { return nil }
        return (0..<4).reduce(0) { $0 | UInt32(bytes[at + $1]) << (8 * $1) }
    }

    func text(_ at: Int, _ length: Int) -> String? {
        guard at >= 0, at + length <= bytes.count else { return nil }
        return String(decoding: bytes[at..<at + length], as: UTF8.self)
    }
}
