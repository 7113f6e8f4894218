/// A PropertyName (MS-OXCDATA 2.6.1): Kind (1), GUID (16, the property set), then LID (4) for Kind
/// 0x00, or NameSize (1) and Name (NameSize bytes of UTF-16LE ending in 0x0000) for Kind 0x01. Kind
/// 0xFF ("no associated PropertyName") has neither.
///
/// The GUID is always present: MS-OXCDATA 2.6.1 marks only LID, NameSize and Name optional. (MS-OXCPRPT
/// 3.2.5.9 says a Kind 0xFF entry has "no other return data"; Herald follows the structure definition
/// and sends the GUID as zeros.) Any other Kind makes the rest of the buffer unmeasurable, so decoding
/// it is an error.
public struct PropertyName: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// 0x00 MNID_ID: identified by a 32-bit LID within the property set.
        case lid(UInt32)
        /// 0x01 MNID_STRING: identified by a string; the UTF-16 code units, without the terminator.
        case name([UInt16])
        /// 0xFF: the property ID has no name.
        case noName

        public var rawValue: UInt8 {
            switch self {
            case .lid: 0x00
            case .name: 0x01
            case .noName: 0xFF
            }
        }
    }

    public var guid: GUID
    public var kind: Kind

    public init(guid: GUID, kind: Kind) {
        self.guid = guid
        self.kind = kind
    }

    public init(guid: GUID, lid: UInt32) { self.init(guid: guid, kind: .lid(lid)) }
    public init(guid: GUID, name: String) { self.init(guid: guid, kind: .name(Array(name.utf16))) }

    /// The unnamed entry of RopGetNamesFromPropertyIds (MS-OXCPRPT 3.2.5.9).
    public static let noName = PropertyName(guid: .zero, kind: .noName)

    /// The longest name NameSize (one byte, terminator included) can carry: 126 code units.
    public static let maximumNameUnits = (Int(UInt8.max) - 2) / 2

    /// PS_MAPI (MS-OXPROPS 1.3.2): names of tagged properties (IDs below 0x8000) in this set are Kind
    /// 0x00 with the property ID as LID (MS-OXCPRPT 3.2.5.9).
    public static let psMAPI = GUID("00020328-0000-0000-C000-000000000046")!
    /// PS_PUBLIC_STRINGS (MS-OXPROPS 1.3.2).
    public static let psPublicStrings = GUID("00020329-0000-0000-C000-000000000046")!

    /// The name as a Swift string (invalid UTF-16 repaired), nil unless Kind is 0x01.
    public var nameString: String? {
        guard case let .name(units) = kind else { return nil }
        return String(decoding: units, as: UTF16.self)
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(kind.rawValue)
        guid.encode(into: &buffer)
        switch kind {
        case let .lid(lid):
            buffer.appendUInt32(lid)
        case let .name(units):
            // NameSize counts the bytes of Name with its terminator; longer names are cut so that the
            // size and the bytes agree.
            let kept = units.prefix(Self.maximumNameUnits)
            buffer.append(UInt8((kept.count + 1) * 2))
            for unit in kept { buffer.appendUInt16(unit) }
            buffer.appendUInt16(0)
        case .noName:
            break
        }
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> PropertyName {
        let kindOffset = reader.offset
        let kindValue = try reader.readUInt8("PropertyName.Kind")
        guard kindValue == 0x00 || kindValue == 0x01 || kindValue == 0xFF else {
            throw WireError(offset: kindOffset, field: "PropertyName.Kind", kind: .invalidValue(UInt64(kindValue)))
        }
        let guid = try GUID.decode(from: &reader, "PropertyName.GUID")
        switch kindValue {
        case 0x00:
            return PropertyName(guid: guid, kind: .lid(try reader.readUInt32("PropertyName.LID")))
        case 0x01:
            let sizeOffset = reader.offset
            let size = Int(try reader.readUInt8("PropertyName.NameSize"))
            guard size % 2 == 0 else {
                throw WireError(offset: sizeOffset, field: "PropertyName.NameSize", kind: .invalidValue(UInt64(size)))
            }
            let bytes = try reader.readBytes(size, "PropertyName.Name")
            var units: [UInt16] = []
            units.reserveCapacity(size / 2)
            for index in stride(from: 0, to: size, by: 2) { units.append(UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8) }
            // The terminator is part of Name; a name sent without one is accepted as it is, unless it
            // is longer than NameSize could announce with its terminator (127 units): such a value
            // could not be sent back as it was read.
            if units.last == 0 { units.removeLast() }
            guard units.count <= maximumNameUnits else {
                throw WireError(offset: sizeOffset, field: "PropertyName.NameSize", kind: .invalidValue(UInt64(size)))
            }
            return PropertyName(guid: guid, kind: .name(units))
        default:
            return PropertyName(guid: guid, kind: .noName)
        }
    }
}

extension ByteReader {
    /// A u16 count, then that many PropertyNames (each at least Kind + GUID, 17 bytes).
    mutating func readCountedPropertyNames(_ countField: String) throws(WireError) -> [PropertyName] {
        let count = Int(try readUInt16(countField))
        try require(count * 17, field: "PropertyNames")
        var names: [PropertyName] = []
        names.reserveCapacity(count)
        for _ in 0..<count { names.append(try PropertyName.decode(from: &self)) }
        return names
    }

    /// A u16 count, then that many u16 property IDs.
    mutating func readCountedPropertyIDs(_ countField: String) throws(WireError) -> [UInt16] {
        let count = Int(try readUInt16(countField))
        try require(count * 2, field: "PropertyIds")
        var ids: [UInt16] = []
        ids.reserveCapacity(count)
        for _ in 0..<count { ids.append(try readUInt16("PropertyIds")) }
        return ids
    }
}

extension Array where Element == UInt8 {
    mutating func appendCountedPropertyNames(_ names: [PropertyName]) {
        let kept = names.prefix(Int(UInt16.max))
        appendUInt16(UInt16(kept.count))
        for name in kept { name.encode(into: &self) }
    }

    mutating func appendCountedPropertyIDs(_ ids: [UInt16]) {
        let kept = ids.prefix(Int(UInt16.max))
        appendUInt16(UInt16(kept.count))
        for id in kept { appendUInt16(id) }
    }
}
