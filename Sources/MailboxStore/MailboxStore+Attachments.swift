import MAPIWire
import NotificationEngine

// Attachments (MS-OXCMSG 2.2.2, 3.2.5.12–3.2.5.17). An attachment belongs to its message: it is
// created, changed and deleted through the message's own transaction (``PendingMessage``) and reaches
// the store only when the message is saved (RopSaveChangesAttachment, then RopSaveChangesMessage —
// MS-OXCPRPT 3.2.5.4). The attachments live in the message's bag under ``InternalProperties/blob``, so
// saving, copying, moving and delivering a message carries them with no special case.

/// Attachment property tags (MS-OXPROPS; MS-OXCMSG 2.2.2).
public enum AttachmentTags {
    public static let attachNumber = PropertyTag(0x0E21_0003)
    public static let attachSize = PropertyTag(0x0E20_0003)
    public static let attachMethod = PropertyTag(0x3705_0003)
    public static let attachDataBinary = PropertyTag(0x3701_0102)
    public static let attachDataObject = PropertyTag(0x3701_000D)
    public static let attachLongFilename = PropertyTag(0x3707_001F)
    public static let attachFilename = PropertyTag(0x3704_001F)
    public static let renderingPosition = PropertyTag(0x370B_0003)
    /// PidTagAttachMethod values (MS-OXCMSG 2.2.2.9).
    public static let methodByValue: Int32 = 0x0001
    public static let methodEmbeddedMessage: Int32 = 0x0005
    /// Properties the server owns on an attachment. (PidTagAttachDataObject shares its ID with the
    /// settable PidTagAttachDataBinary, so it cannot be listed here.)
    static let readOnly: Set<UInt16> = [attachNumber.id, attachSize.id]
}

/// The attachments of one message (or embedded message), with the next PidTagAttachNumber to hand out.
public struct AttachmentSet: Hashable, Sendable {
    public var items: [AttachmentRecord] = []
    /// Numbers are never reused within a message, even after a delete.
    public var nextNumber: UInt32 = 0

    public init() {}

    public func attachment(_ number: UInt32) -> AttachmentRecord? { items.first { $0.number == number } }
}

/// One attachment: its properties and, for PidTagAttachMethod afEmbeddedMessage, the embedded message.
public struct AttachmentRecord: Hashable, Sendable {
    public var number: UInt32
    public var creationTime: UInt64
    public var lastModificationTime: UInt64
    public var properties: PropertyBag
    public var embeddedMessage: EmbeddedMessageRecord?

    public init(number: UInt32, creationTime: UInt64, lastModificationTime: UInt64, properties: PropertyBag, embeddedMessage: EmbeddedMessageRecord?) {
        self.number = number
        self.creationTime = creationTime
        self.lastModificationTime = lastModificationTime
        self.properties = properties
        self.embeddedMessage = embeddedMessage
    }

    /// PidTagAttachSize: an approximation of the stored size, embedded message included.
    public var size: Int {
        var total = properties.reduce(0) { $0 + 4 + InternalProperties.storedSize($1.value) }
        if let embedded = embeddedMessage { total += embedded.size }
        return total
    }

    /// A stored or computed attachment property (MS-OXCMSG 2.2.2).
    public func value(_ id: UInt16, readOnly: Bool = false) -> PropertyValue? {
        switch id {
        case AttachmentTags.attachNumber.id: return .integer32(Int32(bitPattern: number))
        case AttachmentTags.attachSize.id: return .integer32(Int32(truncatingIfNeeded: min(size, Int(Int32.max))))
        case Tags.objectType.id: return .integer32(7)
        case Tags.accessLevel.id: return .integer32(readOnly ? 0 : 1)
        case Tags.instanceKey.id, Tags.recordKey.id:
            var key: [UInt8] = []
            key.appendUInt32(number)
            return .binary(key)
        case Tags.creationTime.id: return .time(creationTime)
        case Tags.lastModificationTime.id: return .time(lastModificationTime)
        case Tags.rowType.id: return .integer32(1)
        case Tags.instanceNum.id, Tags.depth.id: return .integer32(0)
        case AttachmentTags.attachMethod.id:
            if let stored = PropertyAccess.stored(properties, id) { return stored }
            return .integer32(embeddedMessage == nil ? AttachmentTags.methodByValue : AttachmentTags.methodEmbeddedMessage)
        case AttachmentTags.renderingPosition.id:
            return PropertyAccess.stored(properties, id) ?? .integer32(-1)
        default: return PropertyAccess.stored(properties, id)
        }
    }

