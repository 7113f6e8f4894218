/// Status codes carried by a fault PDU (C706 appendix E; MS-RPCE 2.2.2.11, 3.1.1.5.6).
public struct FaultStatus: RawRepresentable, Error, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    /// nca_s_fault_access_denied (MS-RPCE 2.2.2.11: ERROR_ACCESS_DENIED).
    public static let accessDenied = FaultStatus(0x0000_0005)
    /// RPC_X_BAD_STUB_DATA: NDR that does not decode, or a [range] violation (MS-OXCRPC 3.1.4.2).
    public static let badStubData = FaultStatus(0x0000_06F7)
    /// nca_s_fault_cancel.
    public static let cancel = FaultStatus(0x1C00_000D)
    /// nca_s_fault_unspec.
    public static let unspecified = FaultStatus(0x1C00_0012)
    /// nca_s_fault_context_mismatch: a context handle this association does not own.
    public static let contextMismatch = FaultStatus(0x1C00_001A)
    /// nca_s_fault_remote_no_memory.
    public static let remoteNoMemory = FaultStatus(0x1C00_001B)
    /// nca_s_op_rng_error: opnum outside the interface.
    public static let operationRangeError = FaultStatus(0x1C01_0002)
    /// nca_s_unk_if: presentation context id not negotiated on this connection.
    public static let unknownInterface = FaultStatus(0x1C01_0003)
    /// nca_s_proto_error: a PDU out of sequence or malformed.
    public static let protocolError = FaultStatus(0x1C01_000B)
    /// nca_s_server_too_busy.
    public static let serverTooBusy = FaultStatus(0x1C01_0014)

    public var description: String { "0x" + String(rawValue, radix: 16, uppercase: true) }
}
