/// A 16-byte GUID in its packet form (MS-DTYP 2.3.4.2: Data1 u32 LE, Data2 u16 LE, Data3 u16 LE,
/// Data4 8 bytes).
public struct GUID: Hashable, Sendable, CustomStringConvertible {
    public var bytes: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                       UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)

    public static let zero = GUID(bytes: [UInt8](repeating: 0, count: 16))!

    public init?(bytes array: [UInt8]) {
        guard array.count == 16 else { return nil }
        bytes = (array[0], array[1], array[2], array[3], array[4], array[5], array[6], array[7],
                 array[8], array[9], array[10], array[11], array[12], array[13], array[14], array[15])
    }

    /// Parses the canonical text form `XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX` (braces optional).
    public init?(_ text: String) {
        let hex = text.filter { $0 != "-" && $0 != "{" && $0 != "}" }
        guard hex.count == 32 else { return nil }
        var raw: [UInt8] = []
        var index = hex.startIndex
        for _ in 0..<16 {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            raw.append(byte)
            index = next
        }
        // Text order is big-endian per group; packet order swaps the first three groups.
        let packet = [raw[3], raw[2], raw[1], raw[0], raw[5], raw[4], raw[7], raw[6]] + raw[8..<16]
        self.init(bytes: packet)
    }

    public var array: [UInt8] {
        withUnsafeBytes(of: bytes) { Array($0) }
    }

    public static func == (lhs: GUID, rhs: GUID) -> Bool { lhs.array == rhs.array }
    public func hash(into hasher: inout Hasher) { hasher.combine(array) }

    public var description: String {
        let b = array
        func h(_ range: [Int]) -> String { range.map { hex2(b[$0]) }.joined() }
        return "\(h([3, 2, 1, 0]))-\(h([5, 4]))-\(h([7, 6]))-\(h([8, 9]))-\(h(Array(10..<16)))"
    }

    public func encode(into buffer: inout [UInt8]) {
        withUnsafeBytes(of: bytes) { buffer.append(contentsOf: $0) }
    }

    public static func decode(from reader: inout ByteReader, _ field: String) throws(WireError) -> GUID {
        GUID(bytes: try reader.readBytes(16, field))!
    }
}