    static let computedTags: [PropertyTag] = [
        AttachmentTags.attachNumber, AttachmentTags.attachSize, Tags.objectType, Tags.accessLevel, Tags.instanceKey,
        Tags.recordKey, Tags.creationTime, Tags.lastModificationTime, AttachmentTags.attachMethod, AttachmentTags.renderingPosition,
    ]
}

/// A message embedded in an attachment (MS-OXCMSG 2.2.3.16): properties, recipients and attachments,
/// no folder and no MID of its own in the store.
public struct EmbeddedMessageRecord: Hashable, Sendable {
    /// The MessageId RopOpenEmbeddedMessage reports (allocated once, never a stored message).
    public var id: UInt64
    public var properties: PropertyBag
    public var recipients: [RecipientRecord]
    public var attachments: AttachmentSet

    public init(id: UInt64, properties: PropertyBag, recipients: [RecipientRecord] = [], attachments: AttachmentSet = AttachmentSet()) {
        self.id = id
        self.properties = properties
        self.recipients = recipients
        self.attachments = attachments
    }

    var size: Int {
        properties.reduce(0) { $0 + 4 + InternalProperties.storedSize($1.value) }
            + recipients.reduce(0) { $0 + $1.properties.reduce(0) { $0 + 4 + InternalProperties.storedSize($1.value) } }
            + attachments.items.reduce(0) { $0 + $1.size }
    }
}

/// An attachment opened or created through an open message (RopOpenAttachment / RopCreateAttachment):
/// changes are visible through it at once and reach the message with
/// ``PendingMessage/saveAttachment(_:)`` (RopSaveChangesAttachment).
public struct PendingAttachment: Hashable, Sendable {
    public internal(set) var record: AttachmentRecord
    /// True until the first RopSaveChangesAttachment.
    public internal(set) var isNew: Bool
    public var isReadOnly: Bool

    public var number: UInt32 { record.number }

    /// RopSetProperties on the attachment: pending until saved.
    @discardableResult
    public mutating func setProperties(_ values: [TaggedPropertyValue], maximumSize: Int) -> [PropertyProblem] {
        var problems: [PropertyProblem] = []
        for (index, tagged) in values.enumerated() {
            if AttachmentTags.readOnly.contains(tagged.tag.id) {
                problems.append(PropertyProblem(index: index, tag: tagged.tag, error: .accessDenied))
                continue
            }
            if let problem = MailboxStore.validate(tagged.tag, tagged.value, maximumSize: maximumSize) {
                problems.append(PropertyProblem(index: index, tag: tagged.tag, error: problem))
                continue
            }
            for tag in record.properties.keys where tag.id == tagged.tag.id { record.properties[tag] = nil }
            record.properties[tagged.tag] = tagged.value
        }
        return problems
    }

    /// RopDeleteProperties on the attachment: pending until saved.
    @discardableResult
    public mutating func deleteProperties(_ tags: [PropertyTag]) -> [PropertyProblem] {
        var problems: [PropertyProblem] = []
        for (index, tag) in tags.enumerated() {
            if Tags.readOnly.contains(tag.id) || AttachmentTags.readOnly.contains(tag.id) {
                problems.append(PropertyProblem(index: index, tag: tag, error: .accessDenied))
                continue
            }
            for stored in record.properties.keys where stored.id == tag.id { record.properties[stored] = nil }
        }
        return problems
    }

    /// Stores a value written through a stream (RopCommitStream), bypassing the ROP-size limits but not
    /// `maximumSize` (``MailboxStore/Configuration/maximumStreamSize``).
    public mutating func setStreamedProperty(_ tag: PropertyTag, _ value: PropertyValue, maximumSize: Int) throws(StoreError) {
        if AttachmentTags.readOnly.contains(tag.id) || Tags.readOnly.contains(tag.id) { throw .accessDenied }
        guard InternalProperties.storedSize(value) <= maximumSize else { throw .propertyTooBig(tag) }
        for stored in record.properties.keys where stored.id == tag.id { record.properties[stored] = nil }
        record.properties[tag] = value
    }

