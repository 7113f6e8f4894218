import MAPIWire

/// The PTYPE field of the connection-oriented common header (C706 12.6.4.1; MS-RPCE 2.2.2.1 adds auth3).
///
/// Connectionless types (ping, working, …) are listed so a stray datagram PDU arriving on a stream is
/// reported as "not a connection-oriented PDU" rather than "unknown".
public enum RPCPacketType: UInt8, Sendable, Hashable {
    case request = 0
    case ping = 1
    case response = 2
    case fault = 3
    case working = 4
    case nocall = 5
    case reject = 6
    case ack = 7
    case clCancel = 8
    case fack = 9
    case cancelAck = 10
    case bind = 11
    case bindAck = 12
    case bindNak = 13
    case alterContext = 14
    case alterContextResponse = 15
    /// MS-RPCE 2.2.2.10 rpc_auth_3.
    case auth3 = 16
    case shutdown = 17
    case coCancel = 18
    case orphaned = 19

    /// Whether the type belongs to the connection-oriented protocol (C706 12.1).
    public var isConnectionOriented: Bool {
        switch self {
        case .ping, .working, .nocall, .reject, .ack, .clCancel, .fack, .cancelAck: false
        default: true
        }
    }
}

/// pfc_flags (C706 12.6.3.1; MS-RPCE 2.2.2.3 reuses 0x04 as PFC_SUPPORT_HEADER_SIGN on bind).
public struct PFCFlags: OptionSet, Sendable, Hashable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let firstFragment = PFCFlags(rawValue: 0x01)
    public static let lastFragment = PFCFlags(rawValue: 0x02)
    /// On request/response: cancel pending. On bind/alter_context (MS-RPCE 2.2.2.3): PFC_SUPPORT_HEADER_SIGN.
    public static let pendingCancel = PFCFlags(rawValue: 0x04)
    public static let supportHeaderSign = PFCFlags(rawValue: 0x04)
    public static let concurrentMultiplexing = PFCFlags(rawValue: 0x10)
    public static let didNotExecute = PFCFlags(rawValue: 0x20)
    public static let maybe = PFCFlags(rawValue: 0x40)
    public static let objectUUID = PFCFlags(rawValue: 0x80)

    public static let singleFragment: PFCFlags = [.firstFragment, .lastFragment]
}
