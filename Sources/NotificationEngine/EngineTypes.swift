import MAPIWire

/// The 16-bit index of a session context: `piCxr` of EcDoConnectEx (MS-OXCRPC 3.1.4.1), the
/// SessionIndex of RopPending (MS-OXCNOTIF 2.2.1.3.4). Unique among live session contexts.
public struct SessionIndex: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public init(_ rawValue: UInt16) { self.rawValue = rawValue }
    public static func < (lhs: SessionIndex, rhs: SessionIndex) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { "session#\(rawValue)" }

    /// Never handed out: its low 16 bits equal those of the "no link" value 0xFFFFFFFF of
    /// `ulIcxrLink`, so a client could never link to it unambiguously.
    public static let reserved = SessionIndex(0xFFFF)
}

/// Identifies one outstanding wait (EcDoAsyncWaitEx or NotificationWait). Chosen by the caller, so a
/// transport can register its continuation under the id before the engine can complete it.
public struct WaitID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    public var description: String { "wait#\(rawValue)" }
}

/// A point on the caller's monotonic clock, in nanoseconds. The engine never reads a clock itself.
public struct EngineTime: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public init(nanoseconds: UInt64) { self.rawValue = nanoseconds }
    public static let zero = EngineTime(nanoseconds: 0)
    public static func < (lhs: EngineTime, rhs: EngineTime) -> Bool { lhs.rawValue < rhs.rawValue }

    public static func + (lhs: EngineTime, rhs: Duration) -> EngineTime {
        let (seconds, attoseconds) = rhs.components
        let nanoseconds = max(0, seconds) &* 1_000_000_000 &+ max(0, attoseconds / 1_000_000_000)
        let (sum, overflow) = lhs.rawValue.addingReportingOverflow(UInt64(nanoseconds))
        return EngineTime(nanoseconds: overflow ? .max : sum)
    }

    public var description: String { "t+\(rawValue)ns" }
}

/// What a subscription listens to (RopRegisterNotification WantWholeStore / FolderId / MessageId,
/// MS-OXCNOTIF 2.2.1.2.1). See docs/ENGINE.md "Matching" for exactly which events each scope hears.
public enum SubscriptionScope: Hashable, Sendable {
    case wholeMailbox
    case folder(FolderID)
    case message(MessageID)

    /// The scope a RopRegisterNotification request asks for: a zero MessageId means the folder.
    public init(_ scope: RopRegisterNotificationRequest.Scope) {
        switch scope {
        case .wholeStore: self = .wholeMailbox
        case let .object(folderID, messageID): self = messageID.isZero ? .folder(folderID) : .message(messageID)
        }
    }
}

/// Contents or hierarchy table; decides the M bit of its TableModified notifications
/// (MS-OXCNOTIF 2.2.1.4.1.2).
public enum TableKind: Hashable, Sendable {
    case contents
    case hierarchy

    var isContents: Bool { self == .contents }
}

/// Work the engine asks its caller (a transport or the hub) to do.
public enum EngineAction: Hashable, Sendable {
    /// Complete a wait: `pending` is NotificationPending / EventPending (MS-OXCNOTIF 2.2.1.3.2;
    /// MS-OXCMAPIHTTP 2.2.4.4.2), `error` the call's return value / ErrorCode.
    case completeWait(WaitID, pending: Bool, error: ErrorCode)
    /// Send one UDP datagram whose payload is exactly `context` to the SOCKADDR bytes in `address`
    /// (MS-OXCNOTIF 3.1.5.4; MS-OXCRPC 3.1.4.5).
    case sendDatagram(session: SessionIndex, context: [UInt8], address: [UInt8])
    /// Call ``NotificationCore/tick(now:)`` at (or after) this time. Emitted whenever the earliest
    /// deadline moves earlier than the last one announced, and after every tick that leaves one.
    case scheduleTick(at: EngineTime)
}

