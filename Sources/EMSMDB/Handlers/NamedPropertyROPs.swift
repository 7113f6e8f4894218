import MAPIWire
import MailboxStore
import NotificationEngine

/// Named-property ROPs (MS-OXCPRPT 2.2.12, 2.2.13, 2.2.9; 3.2.5.6–3.2.5.9): the mailbox's map from
/// PropertyName to IDs 0x8000–0xFFFE, shared by every object of the logon and durable in the store.
enum NamedPropertyROPs {
    /// The mailbox behind a Logon, Folder, Message or Attachment object (the objects these ROPs are
    /// valid on); any other object → ecNotSupported.
    static func mailbox(ofInput index: UInt8, _ context: ROPContext) throws(ROPError) -> MailboxID {
        switch try context.anyObject(at: index) {
        case let logon as LogonObject: logon.mailboxID
        case let folder as FolderObject: folder.mailboxID
        case let message as MessageObject: message.mailboxID
        case let attachment as AttachmentObject: attachment.mailboxID
        default: throw ROPError.notSupported
        }
    }

    /// RopGetPropertyIdsFromNames (MS-OXCPRPT 3.2.5.8): Flags 0x02 registers unknown names; unmappable
    /// names answer 0x0000; no names → every registered ID.
    static func getPropertyIdsFromNames(_ request: RopGetPropertyIdsFromNamesRequest, _ context: inout ROPContext) throws -> RopGetPropertyIdsFromNamesResponse {
        let mailbox = try mailbox(ofInput: request.inputHandleIndex, context)
        // Known before the store runs: names in, as many IDs out.
        let expected = 8 + 2 * request.propertyNames.count
        guard request.propertyNames.isEmpty || expected <= context.responseBudget else { throw ROPError.responseDoesNotFit(sizeNeeded: expected) }
        let ids = try context.store.propertyIDs(mailbox, names: request.propertyNames, create: request.wantsCreate)
        let size = 8 + 2 * ids.count
        guard size <= context.responseBudget else { throw ROPError.responseDoesNotFit(sizeNeeded: size) }
        return RopGetPropertyIdsFromNamesResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(propertyIDs: ids)))
    }

    /// RopGetNamesFromPropertyIds (MS-OXCPRPT 3.2.5.9).
    static func getNamesFromPropertyIds(_ request: RopGetNamesFromPropertyIdsRequest, _ context: inout ROPContext) throws -> RopGetNamesFromPropertyIdsResponse {
        let mailbox = try mailbox(ofInput: request.inputHandleIndex, context)
        let names = try context.store.propertyNames(mailbox, ids: request.propertyIDs)
        let response = RopGetNamesFromPropertyIdsResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(propertyNames: names)))
        return try fitting(response, context)
    }

    /// RopQueryNamedProperties (MS-OXCPRPT 3.2.5.6).
    static func queryNamedProperties(_ request: RopQueryNamedPropertiesRequest, _ context: inout ROPContext) throws -> RopQueryNamedPropertiesResponse {
        let mailbox = try mailbox(ofInput: request.inputHandleIndex, context)
        let entries = try context.store.queryNamedProperties(mailbox, queryFlags: request.queryFlags, propertySet: request.propertyGuid)
        let response = RopQueryNamedPropertiesResponse(
            inputHandleIndex: request.inputHandleIndex,
            outcome: .success(entries.map { RopQueryNamedPropertiesResponse.Entry(propertyID: $0.id, name: $0.name) }))
        return try fitting(response, context)
    }

    static func fitting<R: RopResponseCodec>(_ response: R, _ context: ROPContext) throws -> R {
        var bytes: [UInt8] = []
        response.encode(into: &bytes)
        guard bytes.count <= context.responseBudget else { throw ROPError.responseDoesNotFit(sizeNeeded: bytes.count) }
        return response
    }
}
