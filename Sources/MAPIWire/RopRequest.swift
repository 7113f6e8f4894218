/// A decoded ROP request.
///
/// Every request layout Herald parses is a case here; ``RopRequestReader`` dispatches on the RopId.
/// A RopId Herald does not implement but whose request ``RopRequestLength`` can measure becomes
/// ``unsupported(_:)``. Any other RopId (reserved, or a layout that cannot be measured) cannot be split
/// from the RopsList (requests carry no length prefix), so it is a ``WireError`` with
/// ``WireError/Kind/unknownRopId(_:)`` and the call fails with ``ErrorCode/rpcFormat``
/// (MS-OXCROPS 3.2.5.1).
public enum RopRequest: Hashable, Sendable {
    case release(RopReleaseRequest)
    case registerNotification(RopRegisterNotificationRequest)
    case logon(RopLogonRequest)
    case getReceiveFolder(RopGetReceiveFolderRequest)
    case getStoreState(RopGetStoreStateRequest)
    case longTermIdFromId(RopLongTermIdFromIdRequest)
    case idFromLongTermId(RopIdFromLongTermIdRequest)
    case openFolder(RopOpenFolderRequest)
    case createFolder(RopCreateFolderRequest)
    case deleteFolder(RopDeleteFolderRequest)
    case setSearchCriteria(RopSetSearchCriteriaRequest)
    case getSearchCriteria(RopGetSearchCriteriaRequest)
    case moveCopyMessages(RopMoveCopyMessagesRequest)
    case moveFolder(RopMoveFolderRequest)
    case copyFolder(RopCopyFolderRequest)
    case emptyFolder(RopEmptyFolderRequest)
    case hardDeleteMessagesAndSubfolders(RopHardDeleteMessagesAndSubfoldersRequest)
    case deleteMessages(RopDeleteMessagesRequest)
    case hardDeleteMessages(RopHardDeleteMessagesRequest)
    case getHierarchyTable(RopGetHierarchyTableRequest)
    case getContentsTable(RopGetContentsTableRequest)
    case setColumns(RopSetColumnsRequest)
    case sortTable(RopSortTableRequest)
    case restrict(RopRestrictRequest)
    case queryRows(RopQueryRowsRequest)
    case abort(RopAbortRequest)
    case getStatus(RopGetStatusRequest)
    case queryPosition(RopQueryPositionRequest)
    case seekRow(RopSeekRowRequest)
    case seekRowBookmark(RopSeekRowBookmarkRequest)
    case seekRowFractional(RopSeekRowFractionalRequest)
    case createBookmark(RopCreateBookmarkRequest)
    case queryColumnsAll(RopQueryColumnsAllRequest)
    case findRow(RopFindRowRequest)
    case freeBookmark(RopFreeBookmarkRequest)
    case resetTable(RopResetTableRequest)
    case expandRow(RopExpandRowRequest)
    case collapseRow(RopCollapseRowRequest)
    case getCollapseState(RopGetCollapseStateRequest)
    case setCollapseState(RopSetCollapseStateRequest)
    case openMessage(RopOpenMessageRequest)
    case createMessage(RopCreateMessageRequest)
    case saveChangesMessage(RopSaveChangesMessageRequest)
    case removeAllRecipients(RopRemoveAllRecipientsRequest)
    case modifyRecipients(RopModifyRecipientsRequest)
    case readRecipients(RopReadRecipientsRequest)
    case setMessageReadFlag(RopSetMessageReadFlagRequest)
    case setReadFlags(RopSetReadFlagsRequest)
    case submitMessage(RopSubmitMessageRequest)
    case getPropertiesSpecific(RopGetPropertiesSpecificRequest)
    case getPropertiesAll(RopGetPropertiesAllRequest)
    case getPropertiesList(RopGetPropertiesListRequest)
    case setProperties(RopSetPropertiesRequest)
    case setPropertiesNoReplicate(RopSetPropertiesNoReplicateRequest)
    case deleteProperties(RopDeletePropertiesRequest)
    case deletePropertiesNoReplicate(RopDeletePropertiesNoReplicateRequest)
    case getAttachmentTable(RopGetAttachmentTableRequest)
    case openAttachment(RopOpenAttachmentRequest)
    case createAttachment(RopCreateAttachmentRequest)
    case deleteAttachment(RopDeleteAttachmentRequest)
    case saveChangesAttachment(RopSaveChangesAttachmentRequest)
    case openEmbeddedMessage(RopOpenEmbeddedMessageRequest)
    case openStream(RopOpenStreamRequest)
    case readStream(RopReadStreamRequest)
    case writeStream(RopWriteStreamRequest)
    case writeStreamExtended(RopWriteStreamExtendedRequest)
    case commitStream(RopCommitStreamRequest)
    case getStreamSize(RopGetStreamSizeRequest)
    case setStreamSize(RopSetStreamSizeRequest)
    case seekStream(RopSeekStreamRequest)
    case copyToStream(RopCopyToStreamRequest)
    case getPropertyIdsFromNames(RopGetPropertyIdsFromNamesRequest)
    case getNamesFromPropertyIds(RopGetNamesFromPropertyIdsRequest)
    case queryNamedProperties(RopQueryNamedPropertiesRequest)
    case getPerUserLongTermIds(RopGetPerUserLongTermIdsRequest)
    case getPerUserGuid(RopGetPerUserGuidRequest)
    case readPerUserInformation(RopReadPerUserInformationRequest)
    case writePerUserInformation(RopWritePerUserInformationRequest)
    case setReceiveFolder(RopSetReceiveFolderRequest)
    case getReceiveFolderTable(RopGetReceiveFolderTableRequest)
    case copyProperties(RopCopyPropertiesRequest)
    case copyTo(RopCopyToRequest)
    /// A ROP Herald does not implement but can measure (``RopRequestLength``); the processor answers it
    /// with its failure response.
    case unsupported(RopUnsupportedRequest)

