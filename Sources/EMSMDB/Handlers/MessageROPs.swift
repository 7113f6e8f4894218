import MAPIWire
import MailboxStore

/// Message ROPs (MS-OXCMSG 3.2.5; MS-OXOMSG for RopSubmitMessage). A Message object is the store's
/// `PendingMessage` — its own transaction until RopSaveChangesMessage — held by a ``MessageObject``.
enum MessageROPs {
    /// OpenModeFlags (MS-OXCMSG 2.2.3.1.1). 0x02 (MS-OXCROPS "Create") is treated like ReadWrite.
    enum OpenModeFlags {
        static let readOnly: UInt8 = 0x00
        static let accessMask: UInt8 = 0x03
        static let openSoftDeleted: UInt8 = 0x04
    }

    /// SaveFlags (MS-OXCMSG 2.2.3.3.1); 0x08 (DEFERRED_ERRORS) and other bits are ignored.
    enum SaveFlags {
        static let forceSave: UInt8 = 0x04
    }

    /// CodePageId of the recipient rows Herald writes: their strings are always UTF-16 (the U flag),
    /// so the code page only matters for 8-bit strings, which Herald never writes.
    static let recipientCodePage: UInt16 = 1252

    /// The input of RopCreateMessage / RopOpenMessage: a Logon or any Folder of the logon's mailbox.
    static func logon(ofInput index: UInt8, _ context: ROPContext) throws(ROPError) -> LogonObject {
        switch try context.anyObject(at: index) {
        case let logon as LogonObject: logon
        case let folder as FolderObject: folder.logon
        default: throw ROPError.nullObject
        }
    }

    // MARK: RopCreateMessage (MS-OXCMSG 3.2.5.2)

    /// Nothing is stored until RopSaveChangesMessage; the MID is allocated now and returned
    /// (HasMessageId 1). The store initialises PidTagMessageFlags to mfRead | mfUnsent and the other
    /// SHOULD properties (docs/MESSAGES.md). Unknown folder → ecNotFound; a search folder →
    /// ecSearchFolder (MS-OXCFOLD: no messages are created in search folders).
    static func createMessage(_ request: RopCreateMessageRequest, _ context: inout ROPContext) throws -> RopCreateMessageResponse {
        let logon = try logon(ofInput: request.inputHandleIndex, context)
        try context.checkOutputIndex(request.outputHandleIndex)
        guard context.canAllocateHandle else { throw ROPError(.notEnoughMemory) }
        let message = try context.store.createMessage(logon.mailboxID, folder: request.folderID, associated: request.associatedFlag)
        try context.setOutput(MessageObject(logon: logon, message: message), at: request.outputHandleIndex)
        return RopCreateMessageResponse(outputHandleIndex: request.outputHandleIndex, outcome: .success(.init(messageID: message.id)))
    }

    // MARK: RopOpenMessage (MS-OXCMSG 3.2.5.1)

    /// Opens a message of the logon's mailbox by FolderId + MessageId (ReadOnly, ReadWrite, Create
    /// and BestAccess — the owner always gets read/write —, OpenSoftDeleted). Missing, soft-deleted
    /// (without OpenSoftDeleted) or not in that folder → ecNotFound. The response carries the
    /// subject fields and as many recipients as fit; the client reads the rest with
    /// RopReadRecipients.
    static func openMessage(_ request: RopOpenMessageRequest, _ context: inout ROPContext) throws -> RopOpenMessageResponse {
        let logon = try logon(ofInput: request.inputHandleIndex, context)
        try context.checkOutputIndex(request.outputHandleIndex)
        guard context.canAllocateHandle else { throw ROPError(.notEnoughMemory) }
        let readOnly = request.openModeFlags & OpenModeFlags.accessMask == OpenModeFlags.readOnly
        let message = try context.store.openMessage(
            logon.mailboxID, folder: request.folderID, message: request.messageID, readOnly: readOnly,
            openSoftDeleted: request.openModeFlags & OpenModeFlags.openSoftDeleted != 0)
        let columns = RecipientRecord.columns(for: message.recipients)
        let (prefix, normalized) = try subjectFields(message, context.store)
        var success = RopOpenMessageResponse.Success(
            hasNamedProperties: false, subjectPrefix: prefix, normalizedSubject: normalized,
            recipientCount: UInt16(clamping: message.recipients.count), recipientColumns: columns, recipientRows: [])
        var size = encodedSize(RopOpenMessageResponse(outputHandleIndex: request.outputHandleIndex, outcome: .success(success)))
        guard size <= context.responseBudget else { throw ROPError.responseDoesNotFit(sizeNeeded: size) }
        for recipient in message.recipients.prefix(Int(UInt8.max)) {
            let row = OpenRecipientRow(recipientType: recipient.recipientType, codePageID: recipientCodePage,
                                       recipientRow: recipient.recipientRow(columns: columns))
            var bytes: [UInt8] = []
            row.encode(columns: columns, into: &bytes)
            guard size + bytes.count <= context.responseBudget else { break }
            size += bytes.count
            success.recipientRows.append(row)
        }
        let object = MessageObject(logon: logon, message: message)
        object.recipientColumns = columns
        try context.setOutput(object, at: request.outputHandleIndex)
        return RopOpenMessageResponse(outputHandleIndex: request.outputHandleIndex, outcome: .success(success))
    }

