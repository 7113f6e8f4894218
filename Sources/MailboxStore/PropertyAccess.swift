import MAPIWire

/// Looking up stored and computed properties, and answering a requested tag with the right type
/// (MS-OXCPRPT 3.2.5.1: a string asked for as PtypString8 or PtypString is converted; PtypUnspecified
/// gets the stored type).
enum PropertyAccess {
    /// The stored value whose property id is `id`, whatever its type.
    static func stored(_ bag: PropertyBag, _ id: UInt16) -> PropertyValue? {
        for (tag, value) in bag where tag.id == id && id != InternalProperties.id { return value }
        return nil
    }

    /// Converts `value` to the type `requested` asks for, or nil when it cannot be.
    static func coerce(_ value: PropertyValue, to requested: PropertyType, unicode: Bool = true) -> PropertyValue? {
        let type = requested.withoutInstanceFlag
        if type == .unspecified {
            switch value {
            case let .string(s) where !unicode: return .string8(Array(s.unicodeScalars.map { $0.value < 0x100 ? UInt8($0.value) : UInt8(ascii: "?") }))
            case let .string8(b) where unicode: return .string(String(String.UnicodeScalarView(b.map { Unicode.Scalar($0) })))
            case let .multipleString(ss) where !unicode: return .multipleString8(ss.map { Array($0.unicodeScalars.map { $0.value < 0x100 ? UInt8($0.value) : UInt8(ascii: "?") }) })
            case let .multipleString8(bs) where unicode: return .multipleString(bs.map { String(String.UnicodeScalarView($0.map { Unicode.Scalar($0) })) })
            default: return value
            }
        }
        if value.type == type { return value }
        switch (value, type) {
        case let (.string(s), .string8): return .string8(Array(s.unicodeScalars.map { $0.value < 0x100 ? UInt8($0.value) : UInt8(ascii: "?") }))
        case let (.string8(b), .string): return .string(String(String.UnicodeScalarView(b.map { Unicode.Scalar($0) })))
        case let (.multipleString(ss), .multipleString8): return .multipleString8(ss.map { Array($0.unicodeScalars.map { $0.value < 0x100 ? UInt8($0.value) : UInt8(ascii: "?") }) })
        case let (.multipleString8(bs), .multipleString): return .multipleString(bs.map { String(String.UnicodeScalarView($0.map { Unicode.Scalar($0) })) })
        default: return nil
        }
    }

    /// One cell for `tag` (missing or unconvertible → NotFound, MS-OXCPRPT 3.2.5.1).
    static func cell(_ tag: PropertyTag, unicode: Bool = true, _ lookup: (UInt16) -> PropertyValue?) -> PropertyCell {
        guard let value = lookup(tag.id), let converted = coerce(value, to: tag.type, unicode: unicode) else {
            return .error(.notFound)
        }
        return .value(converted)
    }

    static func int64(_ counter: UInt64, replica: UInt16) -> PropertyValue {
        .integer64(Int64(bitPattern: ObjectID(replicaID: replica, globalCounter: counter).wireValue))
    }
}

extension MailboxState {
    /// A folder property, stored or computed (rop-reference §9.2).
    func folderValue(_ folder: FolderRecord, _ id: UInt16) -> PropertyValue? {
        let counts = self.counts[folder.id] ?? FolderCounts()
        switch id {
        case Tags.folderID.id: return PropertyAccess.int64(folder.id, replica: replicaID)
        case Tags.parentFolderID.id: return folder.parentID == 0 ? nil : PropertyAccess.int64(folder.parentID, replica: replicaID)
        case Tags.instID.id: return PropertyAccess.int64(folder.id, replica: replicaID)
        case Tags.instanceNum.id: return .integer32(0)
        case Tags.rowType.id: return .integer32(1)
        case Tags.instanceKey.id: return .binary(instanceKey(folder.id))
        case Tags.contentCount.id:
            if folder.isSearchFolder { return .integer32(Int32(truncatingIfNeeded: searchMembers[folder.id]?.count ?? 0)) }
            return .integer32(Int32(bitPattern: counts.total))
        case Tags.contentUnreadCount.id:
            if folder.isSearchFolder {
                let unread = searchMembers[folder.id]?.count { messages[$0]?.isRead == false } ?? 0
                return .integer32(Int32(truncatingIfNeeded: unread))
            }
            return .integer32(Int32(bitPattern: counts.unread))
        case Tags.associatedContentCount.id: return .integer32(Int32(bitPattern: counts.associated))
        case Tags.subfolders.id: return .boolean(!(children[folder.id]?.isEmpty ?? true))
        case Tags.folderChildCount.id: return .integer32(Int32(truncatingIfNeeded: children[folder.id]?.count ?? 0))
        case Tags.messageSize.id: return .integer32(Int32(truncatingIfNeeded: min(counts.size, UInt64(Int32.max))))
        case Tags.messageSizeExtended.id: return .integer64(Int64(counts.size))
        case Tags.folderType.id: return .integer32(folder.parentID == 0 ? 0 : (folder.isSearchFolder ? 2 : 1))
        case Tags.creationTime.id: return .time(folder.creationTime)
        case Tags.lastModificationTime.id: return .time(folder.lastModificationTime)
        case Tags.changeNumber.id: return PropertyAccess.int64(folder.changeNumber, replica: replicaID)
        case Tags.changeKey.id: return .binary(xid(folder.changeNumber))
        case Tags.sourceKey.id: return .binary(xid(folder.id))
        case Tags.hierarchyChangeNumber.id: return .integer32(Int32(bitPattern: folder.hierarchyChangeNumber))
        case Tags.entryID.id: return .binary(folderEntryID(folder.id))
        case Tags.parentEntryID.id: return folder.parentID == 0 ? nil : .binary(folderEntryID(folder.parentID))
        case Tags.recordKey.id: return .binary(xid(folder.id))
        case Tags.access.id: return .integer32(folder.special == nil ? 0x3F : 0x3B)
        case Tags.rights.id: return .integer32(0x7FB)
        default: return PropertyAccess.stored(folder.properties, id)
        }
    }