    public var ropID: RopID {
        switch self {
        case .release: .release
        case .registerNotification: .registerNotification
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
        case .queryRows: .queryRows
        case .abort: .abort
        case .getStatus: .getStatus
        case .queryPosition: .queryPosition
        case .seekRow: .seekRow
        case .seekRowBookmark: .seekRowBookmark
        case .seekRowFractional: .seekRowFractional
        case .createBookmark: .createBookmark
        case .queryColumnsAll: .queryColumnsAll
        case .findRow: .findRow
        case .freeBookmark: .freeBookmark
        case .resetTable: .resetTable
        case .expandRow: .expandRow
        case .collapseRow: .collapseRow
        case .getCollapseState: .getCollapseState
        case .setCollapseState: .setCollapseState
        case .openMessage: .openMessage
        case .createMessage: .createMessage
        case .saveChangesMessage: .saveChangesMessage
        case .removeAllRecipients: .removeAllRecipients
        case .modifyRecipients: .modifyRecipients
        case .readRecipients: .readRecipients
        case .setMessageReadFlag: .setMessageReadFlag
        case .setReadFlags: .setReadFlags
        case .submitMessage: .submitMessage
        case .getPropertiesSpecific: .getPropertiesSpecific
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
        case let .unsupported(request): request.ropID
        }
    }

