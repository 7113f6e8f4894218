import Foundation
import MAPIInspect
import MAPIWire

/// `herald watch`: logs on to a mailbox over MAPI/HTTP, subscribes to its notifications and
/// prints each one as it arrives — NotificationWait, then an empty Execute that collects the
/// queued RopNotify responses, following RopPending until the queue is drained. A session that
/// expires (X-ResponseCode 10) is rebuilt: Connect, RopLogon, RopRegisterNotification again.
public struct NotificationWatcher: Sendable {
    public enum Target: Sendable, Equatable {
        case wholeStore
        case inbox
        case folder(FolderID)

        /// `Inbox`, a folder id (`0x…` as ObjectID prints it, the wire value), or nil/`store` for the whole store.
        public init?(argument: String?) {
            guard let argument, argument.lowercased() != "store" else { self = .wholeStore; return }
            if argument.lowercased() == "inbox" { self = .inbox; return }
            let digits = argument.hasPrefix("0x") || argument.hasPrefix("0X") ? argument.dropFirst(2) : Substring(argument)
            guard let value = UInt64(digits, radix: 16) else { return nil }
            self = .folder(ObjectID(wireValue: value))
        }
    }

    public struct Options: Sendable {
        public var baseURL: String
        public var user: String
        public var password: String
        public var domain: String?
        public var target: Target
        public var json: Bool
        public var types: NotificationTypes
        /// Stop after this many notifications (tests); nil runs until cancelled.
        public var limit: Int?
        public var maxRopOut: UInt32

        public init(baseURL: String, user: String, password: String, domain: String? = nil, target: Target = .wholeStore,
                    json: Bool = false, types: NotificationTypes = NotificationWatcher.defaultTypes, limit: Int? = nil,
                    maxRopOut: UInt32 = 0x10000) {
            self.baseURL = baseURL
            self.user = user
            self.password = password
            self.domain = domain
            self.target = target
            self.json = json
            self.types = types
            self.limit = limit
            self.maxRopOut = maxRopOut
        }
    }

    public static let defaultTypes: NotificationTypes = [
        .newMail, .objectCreated, .objectDeleted, .objectModified, .objectMoved, .objectCopied, .searchCompleted,
    ]

    public let options: Options
    /// Receives each printed line (stdout by default).
    public let output: @Sendable (String) -> Void
    /// Receives status lines (stderr by default).
    public let status: @Sendable (String) -> Void

    public init(options: Options, output: @escaping @Sendable (String) -> Void, status: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.output = output
        self.status = status
    }

    /// Runs until cancelled or `limit` notifications were printed.
    public func run() async throws {
        let client = MAPIHTTPClient(baseURL: options.baseURL, userName: options.user, password: options.password)
        let session = MailboxClientSession(client: client)
        let address = options.user.contains("@") ? options.user : "\(options.user)@\(options.domain ?? "herald.local")"
        let discovered = try await client.autodiscover(emailAddress: address)
        await client.useMailStoreURL(discovered.mailStoreURL)
        status("autodiscover: \(discovered.displayName) \(discovered.legacyDN)")
        var printed = 0
        var attempt = 0
        while !Task.isCancelled {
            do {
                let logon = try await establish(session, essdn: discovered.legacyDN)
                attempt = 0
                status("watching \(describe(options.target, logon: logon)) of \(address) (press ^C to stop)")
                while !Task.isCancelled {
                    let (pending, errorCode) = try await session.notificationWait()
                    if errorCode == .exiting {
                        status("the server is shutting down")
                        throw MAPIHTTPClient.ClientError.responseCode(10, "server exiting")
                    }
                    guard pending else { continue }
                    // Drain: empty Executes until no RopPending is left.
                    var more = true
                    while more {
                        more = false
                        for buffer in try await session.execute(RopBuffer(ropsList: [], handleTable: []), options: .init(maxRopOut: options.maxRopOut)) {
                            for element in try RopResponseReader.decodeAll(buffer.ropsList) {
                                switch element.response {
                                case let .notify(notify):
                                    output(Self.format(notify, json: options.json))
                                    printed += 1
                                    if let limit = options.limit, printed >= limit { return }
                                case .pending:
                                    more = true
                                default:
                                    break
                                }
                            }
                        }
                    }
                }
            } catch let error as MAPIHTTPClient.ClientError {
                guard case let .responseCode(code, _) = error, code == 10 || code == 13 || code == 15 else { throw error }
                attempt += 1
                status("session lost (\(error)); reconnecting")
                try await Task.sleep(for: .milliseconds(min(5_000, 200 * attempt)))
            }
        }
    }

