import MAPIWire

/// Server-private data kept in an object's own property bag under the reserved property ID 0xFFFF
/// (PROP_ID_INVALID, which no client may use): a message's attachments, the mailbox root's
/// named-property map and Receive-folder table.
///
/// Keeping them in the bag means every path that already copies, moves, delivers, persists or rolls
/// back an object's properties carries them too, with no change to the backend contract or schema.
/// The ID is hidden from clients: ``PropertyAccess/stored(_:_:)`` never returns it, GetPropertiesAll
/// leaves it out and RopSetProperties / RopDeleteProperties refuse it (``Tags/readOnly``).
enum InternalProperties {
    static let id: UInt16 = 0xFFFF
    /// Attachments of a message; named-property map on the mailbox root.
    static let blob = PropertyTag(0xFFFF_1102)
    /// Receive-folder table on the mailbox root: message classes, FIDs (counters), modification times.
    static let receiveClasses = PropertyTag(0xFFFF_101F)
    static let receiveFolders = PropertyTag(0xFFFF_1014)
    static let receiveTimes = PropertyTag(0xFFFF_1040)

    /// Splits a blob into PtypMultipleBinary chunks of at most 65,535 bytes (the ROP binary count
    /// width the stored encoding uses).
    static func chunked(_ bytes: [UInt8]) -> PropertyValue {
        var chunks: [[UInt8]] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + Int(UInt16.max))
            chunks.append(Array(bytes[start..<end]))
            start = end
        }
        return .multipleBinary(chunks)
    }

    static func joined(_ value: PropertyValue?) -> [UInt8]? {
        guard case let .multipleBinary(chunks)? = value else { return nil }
        return chunks.flatMap { $0 }
    }
}

/// The stored form of PtypBinary / PtypServerId values longer than a ROP count can announce
/// (streamed attachment data, PidTagHtml, PidTagRtfCompressed…): 0xFFFF, then a u32 byte count,
/// then the bytes. A value of 65,535 bytes or more always uses it, so an old-format value (u16 count
/// ≤ 65,534) never starts with 0xFFFF — except exactly 65,535 bytes written by the previous
/// encoder, which is recognised by its total length.
enum LargeValueCoding {
    static let marker = UInt16.max

    static func encode(_ value: PropertyValue) -> [UInt8]? {
        switch value {
        case let .binary(bytes) where bytes.count >= Int(marker), let .serverID(bytes) where bytes.count >= Int(marker):
            var buffer: [UInt8] = []
            buffer.reserveCapacity(bytes.count + 6)
            buffer.appendUInt16(marker)
            buffer.appendUInt32(UInt32(truncatingIfNeeded: bytes.count))
            buffer.append(contentsOf: bytes)
            return buffer
        default:
            return nil
        }
    }

    static func decode(_ bytes: [UInt8], tag: PropertyTag) throws -> PropertyValue? {
        let type = tag.type.withoutInstanceFlag
        guard type == .binary || type == .serverID, bytes.count >= 6, bytes[0] == 0xFF, bytes[1] == 0xFF,
              bytes.count != 2 + Int(marker) else { return nil }
        var reader = ByteReader(bytes)
        _ = try reader.readUInt16("Marker")
        let count = Int(try reader.readUInt32("Size"))
        let data = try reader.readBytes(count, "Data")
        return type == .binary ? .binary(data) : .serverID(data)
    }
}

extension InternalProperties {
    /// The tags an ObjectModified notification may name: internal ones are replaced by what they
    /// stand for to the client (the attachment list → PidTagHasAttachments).
    static func visibleTags(_ tags: Set<PropertyTag>) -> Set<PropertyTag> {
        var visible = tags.filter { $0.id != id }
        if tags.contains(blob) { visible.insert(Tags.hasAttachments) }
        return visible
    }

    /// The Tags an object event carries for `tags`: the visible ones, in tag order.
    static func eventTags(_ tags: Set<PropertyTag>) -> [PropertyTag] {
        visibleTags(tags).sorted { $0.rawValue < $1.rawValue }
    }
}

extension InternalProperties {
    /// The size a value takes once stored, without encoding it (a ROP encoding would cut binary
    /// values at 65,535 bytes, so `PropertyValue.encodedSize` understates large ones).
    static func storedSize(_ value: PropertyValue) -> Int {
        switch value {
        case let .binary(bytes), let .serverID(bytes): bytes.count + (bytes.count >= Int(LargeValueCoding.marker) ? 6 : 2)
        case let .string(text): (text.utf16.count + 1) * 2
        case let .string8(bytes): bytes.count + 1
        default: value.encodedSize
        }
    }
}
