/// A decoded ROP response.
///
/// Response layouts of ordinary ROPs can depend on their request (RopQueryRows needs the columns), so
/// a response list is decodable on its own only for the ROPs listed here; ``RopResponseReader``
/// reports any other RopId as ``WireError/Kind/unknownRopId(_:)``. Responses whose rows need columns
/// from outside the response (RopQueryRows, RopFindRow, RopExpandRow, RopGetPropertiesSpecific,
/// RopReadRecipients) conform to ``RopColumnDependentResponseCodec`` instead and are not cases here.
public enum RopResponse: Hashable, Sendable {
    case registerNotification(RopRegisterNotificationResponse)
    case notify(RopNotify)
    case pending(RopPending)
    case bufferTooSmall(RopBufferTooSmall)
    case backoff(RopBackoff)
    case logon(RopLogonResponse)
    case getReceiveFolder(RopGetReceiveFolderResponse)
    case getStoreState(RopGetStoreStateResponse)
    case longTermIdFromId(RopLongTermIdFromIdResponse)
    case idFromLongTermId(RopIdFromLongTermIdResponse)
    case openFolder(RopOpenFolderResponse)
    case createFolder(RopCreateFolderResponse)
    case deleteFolder(RopDeleteFolderResponse)
    case setSearchCriteria(RopSetSearchCriteriaResponse)
    case getSearchCriteria(RopGetSearchCriteriaResponse)
    case moveCopyMessages(RopMoveCopyMessagesResponse)
    case moveFolder(RopMoveFolderResponse)
    case copyFolder(RopCopyFolderResponse)
    case emptyFolder(RopEmptyFolderResponse)
    case hardDeleteMessagesAndSubfolders(RopHardDeleteMessagesAndSubfoldersResponse)
    case deleteMessages(RopDeleteMessagesResponse)
    case hardDeleteMessages(RopHardDeleteMessagesResponse)
    case getHierarchyTable(RopGetHierarchyTableResponse)
    case getContentsTable(RopGetContentsTableResponse)
    case setColumns(RopSetColumnsResponse)
    case sortTable(RopSortTableResponse)
    case restrict(RopRestrictResponse)
    case abort(RopAbortResponse)
    case getStatus(RopGetStatusResponse)
    case queryPosition(RopQueryPositionResponse)
    case seekRow(RopSeekRowResponse)
    case seekRowBookmark(RopSeekRowBookmarkResponse)
    case seekRowFractional(RopSeekRowFractionalResponse)
    case createBookmark(RopCreateBookmarkResponse)
    case queryColumnsAll(RopQueryColumnsAllResponse)
    case freeBookmark(RopFreeBookmarkResponse)
    case resetTable(RopResetTableResponse)
    case collapseRow(RopCollapseRowResponse)
    case getCollapseState(RopGetCollapseStateResponse)
    case setCollapseState(RopSetCollapseStateResponse)
    case openMessage(RopOpenMessageResponse)
    case createMessage(RopCreateMessageResponse)
    case saveChangesMessage(RopSaveChangesMessageResponse)
    case removeAllRecipients(RopRemoveAllRecipientsResponse)
    case modifyRecipients(RopModifyRecipientsResponse)
    case setMessageReadFlag(RopSetMessageReadFlagResponse)
    case setReadFlags(RopSetReadFlagsResponse)
    case submitMessage(RopSubmitMessageResponse)
    case getPropertiesAll(RopGetPropertiesAllResponse)
    case getPropertiesList(RopGetPropertiesListResponse)
    case setProperties(RopSetPropertiesResponse)
    case setPropertiesNoReplicate(RopSetPropertiesNoReplicateResponse)
    case deleteProperties(RopDeletePropertiesResponse)
    case deletePropertiesNoReplicate(RopDeletePropertiesNoReplicateResponse)
    case getAttachmentTable(RopGetAttachmentTableResponse)
    case openAttachment(RopOpenAttachmentResponse)
    case createAttachment(RopCreateAttachmentResponse)
    case deleteAttachment(RopDeleteAttachmentResponse)
    case saveChangesAttachment(RopSaveChangesAttachmentResponse)
    case openEmbeddedMessage(RopOpenEmbeddedMessageResponse)
    case openStream(RopOpenStreamResponse)
    case readStream(RopReadStreamResponse)
    case writeStream(RopWriteStreamResponse)
    case writeStreamExtended(RopWriteStreamExtendedResponse)
    case commitStream(RopCommitStreamResponse)
    case getStreamSize(RopGetStreamSizeResponse)
    case setStreamSize(RopSetStreamSizeResponse)
    case seekStream(RopSeekStreamResponse)
    case copyToStream(RopCopyToStreamResponse)
    case getPropertyIdsFromNames(RopGetPropertyIdsFromNamesResponse)
    case getNamesFromPropertyIds(RopGetNamesFromPropertyIdsResponse)
    case queryNamedProperties(RopQueryNamedPropertiesResponse)
    case getPerUserLongTermIds(RopGetPerUserLongTermIdsResponse)
    case getPerUserGuid(RopGetPerUserGuidResponse)
    case readPerUserInformation(RopReadPerUserInformationResponse)
    case writePerUserInformation(RopWritePerUserInformationResponse)
    case setReceiveFolder(RopSetReceiveFolderResponse)
    case getReceiveFolderTable(RopGetReceiveFolderTableResponse)
    case copyProperties(RopCopyPropertiesResponse)
    case copyTo(RopCopyToResponse)

