import MAPIWire
import MailboxStore
import NotificationEngine

/// Receive-folder ROPs (MS-OXCSTOR 2.2.1.3, 2.2.1.4, 3.2.5.3, 3.2.5.4). RopGetReceiveFolder is with
/// the store ROPs; both read the same table.
enum ReceiveFolderROPs {
    /// RopSetReceiveFolder (MS-OXCSTOR 3.2.5.3): on a Logon object. FolderId 0 removes the class's
    /// entry; the default entries cannot be removed and IPC classes not set (ecAccessDenied); a bad
    /// class → ecInvalidParameter; an unknown folder → ecNotFound.
    static func setReceiveFolder(_ request: RopSetReceiveFolderRequest, _ context: inout ROPContext) throws -> RopSetReceiveFolderResponse {
        let logon = try context.object(at: request.inputHandleIndex, as: LogonObject.self)
        guard request.messageClass.allSatisfy({ (32...126).contains($0) }) else { throw ROPError.invalidParameter }
        let messageClass = String(decoding: request.messageClass, as: UTF8.self)
        try context.store.setReceiveFolder(logon.mailboxID, messageClass: messageClass, folder: request.folderID.isZero ? nil : request.folderID)
        return RopSetReceiveFolderResponse(inputHandleIndex: request.inputHandleIndex)
    }

    /// RopGetReceiveFolderTable (MS-OXCSTOR 3.2.5.4): every entry as a row of PidTagFolderId,
    /// PidTagMessageClass (PtypString8) and PidTagLastModificationTime.
    static func getReceiveFolderTable(_ request: RopGetReceiveFolderTableRequest, _ context: inout ROPContext) throws -> RopGetReceiveFolderTableResponse {
        let logon = try context.object(at: request.inputHandleIndex, as: LogonObject.self)
        let rows = try context.store.receiveFolderTable(logon.mailboxID).map { entry in
            PropertyRow(values: [
                .integer64(Int64(bitPattern: entry.folderID.wireValue)),
                .string8(Array(entry.messageClass.utf8)),
                .time(entry.lastModificationTime),
            ])
        }
        let response = RopGetReceiveFolderTableResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(rows))
        return try NamedPropertyROPs.fitting(response, context)
    }
}
