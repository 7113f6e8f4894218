import MAPIWire
import NotificationEngine

// MARK: - Logon-object properties (MS-OXCSTOR 2.2.2; MS-OXCPRPT 3.2.5)

extension Tags {
    // MS-OXCSTOR 2.2.2.1 private-mailbox logon properties (tags per MS-OXPROPS).
    public static let mailboxOwnerEntryID = PropertyTag(0x661B_0102)
    public static let mailboxOwnerName = PropertyTag(0x661C_001F)
    public static let userEntryID = PropertyTag(0x6619_0102)
    public static let outOfOfficeState = PropertyTag(0x661D_000B)
    public static let storeState = PropertyTag(0x340E_0003)
    public static let storeSupportMask = PropertyTag(0x340D_0003)
    public static let storeRecordKey = PropertyTag(0x0FFA_0102)
    public static let validFolderMask = PropertyTag(0x35DF_0003)
    public static let ipmSubtreeEntryID = PropertyTag(0x35E0_0102)
    public static let ipmOutboxEntryID = PropertyTag(0x35E2_0102)
    public static let ipmWastebasketEntryID = PropertyTag(0x35E3_0102)
    public static let ipmSentMailEntryID = PropertyTag(0x35E4_0102)
    public static let viewsEntryID = PropertyTag(0x35E5_0102)
    public static let commonViewsEntryID = PropertyTag(0x35E6_0102)
    public static let finderEntryID = PropertyTag(0x35E7_0102)
}

extension MailboxStore {
    /// Properties of the Logon object the server computes; a client can neither set nor delete
    /// them (MS-OXCSTOR 2.2.2.1.1 lists the private-mailbox read-only ones).
    static let storeComputedTags: [PropertyTag] = [
        Tags.mailboxOwnerName, Tags.mailboxOwnerEntryID, Tags.userEntryID, Tags.displayName, Tags.recordKey,
        Tags.storeRecordKey, Tags.storeState, Tags.storeSupportMask, Tags.validFolderMask, Tags.ipmSubtreeEntryID,
        Tags.ipmOutboxEntryID, Tags.ipmWastebasketEntryID, Tags.ipmSentMailEntryID, Tags.viewsEntryID,
        Tags.commonViewsEntryID, Tags.finderEntryID, Tags.contentCount, Tags.messageSize, Tags.messageSizeExtended,
    ]
    static let storeReadOnly: Set<UInt16> = Set(storeComputedTags.map(\.id)).union(Tags.readOnly)

    /// RopGetPropertiesSpecific on a Logon object: computed values first, then stored ones.
    public func storeProperties(_ mailbox: MailboxID, _ tags: [PropertyTag], unicode: Bool = true) throws(StoreError) -> [PropertyCell] {
        try locked { () throws(StoreError) -> [PropertyCell] in
            let state = try state(mailbox)
            return tags.map { tag in PropertyAccess.cell(tag, unicode: unicode) { state.storeValue($0) } }
        }
    }

    /// RopGetPropertiesAll / RopGetPropertiesList on a Logon object.
    public func storePropertiesAll(_ mailbox: MailboxID) throws(StoreError) -> [TaggedPropertyValue] {
        try locked { () throws(StoreError) -> [TaggedPropertyValue] in
            let state = try state(mailbox)
            var result: [TaggedPropertyValue] = []
            var seen = Set<UInt16>()
            for tag in Self.storeComputedTags {
                if let value = state.storeValue(tag.id), seen.insert(tag.id).inserted { result.append(TaggedPropertyValue(tag: tag, value: value)) }
            }
            for (tag, value) in state.storeProperties.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where seen.insert(tag.id).inserted {
                result.append(TaggedPropertyValue(tag: tag, value: value))
            }
            return result
        }
    }

    /// RopSetProperties on a Logon object: immediate (MS-OXCPRPT 3.2.5.4). Computed and read-only
    /// properties come back as PropertyProblems with AccessDenied; the others are stored.
    @discardableResult
    public func setStoreProperties(_ mailbox: MailboxID, _ values: [TaggedPropertyValue]) throws(StoreError) -> [PropertyProblem] {
        try transaction { tx throws(StoreError) -> [PropertyProblem] in
            let state = try state(mailbox)
            var bag = state.storeProperties
            var problems: [PropertyProblem] = []
            for (index, tagged) in values.enumerated() {
                if Self.storeReadOnly.contains(tagged.tag.id) {
                    problems.append(PropertyProblem(index: index, tag: tagged.tag, error: .accessDenied))
                    continue
                }
                if let problem = validate(tagged.tag, tagged.value) {
                    problems.append(PropertyProblem(index: index, tag: tagged.tag, error: problem))
                    continue
                }
                for tag in bag.keys where tag.id == tagged.tag.id { bag[tag] = nil }
                bag[tagged.tag] = tagged.value
            }
            if bag != state.storeProperties { tx.putStoreProperties(state, bag) }
            return problems
        }
    }