    /// RopGetPropertiesSpecific cells.
    public func properties(_ tags: [PropertyTag], unicode: Bool = true) -> [PropertyCell] {
        tags.map { tag in PropertyAccess.cell(tag, unicode: unicode) { record.value($0, readOnly: isReadOnly) } }
    }

    /// RopGetPropertiesAll: computed properties, then stored ones by tag.
    public func allProperties() -> [TaggedPropertyValue] {
        var result: [TaggedPropertyValue] = []
        var seen = Set<UInt16>()
        for tag in AttachmentRecord.computedTags {
            if let value = record.value(tag.id, readOnly: isReadOnly) {
                result.append(TaggedPropertyValue(tag: PropertyTag(id: tag.id, type: value.type), value: value))
                seen.insert(tag.id)
            }
        }
        for (tag, value) in record.properties.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where !seen.contains(tag.id) {
            result.append(TaggedPropertyValue(tag: tag, value: value))
        }
        return result
    }

    /// The embedded message (RopOpenEmbeddedMessage); nil when there is none.
    public var embeddedMessage: EmbeddedMessageRecord? { record.embeddedMessage }

    /// Replaces the embedded message (RopSaveChangesMessage on the embedded Message object); pending
    /// until the attachment and then its message are saved.
    public mutating func setEmbeddedMessage(_ message: EmbeddedMessageRecord) {
        record.embeddedMessage = message
        if PropertyAccess.stored(record.properties, AttachmentTags.attachMethod.id) == nil {
            record.properties[AttachmentTags.attachMethod] = .integer32(AttachmentTags.methodEmbeddedMessage)
        }
    }
}

// MARK: - Attachments of an open message

extension PendingMessage {
    /// The message's attachments as of this transaction.
    public var attachments: AttachmentSet {
        get { (try? AttachmentCoding.decodeSet(InternalProperties.joined(properties[InternalProperties.blob]) ?? [])) ?? AttachmentSet() }
        set {
            properties[InternalProperties.blob] =
                newValue.items.isEmpty && newValue.nextNumber == 0 ? nil : InternalProperties.chunked(AttachmentCoding.encode(newValue))
        }
    }

    /// RopCreateAttachment: a new attachment with the next PidTagAttachNumber; nothing is visible
    /// until it is saved (and the message after it).
    public mutating func createAttachment(now: UInt64) throws(StoreError) -> PendingAttachment {
        guard !isReadOnly else { throw .accessDenied }
        var set = attachments
        guard set.nextNumber < UInt32.max else { throw .invalidState("attachment numbers exhausted") }
        let number = set.nextNumber
        set.nextNumber += 1
        attachments = set
        return PendingAttachment(
            record: AttachmentRecord(number: number, creationTime: now, lastModificationTime: now, properties: [:], embeddedMessage: nil),
            isNew: true, isReadOnly: false)
    }

    /// RopOpenAttachment: ecNotFound when the message has no attachment with that number
    /// (MS-OXCMSG 3.2.5.12).
    public func openAttachment(_ number: UInt32, readOnly: Bool) throws(StoreError) -> PendingAttachment {
        guard let record = attachments.attachment(number) else { throw .notFound }
        return PendingAttachment(record: record, isNew: false, isReadOnly: readOnly || isReadOnly)
    }

    /// RopSaveChangesAttachment: the attachment's changes become part of the message's transaction.
    public mutating func saveAttachment(_ attachment: inout PendingAttachment, now: UInt64) throws(StoreError) {
        guard !attachment.isReadOnly, !isReadOnly else { throw .accessDenied }
        var set = attachments
        attachment.record.lastModificationTime = now
        if let index = set.items.firstIndex(where: { $0.number == attachment.number }) {
            set.items[index] = attachment.record
        } else {
            // A deleted attachment's handle cannot bring it back.
            guard attachment.isNew else { throw .objectDeleted }
            set.items.append(attachment.record)
            set.items.sort { $0.number < $1.number }
        }
        set.nextNumber = max(set.nextNumber, attachment.number &+ 1)
        attachments = set
        attachment.isNew = false
    }

    /// RopDeleteAttachment (MS-OXCMSG 3.2.5.14): pending until the message is saved.
    public mutating func deleteAttachment(_ number: UInt32) throws(StoreError) {
        guard !isReadOnly else { throw .accessDenied }
        var set = attachments
        guard let index = set.items.firstIndex(where: { $0.number == number }) else { throw .notFound }
        set.items.remove(at: index)
        attachments = set
    }
}

