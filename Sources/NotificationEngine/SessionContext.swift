import MAPIWire

/// What EcDoConnectEx (MS-OXCRPC 3.1.4.1) or a MAPI/HTTP Connect gets back from
/// ``NotificationCore/createSession(user:cachedMode:linkIndex:linkTimeStamp:)``.
public struct SessionInfo: Hashable, Sendable {
    /// `piCxr`: the session index, used in RopPending.
    public var index: SessionIndex
    /// `pulTimeStamp` out: the creation time stamp a later connect must present to link to this one.
    public var timeStamp: UInt32
    /// The session this one was linked to, if the link request was honoured.
    public var linkedTo: SessionIndex?
}

/// A RopRegisterNotification subscription as the session remembers it (for RopRelease).
struct SubscriptionRecord {
    var logonID: UInt8
    var mailbox: MailboxID
    var types: NotificationTypes
    var scope: SubscriptionScope
}

/// A parked wait.
struct ParkedWait {
    var id: WaitID
    var generation: UInt64
}

/// A registered UDP callback (EcRRegisterPushNotification, MS-OXCNOTIF 3.1.5.4).
struct PushRegistration {
    var context: [UInt8]
    var address: [UInt8]
    /// Generation of the pending resend deadline; nil when no resend is scheduled.
    var armedGeneration: UInt64?
}

/// The session contexts linked together (MS-OXCRPC 3.1.4.1 `ulIcxrLink`). Links are symmetric and
/// transitive: every member reports every other member's pending notifications.
final class LinkGroup {
    /// Sorted by index, so RopPending order is deterministic.
    var members: [SessionContext] = []

    func insert(_ session: SessionContext) {
        let at = members.firstIndex { $0.index > session.index } ?? members.endIndex
        members.insert(session, at: at)
    }

    func remove(_ session: SessionContext) {
        members.removeAll { $0 === session }
    }
}

/// One session context (MS-OXCRPC 3.1.1.1): its queue, subscriptions, tables, wait and push state.
final class SessionContext {
    let index: SessionIndex
    let user: String
    let timeStamp: UInt32
    /// ClientMode cached (MS-OXCRPC 2.2.2.2.4): NewMail MessageClass then travels as 8-bit.
    var cachedMode: Bool
    var queue = NotificationQueue()
    var subscriptions: [UInt32: SubscriptionRecord] = [:]
    var tableHandles: [UInt32: TableID] = [:]
    var linkGroup: LinkGroup?
    var wait: ParkedWait?
    var push: PushRegistration?

    init(index: SessionIndex, user: String, timeStamp: UInt32, cachedMode: Bool) {
        self.index = index
        self.user = user
        self.timeStamp = timeStamp
        self.cachedMode = cachedMode
    }

    /// This session, or any session linked to it, has notifications queued.
    var groupHasPending: Bool {
        if !queue.isEmpty { return true }
        guard let linkGroup else { return false }
        return linkGroup.members.contains { !$0.queue.isEmpty }
    }
}

/// One subscription as the matching index holds it.
struct Subscriber {
    let session: SessionContext
    let handle: UInt32
    let logonID: UInt8
    let types: NotificationTypes
}

/// Key of a subscription in the index: session index and handle.
struct SubscriberKey: Hashable {
    var session: SessionIndex
    var handle: UInt32
}

typealias SubscriberBucket = [SubscriberKey: Subscriber]

/// The subscriptions on one mailbox, bucketed by scope so an event touches only the buckets of the
/// objects it is about (cost independent of unrelated subscriptions).
final class MailboxSubscriptions {
    var wholeMailbox: SubscriberBucket = [:]
    var folders: [FolderID: SubscriberBucket] = [:]
    var messages: [MessageID: SubscriberBucket] = [:]

    var isEmpty: Bool { wholeMailbox.isEmpty && folders.isEmpty && messages.isEmpty }

    func insert(_ subscriber: Subscriber, key: SubscriberKey, scope: SubscriptionScope) {
        switch scope {
        case .wholeMailbox: wholeMailbox[key] = subscriber
        case let .folder(folderID): folders[folderID, default: [:]][key] = subscriber
        case let .message(messageID): messages[messageID, default: [:]][key] = subscriber
        }
    }

    func remove(key: SubscriberKey, scope: SubscriptionScope) {
        switch scope {
        case .wholeMailbox: wholeMailbox[key] = nil
        case let .folder(folderID):
            folders[folderID]?[key] = nil
            if folders[folderID]?.isEmpty == true { folders[folderID] = nil }
        case let .message(messageID):
            messages[messageID]?[key] = nil
            if messages[messageID]?.isEmpty == true { messages[messageID] = nil }
        }
    }
}

/// The notification state of one open table (MS-OXCNOTIF 3.1.4.3).
struct TableSubscription {
    var session: SessionIndex
    var logonID: UInt8
    var handle: UInt32
    var kind: TableKind
    /// A search folder's contents table: its notifications carry the S bit.
    var searchFolder = false
    /// A view-creating ROP has been seen since creation or the last RopResetTable.
    var active: Bool

    var flavor: TableFlavor { kind.isContents ? (searchFolder ? .searchContents : .contents) : .hierarchy }
}