    public var ropID: RopID {
        switch self {
        case .registerNotification: .registerNotification
        case .notify: .notify
        case .pending: .pending
        case .bufferTooSmall: .bufferTooSmall
        case .backoff: .backoff
        case .logon: .logon
        case .getReceiveFolder: .getReceiveFolder
        case .getStoreState: .getStoreState
        case .longTermIdFromId: .longTermIdFromId
        case .idFromLongTermId: .idFromLongTermId
        case .openFolder: .openFolder
        case .createFolder: .createFolder
        case .deleteFolder: .deleteFolder
        case .setSearchCriteria: .setSearchCriteria
        case .getSearchCriteria: .getSearchCriteria
        case .moveCopyMessages: .moveCopyMessages
        case .moveFolder: .moveFolder
        case .copyFolder: .copyFolder
        case .emptyFolder: .emptyFolder
        case .hardDeleteMessagesAndSubfolders: .hardDeleteMessagesAndSubfolders
        case .deleteMessages: .deleteMessages
        case .hardDeleteMessages: .hardDeleteMessages
        case .getHierarchyTable: .getHierarchyTable
        case .getContentsTable: .getContentsTable
        case .setColumns: .setColumns
        case .sortTable: .sortTable
        case .restrict: .restrict
        case .abort: .abort
        case .getStatus: .getStatus
        case .queryPosition: .queryPosition
        case .seekRow: .seekRow
        case .seekRowBookmark: .seekRowBookmark
        case .seekRowFractional: .seekRowFractional
        case .createBookmark: .createBookmark
        case .queryColumnsAll: .queryColumnsAll
        case .freeBookmark: .freeBookmark
        case .resetTable: .resetTable
        case .collapseRow: .collapseRow
        case .getCollapseState: .getCollapseState
        case .setCollapseState: .setCollapseState
        case .openMessage: .openMessage
        case .createMessage: .createMessage
        case .saveChangesMessage: .saveChangesMessage
        case .removeAllRecipients: .removeAllRecipients
        case .modifyRecipients: .modifyRecipients
        case .setMessageReadFlag: .setMessageReadFlag
        case .setReadFlags: .setReadFlags
        case .submitMessage: .submitMessage
        case .getPropertiesAll: .getPropertiesAll
        case .getPropertiesList: .getPropertiesList
        case .setProperties: .setProperties
        case .setPropertiesNoReplicate: .setPropertiesNoReplicate
        case .deleteProperties: .deleteProperties
        case .deletePropertiesNoReplicate: .deletePropertiesNoReplicate
        case .getAttachmentTable: .getAttachmentTable
        case .openAttachment: .openAttachment
        case .createAttachment: .createAttachment
        case .deleteAttachment: .deleteAttachment
        case .saveChangesAttachment: .saveChangesAttachment
        case .openEmbeddedMessage: .openEmbeddedMessage
        case .openStream: .openStream
        case .readStream: .readStream
        case .writeStream: .writeStream
        case .writeStreamExtended: .writeStreamExtended
        case .commitStream: .commitStream
        case .getStreamSize: .getStreamSize
        case .setStreamSize: .setStreamSize
        case .seekStream: .seekStream
        case .copyToStream: .copyToStream
        case .getPropertyIdsFromNames: .getPropertyIdsFromNames
        case .getNamesFromPropertyIds: .getNamesFromPropertyIds
        case .queryNamedProperties: .queryNamedProperties
        case .getPerUserLongTermIds: .getPerUserLongTermIds
        case .getPerUserGuid: .getPerUserGuid
        case .readPerUserInformation: .readPerUserInformation
        case .writePerUserInformation: .writePerUserInformation
        case .setReceiveFolder: .setReceiveFolder
        case .getReceiveFolderTable: .getReceiveFolderTable
        case .copyProperties: .copyProperties
        case .copyTo: .copyTo
        }
    }

