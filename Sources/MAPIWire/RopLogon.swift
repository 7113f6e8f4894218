/// RopLogon request (MS-OXCROPS 2.2.3.1.1; MS-OXCSTOR 2.2.1.1.1).
///
/// Layout: RopId 0xFE, LogonId, OutputHandleIndex (there is no InputHandleIndex), LogonFlags (1),
/// OpenFlags (4), StoreState (4), EssdnSize (2), Essdn (EssdnSize bytes: ASCII including its NUL).
public struct RopLogonRequest: RopRequestCodec {
    public static let ropID = RopID.logon

    /// LogonFlags bits (MS-OXCSTOR 2.2.1.1.1).
    public enum LogonFlags {
        public static let `private`: UInt8 = 0x01
        public static let undercover: UInt8 = 0x02
        public static let ghosted: UInt8 = 0x04
        public static let spoolerProcess: UInt8 = 0x08
    }

    /// OpenFlags bits (MS-OXCSTOR 2.2.1.1.1).
    public enum OpenFlags {
        public static let useAdminPrivilege: UInt32 = 0x0000_0001
        public static let `public`: UInt32 = 0x0000_0002
        public static let homeLogon: UInt32 = 0x0000_0004
        public static let takeOwnership: UInt32 = 0x0000_0008
        public static let alternateServer: UInt32 = 0x0000_0100
        public static let ignoreHomeMDB: UInt32 = 0x0000_0200
        public static let noMail: UInt32 = 0x0000_0400
        public static let usePerMDBReplidMapping: UInt32 = 0x0100_0000
        public static let supportProgress: UInt32 = 0x2000_0000
    }

    public var logonID: UInt8
    public var outputHandleIndex: UInt8
    public var logonFlags: UInt8
    public var openFlags: UInt32
    public var storeState: UInt32
    /// The Essdn bytes as sent, its terminating NUL included; empty when EssdnSize is 0.
    public var essdn: [UInt8]

    public init(logonID: UInt8, outputHandleIndex: UInt8, logonFlags: UInt8, openFlags: UInt32, storeState: UInt32 = 0, essdn: [UInt8]) {
        self.logonID = logonID
        self.outputHandleIndex = outputHandleIndex
        self.logonFlags = logonFlags
        self.openFlags = openFlags
        self.storeState = storeState
        self.essdn = essdn
    }

    /// A request for `distinguishedName`, NUL-terminated as the spec requires.
    public init(logonID: UInt8, outputHandleIndex: UInt8, logonFlags: UInt8, openFlags: UInt32, distinguishedName: String) {
        self.init(logonID: logonID, outputHandleIndex: outputHandleIndex, logonFlags: logonFlags, openFlags: openFlags,
                  essdn: Array(distinguishedName.utf8) + [0])
    }

    public var isPrivate: Bool { logonFlags & LogonFlags.private != 0 }

    /// The ESSDN without its NUL (and anything after it).
    public var distinguishedName: String {
        String(decoding: essdn.prefix { $0 != 0 }, as: UTF8.self)
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(outputHandleIndex)
        buffer.append(logonFlags)
        buffer.appendUInt32(openFlags)
        buffer.appendUInt32(storeState)
        buffer.appendSizedBytes16(essdn)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopLogonRequest {
        try reader.expectRopID(ropID)
        return RopLogonRequest(
            logonID: try reader.readUInt8("LogonId"),
            outputHandleIndex: try reader.readUInt8("OutputHandleIndex"),
            logonFlags: try reader.readUInt8("LogonFlags"),
            openFlags: try reader.readUInt32("OpenFlags"),
            storeState: try reader.readUInt32("StoreState"),
            essdn: try reader.readSizedBytes16("EssdnSize", "Essdn"))
    }
}

/// LogonTime (MS-OXCROPS 2.2.3.1.2): Seconds, Minutes, Hour, DayOfWeek (Sunday = 0), Day, Month
/// (January = 1), Year (2) — the server's UTC time.
public struct LogonTime: Hashable, Sendable {
    public var seconds: UInt8
    public var minutes: UInt8
    public var hour: UInt8
    public var dayOfWeek: UInt8
    public var day: UInt8
    public var month: UInt8
    public var year: UInt16

