import MAPIWire

// MARK: - RecipientRow ↔ stored recipient (MS-OXCDATA 2.8.3; MS-OXCMSG 3.2.5.5, 3.2.5.6)

extension Tags {
    public static let displayType = PropertyTag(0x3900_0003)
    public static let transmittableDisplayName = PropertyTag(0x3A20_001F)
    public static let simpleDisplayName = PropertyTag(0x39FF_001F)
    public static let sendRichInfo = PropertyTag(0x3A40_000B)
    public static let recipientSearchKey = PropertyTag(0x300B_0102)
}

extension RecipientRecord {
    /// Properties the fixed part of a RecipientRow carries; never repeated as recipient columns.
    static let fixedPartTags: Set<UInt16> = [
        Tags.addressType.id, Tags.emailAddress.id, Tags.displayName.id, Tags.transmittableDisplayName.id,
        Tags.simpleDisplayName.id, Tags.recipientType.id, Tags.rowid.id,
    ]

    /// The properties a RopModifyRecipients row sets (MS-OXCMSG 3.2.5.5: all of them, replacing the
    /// recipient's old ones). An X500 DN keeps only its last part on the wire: the first
    /// AddressPrefixUsed characters come from `essdnPrefixSource`, the logon user's own ESSDN
    /// (MS-OXCDATA 2.8.3.2). Absent and error cells set nothing.
    public static func properties(from row: RecipientRow, columns: [PropertyTag], essdnPrefixSource: String) -> PropertyBag {
        var bag = PropertyBag()
        let type = row.flags.type
        switch type {
        case RecipientRow.AddressType.x500DN:
            let x500 = row.x500 ?? .init(addressPrefixUsed: 0, displayType: 0, x500DN: [])
            let prefix = String(essdnPrefixSource.prefix(Int(x500.addressPrefixUsed)))
            bag[Tags.addressType] = .string("EX")
            bag[Tags.emailAddress] = .string(prefix + String(decoding: x500.x500DN, as: UTF8.self))
            bag[Tags.displayType] = .integer32(Int32(x500.displayType))
        case RecipientRow.AddressType.smtp: bag[Tags.addressType] = .string("SMTP")
        case RecipientRow.AddressType.msMail: bag[Tags.addressType] = .string("MSMAIL")
        case RecipientRow.AddressType.fax: bag[Tags.addressType] = .string("FAX")
        case RecipientRow.AddressType.professionalOfficeSystem: bag[Tags.addressType] = .string("PROFS")
        case RecipientRow.AddressType.personalDistributionList1, RecipientRow.AddressType.personalDistributionList2:
            bag[Tags.addressType] = .string("MAPIPDL")
            if let list = row.distributionList {
                bag[Tags.recipientEntryID] = .binary(list.entryID)
                bag[Tags.recipientSearchKey] = .binary(list.searchKey)
            }
        default:
            if let custom = row.addressType { bag[Tags.addressType] = .string(String(decoding: custom, as: UTF8.self)) }
        }
        if let email = row.emailAddress { bag[Tags.emailAddress] = .string(email.string) }
        if let name = row.displayName { bag[Tags.displayName] = .string(name.string) }
        if let simple = row.simpleDisplayName { bag[Tags.simpleDisplayName] = .string(simple.string) }
        if let transmittable = row.transmittableDisplayName {
            bag[Tags.transmittableDisplayName] = .string(transmittable.string)
        } else if row.flags.contains(.transmittableDisplayNameSameAsDisplayName), let name = row.displayName {
            bag[Tags.transmittableDisplayName] = .string(name.string)
        }
        bag[Tags.sendRichInfo] = .boolean(!row.flags.contains(.noRichInfo))
        for (column, cell) in zip(columns, row.properties.cells) {
            guard case let .value(value) = cell, column.type != .unspecified || value.type != .unspecified else { continue }
            let tag = column.type == .unspecified ? PropertyTag(id: column.id, type: value.type) : column
            guard value.type == tag.type.withoutInstanceFlag else { continue }
            for stored in bag.keys where stored.id == tag.id { bag[stored] = nil }
            bag[tag] = value
        }
        return bag
    }