    /// SubjectPrefix and NormalizedSubject as TypedStrings (MS-OXCDATA 2.11.7): the stored
    /// properties, else derived from PidTagSubject (the prefix stripped when the subject starts
    /// with it).
    static func subjectFields(_ message: PendingMessage, _ store: MailboxStore) throws -> (TypedString, TypedString) {
        let cells = try store.properties(of: message, [Tags.subjectPrefix, Tags.normalizedSubject, Tags.subject])
        func text(_ cell: PropertyCell) -> String? {
            if case let .value(.string(value)) = cell { return value }
            return nil
        }
        func typed(_ value: String?) -> TypedString {
            guard let value else { return .absent }
            return value.isEmpty ? .empty : .unicode(value)
        }
        let prefix = text(cells[0])
        var normalized = text(cells[1])
        if normalized == nil, let subject = text(cells[2]) {
            if let prefix, !prefix.isEmpty, subject.hasPrefix(prefix) {
                normalized = String(subject.dropFirst(prefix.count))
            } else {
                normalized = subject
            }
        }
        return (typed(prefix), typed(normalized))
    }

    static func encodedSize(_ response: some RopResponseCodec) -> Int {
        var bytes: [UInt8] = []
        response.encode(into: &bytes)
        return bytes.count
    }

    // MARK: RopSaveChangesMessage (MS-OXCMSG 3.2.5.3)

    /// Commits the handle's pending changes. Read-only handle → ecError (0x80004005, what Exchange
    /// answers); another handle saved the message since this one opened it → ecObjectModified
    /// unless ForceSave; the message deleted meanwhile → ecObjectDeleted. The handle stays open
    /// read/write whatever KeepOpen* says (Exchange 2010+ behaviour). An embedded message is saved
    /// into its attachment (``AttachmentROPs/saveEmbeddedMessage(_:)``), not into a folder.
    static func saveChangesMessage(_ request: RopSaveChangesMessageRequest, _ context: inout ROPContext) throws -> RopSaveChangesMessageResponse {
        let object = try context.object(at: request.inputHandleIndex, as: MessageObject.self)
        guard !object.message.isReadOnly else { throw ROPError(.generalFailure) }
        if try !AttachmentROPs.saveEmbeddedMessage(object) {
            try context.store.saveMessage(&object.message, force: request.saveFlags & SaveFlags.forceSave != 0)
        }
        return RopSaveChangesMessageResponse(
            responseHandleIndex: request.responseHandleIndex,
            outcome: .success(.init(inputHandleIndex: request.inputHandleIndex, messageID: object.message.id)))
    }

    // MARK: Recipients (MS-OXCMSG 3.2.5.4–3.2.5.6)

    /// RopRemoveAllRecipients: pending until save; succeeds on a message without recipients.
    static func removeAllRecipients(_ request: RopRemoveAllRecipientsRequest, _ context: inout ROPContext) throws -> RopRemoveAllRecipientsResponse {
        let object = try context.object(at: request.inputHandleIndex, as: MessageObject.self)
        guard !object.message.isReadOnly else { throw ROPError.accessDenied }
        object.message.removeAllRecipients()
        return RopRemoveAllRecipientsResponse(inputHandleIndex: request.inputHandleIndex)
    }

    /// RopModifyRecipients: per RowId add, replace all properties, or delete (RecipientRowSize 0);
    /// pending until save. The columns become the ones RopReadRecipients answers with on this handle.
    /// A property the store refuses (read-only, too big, mistyped) fails the whole ROP with its
    /// error and changes nothing.
    static func modifyRecipients(_ request: RopModifyRecipientsRequest, _ context: inout ROPContext) throws -> RopModifyRecipientsResponse {
        let object = try context.object(at: request.inputHandleIndex, as: MessageObject.self)
        guard !object.message.isReadOnly else { throw ROPError.accessDenied }
        let essdn = object.logon.mailbox.legacyExchangeDN
        let changes = request.recipientRows.map { row in
            PendingMessage.RecipientChange(
                rowID: row.rowID, recipientType: row.recipientType,
                properties: row.recipientRow.map { RecipientRecord.properties(from: $0, columns: request.recipientColumns, essdnPrefixSource: essdn) })
        }
        try object.message.modifyRecipients(changes)
        object.recipientColumns = request.recipientColumns
        return RopModifyRecipientsResponse(inputHandleIndex: request.inputHandleIndex)
    }