/// Which TagCount an ObjectCreated / ObjectModified notification carries (MS-OXCNOTIF 2.2.1.4.1.2
/// product note `<9>`).
public enum TagCountPolicy: Hashable, Sendable {
    /// Exchange 2013 and later: TagCount 0x0000, no Tags (the SHOULD of the specification).
    case none
    /// Exchange 2003–2010: the real tag count and tags.
    case realTags
}

/// Which MessageFlags a NewMail notification carries (MS-OXCNOTIF 2.2.1.4.1.2 product note `<10>`).
public enum NewMailFlagsPolicy: Hashable, Sendable {
    /// Exchange 2007/2010/2016 and later: the message's real PidTagMessageFlags.
    case real
    /// Exchange 2013: zero.
    case zero
}

/// Tunables of the engine; the defaults are documented in docs/ENGINE.md.
public struct EngineConfiguration: Hashable, Sendable {
    /// Live entries one session context may hold before overflow handling starts.
    public var maxQueuedEntries = 4096
    /// Wire bytes (RopNotify header + NotificationData) one session context may hold.
    public var maxQueuedBytes = 1 << 20
    /// Pending row events of one table beyond which they collapse into one TableChanged.
    public var tableRowCollapseThreshold = 64
    /// A NotificationData larger than this is degraded when encoded (row events to TableChanged,
    /// tags dropped) so that one entry can never be too large for any client buffer.
    public var maxNotificationSize = 8 * 1024
    /// EcDoAsyncWaitEx / NotificationWait timeout (MS-OXCNOTIF 3.1.5.3; MS-OXCMAPIHTTP 3.2.2).
    public var waitTimeout: Duration = .seconds(300)
    /// UDP push resend interval (MS-OXCNOTIF 3.1.2: 60 s, administrator-configurable).
    public var pushInterval: Duration = .seconds(60)
    public var tagCountPolicy: TagCountPolicy = .none
    public var newMailFlagsPolicy: NewMailFlagsPolicy = .real
    /// First creation time stamp handed out (EcDoConnectEx pulTimeStamp); later ones increase by 1.
    public var firstTimeStamp: UInt32 = 1

    public init() {}
}

/// Counters and gauges the server exports (design-notes "Observability"). Every collapse and drop
/// is counted here.
public struct EngineMetrics: Hashable, Sendable {
    public var sessions = 0
    public var subscriptions = 0
    public var activeTables = 0
    public var queuedEntries = 0
    public var queuedBytes = 0
    public var parkedWaits = 0

    public var eventsPublished: UInt64 = 0
    /// Encodings performed (at most two per event: Unicode and 8-bit MessageClass).
    public var payloadsEncoded: UInt64 = 0
    public var entriesQueued: UInt64 = 0
    public var entriesDelivered: UInt64 = 0
    /// ObjectModified entries superseded by a later one for the same (handle, object).
    public var objectModifiedCoalesced: UInt64 = 0
    /// Table row entries folded into a TableChanged (by threshold, overflow, or a TableChanged event).
    public var tableRowsCollapsed: UInt64 = 0
    /// TableChanged entries produced by collapsing rather than by the store.
    public var tableChangedSynthesized: UInt64 = 0
    /// Times a session reached its entry or byte limit.
    public var queueOverflows: UInt64 = 0
    /// Entries that could not be kept or collapsed at the limit (object notifications only).
    public var entriesDropped: UInt64 = 0
    /// Notifications degraded because their encoding exceeded ``EngineConfiguration/maxNotificationSize``.
    public var oversizeDegraded: UInt64 = 0
    /// Entries removed because their subscription or table was released or reset.
    public var entriesPurged: UInt64 = 0
    public var waitsCompletedPending: UInt64 = 0
    public var waitsTimedOut: UInt64 = 0
    public var waitsRejected: UInt64 = 0
    public var datagramsSent: UInt64 = 0
    /// Commit-to-delivery latency of every entry packed (its count equals ``entriesDelivered``).
    /// Coalesced ObjectModified entries count from the newest commit; TableChanged entries that
    /// replaced pending ones count from the oldest replaced (docs/ENGINE.md "Delivery latency").
    public var deliveryLatency = DeliveryLatencyHistogram()

    public init() {}
}
