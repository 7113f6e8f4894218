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
