import MAPIWire
import MailboxStore
import NotificationEngine

/// Attachment ROPs (MS-OXCMSG 2.2.3.12–2.2.3.17, 3.2.5.12–3.2.5.17). Attachments change inside their
/// message's transaction: RopSaveChangesAttachment hands the attachment to the message, and
/// RopSaveChangesMessage stores both — with ObjectModified on the message naming PidTagHasAttachments.
enum AttachmentROPs {
    /// OpenAttachmentFlags (MS-OXCMSG 2.2.3.12.1).
    enum OpenFlags {
        static let readOnly: UInt8 = 0x00
        static let readWrite: UInt8 = 0x01
        static let bestAccess: UInt8 = 0x02
    }

    /// RopGetAttachmentTable (MS-OXCMSG 3.2.5.17): on a Message object; TableFlags other than
    /// 0x40 UseUnicode → ecInvalidParameter.
    static func getAttachmentTable(_ request: RopGetAttachmentTableRequest, _ context: inout ROPContext) throws -> RopGetAttachmentTableResponse {
        let message = try context.object(at: request.inputHandleIndex, as: MessageObject.self)
        guard request.tableFlags & ~0x40 == 0 else { throw ROPError.invalidParameter }
        try context.setOutput(AttachmentTableObject(parent: message, unicode: request.tableFlags & 0x40 != 0), at: request.outputHandleIndex)
        return RopGetAttachmentTableResponse(outputHandleIndex: request.outputHandleIndex)
    }

    /// RopOpenAttachment (MS-OXCMSG 3.2.5.12): no such AttachmentID → ecNotFound; ReadWrite on a
    /// read-only message → ecAccessDenied; BestAccess gives what the message allows.
    static func openAttachment(_ request: RopOpenAttachmentRequest, _ context: inout ROPContext) throws -> RopOpenAttachmentResponse {
        let message = try context.object(at: request.inputHandleIndex, as: MessageObject.self)
        try context.checkOutputIndex(request.outputHandleIndex)
        let flags = request.openAttachmentFlags
        guard flags <= OpenFlags.bestAccess else { throw ROPError.invalidParameter }
        if flags == OpenFlags.readWrite, message.message.isReadOnly { throw ROPError.accessDenied }
        let attachment = try message.message.openAttachment(request.attachmentID, readOnly: flags == OpenFlags.readOnly)
        try context.setOutput(AttachmentObject(parent: message, attachment: attachment), at: request.outputHandleIndex)
        return RopOpenAttachmentResponse(outputHandleIndex: request.outputHandleIndex)
    }

    /// RopCreateAttachment (MS-OXCMSG 3.2.5.13): a new attachment with the next number; it exists once
    /// saved (RopSaveChangesAttachment). Read-only message → ecAccessDenied.
    static func createAttachment(_ request: RopCreateAttachmentRequest, _ context: inout ROPContext) throws -> RopCreateAttachmentResponse {
        let message = try context.object(at: request.inputHandleIndex, as: MessageObject.self)
        try context.checkOutputIndex(request.outputHandleIndex)
        guard context.canAllocateHandle else { throw ROPError(.notEnoughMemory) }
        let attachment = try message.message.createAttachment(now: context.store.configuration.clock())
        try context.setOutput(AttachmentObject(parent: message, attachment: attachment), at: request.outputHandleIndex)
        return RopCreateAttachmentResponse(outputHandleIndex: request.outputHandleIndex, outcome: .success(.init(attachmentID: attachment.number)))
    }

    /// RopDeleteAttachment (MS-OXCMSG 3.2.5.14): pending until the message is saved; no such
    /// attachment → ecNotFound.
    static func deleteAttachment(_ request: RopDeleteAttachmentRequest, _ context: inout ROPContext) throws -> RopDeleteAttachmentResponse {
        let message = try context.object(at: request.inputHandleIndex, as: MessageObject.self)
        try message.message.deleteAttachment(request.attachmentID)
        return RopDeleteAttachmentResponse(inputHandleIndex: request.inputHandleIndex)
    }