    /// RopReadRecipients: the recipient with RowId (RowId 0: the first one) and as many following
    /// ones as fit (RowCount < 0xFF), over the columns established on this handle. No such
    /// recipient → ecNotFound; a row that could not fit even an empty maximum-size buffer →
    /// ecBufferTooSmall (3.2.5.6); one that only lacks the space left → the next buffer.
    static func readRecipients(_ request: RopReadRecipientsRequest, _ context: inout ROPContext) throws -> RopReadRecipientsResponse {
        let object = try context.object(at: request.inputHandleIndex, as: MessageObject.self)
        let recipients = object.message.recipients
        let start: Int
        if request.rowID == 0, !recipients.isEmpty {
            start = 0
        } else if let index = recipients.firstIndex(where: { $0.rowID == request.rowID }) {
            start = index
        } else {
            throw ROPError(.notFound)
        }
        let columns = object.recipientColumns
        var rows: [ReadRecipientRow] = []
        var size = 7
        for recipient in recipients[start...].prefix(Int(UInt8.max) - 1) {
            let row = ReadRecipientRow(rowID: recipient.rowID, recipientType: recipient.recipientType, codePageID: recipientCodePage,
                                       recipientRow: recipient.recipientRow(columns: columns))
            var bytes: [UInt8] = []
            row.encode(columns: columns, into: &bytes)
            if size + bytes.count > context.responseBudget {
                guard rows.isEmpty else { break }
                let largest = context.configuration.maximumRopOutputSize - 2 - 4 * context.handles.count
                if size + bytes.count > largest { throw ROPError(.bufferTooSmall) }
                throw ROPError.responseDoesNotFit(sizeNeeded: size + bytes.count)
            }
            size += bytes.count
            rows.append(row)
        }
        return RopReadRecipientsResponse(inputHandleIndex: request.inputHandleIndex, columns: columns, outcome: .success(rows))
    }

    // MARK: Read flags (MS-OXCMSG 3.2.5.10, 3.2.5.11)

    /// RopSetMessageReadFlag: on a saved message, committed at once (only PidTagMessageFlags changes,
    /// not the change key), with ObjectModified for the message and the folder's new counts; on a
    /// new message, pending like any property. Allowed on read-only handles (marking read is not
    /// writing the message). Private logon: ReadStatusChanged is always 0.
    static func setMessageReadFlag(_ request: RopSetMessageReadFlagRequest, _ context: inout ROPContext) throws -> RopSetMessageReadFlagResponse {
        let object = try context.object(at: request.inputHandleIndex, as: MessageObject.self)
        if !object.message.isNew {
            try context.store.setReadFlags(object.mailboxID, folder: object.message.folderID, messages: [object.message.id], flags: request.readFlags)
        }
        object.message.applyReadFlags(request.readFlags)
        return RopSetMessageReadFlagResponse(responseHandleIndex: request.responseHandleIndex, outcome: .success(nil))
    }

    /// RopSetReadFlags on a Folder object: every listed message of the folder, committed at once
    /// (synchronously, whatever WantAsynchronous says); MIDs not in the folder → PartialCompletion.
    static func setReadFlags(_ request: RopSetReadFlagsRequest, _ context: inout ROPContext) throws -> RopSetReadFlagsResponse {
        let folder = try context.object(at: request.inputHandleIndex, as: FolderObject.self)
        let partial = try context.store.setReadFlags(folder.mailboxID, folder: folder.folderID, messages: request.messageIDs, flags: request.readFlags)
        return RopSetReadFlagsResponse(inputHandleIndex: request.inputHandleIndex, partialCompletion: partial)
    }

    // MARK: RopSubmitMessage (MS-OXOMSG; docs/MESSAGES.md)

    /// Saves and submits: local delivery to every recipient with a Herald mailbox (NewMail), a
    /// non-delivery report to the sender for the recipients without one (no remote transport), then
    /// the sender's copy follows PidTagDeleteAfterSubmit / PidTagSentMailSvrEID. SubmitFlags are
    /// accepted and ignored (no spooler). Read-only handle → ecAccessDenied; FAI message →
    /// ecNotSupported; no recipients → NoRecipients 0x80040607; mfSubmitted already set →
    /// Submitted 0x80040608 (MAPI_E_NO_RECIPIENTS / MAPI_E_SUBMITTED; store untouched either way).
    static func submitMessage(_ request: RopSubmitMessageRequest, _ context: inout ROPContext) throws -> RopSubmitMessageResponse {
        let object = try context.object(at: request.inputHandleIndex, as: MessageObject.self)
        guard !object.message.isReadOnly else { throw ROPError.accessDenied }
        _ = try context.store.submitMessage(&object.message)
        return RopSubmitMessageResponse(inputHandleIndex: request.inputHandleIndex)
    }
}