    public init(seconds: UInt8, minutes: UInt8, hour: UInt8, dayOfWeek: UInt8, day: UInt8, month: UInt8, year: UInt16) {
        self.seconds = seconds
        self.minutes = minutes
        self.hour = hour
        self.dayOfWeek = dayOfWeek
        self.day = day
        self.month = month
        self.year = year
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(contentsOf: [seconds, minutes, hour, dayOfWeek, day, month])
        buffer.appendUInt16(year)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> LogonTime {
        LogonTime(
            seconds: try reader.readUInt8("LogonTime.Seconds"), minutes: try reader.readUInt8("LogonTime.Minutes"),
            hour: try reader.readUInt8("LogonTime.Hour"), dayOfWeek: try reader.readUInt8("LogonTime.DayOfWeek"),
            day: try reader.readUInt8("LogonTime.Day"), month: try reader.readUInt8("LogonTime.Month"),
            year: try reader.readUInt16("LogonTime.Year"))
    }
}

/// RopLogon response (MS-OXCROPS 2.2.3.1.2–2.2.3.1.5; MS-OXCSTOR 2.2.1.1.2–2.2.1.1.4).
///
/// Four layouts share the header `RopId 0xFE, OutputHandleIndex, ReturnValue`:
/// - success for a private mailbox (LogonFlags has Private): 166 bytes;
/// - success for public folders (Private clear);
/// - redirect (ReturnValue 0x00000478 ecWrongServer): LogonFlags, ServerNameSize (1), ServerName;
/// - any other failure: the header alone.
/// The decoder tells the two successes apart by the Private bit of the echoed LogonFlags.
public struct RopLogonResponse: RopResponseCodec {
    public static let ropID = RopID.logon

    /// The 13 special-folder FIDs in wire order (MS-OXCSTOR 2.2.1.1.3).
    public struct PrivateMailboxFolders: Hashable, Sendable {
        public var root: FolderID
        public var deferredAction: FolderID
        public var spoolerQueue: FolderID
        public var ipmSubtree: FolderID
        public var inbox: FolderID
        public var outbox: FolderID
        public var sentItems: FolderID
        public var deletedItems: FolderID
        public var commonViews: FolderID
        public var schedule: FolderID
        public var search: FolderID
        public var views: FolderID
        public var shortcuts: FolderID

        public init(_ ids: [FolderID]) {
            precondition(ids.count == 13, "RopLogon: 13 folder ids")
            (root, deferredAction, spoolerQueue, ipmSubtree, inbox, outbox, sentItems, deletedItems, commonViews, schedule,
             search, views, shortcuts) = (ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6], ids[7], ids[8], ids[9],
                                          ids[10], ids[11], ids[12])
        }

        /// In wire order.
        public var all: [FolderID] {
            [root, deferredAction, spoolerQueue, ipmSubtree, inbox, outbox, sentItems, deletedItems, commonViews, schedule,
             search, views, shortcuts]
        }
    }

    /// ResponseFlags bits (MS-OXCSTOR 2.2.1.1.3).
    public enum ResponseFlags {
        /// MUST be set.
        public static let reserved: UInt8 = 0x01
        public static let ownerRight: UInt8 = 0x02
        public static let sendAsRight: UInt8 = 0x04
        public static let outOfOffice: UInt8 = 0x10
    }

    public struct PrivateMailbox: Hashable, Sendable {
        public var logonFlags: UInt8
        public var folderIDs: PrivateMailboxFolders
        public var responseFlags: UInt8
        public var mailboxGuid: GUID
        public var replID: UInt16
        public var replGuid: GUID
        public var logonTime: LogonTime
        public var gwartTime: UInt64
        public var storeState: UInt32

        public init(
            logonFlags: UInt8, folderIDs: PrivateMailboxFolders, responseFlags: UInt8, mailboxGuid: GUID, replID: UInt16,
            replGuid: GUID, logonTime: LogonTime, gwartTime: UInt64, storeState: UInt32 = 0
        ) {
            self.logonFlags = logonFlags
            self.folderIDs = folderIDs
            self.responseFlags = responseFlags
            self.mailboxGuid = mailboxGuid
            self.replID = replID
            self.replGuid = replGuid
            self.logonTime = logonTime
            self.gwartTime = gwartTime
            self.storeState = storeState
        }
    }

    public struct PublicFolders: Hashable, Sendable {
        public var logonFlags: UInt8
        /// 13 FIDs: the public roots, then unused slots.
        public var folderIDs: [FolderID]
        public var replID: UInt16
        public var replGuid: GUID
        public var perUserGuid: GUID

        public init(logonFlags: UInt8, folderIDs: [FolderID], replID: UInt16, replGuid: GUID, perUserGuid: GUID = .zero) {
            self.logonFlags = logonFlags
            self.folderIDs = folderIDs
            self.replID = replID
            self.replGuid = replGuid
            self.perUserGuid = perUserGuid
        }
    }

