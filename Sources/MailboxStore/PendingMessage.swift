import MAPIWire
import NotificationEngine

/// A Message object opened for editing (RopCreateMessage / RopOpenMessage): its own transaction.
/// Changes are visible through this value at once and reach the store only through
/// ``MailboxStore/saveMessage(_:force:)`` (MS-OXCMSG 3.2.5.3; MS-OXCPRPT 3.2.5.4). A new message is
/// invisible to everyone else until its first save.
public struct PendingMessage: Sendable {
    public let mailbox: MailboxID
    public internal(set) var id: MessageID
    public internal(set) var folderID: FolderID
    public let isAssociated: Bool
    /// True until the first successful save.
    public internal(set) var isNew: Bool
    /// Read-only handles cannot be saved (ecError, MS-OXCMSG 3.2.5.3).
    public var isReadOnly: Bool
    /// PidTagChangeNumber (counter) of the version this handle started from; a save that finds a
    /// newer one fails with ``StoreError/objectChanged`` unless forced.
    var baseChangeNumber: UInt64
    var creationTime: UInt64
    public internal(set) var properties: PropertyBag
    /// Recipients in RowId order.
    public internal(set) var recipients: [RecipientRecord]
    let maximumPropertySize: Int
    /// The client set the read state of this new message itself (PidTagMessageFlags or
    /// RopSetMessageReadFlag); otherwise the first save adds mfEverRead (MS-OXCMSG 3.2.5.2).
    var readStateSetByClient = false
    /// PidTagMessageFlags bits mfRead, mfUnsent and mfResend are read-only after the first save
    /// (MS-OXCMSG 2.2.1.6).
    static let lockedFlags: UInt32 = MessageFlags.read.rawValue | MessageFlags.unsent.rawValue | MessageFlags.resend.rawValue

    /// RopSetProperties on the message: pending until save.
    @discardableResult
    public mutating func setProperties(_ values: [TaggedPropertyValue]) -> [PropertyProblem] {
        var problems: [PropertyProblem] = []
        for (index, tagged) in values.enumerated() {
            if let problem = MailboxStore.validate(tagged.tag, tagged.value, maximumSize: maximumPropertySize) {
                problems.append(PropertyProblem(index: index, tag: tagged.tag, error: problem))
                continue
            }
            var value = tagged.value
            if tagged.tag.id == Tags.messageFlags.id, isNew { readStateSetByClient = true }
            if tagged.tag.id == Tags.messageFlags.id, !isNew, case let .integer32(requested) = value {
                let current = UInt32(bitPattern: (properties[Tags.messageFlags]).flatMap { if case let .integer32(v) = $0 { v } else { nil } } ?? 0)
                let merged = (UInt32(bitPattern: requested) & ~Self.lockedFlags) | (current & Self.lockedFlags)
                value = .integer32(Int32(bitPattern: merged))
            }
            for tag in properties.keys where tag.id == tagged.tag.id { properties[tag] = nil }
            properties[tagged.tag] = value
        }
        return problems
    }

    /// RopDeleteProperties on the message: pending until save.
    @discardableResult
    public mutating func deleteProperties(_ tags: [PropertyTag]) -> [PropertyProblem] {
        var problems: [PropertyProblem] = []
        for (index, tag) in tags.enumerated() {
            if Tags.readOnly.contains(tag.id) || tag.id == Tags.messageFlags.id {
                problems.append(PropertyProblem(index: index, tag: tag, error: .accessDenied))
                continue
            }
            for stored in properties.keys where stored.id == tag.id { properties[stored] = nil }
        }
        return problems
    }

    /// One row of RopModifyRecipients: nil `properties` deletes the recipient (RecipientRowSize 0).
    public struct RecipientChange: Sendable {
        public var rowID: UInt32
        public var recipientType: UInt8
        public var properties: PropertyBag?
        public init(rowID: UInt32, recipientType: UInt8, properties: PropertyBag?) {
            self.rowID = rowID
            self.recipientType = recipientType
            self.properties = properties
        }
    }

    /// RopModifyRecipients (MS-OXCMSG 3.2.5.5): add, replace or delete by RowId.
    public mutating func modifyRecipients(_ changes: [RecipientChange]) throws(StoreError) {
        for change in changes {
            if let bag = change.properties {
                for (tag, value) in bag {
                    if let problem = MailboxStore.validate(tag, value, maximumSize: maximumPropertySize, allowReadOnly: true) { throw problem }
                }
            }
        }
        for change in changes {
            recipients.removeAll { $0.rowID == change.rowID }
            if let bag = change.properties {
                recipients.append(RecipientRecord(rowID: change.rowID, recipientType: change.recipientType, properties: bag))
            }
        }
        recipients.sort { $0.rowID < $1.rowID }
    }

    /// RopRemoveAllRecipients.
    public mutating func removeAllRecipients() { recipients.removeAll() }

    /// RopSetMessageReadFlag on an unsaved message (saved ones: ``MailboxStore/setReadFlags(_:folder:messages:flags:)``).
    @discardableResult
    public mutating func applyReadFlags(_ readFlags: UInt8) -> Bool {
        let current = MessageFlags(rawValue: UInt32(bitPattern: (properties[Tags.messageFlags]).flatMap { if case let .integer32(v) = $0 { v } else { nil } } ?? 0))
        let updated = MailboxStore.applyReadFlags(readFlags, to: current)
        if isNew { readStateSetByClient = true }
        properties[Tags.messageFlags] = .integer32(Int32(bitPattern: updated.rawValue))
        return updated != current
    }
}

extension MailboxStore {
    static func validate(_ tag: PropertyTag, _ value: PropertyValue, maximumSize: Int, allowReadOnly: Bool = false) -> StoreError? {
        if !allowReadOnly, Tags.readOnly.contains(tag.id) { return .accessDenied }
        guard value.type == tag.type.withoutInstanceFlag, tag.type != .unspecified, tag.type != .errorCode,
              tag.type != .object, tag.type != .null else {
            return .invalidParameter("type \(tag.type) for \(tag)")
        }
        switch value {
        case let .binary(bytes), let .serverID(bytes):
            if bytes.count > Int(UInt16.max) { return .propertyTooBig(tag) }
        case let .multipleBinary(values):
            if values.contains(where: { $0.count > Int(UInt16.max) }) { return .propertyTooBig(tag) }
        default: break
        }
        if value.encodedSize > maximumSize { return .propertyTooBig(tag) }
        return nil
    }

    /// ReadFlags of RopSetMessageReadFlag / RopSetReadFlags (MS-OXCMSG 2.2.3.10.1).
    static func applyReadFlags(_ readFlags: UInt8, to flags: MessageFlags) -> MessageFlags {
        var flags = flags
        if readFlags & 0x20 != 0 { flags.remove(.notifyRead) }
        if readFlags & 0x40 != 0 { flags.remove(.notifyUnread) }
        if readFlags & 0x60 != 0 { return flags }
        if readFlags & 0x10 != 0 { return flags }
        if readFlags & 0x04 != 0 {
            flags.remove(.read)
        } else {
            flags.insert([.read, .everRead])
        }
        return flags
    }
}
