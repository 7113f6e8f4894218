import MAPIWire
import NotificationEngine

// Large property values through streams (MS-OXCPRPT 3.2.5.13–3.2.5.20). A Stream object reads the
// property into a buffer when it is opened and writes the buffer back on RopCommitStream (or on
// release of a writable stream). Values written that way are bounded by
// ``MailboxStore/Configuration/maximumStreamSize`` only — not by the 65,535-byte count of a ROP — and
// the stored encoding keeps them whole (``LargeValueCoding``).

/// Which property types a stream can carry (MS-OXCPRPT 2.2.14.1: PtypBinary, PtypString,
/// PtypString8; Exchange also streams PtypObject attachment data as binary).
public enum StreamableProperty {
    public static func isStreamable(_ type: PropertyType) -> Bool {
        type == .binary || type == .string || type == .string8 || type == .serverID
    }

    /// The stream bytes of a value: binary as is, PtypString UTF-16LE (no terminator), PtypString8
    /// its 8-bit characters (no terminator).
    public static func bytes(of value: PropertyValue) -> [UInt8]? {
        switch value {
        case let .binary(bytes), let .serverID(bytes): return bytes
        case let .string8(bytes): return bytes
        case let .string(text):
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf16.count * 2)
            for unit in text.utf16 { bytes.appendUInt16(unit) }
            return bytes
        default: return nil
        }
    }

    /// The value the stream bytes stand for when committed as `tag`'s type. A trailing NUL
    /// terminator written by the client is dropped; an odd last byte of a Unicode stream is ignored.
    public static func value(_ bytes: [UInt8], as type: PropertyType) -> PropertyValue? {
        switch type {
        case .binary: return .binary(bytes)
        case .serverID: return .serverID(bytes)
        case .string8:
            var trimmed = bytes[...]
            while trimmed.last == 0 { trimmed = trimmed.dropLast() }
            return .string8(Array(trimmed))
        case .string:
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            var index = 0
            while index + 1 < bytes.count {
                units.append(UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8)
                index += 2
            }
            while units.last == 0 { units.removeLast() }
            return .string(String(decoding: units, as: UTF16.self))
        default: return nil
        }
    }
}

extension PendingMessage {
    /// A streamed write to the message (RopCommitStream): pending until the message is saved.
    public mutating func setStreamedProperty(_ tag: PropertyTag, _ value: PropertyValue, maximumSize: Int) throws(StoreError) {
        if Tags.readOnly.contains(tag.id) { throw .accessDenied }
        guard !isReadOnly else { throw .accessDenied }
        guard InternalProperties.storedSize(value) <= maximumSize else { throw .propertyTooBig(tag) }
        for stored in properties.keys where stored.id == tag.id { properties[stored] = nil }
        properties[tag] = value
    }
}

extension MailboxStore {
    /// A streamed write to a folder property (RopCommitStream on a folder's stream): committed at once,
    /// ObjectModified like RopSetProperties.
    public func setFolderStreamedProperty(_ mailbox: MailboxID, _ folder: FolderID, _ tag: PropertyTag, _ value: PropertyValue) throws(StoreError) {
        if Tags.readOnly.contains(tag.id) || tag.id == Tags.displayName.id { throw .accessDenied }
        guard InternalProperties.storedSize(value) <= configuration.maximumStreamSize else { throw .propertyTooBig(tag) }
        try transaction { tx throws(StoreError) in
            let state = try state(mailbox)
            let counter = try folderCounter(state, folder)
            guard var record = state.folders[counter] else { throw .notFound }
            for stored in record.properties.keys where stored.id == tag.id { record.properties[stored] = nil }
            record.properties[tag] = value
            record.lastModificationTime = tx.now
            record.changeNumber = tx.allocate(state)
            tx.putFolder(state, record)
            tx.emit(state, .objectModified(.folder(folder), tags: [tag], totalMessageCount: nil, unreadMessageCount: nil))
        }
    }

    /// A folder's stored value for a stream (RopOpenStream on a folder), nil when unset.
    public func folderStreamValue(_ mailbox: MailboxID, _ folder: FolderID, _ tag: PropertyTag) throws(StoreError) -> PropertyValue? {
        try locked { () throws(StoreError) -> PropertyValue? in
            let state = try state(mailbox)
            let counter = try folderCounter(state, folder)
            guard let record = state.folders[counter] else { throw .notFound }
            return PropertyAccess.stored(record.properties, tag.id)
        }
    }
}
