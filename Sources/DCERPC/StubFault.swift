import MAPIWire

/// A request stub that cannot be unmarshalled, or an opnum the interface lacks: the call is answered
/// with a fault PDU carrying ``status`` (C706 12.6.4.7; MS-RPCE 3.1.1.5.6).
public struct StubFault: Error, Sendable, Hashable, CustomStringConvertible {
    public var status: FaultStatus
    public var detail: String

    public init(_ status: FaultStatus, _ detail: String) {
        self.status = status
        self.detail = detail
    }

    /// NDR that does not decode, or a [range] violation → RPC_X_BAD_STUB_DATA (MS-OXCRPC 3.1.4.1, 3.1.4.2).
    public static func badStub(_ error: WireError) -> StubFault { StubFault(.badStubData, error.description) }

    public var description: String { "fault \(status): \(detail)" }
}

/// Range limits from the MS-OXCRPC IDL (MS-OXCRPC 2.2.1.x, Appendix A).
public enum EMSMDBLimits {
    /// BIG_RANGE_ULONG: `[range(0x0, 0x40000)]`.
    public static let bigRange: UInt32 = 0x40000
    /// SMALL_RANGE_ULONG: `[range(0x0, 0x1008)]`.
    public static let smallRange: UInt32 = 0x1008
    /// Herald's cap on szUserDN (an X.500 DN; no IDL limit). Longer DNs fault as bad stub data.
    public static let maxUserDN = 4096
}

/// Decodes one stub, mapping every NDR failure to RPC_X_BAD_STUB_DATA and insisting the stub is fully used.
func decodeStub<T>(_ stub: [UInt8], _ body: (inout NDRReader) throws(WireError) -> T) throws(StubFault) -> T {
    var reader = NDRReader(stub)
    do {
        let value = try body(&reader)
        try reader.finish("stub")
        return value
    } catch {
        throw .badStub(error)
    }
}

/// A [range]-constrained u32 (MS-RPCE 2.2.4.11): outside the range → RPC_X_BAD_STUB_DATA as MS-OXCRPC prescribes.
func checkRange(_ value: UInt32, max: UInt32, _ field: String) throws(StubFault) {
    guard value <= max else {
        throw StubFault(.badStubData, "\(field) = 0x\(String(value, radix: 16)) exceeds [range(0, 0x\(String(max, radix: 16)))]")
    }
}

/// A `size_is(count)` array must carry exactly `count` as its max_count (NDR strict consistency, MS-OXCRPC 2.1).
func checkConformance(_ maxCount: Int, _ count: UInt32, _ field: String) throws(StubFault) {
    guard maxCount == Int(count) else {
        throw StubFault(.badStubData, "\(field) max_count \(maxCount) ≠ size \(count)")
    }
}