    /// The recipient columns RopOpenMessage announces for these recipients: every stored property
    /// the fixed part does not carry, in tag order, so nothing a client set is lost on a reopen.
    public static func columns(for recipients: [RecipientRecord]) -> [PropertyTag] {
        var seen = Set<PropertyTag>()
        for recipient in recipients {
            for tag in recipient.properties.keys where !fixedPartTags.contains(tag.id) { seen.insert(tag) }
        }
        return seen.sorted { $0.rawValue < $1.rawValue }
    }

    /// This recipient as a RecipientRow over `columns` (Unicode strings; an EX address travels as
    /// an X500 DN with AddressPrefixUsed 0).
    public func recipientRow(columns: [PropertyTag]) -> RecipientRow {
        func text(_ tag: PropertyTag) -> String? {
            switch PropertyAccess.stored(properties, tag.id) {
            case let .string(value)?: value
            case let .string8(bytes)?: String(decoding: bytes.map { UInt16($0) }, as: UTF16.self)
            default: nil
            }
        }
        var flags = RecipientRow.Flags.unicode
        var row = RecipientRow(flags: [], properties: PropertyRow(cells: []))
        let addressType = text(Tags.addressType)
        let email = text(Tags.emailAddress)
        var emailInFixedPart = true
        switch addressType?.uppercased() {
        case "EX"?:
            flags.insert(RecipientRow.Flags(rawValue: UInt16(RecipientRow.AddressType.x500DN)))
            var displayType: UInt8 = 0
            if case let .integer32(value)? = PropertyAccess.stored(properties, Tags.displayType.id) { displayType = UInt8(truncatingIfNeeded: value) }
            row.x500 = .init(addressPrefixUsed: 0, displayType: displayType, x500DN: Array((email ?? "").utf8))
            emailInFixedPart = false
        case "SMTP"?: flags.insert(RecipientRow.Flags(rawValue: UInt16(RecipientRow.AddressType.smtp)))
        case "MSMAIL"?: flags.insert(RecipientRow.Flags(rawValue: UInt16(RecipientRow.AddressType.msMail)))
        case "FAX"?: flags.insert(RecipientRow.Flags(rawValue: UInt16(RecipientRow.AddressType.fax)))
        case "PROFS"?: flags.insert(RecipientRow.Flags(rawValue: UInt16(RecipientRow.AddressType.professionalOfficeSystem)))
        case "MAPIPDL"?:
            flags.insert(RecipientRow.Flags(rawValue: UInt16(RecipientRow.AddressType.personalDistributionList1)))
            var entryID: [UInt8] = []
            var searchKey: [UInt8] = []
            if case let .binary(bytes)? = PropertyAccess.stored(properties, Tags.recipientEntryID.id) { entryID = bytes }
            if case let .binary(bytes)? = PropertyAccess.stored(properties, Tags.recipientSearchKey.id) { searchKey = bytes }
            row.distributionList = .init(entryID: Array(entryID.prefix(Int(UInt16.max))), searchKey: Array(searchKey.prefix(Int(UInt16.max))))
        case let other?:
            flags.insert(.nonStandardAddressType)
            row.addressType = Array(other.unicodeScalars.map { $0.isASCII ? UInt8($0.value) : UInt8(ascii: "?") })
        case nil: break
        }
        if emailInFixedPart, let email {
            flags.insert(.emailAddress)
            row.emailAddress = .unicode(email)
        }
        let displayName = text(Tags.displayName)
        if let displayName {
            flags.insert(.displayName)
            row.displayName = .unicode(displayName)
        }
        if let simple = text(Tags.simpleDisplayName) {
            flags.insert(.simpleDisplayName)
            row.simpleDisplayName = .unicode(simple)
        }
        if let transmittable = text(Tags.transmittableDisplayName) {
            if transmittable == displayName {
                flags.insert(.transmittableDisplayNameSameAsDisplayName)
            } else {
                flags.insert(.transmittableDisplayName)
                row.transmittableDisplayName = .unicode(transmittable)
            }
        }
        if case .boolean(false)? = PropertyAccess.stored(properties, Tags.sendRichInfo.id) { flags.insert(.noRichInfo) }
        row.flags = flags
        row.properties = PropertyRow(cells: columns.map { column in
            PropertyAccess.cell(column) { PropertyAccess.stored(properties, $0) }
        })
        return row
    }
}
