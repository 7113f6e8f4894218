import MAPIWire
import NotificationEngine

/// What happened to a submitted message (MS-OXOMSG; rop-reference §7.9, §7.10).
public struct SubmitResult: Hashable, Sendable {
    public struct Delivery: Hashable, Sendable {
        public var mailbox: MailboxID
        public var folderID: FolderID
        public var messageID: MessageID
    }

    public enum SenderCopy: Hashable, Sendable {
        /// Stayed where it was (no PidTagSentMailSvrEID, no PidTagDeleteAfterSubmit).
        case kept(MessageID)
        /// Moved to the PidTagSentMailSvrEID folder under a new MID.
        case moved(folderID: FolderID, messageID: MessageID)
        /// Deleted (PidTagDeleteAfterSubmit).
        case deleted
    }

    public var deliveries: [Delivery]
    public var senderCopy: SenderCopy
    /// The non-delivery report put in the sender's receive folder for the recipients that name no
    /// Herald mailbox (Herald has no remote transport); nil when every recipient was local.
    public var nonDeliveryReport: Delivery?
}

// MARK: - Messages (MS-OXCMSG; rop-reference §7)

extension MailboxStore {
    /// RopCreateMessage (MS-OXCMSG 3.2.5.2): allocates the MID and initialises the properties the
    /// server SHOULD set; nothing is stored until ``saveMessage(_:force:)``.
    public func createMessage(_ mailbox: MailboxID, folder: FolderID, associated: Bool = false) throws(StoreError) -> PendingMessage {
        try transaction { tx throws(StoreError) -> PendingMessage in
            let state = try state(mailbox)
            let folderCounter = try folderCounter(state, folder)
            guard state.folders[folderCounter]?.isSearchFolder == false else { throw .searchFolderDestination }
            let id = tx.allocate(state)
            var flags: MessageFlags = [.read, .unsent]
            if associated { flags.insert(.associated) }
            let properties: PropertyBag = [
                Tags.importance: .integer32(1),
                Tags.messageClass: .string("IPM.Note"),
                Tags.sensitivity: .integer32(0),
                Tags.messageFlags: .integer32(Int32(bitPattern: flags.rawValue)),
                Tags.trustSender: .integer32(1),
            ]
            return PendingMessage(
                mailbox: mailbox, id: state.objectID(id), folderID: folder, isAssociated: associated, isNew: true,
                isReadOnly: false, baseChangeNumber: 0, creationTime: tx.now, properties: properties, recipients: [],
                maximumPropertySize: configuration.maximumPropertySize)
        }
    }

    /// RopOpenMessage (MS-OXCMSG 3.2.5.1): `folder` must hold the message (or be a search folder
    /// linking to it); a soft-deleted message opens only with `openSoftDeleted`.
    public func openMessage(_ mailbox: MailboxID, folder: FolderID, message: MessageID, readOnly: Bool = false, openSoftDeleted: Bool = false) throws(StoreError) -> PendingMessage {
        try locked { () throws(StoreError) -> PendingMessage in
            let state = try state(mailbox)
            let folderCounter = try folderCounter(state, folder)
            let counter = try messageCounter(state, message, includeSoftDeleted: openSoftDeleted)
            let record = state.messages[counter]!
            guard record.folderID == folderCounter || state.searchMembers[folderCounter]?.contains(counter) == true else { throw .notFound }
            return PendingMessage(
                mailbox: mailbox, id: message, folderID: state.objectID(record.folderID), isAssociated: record.isAssociated,
                isNew: false, isReadOnly: readOnly, baseChangeNumber: record.changeNumber, creationTime: record.creationTime,
                properties: record.properties, recipients: record.recipients, maximumPropertySize: configuration.maximumPropertySize)
        }
    }

    /// A property of an open message as the client sees it (pending values plus computed ones).
    public func properties(of message: PendingMessage, _ tags: [PropertyTag], unicode: Bool = true) throws(StoreError) -> [PropertyCell] {
        try locked { () throws(StoreError) -> [PropertyCell] in
            let state = try state(message.mailbox)
            let record = draftRecord(state, message, now: configuration.clock())
            return tags.map { tag in PropertyAccess.cell(tag, unicode: unicode) { state.messageValue(record, $0) } }
        }
    }

