/// A RecipientRow (MS-OXCDATA 2.8.3.2): RecipientFlags, the standard fields those flags select, then
/// RecipientColumnCount and a PropertyRow over the first RecipientColumnCount recipient columns.
///
/// The recipient columns are not part of the structure: RopOpenMessage sends them once for all its rows
/// (MS-OXCROPS 2.2.6.1.2), RopModifyRecipients receives them in the request (2.2.6.5.1) and
/// RopReadRecipients reuses the ones already established on the Message object. Encoding and decoding
/// therefore take the column list.
public struct RecipientRow: Hashable, Sendable {
    /// RecipientFlags (MS-OXCDATA 2.8.3.1).
    public struct Flags: OptionSet, Hashable, Sendable {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }

        /// The Type subfield mask (bits 0–2).
        public static let typeMask: UInt16 = 0x0007
        public static let emailAddress = Flags(rawValue: 0x0008)
        public static let displayName = Flags(rawValue: 0x0010)
        public static let transmittableDisplayName = Flags(rawValue: 0x0020)
        public static let transmittableDisplayNameSameAsDisplayName = Flags(rawValue: 0x0040)
        public static let differentTransport = Flags(rawValue: 0x0080)
        public static let noRichInfo = Flags(rawValue: 0x0100)
        public static let unicode = Flags(rawValue: 0x0200)
        public static let simpleDisplayName = Flags(rawValue: 0x0400)
        public static let nonStandardAddressType = Flags(rawValue: 0x8000)