extension MessageRecord {
    /// The saved message's attachments.
    public var attachments: AttachmentSet {
        (try? AttachmentCoding.decodeSet(InternalProperties.joined(properties[InternalProperties.blob]) ?? [])) ?? AttachmentSet()
    }

    /// PidTagHasAttachments / mfHasAttach (MS-OXCMSG 2.2.1.2, 2.2.1.6).
    public var hasAttachments: Bool {
        guard let bytes = InternalProperties.joined(properties[InternalProperties.blob]) else { return false }
        return AttachmentCoding.hasItems(bytes)
    }
}

extension MailboxStore {
    /// A saved message's attachments (delivery checks, tests).
    public func attachments(_ mailbox: MailboxID, message: MessageID) throws(StoreError) -> AttachmentSet {
        try locked { () throws(StoreError) -> AttachmentSet in
            let state = try state(mailbox)
            let counter = try messageCounter(state, message)
            return state.messages[counter]?.attachments ?? AttachmentSet()
        }
    }

    /// A new MessageId for an embedded message (RopOpenEmbeddedMessage with Create): a counter of the
    /// mailbox, never reused, never a stored message.
    public func allocateEmbeddedMessageID(_ mailbox: MailboxID) throws(StoreError) -> MessageID {
        try transaction { tx throws(StoreError) -> MessageID in
            let state = try state(mailbox)
            return state.objectID(tx.allocate(state))
        }
    }
}

// MARK: - Stored form

/// Attachments serialised with 32-bit counts (so attachment data of any size fits), values in the
/// same encoding as the property table (``PropertyBagCoding``).
enum AttachmentCoding {
    static let version: UInt8 = 1
    /// Deeper embedding is refused on create and on decode.
    static let maximumDepth = 16

    static func encode(_ set: AttachmentSet) -> [UInt8] {
        var buffer: [UInt8] = [version]
        encodeSet(set, into: &buffer)
        return buffer
    }

    static func hasItems(_ bytes: [UInt8]) -> Bool {
        // version (1), nextNumber (4), count (4)
        guard bytes.count >= 9 else { return false }
        return bytes[5] != 0 || bytes[6] != 0 || bytes[7] != 0 || bytes[8] != 0
    }

    private static func encodeSet(_ set: AttachmentSet, into buffer: inout [UInt8]) {
        buffer.appendUInt32(set.nextNumber)
        buffer.appendUInt32(UInt32(set.items.count))
        for item in set.items {
            buffer.appendUInt32(item.number)
            buffer.appendUInt64(item.creationTime)
            buffer.appendUInt64(item.lastModificationTime)
            encodeBag(item.properties, into: &buffer)
            if let embedded = item.embeddedMessage {
                buffer.append(1)
                buffer.appendUInt64(embedded.id)
                encodeBag(embedded.properties, into: &buffer)
                buffer.appendUInt32(UInt32(embedded.recipients.count))
                for recipient in embedded.recipients {
                    buffer.appendUInt32(recipient.rowID)
                    buffer.append(recipient.recipientType)
                    encodeBag(recipient.properties, into: &buffer)
                }
                encodeSet(embedded.attachments, into: &buffer)
            } else {
                buffer.append(0)
            }
        }
    }

