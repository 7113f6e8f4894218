import DCERPC
import DCERPCServer
import MAPIWire
import NIOConcurrencyHelpers
import NotificationEngine

/// A stand-in for the EMSMDB processor that exercises everything the transport owns with a real
/// ``NotificationHub``: sessions with linking, RPC_HEADER_EXT in and out (compression, XorMagic),
/// pcbOut, RopNotify / RopPending packing, waits and push. Its "ROPs" are one-byte toy commands
/// (the real ROP processor is covered by the EMSMDB scenarios):
///
/// * `0xEF` subscribes the session to its whole mailbox (all notification types, handle 1);
/// * `0xEE` publishes a NewMail event in the caller's mailbox (a change made through this session);
/// * `0xED n…` echoes the following bytes (payload size tests).
///
/// The output payload is RopSize + the echoed commands + packed notifications + a one-entry handle table.
final class ToyMailbox: RPCMailbox {
    let notifications: NotificationHub
    private let users: Set<String>
    private let actionHandler = NIOLockedValueBox<(@Sendable ([EngineAction]) -> Void)?>(nil)
    private let state = NIOLockedValueBox<(nextID: UInt64, sequence: UInt64, sessions: [UInt64: SessionIndex])>((1, 1, [:]))

    init(users: Set<String>, engine: EngineConfiguration = EngineConfiguration()) {
        self.users = users
        notifications = NotificationHub(configuration: engine)
    }

    static func mailbox(of user: String) -> MailboxID { MailboxID(UInt64(user.utf8.reduce(7) { $0 &* 31 &+ UInt32($1) })) }

    func connect(userName: String, request: EcDoConnectExRequest) -> RPCConnectResult {
        guard users.contains(userName) else { return .refused(.unknownUser) }
        guard let info = notifications.createSession(user: userName, linkIndex: request.icxrLink, linkTimeStamp: request.timeStamp) else {
            return .refused(.serverTooBusy)
        }
        let id = state.withLockedValue { state -> UInt64 in
            defer { state.nextID += 1 }
            state.sessions[state.nextID] = info.index
            return state.nextID
        }
        return .connected(RPCMailboxSession(id: id, index: info.index, timeStamp: info.timeStamp, userName: userName, displayName: userName.capitalized))
    }

    func execute(session: RPCMailboxSession, flags: UInt32, ropIn: [UInt8], maxRopOut: Int, auxIn: [UInt8]) -> RPCExecuteResult {
        guard let payloads = try? ExtendedBuffer.decodeChain(ropIn), let request = payloads.first?.bytes, request.count >= 2 else {
            return RPCExecuteResult(ropOut: [], returnValue: .rpcFormat)
        }
        let ropSize = Int(request[0]) | Int(request[1]) << 8
        guard ropSize >= 2, ropSize <= request.count else { return RPCExecuteResult(ropOut: [], returnValue: .rpcFormat) }
        let commands = Array(request[2..<ropSize])
        var rops: [UInt8] = []
        var index = 0
        while index < commands.count {
            switch commands[index] {
            case 0xEF:
                notifications.subscribe(session: session.index, handle: 1, logonID: 0, mailbox: Self.mailbox(of: session.userName),
                                        types: NotificationTypes(rawValue: 0xFFFF), scope: .wholeMailbox)
                rops.append(0xEF)
                index += 1
            case 0xEE:
                let sequence = state.withLockedValue { state -> UInt64 in defer { state.sequence += 1 }; return state.sequence }
                let actions = notifications.publish([MailboxEvent(mailbox: Self.mailbox(of: session.userName), sequence: sequence,
                                                        kind: .newMail(folderID: FolderID(replicaID: 1, globalCounter: 1), messageID: MessageID(replicaID: 1, globalCounter: 0x100 + sequence),
                                                                       messageFlags: 0, messageClass: "IPM.Note"))])
                actionHandler.withLockedValue { $0 }?(actions)
                rops.append(0xEE)
                index += 1
            case 0xED:
                rops.append(contentsOf: commands[index...])
                index = commands.count
            default:
                return RPCExecuteResult(ropOut: [], returnValue: .rpcFormat)
            }
        }
        // Header (8) + RopSize (2) + responses + handle table (4) must fit in pcbOut.
        let fixed = RPCHeaderExt.encodedSize + 2 + rops.count + 4
        guard fixed <= maxRopOut else { return RPCExecuteResult(ropOut: [], returnValue: .bufferTooSmall) }
        var payload: [UInt8] = [0, 0]
        payload.append(contentsOf: rops)
        _ = notifications.pack(session: session.index, into: &payload, budget: min(maxRopOut, 0x8000) - fixed)
        let size = payload.count
        payload[0] = UInt8(size & 0xFF)
        payload[1] = UInt8(size >> 8)
        payload.append(contentsOf: [0xFF, 0xFF, 0xFF, 0xFF])
        var out: [UInt8] = []
        ExtendedBuffer.encode(payload: payload, compress: flags & 0x1 == 0, obfuscate: flags & 0x2 == 0, last: true, into: &out)
        return RPCExecuteResult(ropOut: out)
    }

    func installEngineActionHandler(_ handler: (@Sendable ([EngineAction]) -> Void)?) {
        actionHandler.withLockedValue { $0 = handler }
    }

    func disconnect(session: RPCMailboxSession) {
        state.withLockedValue { _ = $0.sessions.removeValue(forKey: session.id) }
        notifications.destroySession(session.index)
    }

    var liveSessions: Int { state.withLockedValue { $0.sessions.count } }
}