    /// RopGetPropertiesAll on an open message.
    public func allProperties(of message: PendingMessage) throws(StoreError) -> [TaggedPropertyValue] {
        try locked { () throws(StoreError) -> [TaggedPropertyValue] in
            let state = try state(message.mailbox)
            let record = draftRecord(state, message, now: configuration.clock())
            var result: [TaggedPropertyValue] = []
            var seen = Set<UInt16>()
            for tag in Self.messageComputedTags {
                if let value = state.messageValue(record, tag.id) { result.append(TaggedPropertyValue(tag: tag, value: value)); seen.insert(tag.id) }
            }
            for (tag, value) in record.properties.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where !seen.contains(tag.id) && tag.id != InternalProperties.id {
                result.append(TaggedPropertyValue(tag: tag, value: value))
            }
            return result
        }
    }

    static let messageComputedTags: [PropertyTag] = [
        Tags.mid, Tags.parentFolderID, Tags.messageFlags, Tags.messageSize, Tags.creationTime, Tags.lastModificationTime,
        Tags.changeNumber, Tags.changeKey, Tags.sourceKey, Tags.associated, Tags.read, Tags.hasAttachments, Tags.access, Tags.accessLevel,
        Tags.displayTo, Tags.displayCc, Tags.displayBcc,
    ]

    func draftRecord(_ state: MailboxState, _ message: PendingMessage, now: UInt64) -> MessageRecord {
        if !message.isNew, let counter = state.counter(message.id), let saved = state.messages[counter] {
            var record = saved
            record.properties = message.properties
            record.recipients = message.recipients
            return record
        }
        return MessageRecord(
            id: message.id.globalCounter, folderID: message.folderID.globalCounter, isAssociated: message.isAssociated,
            creationTime: message.creationTime, lastModificationTime: message.isNew ? message.creationTime : now,
            changeNumber: message.baseChangeNumber, properties: message.properties, recipients: message.recipients)
    }

    /// RopSaveChangesMessage (MS-OXCMSG 3.2.5.3). The first save makes the message visible: one
    /// ObjectCreated, the folder's new counts, one TableRowAdded per open table.
    @discardableResult
    public func saveMessage(_ message: inout PendingMessage, force: Bool = false) throws(StoreError) -> MessageID {
        guard !message.isReadOnly else { throw .invalidState("opened read-only") }
        let saved = try transaction { tx throws(StoreError) -> MessageRecord in
            let state = try state(message.mailbox)
            return try save(tx, state, message, force: force)
        }
        message.isNew = false
        message.baseChangeNumber = saved.changeNumber
        message.properties = saved.properties
        message.recipients = saved.recipients
        return message.id
    }

    func save(_ tx: Transaction, _ state: MailboxState, _ message: PendingMessage, force: Bool) throws(StoreError) -> MessageRecord {
        guard let counter = state.counter(message.id) else { throw .notFound }
        guard let folderCounter = state.counter(message.folderID), state.folders[folderCounter] != nil else { throw .objectDeleted }
        var record: MessageRecord
        if message.isNew {
            guard state.messages[counter] == nil else { throw .objectChanged }
            record = MessageRecord(id: counter, folderID: folderCounter, isAssociated: message.isAssociated,
                                   creationTime: message.creationTime, lastModificationTime: tx.now, changeNumber: 0,
                                   properties: [:], recipients: [])
        } else {
            guard let existing = state.messages[counter], !existing.isSoftDeleted else { throw .objectDeleted }
            guard force || existing.changeNumber == message.baseChangeNumber else { throw .objectChanged }
            record = existing
        }
        let oldProperties = record.properties
        record.properties = message.properties
        if message.isNew, !message.readStateSetByClient { Self.markEverRead(&record.properties) }
        record.properties[Tags.localCommitTime] = .time(tx.now)
        // Recipients keep their order; RowIds become dense (0…n−1) so RopReadRecipients can page.
        record.recipients = message.recipients.enumerated().map { index, recipient in
            RecipientRecord(rowID: UInt32(index), recipientType: recipient.recipientType, properties: recipient.properties)
        }
        record.lastModificationTime = tx.now
        record.changeNumber = tx.allocate(state)
        tx.putMessage(state, record)
        let ref = ObjectRef.message(message.id, in: state.objectID(record.folderID))
        // Real tags (the Exchange 2010 TagCount policy sends them; the engine drops them otherwise).
        if message.isNew {
            tx.emit(state, .objectCreated(ref, parentFolderID: state.objectID(record.folderID),
                                          tags: InternalProperties.eventTags(Set(record.properties.keys))))
        } else {
            tx.emit(state, .objectModified(ref, tags: InternalProperties.eventTags(Self.changedTags(oldProperties, record.properties)), totalMessageCount: nil, unreadMessageCount: nil))
        }
        return record
    }