    public func encode(into buffer: inout [UInt8]) {
        switch self {
        case let .registerNotification(response): response.encode(into: &buffer)
        case let .notify(response): response.encode(into: &buffer)
        case let .pending(response): response.encode(into: &buffer)
        case let .bufferTooSmall(response): response.encode(into: &buffer)
        case let .backoff(response): response.encode(into: &buffer)
        case let .logon(response): response.encode(into: &buffer)
        case let .getReceiveFolder(response): response.encode(into: &buffer)
        case let .getStoreState(response): response.encode(into: &buffer)
        case let .longTermIdFromId(response): response.encode(into: &buffer)
        case let .idFromLongTermId(response): response.encode(into: &buffer)
        case let .openFolder(response): response.encode(into: &buffer)
        case let .createFolder(response): response.encode(into: &buffer)
        case let .deleteFolder(response): response.encode(into: &buffer)
        case let .setSearchCriteria(response): response.encode(into: &buffer)
        case let .getSearchCriteria(response): response.encode(into: &buffer)
        case let .moveCopyMessages(response): response.encode(into: &buffer)
        case let .moveFolder(response): response.encode(into: &buffer)
        case let .copyFolder(response): response.encode(into: &buffer)
        case let .emptyFolder(response): response.encode(into: &buffer)
        case let .hardDeleteMessagesAndSubfolders(response): response.encode(into: &buffer)
        case let .deleteMessages(response): response.encode(into: &buffer)
        case let .hardDeleteMessages(response): response.encode(into: &buffer)
        case let .getHierarchyTable(response): response.encode(into: &buffer)
        case let .getContentsTable(response): response.encode(into: &buffer)
        case let .setColumns(response): response.encode(into: &buffer)
        case let .sortTable(response): response.encode(into: &buffer)
        case let .restrict(response): response.encode(into: &buffer)
        case let .abort(response): response.encode(into: &buffer)
        case let .getStatus(response): response.encode(into: &buffer)
        case let .queryPosition(response): response.encode(into: &buffer)
        case let .seekRow(response): response.encode(into: &buffer)
        case let .seekRowBookmark(response): response.encode(into: &buffer)
        case let .seekRowFractional(response): response.encode(into: &buffer)
        case let .createBookmark(response): response.encode(into: &buffer)
        case let .queryColumnsAll(response): response.encode(into: &buffer)
        case let .freeBookmark(response): response.encode(into: &buffer)
        case let .resetTable(response): response.encode(into: &buffer)
        case let .collapseRow(response): response.encode(into: &buffer)
        case let .getCollapseState(response): response.encode(into: &buffer)
        case let .setCollapseState(response): response.encode(into: &buffer)
        case let .openMessage(response): response.encode(into: &buffer)
        case let .createMessage(response): response.encode(into: &buffer)
        case let .saveChangesMessage(response): response.encode(into: &buffer)
        case let .removeAllRecipients(response): response.encode(into: &buffer)
        case let .modifyRecipients(response): response.encode(into: &buffer)
        case let .setMessageReadFlag(response): response.encode(into: &buffer)
        case let .setReadFlags(response): response.encode(into: &buffer)
        case let .submitMessage(response): response.encode(into: &buffer)
        case let .getPropertiesAll(response): response.encode(into: &buffer)
        case let .getPropertiesList(response): response.encode(into: &buffer)
        case let .setProperties(response): response.encode(into: &buffer)
        case let .setPropertiesNoReplicate(response): response.encode(into: &buffer)
        case let .deleteProperties(response): response.encode(into: &buffer)
        case let .deletePropertiesNoReplicate(response): response.encode(into: &buffer)
        case let .getAttachmentTable(response): response.encode(into: &buffer)
        case let .openAttachment(response): response.encode(into: &buffer)
        case let .createAttachment(response): response.encode(into: &buffer)
        case let .deleteAttachment(response): response.encode(into: &buffer)
        case let .saveChangesAttachment(response): response.encode(into: &buffer)
        case let .openEmbeddedMessage(response): response.encode(into: &buffer)
        case let .openStream(response): response.encode(into: &buffer)
        case let .readStream(response): response.encode(into: &buffer)
        case let .writeStream(response): response.encode(into: &buffer)
        case let .writeStreamExtended(response): response.encode(into: &buffer)
        case let .commitStream(response): response.encode(into: &buffer)
        case let .getStreamSize(response): response.encode(into: &buffer)
        case let .setStreamSize(response): response.encode(into: &buffer)
        case let .seekStream(response): response.encode(into: &buffer)
        case let .copyToStream(response): response.encode(into: &buffer)
        case let .getPropertyIdsFromNames(response): response.encode(into: &buffer)
        case let .getNamesFromPropertyIds(response): response.encode(into: &buffer)
        case let .queryNamedProperties(response): response.encode(into: &buffer)
        case let .getPerUserLongTermIds(response): response.encode(into: &buffer)
        case let .getPerUserGuid(response): response.encode(into: &buffer)
        case let .readPerUserInformation(response): response.encode(into: &buffer)
        case let .writePerUserInformation(response): response.encode(into: &buffer)
        case let .setReceiveFolder(response): response.encode(into: &buffer)
        case let .getReceiveFolderTable(response): response.encode(into: &buffer)
        case let .copyProperties(response): response.encode(into: &buffer)
        case let .copyTo(response): response.encode(into: &buffer)
        }
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopResponse {
        let position = reader.offset
        try reader.require(1, field: "RopId")
        let id = RopID(reader.bytes[position])
        switch id {
        case .registerNotification: return .registerNotification(try .decode(from: &reader))
        case .notify: return .notify(try .decode(from: &reader))
        case .pending: return .pending(try .decode(from: &reader))
        case .bufferTooSmall: return .bufferTooSmall(try .decode(from: &reader))
        case .backoff: return .backoff(try .decode(from: &reader))
        case .logon: return .logon(try .decode(from: &reader))
        case .getReceiveFolder: return .getReceiveFolder(try .decode(from: &reader))
        case .getStoreState: return .getStoreState(try .decode(from: &reader))
        case .longTermIdFromId: return .longTermIdFromId(try .decode(from: &reader))
        case .idFromLongTermId: return .idFromLongTermId(try .decode(from: &reader))
        case .openFolder: return .openFolder(try .decode(from: &reader))
        case .createFolder: return .createFolder(try .decode(from: &reader))
        case .deleteFolder: return .deleteFolder(try .decode(from: &reader))
        case .setSearchCriteria: return .setSearchCriteria(try .decode(from: &reader))
        case .getSearchCriteria: return .getSearchCriteria(try .decode(from: &reader))
        case .moveCopyMessages: return .moveCopyMessages(try .decode(from: &reader))
        case .moveFolder: return .moveFolder(try .decode(from: &reader))
        case .copyFolder: return .copyFolder(try .decode(from: &reader))
        case .emptyFolder: return .emptyFolder(try .decode(from: &reader))
        case .hardDeleteMessagesAndSubfolders: return .hardDeleteMessagesAndSubfolders(try .decode(from: &reader))
        case .deleteMessages: return .deleteMessages(try .decode(from: &reader))
        case .hardDeleteMessages: return .hardDeleteMessages(try .decode(from: &reader))
        case .getHierarchyTable: return .getHierarchyTable(try .decode(from: &reader))
        case .getContentsTable: return .getContentsTable(try .decode(from: &reader))
        case .setColumns: return .setColumns(try .decode(from: &reader))
        case .sortTable: return .sortTable(try .decode(from: &reader))
        case .restrict: return .restrict(try .decode(from: &reader))
        case .abort: return .abort(try .decode(from: &reader))
        case .getStatus: return .getStatus(try .decode(from: &reader))
        case .queryPosition: return .queryPosition(try .decode(from: &reader))
        case .seekRow: return .seekRow(try .decode(from: &reader))
        case .seekRowBookmark: return .seekRowBookmark(try .decode(from: &reader))
        case .seekRowFractional: return .seekRowFractional(try .decode(from: &reader))
        case .createBookmark: return .createBookmark(try .decode(from: &reader))
        case .queryColumnsAll: return .queryColumnsAll(try .decode(from: &reader))
        case .freeBookmark: return .freeBookmark(try .decode(from: &reader))
        case .resetTable: return .resetTable(try .decode(from: &reader))
        case .collapseRow: return .collapseRow(try .decode(from: &reader))
        case .getCollapseState: return .getCollapseState(try .decode(from: &reader))
        case .setCollapseState: return .setCollapseState(try .decode(from: &reader))
        case .openMessage: return .openMessage(try .decode(from: &reader))
        case .createMessage: return .createMessage(try .decode(from: &reader))
        case .saveChangesMessage: return .saveChangesMessage(try .decode(from: &reader))
        case .removeAllRecipients: return .removeAllRecipients(try .decode(from: &reader))
        case .modifyRecipients: return .modifyRecipients(try .decode(from: &reader))
        case .setMessageReadFlag: return .setMessageReadFlag(try .decode(from: &reader))
        case .setReadFlags: return .setReadFlags(try .decode(from: &reader))
        case .submitMessage: return .submitMessage(try .decode(from: &reader))
        case .getPropertiesAll: return .getPropertiesAll(try .decode(from: &reader))
        case .getPropertiesList: return .getPropertiesList(try .decode(from: &reader))
        case .setProperties: return .setProperties(try .decode(from: &reader))
        case .setPropertiesNoReplicate: return .setPropertiesNoReplicate(try .decode(from: &reader))
        case .deleteProperties: return .deleteProperties(try .decode(from: &reader))
        case .deletePropertiesNoReplicate: return .deletePropertiesNoReplicate(try .decode(from: &reader))
        case .getAttachmentTable: return .getAttachmentTable(try .decode(from: &reader))
        case .openAttachment: return .openAttachment(try .decode(from: &reader))
        case .createAttachment: return .createAttachment(try .decode(from: &reader))
        case .deleteAttachment: return .deleteAttachment(try .decode(from: &reader))
        case .saveChangesAttachment: return .saveChangesAttachment(try .decode(from: &reader))
        case .openEmbeddedMessage: return .openEmbeddedMessage(try .decode(from: &reader))
        case .openStream: return .openStream(try .decode(from: &reader))
        case .readStream: return .readStream(try .decode(from: &reader))
        case .writeStream: return .writeStream(try .decode(from: &reader))
        case .writeStreamExtended: return .writeStreamExtended(try .decode(from: &reader))
        case .commitStream: return .commitStream(try .decode(from: &reader))
        case .getStreamSize: return .getStreamSize(try .decode(from: &reader))
        case .setStreamSize: return .setStreamSize(try .decode(from: &reader))
        case .seekStream: return .seekStream(try .decode(from: &reader))
        case .copyToStream: return .copyToStream(try .decode(from: &reader))
        case .getPropertyIdsFromNames: return .getPropertyIdsFromNames(try .decode(from: &reader))
        case .getNamesFromPropertyIds: return .getNamesFromPropertyIds(try .decode(from: &reader))
        case .queryNamedProperties: return .queryNamedProperties(try .decode(from: &reader))
        case .getPerUserLongTermIds: return .getPerUserLongTermIds(try .decode(from: &reader))
        case .getPerUserGuid: return .getPerUserGuid(try .decode(from: &reader))
        case .readPerUserInformation: return .readPerUserInformation(try .decode(from: &reader))
        case .writePerUserInformation: return .writePerUserInformation(try .decode(from: &reader))
        case .setReceiveFolder: return .setReceiveFolder(try .decode(from: &reader))
        case .getReceiveFolderTable: return .getReceiveFolderTable(try .decode(from: &reader))
        case .copyProperties: return .copyProperties(try .decode(from: &reader))
        case .copyTo: return .copyTo(try .decode(from: &reader))
        default: throw WireError(offset: position, field: "RopId", kind: .unknownRopId(id.rawValue))
        }
    }
}

/// Splits a response RopsList into responses, in order.
public struct RopResponseReader: Sendable {
    public struct Element: Hashable, Sendable {
        public var response: RopResponse
        public var range: Range<Int>
    }

    private var reader: ByteReader

    public init(ropsList: [UInt8]) { reader = ByteReader(ropsList) }

    public var offset: Int { reader.offset }

    public mutating func next() throws(WireError) -> Element? {
        guard !reader.isAtEnd else { return nil }
        let start = reader.offset
        let response = try RopResponse.decode(from: &reader)
        return Element(response: response, range: start..<reader.offset)
    }

    public static func decodeAll(_ ropsList: [UInt8]) throws(WireError) -> [Element] {
        var iterator = RopResponseReader(ropsList: ropsList)
        var elements: [Element] = []
        while let element = try iterator.next() { elements.append(element) }
        return elements
    }
}
