/// RopRegisterNotification request (MS-OXCROPS 2.2.14.1.1; MS-OXCNOTIF 2.2.1.2.1).
///
/// Layout: RopId 0x29, LogonId, InputHandleIndex, OutputHandleIndex, NotificationTypes (u16),
/// Reserved (1 byte, only when the Extended flag 0x0400 is set), WantWholeStore (1 byte; any non-zero
/// value is TRUE), then FolderId and MessageId only when WantWholeStore is FALSE.
///
/// Older revisions encoded NotificationTypes as one byte followed by an always-present Reserved byte;
/// for types below 0x0100 both readings are the same bytes, so reading the u16 form accepts both.
public struct RopRegisterNotificationRequest: RopRequestCodec {
    public static let ropID = RopID.registerNotification

    public enum Scope: Hashable, Sendable {
        case wholeStore
        /// FolderId and MessageId as sent; MessageId is zero for a folder subscription.
        case object(folderID: FolderID, messageID: MessageID)
    }

    public var logonID: UInt8
    public var inputHandleIndex: UInt8
    public var outputHandleIndex: UInt8
    public var notificationTypes: NotificationTypes
    /// The Reserved byte; present on the wire only with ``NotificationTypes/extended``.
    public var reserved: UInt8
    /// The WantWholeStore byte as sent (non-zero means TRUE).
    public var wantWholeStore: UInt8
    public var folderID: FolderID
    public var messageID: MessageID

    public init(
        logonID: UInt8, inputHandleIndex: UInt8, outputHandleIndex: UInt8, notificationTypes: NotificationTypes,
        scope: Scope, reserved: UInt8 = 0
    ) {
        self.logonID = logonID
        self.inputHandleIndex = inputHandleIndex
        self.outputHandleIndex = outputHandleIndex
        self.notificationTypes = notificationTypes
        self.reserved = reserved
        switch scope {
        case .wholeStore:
            wantWholeStore = 1
            folderID = .zero
            messageID = .zero
        case let .object(folderID, messageID):
            wantWholeStore = 0
            self.folderID = folderID
            self.messageID = messageID
        }
    }

    public var scope: Scope {
        wantWholeStore != 0 ? .wholeStore : .object(folderID: folderID, messageID: messageID)
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(inputHandleIndex)
        buffer.append(outputHandleIndex)
        buffer.appendUInt16(notificationTypes.rawValue)
        if notificationTypes.contains(.extended) { buffer.append(reserved) }
        buffer.append(wantWholeStore)
        if wantWholeStore == 0 {
            folderID.encode(into: &buffer)
            messageID.encode(into: &buffer)
        }
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopRegisterNotificationRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let input = try reader.readUInt8("InputHandleIndex")
        let output = try reader.readUInt8("OutputHandleIndex")
        let types = NotificationTypes(rawValue: try reader.readUInt16("NotificationTypes"))
        let reserved = types.contains(.extended) ? try reader.readUInt8("Reserved") : 0
        let wantWholeStore = try reader.readUInt8("WantWholeStore")
        var request = RopRegisterNotificationRequest(
            logonID: logonID, inputHandleIndex: input, outputHandleIndex: output, notificationTypes: types,
            scope: .wholeStore, reserved: reserved)
        request.wantWholeStore = wantWholeStore
        if wantWholeStore == 0 {
            request.folderID = try .decode(from: &reader, "FolderId")
            request.messageID = try .decode(from: &reader, "MessageId")
        }
        return request
    }
}

/// RopRegisterNotification response (MS-OXCROPS 2.2.14.1.2): RopId 0x29, OutputHandleIndex,
/// ReturnValue.
public struct RopRegisterNotificationResponse: RopResponseCodec {
    public static let ropID = RopID.registerNotification
    public var outputHandleIndex: UInt8
    public var returnValue: ErrorCode

    public init(outputHandleIndex: UInt8, returnValue: ErrorCode = .success) {
        self.outputHandleIndex = outputHandleIndex
        self.returnValue = returnValue
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(outputHandleIndex)
        buffer.appendUInt32(returnValue.rawValue)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopRegisterNotificationResponse {
        try reader.expectRopID(ropID)
        return RopRegisterNotificationResponse(
            outputHandleIndex: try reader.readUInt8("OutputHandleIndex"),
            returnValue: ErrorCode(try reader.readUInt32("ReturnValue")))
    }
}