    /// RopDeleteProperties on a Logon object: immediate (MS-OXCPRPT 3.2.5.5). Deleting a property
    /// that is not set succeeds; computed ones are AccessDenied problems.
    @discardableResult
    public func deleteStoreProperties(_ mailbox: MailboxID, _ tags: [PropertyTag]) throws(StoreError) -> [PropertyProblem] {
        try transaction { tx throws(StoreError) -> [PropertyProblem] in
            let state = try state(mailbox)
            var bag = state.storeProperties
            var problems: [PropertyProblem] = []
            for (index, tag) in tags.enumerated() {
                if Self.storeReadOnly.contains(tag.id) {
                    problems.append(PropertyProblem(index: index, tag: tag, error: .accessDenied))
                    continue
                }
                for stored in bag.keys where stored.id == tag.id { bag[stored] = nil }
            }
            if bag != state.storeProperties { tx.putStoreProperties(state, bag) }
            return problems
        }
    }
}

extension MailboxState {
    /// A Logon-object property, computed or stored.
    func storeValue(_ id: UInt16) -> PropertyValue? {
        func entryID(_ folder: SpecialFolder) -> PropertyValue? { special[folder].map { .binary(folderEntryID($0)) } }
        switch id {
        case Tags.mailboxOwnerName.id, Tags.displayName.id: return .string(record.userName)
        case Tags.mailboxOwnerEntryID.id, Tags.userEntryID.id: return .binary(Self.addressBookEntryID(x500DN: record.legacyExchangeDN))
        case Tags.recordKey.id, Tags.storeRecordKey.id: return .binary(record.mailboxGuid.array)
        case Tags.storeState.id: return .integer32(0)
        case Tags.storeSupportMask.id: return .integer32(Int32(bitPattern: Self.storeSupportMask))
        case Tags.validFolderMask.id:
            // FOLDER_IPM_SUBTREE_VALID … FOLDER_FINDER_VALID: every one of those folders exists.
            return .integer32(0xFF)
        case Tags.ipmSubtreeEntryID.id: return entryID(.ipmSubtree)
        case Tags.ipmOutboxEntryID.id: return entryID(.outbox)
        case Tags.ipmWastebasketEntryID.id: return entryID(.deletedItems)
        case Tags.ipmSentMailEntryID.id: return entryID(.sentItems)
        case Tags.viewsEntryID.id: return entryID(.views)
        case Tags.commonViewsEntryID.id: return entryID(.commonViews)
        case Tags.finderEntryID.id: return entryID(.finder)
        case Tags.contentCount.id:
            return .integer32(Int32(truncatingIfNeeded: counts.values.reduce(0) { $0 + Int($1.total) }))
        case Tags.messageSize.id:
            return .integer32(Int32(truncatingIfNeeded: min(counts.values.reduce(UInt64(0)) { $0 &+ $1.size }, UInt64(Int32.max))))
        case Tags.messageSizeExtended.id:
            return .integer64(Int64(truncatingIfNeeded: counts.values.reduce(UInt64(0)) { $0 &+ $1.size }))
        default: return PropertyAccess.stored(storeProperties, id)
        }
    }

    /// PidTagStoreSupportMask: entry ids unique, modify/create/attach/submit/notify, multi-valued
    /// properties, restrictions, sorting, Unicode (MAPI STORE_*_OK bits).
    static let storeSupportMask: UInt32 = 0x0000_0001 | 0x0000_0008 | 0x0000_0010 | 0x0000_0020 | 0x0000_0080 | 0x0000_0100
        | 0x0000_0200 | 0x0000_1000 | 0x0000_2000 | 0x0004_0000

    /// An Address Book EntryID (MS-OXCDATA 2.2.5.2): Flags 0, the address-book ProviderUID
    /// DCA740C8-C042-101A-B4B9-08002B2FE182, Version 1, Type 0 (local mail user), X500DN + NUL.
    static func addressBookEntryID(x500DN: String) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, 0, 0]
        bytes += [0xDC, 0xA7, 0x40, 0xC8, 0xC0, 0x42, 0x10, 0x1A, 0xB4, 0xB9, 0x08, 0x00, 0x2B, 0x2F, 0xE1, 0x82]
        bytes.appendUInt32(1)
        bytes.appendUInt32(0)
        bytes += Array(x500DN.utf8)
        bytes.append(0)
        return bytes
    }
}

extension MailboxStore {
    /// A value as a client asked for it in RopGetPropertiesAll (WantUnicode): strings in UTF-16
    /// (PtypString) or 8-bit (PtypString8), everything else unchanged (MS-OXCPRPT 3.2.5.2).
    public static func clientValue(_ value: PropertyValue, unicode: Bool) -> PropertyValue {
        PropertyAccess.coerce(value, to: .unspecified, unicode: unicode) ?? value
    }
}

/// The store's PropertyProblem under a name that does not collide with MAPIWire's wire structure
/// (`MailboxStore.PropertyProblem` would name a member of the class, not the module's type).
public typealias StorePropertyProblem = PropertyProblem