    public var logonID: UInt8 {
        switch self {
        case let .release(request): request.logonID
        case let .registerNotification(request): request.logonID
        case let .logon(request): request.logonID
        case let .getReceiveFolder(request): request.logonID
        case let .getStoreState(request): request.logonID
        case let .longTermIdFromId(request): request.logonID
        case let .idFromLongTermId(request): request.logonID
        case let .openFolder(request): request.logonID
        case let .createFolder(request): request.logonID
        case let .deleteFolder(request): request.logonID
        case let .setSearchCriteria(request): request.logonID
        case let .getSearchCriteria(request): request.logonID
        case let .moveCopyMessages(request): request.logonID
        case let .moveFolder(request): request.logonID
        case let .copyFolder(request): request.logonID
        case let .emptyFolder(request): request.logonID
        case let .hardDeleteMessagesAndSubfolders(request): request.logonID
        case let .deleteMessages(request): request.logonID
        case let .hardDeleteMessages(request): request.logonID
        case let .getHierarchyTable(request): request.logonID
        case let .getContentsTable(request): request.logonID
        case let .setColumns(request): request.logonID
        case let .sortTable(request): request.logonID
        case let .restrict(request): request.logonID
        case let .queryRows(request): request.logonID
        case let .abort(request): request.logonID
        case let .getStatus(request): request.logonID
        case let .queryPosition(request): request.logonID
        case let .seekRow(request): request.logonID
        case let .seekRowBookmark(request): request.logonID
        case let .seekRowFractional(request): request.logonID
        case let .createBookmark(request): request.logonID
        case let .queryColumnsAll(request): request.logonID
        case let .findRow(request): request.logonID
        case let .freeBookmark(request): request.logonID
        case let .resetTable(request): request.logonID
        case let .expandRow(request): request.logonID
        case let .collapseRow(request): request.logonID
        case let .getCollapseState(request): request.logonID
        case let .setCollapseState(request): request.logonID
        case let .openMessage(request): request.logonID
        case let .createMessage(request): request.logonID
        case let .saveChangesMessage(request): request.logonID
        case let .removeAllRecipients(request): request.logonID
        case let .modifyRecipients(request): request.logonID
        case let .readRecipients(request): request.logonID
        case let .setMessageReadFlag(request): request.logonID
        case let .setReadFlags(request): request.logonID
        case let .submitMessage(request): request.logonID
        case let .getPropertiesSpecific(request): request.logonID
        case let .getPropertiesAll(request): request.logonID
        case let .getPropertiesList(request): request.logonID
        case let .setProperties(request): request.logonID
        case let .setPropertiesNoReplicate(request): request.logonID
        case let .deleteProperties(request): request.logonID
        case let .deletePropertiesNoReplicate(request): request.logonID
        case let .getAttachmentTable(request): request.logonID
        case let .openAttachment(request): request.logonID
        case let .createAttachment(request): request.logonID
        case let .deleteAttachment(request): request.logonID
        case let .saveChangesAttachment(request): request.logonID
        case let .openEmbeddedMessage(request): request.logonID
        case let .openStream(request): request.logonID
        case let .readStream(request): request.logonID
        case let .writeStream(request): request.logonID
        case let .writeStreamExtended(request): request.logonID
        case let .commitStream(request): request.logonID
        case let .getStreamSize(request): request.logonID
        case let .setStreamSize(request): request.logonID
        case let .seekStream(request): request.logonID
        case let .copyToStream(request): request.logonID
        case let .getPropertyIdsFromNames(request): request.logonID
        case let .getNamesFromPropertyIds(request): request.logonID
        case let .queryNamedProperties(request): request.logonID
        case let .getPerUserLongTermIds(request): request.logonID
        case let .getPerUserGuid(request): request.logonID
        case let .readPerUserInformation(request): request.logonID
        case let .writePerUserInformation(request): request.logonID
        case let .setReceiveFolder(request): request.logonID
        case let .getReceiveFolderTable(request): request.logonID
        case let .copyProperties(request): request.logonID
        case let .copyTo(request): request.logonID
        case let .unsupported(request): request.logonID
        }
    }