    /// A message property, stored or computed (rop-reference §9.3).
    func messageValue(_ message: MessageRecord, _ id: UInt16) -> PropertyValue? {
        switch id {
        case Tags.mid.id, Tags.instID.id: return PropertyAccess.int64(message.id, replica: replicaID)
        case Tags.folderID.id, Tags.parentFolderID.id: return PropertyAccess.int64(message.folderID, replica: replicaID)
        case Tags.instanceNum.id: return .integer32(0)
        case Tags.rowType.id: return .integer32(1)
        case Tags.depth.id: return .integer32(0)
        case Tags.instanceKey.id: return .binary(instanceKey(message.id))
        case Tags.messageSize.id: return .integer32(Int32(truncatingIfNeeded: message.computedSize))
        case Tags.messageSizeExtended.id: return .integer64(Int64(message.computedSize))
        case Tags.creationTime.id: return .time(message.creationTime)
        case Tags.lastModificationTime.id: return .time(message.lastModificationTime)
        case Tags.changeNumber.id: return PropertyAccess.int64(message.changeNumber, replica: replicaID)
        case Tags.changeKey.id: return .binary(xid(message.changeNumber))
        case Tags.sourceKey.id: return .binary(xid(message.id))
        case Tags.associated.id: return .boolean(message.isAssociated)
        case Tags.entryID.id: return .binary(messageEntryID(folder: message.folderID, message: message.id))
        case Tags.parentEntryID.id: return .binary(folderEntryID(message.folderID))
        case Tags.recordKey.id: return .binary(xid(message.id))
        case Tags.read.id: return .boolean(message.isRead)
        case Tags.hasAttachments.id: return .boolean(message.hasAttachments)
        case Tags.objectType.id: return .integer32(5)
        case Tags.accessLevel.id: return .integer32(1)
        case Tags.access.id: return .integer32(0x3)
        case Tags.displayTo.id: return .string(displayNames(message, type: 1))
        case Tags.displayCc.id: return .string(displayNames(message, type: 2))
        case Tags.displayBcc.id: return .string(displayNames(message, type: 3))
        case Tags.messageFlags.id:
            var flags = message.flags
            if message.isAssociated { flags.insert(.associated) }
            if message.hasAttachments { flags.insert(.hasAttach) }
            return .integer32(Int32(bitPattern: flags.rawValue))
        default: return PropertyAccess.stored(message.properties, id)
        }
    }

    func displayNames(_ message: MessageRecord, type: UInt8) -> String {
        message.recipients.filter { $0.recipientType & 0x0F == type }.compactMap { recipient -> String? in
            if case let .string(name)? = PropertyAccess.stored(recipient.properties, Tags.displayName.id) { return name }
            return nil
        }.joined(separator: "; ")
    }

    /// PidTagInstanceKey: 8-byte InstID + 4-byte InstanceNum (rop-reference §6.1).
    func instanceKey(_ counter: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        objectID(counter).encode(into: &bytes)
        bytes.appendUInt32(0)
        return bytes
    }

    /// A Folder EntryID (MS-OXCDATA 2.2.4.1): Flags 0, ProviderUID (the MailboxGuid), FolderType
    /// 0x0001 (eitLTPrivateFolder), DatabaseGuid (ReplGuid), GlobalCounter (6, big-endian), Pad.
    func folderEntryID(_ counter: UInt64) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, 0, 0]
        bytes += record.mailboxGuid.array
        bytes.appendUInt16(0x0001)
        bytes += xid(counter)
        bytes.appendUInt16(0)
        return bytes
    }

    /// A Message EntryID (MS-OXCDATA 2.2.4.2): Flags 0, ProviderUID, MessageType 0x0007
    /// (eitLTPrivateMessage), the folder's DatabaseGuid + GlobalCounter + Pad, the message's.
    func messageEntryID(folder: UInt64, message: UInt64) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, 0, 0]
        bytes += record.mailboxGuid.array
        bytes.appendUInt16(0x0007)
        bytes += xid(folder)
        bytes.appendUInt16(0)
        bytes += xid(message)
        bytes.appendUInt16(0)
        return bytes
    }

    /// An XID (MS-OXCFXICS 2.2.2.2): the ReplGuid followed by the 6-byte global counter.
    func xid(_ counter: UInt64) -> [UInt8] {
        var bytes = record.replGuid.array
        for shift in stride(from: 40, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: counter >> UInt64(shift))) }
        return bytes
    }
}

extension Tags {
    public static let rights = PropertyTag(0x6639_0003)
    public static let entryID = PropertyTag(0x0FFF_0102)
    public static let parentEntryID = PropertyTag(0x0E09_0102)
}
