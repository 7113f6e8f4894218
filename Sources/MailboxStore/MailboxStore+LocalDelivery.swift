import MAPIWire
import NotificationEngine

// MARK: - Local delivery from outside the mailbox system (`herald deliver`)

extension MailboxStore {
    /// Delivers a new message into a mailbox's Inbox as if it had arrived from elsewhere: one
    /// transaction, the same delivery rule as ``submitMessage(_:)``'s local recipients (unread,
    /// PidTagMessageDeliveryTime, ObjectCreated then NewMail, the Inbox's new counts, table rows).
    ///
    /// `properties` are the message's stored properties (subject, body, class, sender…); values
    /// are validated like RopSetProperties and computed properties are rejected.
    @discardableResult
    public func deliverLocal(to mailbox: MailboxID, properties: PropertyBag, recipients: [RecipientRecord] = []) throws(StoreError) -> SubmitResult.Delivery {
        for (tag, value) in properties {
            if Tags.readOnly.contains(tag.id) { throw .accessDenied }
            if let problem = validate(tag, value) { throw problem }
        }
        return try transaction { tx throws(StoreError) -> SubmitResult.Delivery in
            let target = try state(mailbox)
            var bag = properties
            if bag[Tags.messageClass] == nil { bag[Tags.messageClass] = .string("IPM.Note") }
            bag[Tags.messageFlags] = .integer32(0)
            let source = MessageRecord(
                id: 0, folderID: 0, isAssociated: false, creationTime: tx.now, lastModificationTime: tx.now,
                changeNumber: 0, properties: bag,
                recipients: recipients.enumerated().map { index, recipient in
                    RecipientRecord(rowID: UInt32(index), recipientType: recipient.recipientType, properties: recipient.properties)
                })
            // Delivered to this mailbox as its (To) recipient.
            return deliver(tx, source, from: Self.outsideSender(), to: target, recipientTypes: [1])
        }
    }

    /// The sender of mail from outside every mailbox (`herald deliver`, non-delivery reports): a
    /// detached state that matches no mailbox, so mfFromMe stays off.
    static func outsideSender() -> MailboxState {
        MailboxState(record: MailboxRecord(
            id: MailboxID(0), userName: "", legacyExchangeDN: "", mailboxGuid: .zero, replGuid: .zero,
            replicaID: 1, counterReserved: 0, eventEpoch: 0), nextCounter: 0)
    }
}
