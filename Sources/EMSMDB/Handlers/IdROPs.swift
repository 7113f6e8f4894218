import MAPIWire
import MailboxStore
import NotificationEngine

/// Id ROPs (MS-OXCSTOR 2.2.1.8–2.2.1.13, 3.2.5.8–3.2.5.13): short ↔ long-term ids and the per-user
/// read state of public folders a private mailbox caches (``MailboxStore/setPerUserInformation(_:_:)``).
enum IdROPs {
    /// RopLongTermIdFromId (MS-OXCSTOR 3.2.5.8): on a Logon object. The mailbox's own REPLID maps to
    /// its REPLGUID, a REPLID registered by RopIdFromLongTermId to its GUID; any other → ecNotFound.
    /// The object need not exist.
    static func longTermIdFromId(_ request: RopLongTermIdFromIdRequest, _ context: inout ROPContext) throws -> RopLongTermIdFromIdResponse {
        let logon = try context.object(at: request.inputHandleIndex, as: LogonObject.self)
        guard let guid = try context.store.replicaGuid(logon.mailboxID, replicaID: request.objectID.replicaID) else { throw ROPError(.notFound) }
        let id = LongTermID(databaseGuid: guid, globalCounter: request.objectID.globalCounter)
        return RopLongTermIdFromIdResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(longTermID: id)))
    }

    /// RopIdFromLongTermId (MS-OXCSTOR 3.2.5.9): on a Logon object. An all-zero DatabaseGuid or
    /// GlobalCounter → ecInvalidParameter (rop-reference §13 Q4); an unknown DatabaseGuid is given the
    /// next REPLID (durably; ecParameterOverflow when the table is full). Pad is ignored.
    static func idFromLongTermId(_ request: RopIdFromLongTermIdRequest, _ context: inout ROPContext) throws -> RopIdFromLongTermIdResponse {
        let logon = try context.object(at: request.inputHandleIndex, as: LogonObject.self)
        let id = request.longTermID
        guard id.databaseGuid != .zero, id.globalCounter != 0 else { throw ROPError.invalidParameter }
        let replica = try context.store.replicaID(logon.mailboxID, guid: id.databaseGuid)
        return RopIdFromLongTermIdResponse(
            inputHandleIndex: request.inputHandleIndex,
            outcome: .success(.init(objectID: ObjectID(replicaID: replica, globalCounter: id.globalCounter))))
    }

    /// RopGetPerUserLongTermIds (MS-OXCSTOR 3.2.5.10): the public folders whose per-user data came
    /// from the store with this DatabaseGuid (possibly none).
    static func getPerUserLongTermIds(_ request: RopGetPerUserLongTermIdsRequest, _ context: inout ROPContext) throws -> RopGetPerUserLongTermIdsResponse {
        let logon = try context.object(at: request.inputHandleIndex, as: LogonObject.self)
        let ids = try context.store.perUserLongTermIDs(logon.mailboxID, replGuid: request.databaseGuid)
        let size = 8 + LongTermID.encodedSize * ids.count
        guard size <= context.responseBudget else { throw ROPError.responseDoesNotFit(sizeNeeded: size) }
        return RopGetPerUserLongTermIdsResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(ids))
    }

    /// RopGetPerUserGuid (MS-OXCSTOR 3.2.5.11): the REPLGUID stored with the folder's per-user data;
    /// none → ecNotFound.
    static func getPerUserGuid(_ request: RopGetPerUserGuidRequest, _ context: inout ROPContext) throws -> RopGetPerUserGuidResponse {
        let logon = try context.object(at: request.inputHandleIndex, as: LogonObject.self)
        guard let record = try context.store.perUserInformation(logon.mailboxID, folder: request.longTermID) else { throw ROPError(.notFound) }
        return RopGetPerUserGuidResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(databaseGuid: record.replGuid)))
    }

    /// MaxDataSize 0 means this much (MS-OXCSTOR 3.2.5.12.1, "the adjusted value of MaxDataSize").
    static let defaultPerUserReadSize = 4096

    /// RopReadPerUserInformation (MS-OXCSTOR 3.2.5.12): DataSize is the least of MaxDataSize (0 →
    /// 4096), the rest of the BLOB after DataOffset and what the response can carry; HasFinished when
    /// the BLOB's end is returned. No data for the folder → empty and finished. DataOffset negative
    /// (as a signed 32-bit value) or beyond the BLOB → ecError (Exchange 2013+ behaviour).
    static func readPerUserInformation(_ request: RopReadPerUserInformationRequest, _ context: inout ROPContext) throws -> RopReadPerUserInformationResponse {
        let logon = try context.object(at: request.inputHandleIndex, as: LogonObject.self)
        guard Int32(bitPattern: request.dataOffset) >= 0 else { throw ROPError(.generalFailure) }
        let data = try context.store.perUserInformation(logon.mailboxID, folder: request.folderID)?.data ?? []
        let offset = Int(request.dataOffset)
        guard offset <= data.count else { throw ROPError(.generalFailure) }
        let header = 9  // RopId, InputHandleIndex, ReturnValue, HasFinished, DataSize
        guard header <= context.responseBudget else { throw ROPError.responseDoesNotFit(sizeNeeded: header) }
        let wanted = request.maxDataSize == 0 ? defaultPerUserReadSize : Int(request.maxDataSize)
        let count = min(wanted, data.count - offset, context.responseBudget - header)
        return RopReadPerUserInformationResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(
            hasFinished: offset + count == data.count, data: Array(data[offset..<offset + count]))))
    }

    /// RopWritePerUserInformation (MS-OXCSTOR 3.2.5.13): DataOffset 0 starts the folder's stream (with
    /// its ReplGuid); any other offset continues it only for the same FolderId and exactly the size
    /// written so far — otherwise ecError, and the stream is abandoned (the server assumes the previous
    /// operation was aborted). HasFinished stores the whole BLOB (empty: the folder's data is removed).
    /// More than the store's maximum stream size → ecNotEnoughMemory.
    static func writePerUserInformation(_ request: RopWritePerUserInformationRequest, _ context: inout ROPContext) throws -> RopWritePerUserInformationResponse {
        let logon = try context.object(at: request.inputHandleIndex, as: LogonObject.self)
        var pending: PerUserRecord
        if request.dataOffset == 0 {
            pending = PerUserRecord(folder: request.folderID, replGuid: request.replGuid ?? .zero, data: [])
        } else {
            guard let current = logon.perUserWrite, current.folder == PerUserRecord.key(request.folderID),
                  current.data.count == Int(request.dataOffset) else {
                logon.perUserWrite = nil
                throw ROPError(.generalFailure)
            }
            pending = current
        }
        guard pending.data.count + request.data.count <= context.store.configuration.maximumStreamSize else {
            logon.perUserWrite = nil
            throw ROPError(.notEnoughMemory)
        }
        pending.data += request.data
        if request.hasFinished {
            logon.perUserWrite = nil
            try context.store.setPerUserInformation(logon.mailboxID, pending)
        } else {
            logon.perUserWrite = pending
        }
        return RopWritePerUserInformationResponse(inputHandleIndex: request.inputHandleIndex)
    }
}