        /// The Type subfield (see ``RecipientRow/AddressType``).
        public var type: UInt8 { UInt8(rawValue & Self.typeMask) }
    }

    /// Values of the Type subfield of RecipientFlags (MS-OXCDATA 2.8.3.1).
    public enum AddressType {
        public static let noType: UInt8 = 0
        public static let x500DN: UInt8 = 1
        public static let msMail: UInt8 = 2
        public static let smtp: UInt8 = 3
        public static let fax: UInt8 = 4
        public static let professionalOfficeSystem: UInt8 = 5
        public static let personalDistributionList1: UInt8 = 6
        public static let personalDistributionList2: UInt8 = 7
    }

    /// The fields present when Type is X500DN.
    public struct X500: Hashable, Sendable {
        public var addressPrefixUsed: UInt8
        public var displayType: UInt8
        /// ASCII, without its terminating NUL.
        public var x500DN: [UInt8]

        public init(addressPrefixUsed: UInt8, displayType: UInt8, x500DN: [UInt8]) {
            self.addressPrefixUsed = addressPrefixUsed
            self.displayType = displayType
            self.x500DN = x500DN
        }
    }

    /// The fields present when Type is PersonalDistributionList1 or PersonalDistributionList2.
    public struct DistributionList: Hashable, Sendable {
        public var entryID: [UInt8]
        public var searchKey: [UInt8]

        public init(entryID: [UInt8], searchKey: [UInt8]) {
            self.entryID = entryID
            self.searchKey = searchKey
        }
    }

    public var flags: Flags
    /// Present exactly when Type is X500DN.
    public var x500: X500?
    /// Present exactly when Type is a personal distribution list.
    public var distributionList: DistributionList?
    /// ASCII, without its NUL; present exactly when Type is NoType and the O flag is set.
    public var addressType: [UInt8]?
    /// The strings below are UTF-16LE when the U flag is set, else 8-bit; each is present exactly when
    /// its flag (E, D, I, T) is set. Encoding writes each string in its own case.
    public var emailAddress: RopString?
    public var displayName: RopString?
    public var simpleDisplayName: RopString?
    public var transmittableDisplayName: RopString?
    /// RecipientProperties, one cell per column for the first `properties.cells.count` columns
    /// (RecipientColumnCount).
    public var properties: PropertyRow

    public init(
        flags: Flags, x500: X500? = nil, distributionList: DistributionList? = nil, addressType: [UInt8]? = nil,
        emailAddress: RopString? = nil, displayName: RopString? = nil, simpleDisplayName: RopString? = nil,
        transmittableDisplayName: RopString? = nil, properties: PropertyRow
    ) {
        self.flags = flags
        self.x500 = x500
        self.distributionList = distributionList
        self.addressType = addressType
        self.emailAddress = emailAddress
        self.displayName = displayName
        self.simpleDisplayName = simpleDisplayName
        self.transmittableDisplayName = transmittableDisplayName
        self.properties = properties
    }

    static func isDistributionList(_ type: UInt8) -> Bool {
        type == AddressType.personalDistributionList1 || type == AddressType.personalDistributionList2
    }

    /// Appends the row. `columns` must hold at least `properties.cells.count` tags; the flags decide
    /// which standard fields are written (a field the flags select but the value lacks is written empty).
    public func encode(columns: [PropertyTag], into buffer: inout [UInt8]) {
        buffer.appendUInt16(flags.rawValue)
        let type = flags.type
        if type == AddressType.x500DN {
            let x500 = x500 ?? X500(addressPrefixUsed: 0, displayType: 0, x500DN: [])
            buffer.append(x500.addressPrefixUsed)
            buffer.append(x500.displayType)
            PropertyValue.encodeString8(x500.x500DN, into: &buffer)
        }
        if Self.isDistributionList(type) {
            let list = distributionList ?? DistributionList(entryID: [], searchKey: [])
            buffer.appendSizedBytes16(list.entryID)
            buffer.appendSizedBytes16(list.searchKey)
        }
        if type == AddressType.noType && flags.contains(.nonStandardAddressType) {
            PropertyValue.encodeString8(addressType ?? [], into: &buffer)
        }
        let empty: RopString = flags.contains(.unicode) ? .unicode("") : .eightBit([])
        if flags.contains(.emailAddress) { (emailAddress ?? empty).encode(into: &buffer) }
        if flags.contains(.displayName) { (displayName ?? empty).encode(into: &buffer) }
        if flags.contains(.simpleDisplayName) { (simpleDisplayName ?? empty).encode(into: &buffer) }
        if flags.contains(.transmittableDisplayName) { (transmittableDisplayName ?? empty).encode(into: &buffer) }
        let count = properties.cells.count
        buffer.appendUInt16(UInt16(truncatingIfNeeded: count))
        properties.encode(columns: Array(columns.prefix(count)), into: &buffer)
    }

    /// Reads one row; RecipientColumnCount greater than `columns.count` is malformed.
    public static func decode(columns: [PropertyTag], from reader: inout ByteReader) throws(WireError) -> RecipientRow {
        let flags = Flags(rawValue: try reader.readUInt16("RecipientFlags"))
        let type = flags.type
        var row = RecipientRow(flags: flags, properties: PropertyRow(cells: []))
        if type == AddressType.x500DN {
            row.x500 = X500(
                addressPrefixUsed: try reader.readUInt8("AddressPrefixUsed"),
                displayType: try reader.readUInt8("DisplayType"),
                x500DN: try reader.readString8("X500DN"))
        }
        if isDistributionList(type) {
            row.distributionList = DistributionList(
                entryID: try reader.readSizedBytes16("EntryIdSize", "EntryID"),
                searchKey: try reader.readSizedBytes16("SearchKeySize", "SearchKey"))
        }
        if type == AddressType.noType && flags.contains(.nonStandardAddressType) {
            row.addressType = try reader.readString8("AddressType")
        }
        let unicode = flags.contains(.unicode)
        if flags.contains(.emailAddress) { row.emailAddress = try .decode(unicode: unicode, from: &reader, "EmailAddress") }
        if flags.contains(.displayName) { row.displayName = try .decode(unicode: unicode, from: &reader, "DisplayName") }
        if flags.contains(.simpleDisplayName) { row.simpleDisplayName = try .decode(unicode: unicode, from: &reader, "SimpleDisplayName") }
        if flags.contains(.transmittableDisplayName) {
            row.transmittableDisplayName = try .decode(unicode: unicode, from: &reader, "TransmittableDisplayName")
        }
        let countOffset = reader.offset
        let count = Int(try reader.readUInt16("RecipientColumnCount"))
        guard count <= columns.count else {
            throw WireError(offset: countOffset, field: "RecipientColumnCount", kind: .limitExceeded(limit: columns.count, actual: count))
        }
        row.properties = try PropertyRow.decode(columns: Array(columns.prefix(count)), from: &reader)
        return row
    }
}

extension RecipientRow {
    /// RecipientRowSize (u16) then the row, as every recipient-carrying ROP frames it.
    func encodeSized(columns: [PropertyTag], into buffer: inout [UInt8]) {
        let sizeIndex = buffer.count
        buffer.appendUInt16(0)
        encode(columns: columns, into: &buffer)
        buffer.setUInt16(UInt16(truncatingIfNeeded: buffer.count - sizeIndex - 2), at: sizeIndex)
    }

    /// Reads RecipientRowSize and a row that must fill exactly that many bytes.
    static func decodeSized(columns: [PropertyTag], from reader: inout ByteReader) throws(WireError) -> RecipientRow {
        try decode(columns: columns, from: &reader, size: Int(try reader.readUInt16("RecipientRowSize")))
    }

    /// Reads a row that must fill exactly `size` bytes.
    static func decode(columns: [PropertyTag], from reader: inout ByteReader, size: Int) throws(WireError) -> RecipientRow {
        var rowReader = try reader.subReader(count: size, field: "RecipientRow")
        let row = try decode(columns: columns, from: &rowReader)
        guard rowReader.isAtEnd else {
            throw WireError(offset: rowReader.offset, field: "RecipientRow", kind: .trailingBytes(rowReader.remaining))
        }
        return row
    }
}
