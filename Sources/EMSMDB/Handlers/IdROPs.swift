import MAPIWire
import MailboxStore
import NotificationEngine

/// Id ROPs (MS-OXCSTOR 2.2.1.8–2.2.1.13, 3.2.5.8–3.2.5.13): short ↔ long-term ids and the per-user
/// data of public folders, which a private mailbox does not keep.
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

    /// RopGetPerUserLongTermIds (MS-OXCSTOR 3.2.5.10): the public folders with per-user data for the
    /// DatabaseGuid; a private mailbox keeps none, so the list is empty.
    static func getPerUserLongTermIds(_ request: RopGetPerUserLongTermIdsRequest, _ context: inout ROPContext) throws -> RopGetPerUserLongTermIdsResponse {
        _ = try context.object(at: request.inputHandleIndex, as: LogonObject.self)
        return RopGetPerUserLongTermIdsResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success([]))
    }

    /// RopGetPerUserGuid (MS-OXCSTOR 3.2.5.11): the database of a folder's per-user data; none in a
    /// private mailbox → ecNotFound.
    static func getPerUserGuid(_ request: RopGetPerUserGuidRequest, _ context: inout ROPContext) throws -> RopGetPerUserGuidResponse {
        _ = try context.object(at: request.inputHandleIndex, as: LogonObject.self)
        throw ROPError(.notFound)
    }

    /// RopReadPerUserInformation (MS-OXCSTOR 3.2.5.12): Herald keeps no per-user data (it has no public
    /// folders), so every read is the empty, finished stream.
    static func readPerUserInformation(_ request: RopReadPerUserInformationRequest, _ context: inout ROPContext) throws -> RopReadPerUserInformationResponse {
        _ = try context.object(at: request.inputHandleIndex, as: LogonObject.self)
        return RopReadPerUserInformationResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(hasFinished: true, data: [])))
    }

    /// RopWritePerUserInformation (MS-OXCSTOR 3.2.5.13): accepted and not kept (see
    /// ``readPerUserInformation(_:_:)``).
    static func writePerUserInformation(_ request: RopWritePerUserInformationRequest, _ context: inout ROPContext) throws -> RopWritePerUserInformationResponse {
        _ = try context.object(at: request.inputHandleIndex, as: LogonObject.self)
        return RopWritePerUserInformationResponse(inputHandleIndex: request.inputHandleIndex)
    }
}
