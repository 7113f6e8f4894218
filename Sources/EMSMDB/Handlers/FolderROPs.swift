import MAPIWire
import MailboxStore

/// Folder ROPs (MS-OXCFOLD).
enum FolderROPs {
    /// OpenModeFlags (MS-OXCFOLD 2.2.1.1.1).
    enum OpenModeFlags {
        static let openSoftDeleted: UInt8 = 0x04
    }

    /// The mailbox a folder ROP works in: the input object must be a Logon or a Folder object
    /// (MS-OXCFOLD 2.2.1.1.1 InputHandleIndex).
    static func logon(ofInput index: UInt8, _ context: ROPContext) throws(ROPError) -> LogonObject {
        switch try context.anyObject(at: index) {
        case let logon as LogonObject: logon
        case let folder as FolderObject: folder.logon
        default: throw ROPError.nullObject
        }
    }

    /// RopOpenFolder (MS-OXCFOLD 3.2.5.1): any folder of the logon's mailbox by FID; unknown FID →
    /// ecNotFound; a message id → ecNotSupported (store: wrong object kind). Folders are never soft
    /// deleted in Herald, so OpenSoftDeleted finds nothing more.
    static func openFolder(_ request: RopOpenFolderRequest, _ context: inout ROPContext) throws -> RopOpenFolderResponse {
        let logon = try logon(ofInput: request.inputHandleIndex, context)
        try context.checkOutputIndex(request.outputHandleIndex)
        let folder = try context.store.folder(logon.mailboxID, request.folderID)
        try context.setOutput(FolderObject(logon: logon, folderID: folder.id, isSearchFolder: folder.isSearchFolder), at: request.outputHandleIndex)
        return RopOpenFolderResponse(outputHandleIndex: request.outputHandleIndex, outcome: .success(.init(hasRules: false)))
    }
}

extension FolderROPs {
    /// FolderType of RopCreateFolder (MS-OXCFOLD 2.2.1.2.1).
    enum FolderType {
        static let generic: UInt8 = 0x01
        static let search: UInt8 = 0x02
    }

    /// DeleteFolderFlags (MS-OXCFOLD 2.2.1.3.1).
    enum DeleteFolderFlags {
        static let deleteMessages: UInt8 = 0x01
        static let deleteFolders: UInt8 = 0x04
        static let hardDelete: UInt8 = 0x10
    }

    /// RopCreateFolder (MS-OXCFOLD 3.2.5.2) under the Folder object in InputHandleIndex. FolderType 1
    /// is a generic folder, 2 a search folder (empty until RopSetSearchCriteria); anything else →
    /// ecInvalidParameter. A sibling with the same name → ecDuplicateName (ecCollidingNames
    /// 0x80040604) unless OpenExisting, which opens it. Private mailbox: IsExistingFolder is always
    /// 0 (MS-OXCFOLD 2.2.1.2.2), so the success response is 15 bytes.
    static func createFolder(_ request: RopCreateFolderRequest, _ context: inout ROPContext) throws -> RopCreateFolderResponse {
        let parent = try context.object(at: request.inputHandleIndex, as: FolderObject.self)
        try context.checkOutputIndex(request.outputHandleIndex)
        guard request.folderType == FolderType.generic || request.folderType == FolderType.search else { throw ROPError.invalidParameter }
        guard context.canAllocateHandle else { throw ROPError(.notEnoughMemory) }
        let comment = request.comment.string
        let (folderID, _) = try context.store.createFolder(
            parent.mailboxID, parent: parent.folderID, name: request.displayName.string, comment: comment.isEmpty ? nil : comment,
            searchFolder: request.folderType == FolderType.search, openExisting: request.openExisting)
        let summary = try context.store.folder(parent.mailboxID, folderID)
        try context.setOutput(FolderObject(logon: parent.logon, folderID: folderID, isSearchFolder: summary.isSearchFolder), at: request.outputHandleIndex)
        return RopCreateFolderResponse(outputHandleIndex: request.outputHandleIndex, outcome: .success(.init(folderID: folderID)))
    }

    /// RopDeleteFolder (MS-OXCFOLD 3.2.5.3) of a child of the Folder object in InputHandleIndex.
    /// Without DEL_MESSAGES / DEL_FOLDERS a non-empty folder is kept and PartialCompletion is set;
    /// special folders → ecAccessDenied; not a child → ecNotFound.
    static func deleteFolder(_ request: RopDeleteFolderRequest, _ context: inout ROPContext) throws -> RopDeleteFolderResponse {
        let parent = try context.object(at: request.inputHandleIndex, as: FolderObject.self)
        let flags = request.deleteFolderFlags
        let partial = try context.store.deleteFolder(
            parent.mailboxID, parent: parent.folderID, folder: request.folderID,
            deleteMessages: flags & DeleteFolderFlags.deleteMessages != 0, deleteSubfolders: flags & DeleteFolderFlags.deleteFolders != 0,
            hard: flags & DeleteFolderFlags.hardDelete != 0)
        return RopDeleteFolderResponse(inputHandleIndex: request.inputHandleIndex, partialCompletion: partial)
    }

    /// The destination Folder object of a move/copy, or nil when DestHandleIndex does not name one:
    /// the ROP then fails with ecDstNullObject 0x503 and echoes DestHandleIndex (MS-OXCROPS 2.2.4.7.3).
    static func destination(_ index: UInt8, _ context: ROPContext) -> FolderObject? {
        try? context.object(at: index, as: FolderObject.self)
    }