    public struct Redirect: Hashable, Sendable {
        public var logonFlags: UInt8
        /// ASCII DN of the server that hosts the mailbox, without its NUL.
        public var serverName: [UInt8]

        public init(logonFlags: UInt8, serverName: [UInt8]) {
            self.logonFlags = logonFlags
            self.serverName = serverName
        }
    }

    public enum Body: Hashable, Sendable {
        case privateMailbox(PrivateMailbox)
        case publicFolders(PublicFolders)
        /// ReturnValue 0x00000478.
        case redirect(Redirect)
        /// Any non-zero ReturnValue other than 0x00000478.
        case failure(ErrorCode)
    }

    public var outputHandleIndex: UInt8
    public var body: Body

    public init(outputHandleIndex: UInt8, body: Body) {
        self.outputHandleIndex = outputHandleIndex
        self.body = body
    }

    public var returnValue: ErrorCode {
        switch body {
        case .privateMailbox, .publicFolders: .success
        case .redirect: .wrongServer
        case let .failure(code): code
        }
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: outputHandleIndex, returnValue: returnValue)
        switch body {
        case let .privateMailbox(mailbox):
            buffer.append(mailbox.logonFlags)
            for id in mailbox.folderIDs.all { id.encode(into: &buffer) }
            buffer.append(mailbox.responseFlags)
            mailbox.mailboxGuid.encode(into: &buffer)
            buffer.appendUInt16(mailbox.replID)
            mailbox.replGuid.encode(into: &buffer)
            mailbox.logonTime.encode(into: &buffer)
            buffer.appendUInt64(mailbox.gwartTime)
            buffer.appendUInt32(mailbox.storeState)
        case let .publicFolders(folders):
            buffer.append(folders.logonFlags)
            for index in 0..<13 { (index < folders.folderIDs.count ? folders.folderIDs[index] : .zero).encode(into: &buffer) }
            buffer.appendUInt16(folders.replID)
            folders.replGuid.encode(into: &buffer)
            folders.perUserGuid.encode(into: &buffer)
        case let .redirect(redirect):
            buffer.append(redirect.logonFlags)
            let name = redirect.serverName.prefix(254)
            buffer.append(UInt8(name.count + 1))
            PropertyValue.encodeString8(Array(name), into: &buffer)
        case .failure:
            break
        }
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopLogonResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "OutputHandleIndex")
        if header.returnValue == .wrongServer {
            let logonFlags = try reader.readUInt8("LogonFlags")
            let sizeOffset = reader.offset
            let size = Int(try reader.readUInt8("ServerNameSize"))
            var nameReader = try reader.subReader(count: size, field: "ServerName")
            let name = try nameReader.readString8("ServerName")
            guard nameReader.isAtEnd else {
                throw WireError(offset: sizeOffset, field: "ServerNameSize", kind: .invalidValue(UInt64(size)))
            }
            return RopLogonResponse(outputHandleIndex: header.index, body: .redirect(Redirect(logonFlags: logonFlags, serverName: name)))
        }
        guard header.returnValue.isSuccess else {
            return RopLogonResponse(outputHandleIndex: header.index, body: .failure(header.returnValue))
        }
        let logonFlags = try reader.readUInt8("LogonFlags")
        try reader.require(13 * 8, field: "FolderIds")
        var ids: [FolderID] = []
        for _ in 0..<13 { ids.append(try ObjectID.decode(from: &reader, "FolderIds")) }
        if logonFlags & RopLogonRequest.LogonFlags.private != 0 {
            let mailbox = PrivateMailbox(
                logonFlags: logonFlags,
                folderIDs: PrivateMailboxFolders(ids),
                responseFlags: try reader.readUInt8("ResponseFlags"),
                mailboxGuid: try GUID.decode(from: &reader, "MailboxGuid"),
                replID: try reader.readUInt16("ReplId"),
                replGuid: try GUID.decode(from: &reader, "ReplGuid"),
                logonTime: try LogonTime.decode(from: &reader),
                gwartTime: try reader.readUInt64("GwartTime"),
                storeState: try reader.readUInt32("StoreState"))
            return RopLogonResponse(outputHandleIndex: header.index, body: .privateMailbox(mailbox))
        }
        let folders = PublicFolders(
            logonFlags: logonFlags, folderIDs: ids,
            replID: try reader.readUInt16("ReplId"),
            replGuid: try GUID.decode(from: &reader, "ReplGuid"),
            perUserGuid: try GUID.decode(from: &reader, "PerUserGuid"))
        return RopLogonResponse(outputHandleIndex: header.index, body: .publicFolders(folders))
    }
}