    public func encode(into buffer: inout [UInt8]) {
        switch self {
        case let .release(request): request.encode(into: &buffer)
        case let .registerNotification(request): request.encode(into: &buffer)
        case let .logon(request): request.encode(into: &buffer)
        case let .getReceiveFolder(request): request.encode(into: &buffer)
        case let .getStoreState(request): request.encode(into: &buffer)
        case let .longTermIdFromId(request): request.encode(into: &buffer)
        case let .idFromLongTermId(request): request.encode(into: &buffer)
        case let .openFolder(request): request.encode(into: &buffer)
        case let .createFolder(request): request.encode(into: &buffer)
        case let .deleteFolder(request): request.encode(into: &buffer)
        case let .setSearchCriteria(request): request.encode(into: &buffer)
        case let .getSearchCriteria(request): request.encode(into: &buffer)
        case let .moveCopyMessages(request): request.encode(into: &buffer)
        case let .moveFolder(request): request.encode(into: &buffer)
        case let .copyFolder(request): request.encode(into: &buffer)
        case let .emptyFolder(request): request.encode(into: &buffer)
        case let .hardDeleteMessagesAndSubfolders(request): request.encode(into: &buffer)
        case let .deleteMessages(request): request.encode(into: &buffer)
        case let .hardDeleteMessages(request): request.encode(into: &buffer)
        case let .getHierarchyTable(request): request.encode(into: &buffer)
        case let .getContentsTable(request): request.encode(into: &buffer)
        case let .setColumns(request): request.encode(into: &buffer)
        case let .sortTable(request): request.encode(into: &buffer)
        case let .restrict(request): request.encode(into: &buffer)
        case let .queryRows(request): request.encode(into: &buffer)
        case let .abort(request): request.encode(into: &buffer)
        case let .getStatus(request): request.encode(into: &buffer)
        case let .queryPosition(request): request.encode(into: &buffer)
        case let .seekRow(request): request.encode(into: &buffer)
        case let .seekRowBookmark(request): request.encode(into: &buffer)
        case let .seekRowFractional(request): request.encode(into: &buffer)
        case let .createBookmark(request): request.encode(into: &buffer)
        case let .queryColumnsAll(request): request.encode(into: &buffer)
        case let .findRow(request): request.encode(into: &buffer)
        case let .freeBookmark(request): request.encode(into: &buffer)
        case let .resetTable(request): request.encode(into: &buffer)
        case let .expandRow(request): request.encode(into: &buffer)
        case let .collapseRow(request): request.encode(into: &buffer)
        case let .getCollapseState(request): request.encode(into: &buffer)
        case let .setCollapseState(request): request.encode(into: &buffer)
        case let .openMessage(request): request.encode(into: &buffer)
        case let .createMessage(request): request.encode(into: &buffer)
        case let .saveChangesMessage(request): request.encode(into: &buffer)
        case let .removeAllRecipients(request): request.encode(into: &buffer)
        case let .modifyRecipients(request): request.encode(into: &buffer)
        case let .readRecipients(request): request.encode(into: &buffer)
        case let .setMessageReadFlag(request): request.encode(into: &buffer)
        case let .setReadFlags(request): request.encode(into: &buffer)
        case let .submitMessage(request): request.encode(into: &buffer)
        case let .getPropertiesSpecific(request): request.encode(into: &buffer)
        case let .getPropertiesAll(request): request.encode(into: &buffer)
        case let .getPropertiesList(request): request.encode(into: &buffer)
        case let .setProperties(request): request.encode(into: &buffer)
        case let .setPropertiesNoReplicate(request): request.encode(into: &buffer)
        case let .deleteProperties(request): request.encode(into: &buffer)
        case let .deletePropertiesNoReplicate(request): request.encode(into: &buffer)
        case let .getAttachmentTable(request): request.encode(into: &buffer)
        case let .openAttachment(request): request.encode(into: &buffer)
        case let .createAttachment(request): request.encode(into: &buffer)
        case let .deleteAttachment(request): request.encode(into: &buffer)
        case let .saveChangesAttachment(request): request.encode(into: &buffer)
        case let .openEmbeddedMessage(request): request.encode(into: &buffer)
        case let .openStream(request): request.encode(into: &buffer)
        case let .readStream(request): request.encode(into: &buffer)
        case let .writeStream(request): request.encode(into: &buffer)
        case let .writeStreamExtended(request): request.encode(into: &buffer)
        case let .commitStream(request): request.encode(into: &buffer)
        case let .getStreamSize(request): request.encode(into: &buffer)
        case let .setStreamSize(request): request.encode(into: &buffer)
        case let .seekStream(request): request.encode(into: &buffer)
        case let .copyToStream(request): request.encode(into: &buffer)
        case let .getPropertyIdsFromNames(request): request.encode(into: &buffer)
        case let .getNamesFromPropertyIds(request): request.encode(into: &buffer)
        case let .queryNamedProperties(request): request.encode(into: &buffer)
        case let .getPerUserLongTermIds(request): request.encode(into: &buffer)
        case let .getPerUserGuid(request): request.encode(into: &buffer)
        case let .readPerUserInformation(request): request.encode(into: &buffer)
        case let .writePerUserInformation(request): request.encode(into: &buffer)
        case let .setReceiveFolder(request): request.encode(into: &buffer)
        case let .getReceiveFolderTable(request): request.encode(into: &buffer)
        case let .copyProperties(request): request.encode(into: &buffer)
        case let .copyTo(request): request.encode(into: &buffer)
        case let .unsupported(request): request.encode(into: &buffer)
        }
    }