    /// RopDeleteMessages / RopHardDeleteMessages (MS-OXCFOLD 3.2.5.11, 3.2.5.12). Returns
    /// PartialCompletion: true when some MIDs were not in the folder. A soft delete keeps the
    /// message as soft-deleted (SoftDeletes tables, OpenSoftDeleted); a hard delete removes it,
    /// soft-deleted ones included.
    @discardableResult
    public func deleteMessages(_ mailbox: MailboxID, folder: FolderID, messages: [MessageID], hard: Bool = false) throws(StoreError) -> Bool {
        try transaction { tx throws(StoreError) -> Bool in
            let state = try state(mailbox)
            let folderCounter = try folderCounter(state, folder)
            var partial = false
            for id in messages {
                guard let counter = state.counter(id), var record = state.messages[counter], hard || !record.isSoftDeleted,
                      record.folderID == folderCounter || state.searchMembers[folderCounter]?.contains(counter) == true else {
                    partial = true
                    continue
                }
                let wasSoftDeleted = record.isSoftDeleted
                if hard {
                    tx.deleteMessage(state, counter)
                } else {
                    record.isSoftDeleted = true
                    tx.putMessage(state, record)
                }
                if wasSoftDeleted { continue }
                tx.emitMessageDeleted(state, id, folder: record.folderID)
            }
            return partial
        }
    }

    /// RopMoveCopyMessages (MS-OXCFOLD 3.2.5.6): every moved or copied message gets a new MID in the
    /// destination. Returns PartialCompletion and the new MIDs (nil where a MID was not found).
    public func moveCopyMessages(_ mailbox: MailboxID, from source: FolderID, messages: [MessageID], to destination: FolderID, copy: Bool) throws(StoreError) -> (partial: Bool, newIDs: [MessageID?]) {
        try transaction { tx throws(StoreError) -> (partial: Bool, newIDs: [MessageID?]) in
            let state = try state(mailbox)
            let sourceCounter = try folderCounter(state, source)
            let destinationCounter = try folderCounter(state, destination)
            guard state.folders[destinationCounter]?.isSearchFolder == false else { throw .searchFolderDestination }
            var partial = false
            var newIDs: [MessageID?] = []
            for id in messages {
                guard let counter = state.counter(id), let record = state.messages[counter], !record.isSoftDeleted,
                      record.folderID == sourceCounter || state.searchMembers[sourceCounter]?.contains(counter) == true,
                      let copied = copyMessages(tx, state, [counter], into: destinationCounter, move: !copy).first else {
                    partial = true
                    newIDs.append(nil)
                    continue
                }
                let oldFolder = state.objectID(record.folderID)
                let newID = state.objectID(copied.new)
                newIDs.append(newID)
                let kind: MailboxEvent.Kind = copy
                    ? .objectCopied(.message(newID, in: destination), parentFolderID: destination, old: .message(id, in: oldFolder), oldParentFolderID: oldFolder)
                    : .objectMoved(.message(newID, in: destination), parentFolderID: destination, old: .message(id, in: oldFolder), oldParentFolderID: oldFolder)
                tx.emit(state, kind)
            }
            return (partial, newIDs)
        }
    }

    /// RopSetReadFlags / RopSetMessageReadFlag on saved messages (MS-OXCMSG 3.2.5.10, 3.2.5.11):
    /// committed at once; only PidTagMessageFlags changes (not the change number). Returns
    /// PartialCompletion.
    @discardableResult
    public func setReadFlags(_ mailbox: MailboxID, folder: FolderID, messages: [MessageID], flags readFlags: UInt8) throws(StoreError) -> Bool {
        try transaction { tx throws(StoreError) -> Bool in
            let state = try state(mailbox)
            let folderCounter = try folderCounter(state, folder)
            var partial = false
            for id in messages {
                guard let counter = state.counter(id), var record = state.messages[counter], !record.isSoftDeleted,
                      record.folderID == folderCounter || state.searchMembers[folderCounter]?.contains(counter) == true else {
                    partial = true
                    continue
                }
                let updated = Self.applyReadFlags(readFlags, to: record.flags)
                guard updated != record.flags else { continue }
                record.properties[Tags.messageFlags] = .integer32(Int32(bitPattern: updated.rawValue))
                tx.putMessage(state, record)
                tx.emit(state, .objectModified(.message(id, in: state.objectID(record.folderID)), tags: [Tags.messageFlags, Tags.read],
                                               totalMessageCount: nil, unreadMessageCount: nil))
            }
            return partial
        }
    }

    // MARK: Submit and local delivery (MS-OXOMSG; rop-reference §7.9, §7.10)