    /// RopMoveFolder (MS-OXCFOLD 3.2.5.7): keeps the FID; ObjectMoved carries the old parent.
    static func moveFolder(_ request: RopMoveFolderRequest, _ context: inout ROPContext) throws -> RopMoveFolderResponse {
        let source = try context.object(at: request.sourceHandleIndex, as: FolderObject.self)
        guard let destination = destination(request.destHandleIndex, context) else {
            return RopMoveFolderResponse(
                sourceHandleIndex: request.sourceHandleIndex, returnValue: .nullDestinationObject,
                destHandleIndex: UInt32(request.destHandleIndex), partialCompletion: false)
        }
        let name = request.newFolderName.string
        try context.store.moveFolder(source.mailboxID, from: source.folderID, folder: request.folderID, to: destination.folderID, newName: name.isEmpty ? nil : name)
        return RopMoveFolderResponse(sourceHandleIndex: request.sourceHandleIndex, partialCompletion: false)
    }

    /// RopCopyFolder (MS-OXCFOLD 3.2.5.8): a copy with new ids; subfolders too with WantRecursive.
    static func copyFolder(_ request: RopCopyFolderRequest, _ context: inout ROPContext) throws -> RopCopyFolderResponse {
        let source = try context.object(at: request.sourceHandleIndex, as: FolderObject.self)
        guard let destination = destination(request.destHandleIndex, context) else {
            return RopCopyFolderResponse(
                sourceHandleIndex: request.sourceHandleIndex, returnValue: .nullDestinationObject,
                destHandleIndex: UInt32(request.destHandleIndex), partialCompletion: false)
        }
        let name = request.newFolderName.string
        _ = try context.store.copyFolder(
            source.mailboxID, from: source.folderID, folder: request.folderID, to: destination.folderID, newName: name.isEmpty ? nil : name,
            recursive: request.wantRecursive)
        return RopCopyFolderResponse(sourceHandleIndex: request.sourceHandleIndex, partialCompletion: false)
    }

    /// RopEmptyFolder (MS-OXCFOLD 3.2.5.9): soft-deletes the messages (FAI too with
    /// WantDeleteAssociated) and removes the subfolders. Synchronous: WantAsynchronous is ignored
    /// (the ROP's own response is a valid answer, MS-OXCFOLD 3.2.5.9).
    static func emptyFolder(_ request: RopEmptyFolderRequest, _ context: inout ROPContext) throws -> RopEmptyFolderResponse {
        let folder = try context.object(at: request.inputHandleIndex, as: FolderObject.self)
        try context.store.emptyFolder(folder.mailboxID, folder: folder.folderID, includeAssociated: request.wantDeleteAssociated, hard: false)
        return RopEmptyFolderResponse(inputHandleIndex: request.inputHandleIndex, partialCompletion: false)
    }

    /// RopHardDeleteMessagesAndSubfolders (MS-OXCFOLD 3.2.5.10): RopEmptyFolder with hard deletion.
    static func hardDeleteMessagesAndSubfolders(
        _ request: RopHardDeleteMessagesAndSubfoldersRequest, _ context: inout ROPContext
    ) throws -> RopHardDeleteMessagesAndSubfoldersResponse {
        let folder = try context.object(at: request.inputHandleIndex, as: FolderObject.self)
        try context.store.emptyFolder(folder.mailboxID, folder: folder.folderID, includeAssociated: request.wantDeleteAssociated, hard: true)
        return RopHardDeleteMessagesAndSubfoldersResponse(inputHandleIndex: request.inputHandleIndex, partialCompletion: false)
    }

    /// RopDeleteMessages (MS-OXCFOLD 3.2.5.11): soft delete; MIDs not in the folder set
    /// PartialCompletion. NotifyNonRead (read receipts) is not implemented and ignored.
    static func deleteMessages(_ request: RopDeleteMessagesRequest, _ context: inout ROPContext) throws -> RopDeleteMessagesResponse {
        let folder = try context.object(at: request.inputHandleIndex, as: FolderObject.self)
        let partial = try context.store.deleteMessages(folder.mailboxID, folder: folder.folderID, messages: request.messageIDs, hard: false)
        return RopDeleteMessagesResponse(inputHandleIndex: request.inputHandleIndex, partialCompletion: partial)
    }

    /// RopHardDeleteMessages (MS-OXCFOLD 3.2.5.12): RopDeleteMessages, removed for good.
    static func hardDeleteMessages(_ request: RopHardDeleteMessagesRequest, _ context: inout ROPContext) throws -> RopHardDeleteMessagesResponse {
        let folder = try context.object(at: request.inputHandleIndex, as: FolderObject.self)
        let partial = try context.store.deleteMessages(folder.mailboxID, folder: folder.folderID, messages: request.messageIDs, hard: true)
        return RopHardDeleteMessagesResponse(inputHandleIndex: request.inputHandleIndex, partialCompletion: partial)
    }

    /// RopMoveCopyMessages (MS-OXCFOLD 3.2.5.6): ObjectMoved / ObjectCopied carry the old ids;
    /// MIDs not in the source folder set PartialCompletion.
    static func moveCopyMessages(_ request: RopMoveCopyMessagesRequest, _ context: inout ROPContext) throws -> RopMoveCopyMessagesResponse {
        let source = try context.object(at: request.sourceHandleIndex, as: FolderObject.self)
        guard let destination = destination(request.destHandleIndex, context) else {
            return RopMoveCopyMessagesResponse(
                sourceHandleIndex: request.sourceHandleIndex, returnValue: .nullDestinationObject,
                destHandleIndex: UInt32(request.destHandleIndex), partialCompletion: false)
        }
        let result = try context.store.moveCopyMessages(
            source.mailboxID, from: source.folderID, messages: request.messageIDs, to: destination.folderID, copy: request.wantCopy)
        return RopMoveCopyMessagesResponse(sourceHandleIndex: request.sourceHandleIndex, partialCompletion: result.partial)
    }
}