    /// RopSaveChangesAttachment (MS-OXCMSG 3.2.5.15): the attachment — with its embedded message as
    /// last saved by RopSaveChangesMessage on it — becomes part of the message's transaction; unsaved
    /// changes of an open embedded message stay out, as for any unsaved object. Read-only attachment →
    /// ecAccessDenied. SaveFlags are ignored beyond the spec's "keep open" (the handle stays usable).
    static func saveChangesAttachment(_ request: RopSaveChangesAttachmentRequest, _ context: inout ROPContext) throws -> RopSaveChangesAttachmentResponse {
        let attachment = try context.object(at: request.inputHandleIndex, as: AttachmentObject.self)
        try attachment.parent.message.saveAttachment(&attachment.attachment, now: context.store.configuration.clock())
        return RopSaveChangesAttachmentResponse(responseHandleIndex: request.responseHandleIndex)
    }

    /// RopOpenEmbeddedMessage (MS-OXCMSG 3.2.5.16): the attachment's embedded message as a Message
    /// object; none and no Create flag → ecNotFound; Create on a read-only attachment → ecAccessDenied.
    static func openEmbeddedMessage(_ request: RopOpenEmbeddedMessageRequest, _ context: inout ROPContext) throws -> RopOpenEmbeddedMessageResponse {
        let attachment = try context.object(at: request.inputHandleIndex, as: AttachmentObject.self)
        try context.checkOutputIndex(request.outputHandleIndex)
        let mode = request.openModeFlags
        guard mode <= RopOpenEmbeddedMessageRequest.create else { throw ROPError.invalidParameter }
        let readOnly = mode == RopOpenEmbeddedMessageRequest.readOnly || attachment.attachment.isReadOnly
        if mode != RopOpenEmbeddedMessageRequest.readOnly, attachment.attachment.isReadOnly { throw ROPError.accessDenied }
        let now = context.store.configuration.clock()
        var record = attachment.attachment.embeddedMessage
        let isNew = record == nil
        if record == nil {
            guard mode == RopOpenEmbeddedMessageRequest.create else { throw ROPError(.notFound) }
            let id = try context.store.allocateEmbeddedMessageID(attachment.mailboxID)
            record = EmbeddedMessageRecord(id: id.globalCounter, properties: PendingMessage.newEmbeddedProperties(now: now))
        }
        guard let record else { throw ROPError(.notFound) }
        let pending = PendingMessage.embedded(
            record, mailbox: attachment.mailboxID, isNew: isNew, readOnly: readOnly, now: now,
            maximumPropertySize: context.store.configuration.maximumPropertySize)
        let object = MessageObject(logon: attachment.parent.logon, message: pending)
        object.embeddingAttachment = attachment
        try context.setOutput(object, at: request.outputHandleIndex)
        if isNew { attachment.attachment.setEmbeddedMessage(record) }
        return RopOpenEmbeddedMessageResponse(
            outputHandleIndex: request.outputHandleIndex,
            outcome: .success(.init(messageID: pending.id, message: .init(
                hasNamedProperties: record.properties.keys.contains { $0.id >= 0x8000 && $0.id != 0xFFFF },
                subjectPrefix: typedString(record.properties[PropertyTag(0x003D_001F)]),
                normalizedSubject: typedString(record.properties[PropertyTag(0x0E1D_001F)]),
                recipientCount: UInt16(clamping: record.recipients.count), recipientColumns: [], recipientRows: []))))
    }

    static func typedString(_ value: PropertyValue?) -> TypedString {
        switch value {
        case let .string(text)?: text.isEmpty ? .empty : .unicode(text)
        case let .string8(bytes)?: bytes.isEmpty ? .empty : .string8(bytes)
        default: .absent
        }
    }

    /// RopSaveChangesMessage on an embedded message (MS-OXCMSG 3.2.5.3): its state goes into the
    /// attachment it was opened from, nothing into a folder; the attachment, then the outer message,
    /// must still be saved. Returns false for ordinary messages. The attachment's handle released
    /// meanwhile → ecObjectDeleted (there is nothing left to save into).
    static func saveEmbeddedMessage(_ object: MessageObject) throws(ROPError) -> Bool {
        guard object.message.isEmbedded else { return false }
        guard let attachment = object.embeddingAttachment else { throw ROPError(.objectDeleted) }
        attachment.attachment.setEmbeddedMessage(object.message.embeddedRecord)
        return true
    }
}