    /// RopSubmitMessage: saves the message's pending changes, stamps the sender properties,
    /// delivers a copy to the receive folder (Inbox) of every recipient that names a local mailbox
    /// (``localMailbox(for:)``; unread, with PidTagMessageDeliveryTime; ObjectCreated + NewMail),
    /// then moves the sender's copy to PidTagSentMailSvrEID's (or PidTagSentMailEntryId's) folder,
    /// deletes it (PidTagDeleteAfterSubmit, which wins), or leaves it, with mfUnsent cleared — all
    /// in one transaction. Recipients without a local mailbox cannot be reached (no remote
    /// transport): the sender gets one non-delivery report naming them (``reportNonDelivery``),
    /// so the message is never lost silently.
    public func submitMessage(_ message: inout PendingMessage) throws(StoreError) -> SubmitResult {
        guard !message.isReadOnly else { throw .invalidState("opened read-only") }
        guard !message.isAssociated else { throw .notSupported }
        guard !message.recipients.isEmpty else { throw .noRecipients }
        let pending = message
        let (result, saved) = try transaction { tx throws(StoreError) -> (SubmitResult, MessageRecord?) in
            let senderState = try state(pending.mailbox)
            var record = try save(tx, senderState, pending, force: true)
            var flags = record.flags
            if flags.contains(.submitted) { throw .alreadySubmitted }
            flags.remove([.unsent, .submitted])
            record.properties[Tags.messageFlags] = .integer32(Int32(bitPattern: flags.rawValue))
            record.properties[Tags.clientSubmitTime] = .time(tx.now)
            Self.stampSender(&record, senderState.record)
            tx.putMessage(senderState, record)
            let deliveries = try deliverLocally(tx, record, from: senderState)
            let unreachable = record.recipients.filter { localMailbox(for: $0) == nil }
            let report = unreachable.isEmpty ? nil : reportNonDelivery(tx, record, unreachable: unreachable, to: senderState)

            var senderCopy = SubmitResult.SenderCopy.kept(pending.id)
            let folder = senderState.objectID(record.folderID)
            if case .boolean(true)? = record.properties[Tags.deleteAfterSubmit] {
                tx.deleteMessage(senderState, record.id)
                tx.emit(senderState, .objectDeleted(.message(pending.id, in: folder), parentFolderID: folder))
                senderCopy = .deleted
            } else if let target = Self.sentMailFolder(record, senderState) {
                tx.deleteMessage(senderState, record.id)
                let oldID = pending.id
                record.id = tx.allocate(senderState)
                record.folderID = target
                record.changeNumber = tx.allocate(senderState)
                tx.putMessage(senderState, record)
                let newID = senderState.objectID(record.id)
                let targetFolder = senderState.objectID(target)
                tx.emit(senderState, .objectMoved(.message(newID, in: targetFolder), parentFolderID: targetFolder,
                                                  old: .message(oldID, in: folder), oldParentFolderID: folder))
                senderCopy = .moved(folderID: targetFolder, messageID: newID)
            } else {
                tx.emit(senderState, .objectModified(.message(pending.id, in: folder), tags: [Tags.messageFlags, Tags.clientSubmitTime],
                                                     totalMessageCount: nil, unreadMessageCount: nil))
            }
            let remaining: MessageRecord? = if case .kept = senderCopy { record } else { nil }
            return (SubmitResult(deliveries: deliveries, senderCopy: senderCopy, nonDeliveryReport: report), remaining)
        }
        message.isNew = false
        switch result.senderCopy {
        case .kept:
            if let saved {
                message.baseChangeNumber = saved.changeNumber
                message.properties = saved.properties
                message.recipients = saved.recipients
            }
        case let .moved(folderID, messageID):
            message.id = messageID
            message.folderID = folderID
            if let saved { message.baseChangeNumber = saved.changeNumber }
        case .deleted:
            break
        }
        return result
    }

    /// The FID inside a PidTagSentMailSvrEID ServerId (MS-OXCDATA 2.2.4.?: Ours 0x01, FolderId,
    /// MessageId, Instance).
    static func folderCounter(fromServerID bytes: [UInt8]) -> UInt64? {
        guard bytes.count >= 9, bytes[0] == 0x01 else { return nil }
        var reader = ByteReader(bytes)
        guard (try? reader.readUInt8("Ours")) != nil, let raw = try? reader.readUInt64("FolderId") else { return nil }
        return ObjectID(wireValue: raw).globalCounter
    }

    /// Builds a PtypServerId naming a folder (the value clients put in PidTagSentMailSvrEID).
    public static func serverID(folder: FolderID) -> [UInt8] {
        var bytes: [UInt8] = [0x01]
        folder.encode(into: &bytes)
        ObjectID.zero.encode(into: &bytes)
        bytes.appendUInt32(0)
        return bytes
    }
}