    /// Connect, RopLogon, RopRegisterNotification. Returns the logon's special folders.
    func establish(_ session: MailboxClientSession, essdn: String) async throws -> RopLogonResponse.PrivateMailboxFolders {
        try await session.connect(userDN: essdn)
        var logonRops: [UInt8] = []
        RopLogonRequest(logonID: 0, outputHandleIndex: 0, logonFlags: RopLogonRequest.LogonFlags.private,
                        openFlags: RopLogonRequest.OpenFlags.homeLogon | RopLogonRequest.OpenFlags.usePerMDBReplidMapping,
                        distinguishedName: essdn).encode(into: &logonRops)
        let logonReply = try await session.execute(RopBuffer(ropsList: logonRops, handleTable: [RopBuffer.unusedHandle]))
        guard let first = logonReply.first, let logonElement = try RopResponseReader.decodeAll(first.ropsList).first,
              case let .logon(logon) = logonElement.response else {
            throw MailboxClientSession.SessionError.wire("RopLogon: no response")
        }
        guard case let .privateMailbox(mailbox) = logon.body else {
            throw MailboxClientSession.SessionError.errorCode(requestType: "RopLogon", logon.returnValue)
        }
        guard let logonHandle = first.handleTable.first else { throw MailboxClientSession.SessionError.wire("RopLogon: no handle") }
        let scope: RopRegisterNotificationRequest.Scope
        switch options.target {
        case .wholeStore: scope = .wholeStore
        case .inbox: scope = .object(folderID: mailbox.folderIDs.inbox, messageID: .zero)
        case let .folder(id): scope = .object(folderID: id, messageID: .zero)
        }
        var registerRops: [UInt8] = []
        RopRegisterNotificationRequest(logonID: 0, inputHandleIndex: 0, outputHandleIndex: 1, notificationTypes: options.types, scope: scope)
            .encode(into: &registerRops)
        let registerReply = try await session.execute(RopBuffer(ropsList: registerRops, handleTable: [logonHandle, RopBuffer.unusedHandle]))
        guard let registered = registerReply.first, let element = try RopResponseReader.decodeAll(registered.ropsList).first,
              case let .registerNotification(register) = element.response else {
            throw MailboxClientSession.SessionError.wire("RopRegisterNotification: no response")
        }
        guard register.returnValue == .success else {
            throw MailboxClientSession.SessionError.errorCode(requestType: "RopRegisterNotification", register.returnValue)
        }
        return mailbox.folderIDs
    }

    func describe(_ target: Target, logon: RopLogonResponse.PrivateMailboxFolders) -> String {
        switch target {
        case .wholeStore: "the whole mailbox"
        case .inbox: "Inbox \(logon.inbox)"
        case let .folder(id): "folder \(id)"
        }
    }

    /// One line per notification: the time, the type and its fields; or a JSON object per line
    /// whose `notification` member is MAPIInspect's description of the NotificationData.
    public static func format(_ notify: RopNotify, json: Bool, now: Date = Date()) -> String {
        let stamp = ISO8601DateFormatter().string(from: now)
        let data = notify.notificationData
        if json {
            var bytes: [UInt8] = []
            data.encode(into: &bytes)
            let described = (try? Inspector.describeNotificationData(bytes).json) ?? .null
            let line: JSONValue = .object([
                .init("time", .string(stamp)),
                .init("handle", .int(Int64(notify.notificationHandle))),
                .init("logonId", .int(Int64(notify.logonID))),
                .init("type", .string(typeName(data))),
                .init("notification", described),
            ])
            return line.serialized(pretty: false)
        }
        var fields: [String] = []
        let layout = data.layout
        if layout.tableEventType { fields.append("event=\(data.tableEventType)") }
        if layout.tableRowFolderID { fields.append("rowFolder=\(data.tableRowFolderID)") }
        if layout.tableRowMessageIDAndInstance { fields.append("rowMessage=\(data.tableRowMessageID)") }
        if layout.folderID { fields.append("folder=\(data.folderID)") }
        if layout.messageID { fields.append("message=\(data.messageID)") }
        if layout.parentFolderID { fields.append("parent=\(data.parentFolderID)") }
        if layout.oldFolderID { fields.append("oldFolder=\(data.oldFolderID)") }
        if layout.oldMessageID { fields.append("oldMessage=\(data.oldMessageID)") }
        if layout.oldParentFolderID { fields.append("oldParent=\(data.oldParentFolderID)") }
        if layout.totalMessageCount { fields.append("total=\(data.totalMessageCount)") }
        if layout.unreadMessageCount { fields.append("unread=\(data.unreadMessageCount)") }
        if layout.newMailFields {
            fields.append("class=\(data.messageClass)")
            fields.append("flags=0x" + String(data.messageFlags, radix: 16, uppercase: true))
        }
        return "\(stamp) \(typeName(data)) " + fields.joined(separator: " ")
    }

    static func typeName(_ data: NotificationData) -> String {
        var name = data.flags.type.description
        if data.flags.type == .tableModified, let event = data.tableEventType.name { name = event }
        return name
    }
}