    /// Decodes the request at the reader's position.
    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopRequest {
        let position = reader.offset
        try reader.require(1, field: "RopId")
        let id = RopID(reader.bytes[position])
        switch id {
        case .release: return .release(try .decode(from: &reader))
        case .registerNotification: return .registerNotification(try .decode(from: &reader))
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
        case .queryRows: return .queryRows(try .decode(from: &reader))
        case .abort: return .abort(try .decode(from: &reader))
        case .getStatus: return .getStatus(try .decode(from: &reader))
        case .queryPosition: return .queryPosition(try .decode(from: &reader))
        case .seekRow: return .seekRow(try .decode(from: &reader))
        case .seekRowBookmark: return .seekRowBookmark(try .decode(from: &reader))
        case .seekRowFractional: return .seekRowFractional(try .decode(from: &reader))
        case .createBookmark: return .createBookmark(try .decode(from: &reader))
        case .queryColumnsAll: return .queryColumnsAll(try .decode(from: &reader))
        case .findRow: return .findRow(try .decode(from: &reader))
        case .freeBookmark: return .freeBookmark(try .decode(from: &reader))
        case .resetTable: return .resetTable(try .decode(from: &reader))
        case .expandRow: return .expandRow(try .decode(from: &reader))
        case .collapseRow: return .collapseRow(try .decode(from: &reader))
        case .getCollapseState: return .getCollapseState(try .decode(from: &reader))
        case .setCollapseState: return .setCollapseState(try .decode(from: &reader))
        case .openMessage: return .openMessage(try .decode(from: &reader))
        case .createMessage: return .createMessage(try .decode(from: &reader))
        case .saveChangesMessage: return .saveChangesMessage(try .decode(from: &reader))
        case .removeAllRecipients: return .removeAllRecipients(try .decode(from: &reader))
        case .modifyRecipients: return .modifyRecipients(try .decode(from: &reader))
        case .readRecipients: return .readRecipients(try .decode(from: &reader))
        case .setMessageReadFlag: return .setMessageReadFlag(try .decode(from: &reader))
        case .setReadFlags: return .setReadFlags(try .decode(from: &reader))
        case .submitMessage: return .submitMessage(try .decode(from: &reader))
        case .getPropertiesSpecific: return .getPropertiesSpecific(try .decode(from: &reader))
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
        default:
            if let unsupported = try RopUnsupportedRequest.decode(from: &reader) { return .unsupported(unsupported) }
            throw WireError(offset: position, field: "RopId", kind: .unknownRopId(id.rawValue))
        }
    }
}

/// Splits a RopsList into requests, in order (MS-OXCROPS 3.2.5.1).
///
/// Each element carries the byte range it came from, so a processor that runs out of output space can
/// copy the unprocessed remainder into RopBufferTooSmall.RequestBuffers.
public struct RopRequestReader: Sendable {
    public struct Element: Hashable, Sendable {
        public var request: RopRequest
        /// The request's bytes within the RopsList.
        public var range: Range<Int>
    }

    private var reader: ByteReader

    public init(ropsList: [UInt8]) { reader = ByteReader(ropsList) }

    /// The offset of the next request within the RopsList.
    public var offset: Int { reader.offset }
    public var isAtEnd: Bool { reader.isAtEnd }

    /// The next request, nil at the end of the RopsList.
    public mutating func next() throws(WireError) -> Element? {
        guard !reader.isAtEnd else { return nil }
        let start = reader.offset
        let request = try RopRequest.decode(from: &reader)
        return Element(request: request, range: start..<reader.offset)
    }

    /// Every request, or the first error.
    public static func decodeAll(_ ropsList: [UInt8]) throws(WireError) -> [Element] {
        var iterator = RopRequestReader(ropsList: ropsList)
        var elements: [Element] = []
        while let element = try iterator.next() { elements.append(element) }
        return elements
    }
}
