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
        case .setSearchCriteria: throw ROPError.notSupported
        case .getSearchCriteria: throw ROPError.notSupported
        // Tables
        case .getHierarchyTable: throw ROPError.notSupported
        case .getContentsTable: throw ROPError.notSupported
        case .setColumns: throw ROPError.notSupported
        case .sortTable: throw ROPError.notSupported
        case .restrict: throw ROPError.notSupported
        case .queryRows: throw ROPError.notSupported
        case .abort: throw ROPError.notSupported
        case .getStatus: throw ROPError.notSupported
        case .queryPosition: throw ROPError.notSupported
        case .seekRow: throw ROPError.notSupported
        case .seekRowBookmark: throw ROPError.notSupported
        case .seekRowFractional: throw ROPError.notSupported
        case .createBookmark: throw ROPError.notSupported
        case .queryColumnsAll: throw ROPError.notSupported
        case .findRow: throw ROPError.notSupported
        case .freeBookmark: throw ROPError.notSupported
        case .resetTable: throw ROPError.notSupported
        case .expandRow: throw ROPError.notSupported
        case .collapseRow: throw ROPError.notSupported
        case .getCollapseState: throw ROPError.notSupported
        case .setCollapseState: throw ROPError.notSupported
        // Messages
        case .openMessage: throw ROPError.notSupported
        case .createMessage: throw ROPError.notSupported
        case .saveChangesMessage: throw ROPError.notSupported
        case .removeAllRecipients: throw ROPError.notSupported
        case .modifyRecipients: throw ROPError.notSupported
        case .readRecipients: throw ROPError.notSupported
        case .setMessageReadFlag: throw ROPError.notSupported
        case .setReadFlags: throw ROPError.notSupported
        case .submitMessage: throw ROPError.notSupported
        // Properties
        case .getPropertiesSpecific: throw ROPError.notSupported
        case .getPropertiesAll: throw ROPError.notSupported
        case .getPropertiesList: throw ROPError.notSupported
        case .setProperties: throw ROPError.notSupported
        case .setPropertiesNoReplicate: throw ROPError.notSupported
        case .deleteProperties: throw ROPError.notSupported
        case .deletePropertiesNoReplicate: throw ROPError.notSupported
        // Measured by RopRequestLength but not decoded: always the failure response.
        case .unsupported: throw ROPError.notSupported
        }
    }
}
