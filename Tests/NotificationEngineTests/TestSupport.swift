import MAPIWire
@testable import NotificationEngine
import Testing

/// SplitMix64: a tiny seeded PRNG so property tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

let mailboxA = MailboxID(1)
let mailboxB = MailboxID(2)

func fid(_ n: UInt64) -> FolderID { FolderID(replicaID: 1, globalCounter: n) }
func mid(_ n: UInt64) -> MessageID { MessageID(replicaID: 1, globalCounter: 0x1000 + n) }

/// What a poll returned, decoded with MAPIWire's RopResponseReader.
struct DecodedPoll {
    var notifies: [RopNotify] = []
    var pendings: [UInt16] = []
    /// Responses in order, for placement checks.
    var order: [RopID] = []
}

func decodePoll(_ bytes: [UInt8]) throws -> DecodedPoll {
    var poll = DecodedPoll()
    for element in try RopResponseReader.decodeAll(bytes) {
        poll.order.append(element.response.ropID)
        switch element.response {
        case let .notify(notify): poll.notifies.append(notify)
        case let .pending(pending): poll.pendings.append(pending.sessionIndex)
        default: Issue.record("unexpected response \(element.response)")
        }
    }
    return poll
}

func encoded(_ data: NotificationData) -> [UInt8] {
    var bytes: [UInt8] = []
    data.encode(into: &bytes)
    return bytes
}

extension MailboxEvent {
    static func modifiedMessage(_ m: UInt64, in f: UInt64, sequence: UInt64 = 0, mailbox: MailboxID = mailboxA) -> MailboxEvent {
        MailboxEvent(mailbox: mailbox, sequence: sequence, kind: .objectModified(.message(mid(m), in: fid(f)), tags: [], totalMessageCount: nil, unreadMessageCount: nil))
    }

    static func modifiedFolder(_ f: UInt64, total: UInt32, unread: UInt32, sequence: UInt64 = 0, mailbox: MailboxID = mailboxA) -> MailboxEvent {
        MailboxEvent(mailbox: mailbox, sequence: sequence, kind: .objectModified(.folder(fid(f)), tags: [], totalMessageCount: total, unreadMessageCount: unread))
    }

    static func createdMessage(_ m: UInt64, in f: UInt64, sequence: UInt64 = 0, mailbox: MailboxID = mailboxA) -> MailboxEvent {
        MailboxEvent(mailbox: mailbox, sequence: sequence, kind: .objectCreated(.message(mid(m), in: fid(f)), parentFolderID: .zero, tags: []))
    }

    static func newMail(_ m: UInt64, in f: UInt64, sequence: UInt64 = 0, mailbox: MailboxID = mailboxA) -> MailboxEvent {
        MailboxEvent(mailbox: mailbox, sequence: sequence, kind: .newMail(folderID: fid(f), messageID: mid(m), messageFlags: 0, messageClass: "IPM.Note"))
    }

    static func rowAdded(_ table: TableID, row: UInt64) -> MailboxEvent {
        MailboxEvent(mailbox: mailboxA, sequence: 0, kind: .tableModified(table, .tableRow(
            .tableRowAdded, contents: true, folderID: fid(1), messageID: mid(row), insertAfterFolderID: fid(1),
            insertAfterMessageID: .zero, rowData: [0, 1, 2, 3])))
    }
}

extension NotificationCore {
    /// Creates a session (optionally linked to `linkTo`); traps if the engine is full (tests only).
    mutating func makeSession(user: String, cachedMode: Bool = false, linkTo: SessionInfo? = nil) -> SessionInfo {
        createSession(user: user, cachedMode: cachedMode, linkIndex: linkTo.map { UInt32($0.index.rawValue) } ?? 0xFFFF_FFFF,
                      linkTimeStamp: linkTo?.timeStamp ?? 0)!
    }
}