    static func encodeBag(_ bag: PropertyBag, into buffer: inout [UInt8]) {
        buffer.appendUInt32(UInt32(bag.count))
        for (tag, value) in bag.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let bytes = PropertyBagCoding.encode(value)
            tag.encode(into: &buffer)
            buffer.appendUInt32(UInt32(bytes.count))
            buffer.append(contentsOf: bytes)
        }
    }

    static func decodeSet(_ bytes: [UInt8]) throws -> AttachmentSet {
        guard !bytes.isEmpty else { return AttachmentSet() }
        var reader = ByteReader(bytes)
        let found = try reader.readUInt8("Version")
        guard found == version else { throw StoreError.backend("attachment format \(found)") }
        return try decodeSet(&reader, depth: 0)
    }

    private static func decodeSet(_ reader: inout ByteReader, depth: Int) throws -> AttachmentSet {
        guard depth <= maximumDepth else { throw StoreError.backend("attachments nested too deep") }
        var set = AttachmentSet()
        set.nextNumber = try reader.readUInt32("NextNumber")
        let count = Int(try reader.readUInt32("Count"))
        try reader.require(count, field: "Attachments")
        for _ in 0..<count {
            let number = try reader.readUInt32("Number")
            let creation = try reader.readUInt64("CreationTime")
            let modification = try reader.readUInt64("ModificationTime")
            let properties = try decodeBag(&reader)
            var embedded: EmbeddedMessageRecord?
            if try reader.readUInt8("HasEmbedded") != 0 {
                let id = try reader.readUInt64("EmbeddedId")
                let embeddedProperties = try decodeBag(&reader)
                let recipientCount = Int(try reader.readUInt32("RecipientCount"))
                try reader.require(recipientCount, field: "Recipients")
                var recipients: [RecipientRecord] = []
                for _ in 0..<recipientCount {
                    let rowID = try reader.readUInt32("RowId")
                    let type = try reader.readUInt8("RecipientType")
                    recipients.append(RecipientRecord(rowID: rowID, recipientType: type, properties: try decodeBag(&reader)))
                }
                let nested = try decodeSet(&reader, depth: depth + 1)
                embedded = EmbeddedMessageRecord(id: id, properties: embeddedProperties, recipients: recipients, attachments: nested)
            }
            set.items.append(AttachmentRecord(
                number: number, creationTime: creation, lastModificationTime: modification, properties: properties,
                embeddedMessage: embedded))
        }
        return set
    }

    static func decodeBag(_ reader: inout ByteReader) throws -> PropertyBag {
        let count = Int(try reader.readUInt32("PropertyCount"))
        try reader.require(count * 8, field: "Properties")
        var bag = PropertyBag()
        for _ in 0..<count {
            let tag = try PropertyTag.decode(from: &reader)
            let size = Int(try reader.readUInt32("ValueSize"))
            bag[tag] = try PropertyBagCoding.decode(try reader.readBytes(size, "Value"), tag: tag)
        }
        return bag
    }
}

// MARK: - Embedded messages as Message objects

extension PendingMessage {
    /// A message embedded in an attachment, opened as a Message object (RopOpenEmbeddedMessage). It has
    /// no folder (FolderID zero): it is saved into its attachment, never into the store by itself.
    public static func embedded(_ record: EmbeddedMessageRecord, mailbox: MailboxID, isNew: Bool, readOnly: Bool, now: UInt64, maximumPropertySize: Int) -> PendingMessage {
        var message = PendingMessage(
            mailbox: mailbox, id: ObjectID(replicaID: 1, globalCounter: record.id), folderID: .zero, isAssociated: false,
            isNew: isNew, isReadOnly: readOnly, baseChangeNumber: 0, creationTime: now, properties: record.properties,
            recipients: record.recipients, maximumPropertySize: maximumPropertySize)
        message.attachments = record.attachments
        return message
    }

    /// Whether this Message object is an embedded message (see ``embedded(_:mailbox:isNew:readOnly:now:maximumPropertySize:)``):
    /// RopSaveChangesMessage on it stores it into its attachment, not into a folder.
    public var isEmbedded: Bool { folderID.isZero }

    /// The embedded message as it stands in this transaction.
    public var embeddedRecord: EmbeddedMessageRecord {
        var bag = properties
        bag[InternalProperties.blob] = nil
        return EmbeddedMessageRecord(
            id: id.globalCounter, properties: bag,
            recipients: recipients.enumerated().map { RecipientRecord(rowID: UInt32($0.offset), recipientType: $0.element.recipientType, properties: $0.element.properties) },
            attachments: attachments)
    }

    /// The properties a new embedded message starts with (MS-OXCMSG 3.2.5.2 defaults for new messages).
    public static func newEmbeddedProperties(now: UInt64) -> PropertyBag {
        [
            Tags.messageClass: .string("IPM.Note"),
            Tags.messageFlags: .integer32(Int32(bitPattern: (MessageFlags.read.rawValue | MessageFlags.unsent.rawValue))),
            PropertyTag(0x0017_0003): .integer32(1),  // PidTagImportance normal
            PropertyTag(0x0036_0003): .integer32(0),  // PidTagSensitivity normal
            PropertyTag(0x0E1F_000B): .boolean(true),  // PidTagRtfInSync
        ]
    }
}
