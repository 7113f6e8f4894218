import MAPIWire

/// The one switch from a decoded request to its handler: **one line per ROP**. A ROP without a
/// handler throws ``ROPError/notSupported``, which the processor turns into that ROP's failure
/// response (ecNotSupported, MS-OXCROPS 2.2 failure layouts) — never a malformed buffer.
///
/// Handlers return their response value (encoded here) or throw; see docs/EMSMDB.md
/// "Adding a ROP handler".
enum ROPDispatch {
    static func dispatch(_ request: RopRequest, _ context: inout ROPContext, _ output: inout [UInt8]) throws {
        switch request {
        // Store (Handlers/StoreROPs.swift)
        case let .logon(request): try StoreROPs.logon(request, &context).encode(into: &output)
        case let .getReceiveFolder(request): try StoreROPs.getReceiveFolder(request, &context).encode(into: &output)
        case let .getStoreState(request): try StoreROPs.getStoreState(request, &context).encode(into: &output)
        // Objects and notifications (Handlers/NotificationROPs.swift)
        case let .release(request): NotificationROPs.release(request, &context)
        case let .registerNotification(request): try NotificationROPs.registerNotification(request, &context).encode(into: &output)
        // Folders (Handlers/FolderROPs.swift)
        case let .openFolder(request): try FolderROPs.openFolder(request, &context).encode(into: &output)
        case let .createFolder(request): try FolderROPs.createFolder(request, &context).encode(into: &output)
        case let .deleteFolder(request): try FolderROPs.deleteFolder(request, &context).encode(into: &output)
        case let .moveFolder(request): try FolderROPs.moveFolder(request, &context).encode(into: &output)
        case let .copyFolder(request): try FolderROPs.copyFolder(request, &context).encode(into: &output)
        case let .emptyFolder(request): try FolderROPs.emptyFolder(request, &context).encode(into: &output)
        case let .hardDeleteMessagesAndSubfolders(request): try FolderROPs.hardDeleteMessagesAndSubfolders(request, &context).encode(into: &output)
        case let .deleteMessages(request): try FolderROPs.deleteMessages(request, &context).encode(into: &output)
        case let .hardDeleteMessages(request): try FolderROPs.hardDeleteMessages(request, &context).encode(into: &output)
        case let .moveCopyMessages(request): try FolderROPs.moveCopyMessages(request, &context).encode(into: &output)
        // Ids
        case .longTermIdFromId: throw ROPError.notSupported
        case .idFromLongTermId: throw ROPError.notSupported
        // Search folders
        case let .setSearchCriteria(request): try TableROPs.setSearchCriteria(request, &context).encode(into: &output)
        case let .getSearchCriteria(request): try TableROPs.getSearchCriteria(request, &context).encode(into: &output)
        // Tables
        case let .getHierarchyTable(request): try TableROPs.getHierarchyTable(request, &context).encode(into: &output)
        case let .getContentsTable(request): try TableROPs.getContentsTable(request, &context).encode(into: &output)
        case let .setColumns(request): try TableROPs.setColumns(request, &context).encode(into: &output)
        case let .sortTable(request): try TableROPs.sortTable(request, &context).encode(into: &output)
        case let .restrict(request): try TableROPs.restrict(request, &context).encode(into: &output)
        case let .queryRows(request): try TableROPs.queryRows(request, &context).encode(into: &output)
        case let .abort(request): try TableROPs.abort(request, &context).encode(into: &output)
        case let .getStatus(request): try TableROPs.getStatus(request, &context).encode(into: &output)
        case let .queryPosition(request): try TableROPs.queryPosition(request, &context).encode(into: &output)
        case let .seekRow(request): try TableROPs.seekRow(request, &context).encode(into: &output)
        case let .seekRowBookmark(request): try TableROPs.seekRowBookmark(request, &context).encode(into: &output)
        case let .seekRowFractional(request): try TableROPs.seekRowFractional(request, &context).encode(into: &output)
        case let .createBookmark(request): try TableROPs.createBookmark(request, &context).encode(into: &output)
        case let .queryColumnsAll(request): try TableROPs.queryColumnsAll(request, &context).encode(into: &output)
        case let .findRow(request): try TableROPs.findRow(request, &context).encode(into: &output)
        case let .freeBookmark(request): try TableROPs.freeBookmark(request, &context).encode(into: &output)
        case let .resetTable(request): try TableROPs.resetTable(request, &context).encode(into: &output)
        case let .expandRow(request): try TableROPs.expandRow(request, &context).encode(into: &output)
        case let .collapseRow(request): try TableROPs.collapseRow(request, &context).encode(into: &output)
        case let .getCollapseState(request): try TableROPs.getCollapseState(request, &context).encode(into: &output)
        case let .setCollapseState(request): try TableROPs.setCollapseState(request, &context).encode(into: &output)
        // Messages
        case let .openMessage(request): try MessageROPs.openMessage(request, &context).encode(into: &output)
        case let .createMessage(request): try MessageROPs.createMessage(request, &context).encode(into: &output)
        case let .saveChangesMessage(request): try MessageROPs.saveChangesMessage(request, &context).encode(into: &output)
        case let .removeAllRecipients(request): try MessageROPs.removeAllRecipients(request, &context).encode(into: &output)
        case let .modifyRecipients(request): try MessageROPs.modifyRecipients(request, &context).encode(into: &output)
        case let .readRecipients(request): try MessageROPs.readRecipients(request, &context).encode(into: &output)
        case let .setMessageReadFlag(request): try MessageROPs.setMessageReadFlag(request, &context).encode(into: &output)
        case let .setReadFlags(request): try MessageROPs.setReadFlags(request, &context).encode(into: &output)
        case let .submitMessage(request): try MessageROPs.submitMessage(request, &context).encode(into: &output)
        // Properties
        case let .getPropertiesSpecific(request): try PropertyROPs.getPropertiesSpecific(request, &context).encode(into: &output)
        case let .getPropertiesAll(request): try PropertyROPs.getPropertiesAll(request, &context).encode(into: &output)
        case let .getPropertiesList(request): try PropertyROPs.getPropertiesList(request, &context).encode(into: &output)
        case let .setProperties(request): try PropertyROPs.setProperties(request, &context).encode(into: &output)
        case let .setPropertiesNoReplicate(request): try PropertyROPs.setPropertiesNoReplicate(request, &context).encode(into: &output)
        case let .deleteProperties(request): try PropertyROPs.deleteProperties(request, &context).encode(into: &output)
        case let .deletePropertiesNoReplicate(request): try PropertyROPs.deletePropertiesNoReplicate(request, &context).encode(into: &output)
        // Measured by RopRequestLength but not decoded: always the failure response.
        case .unsupported: throw ROPError.notSupported
        }
    }
}
