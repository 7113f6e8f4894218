import MAPIWire

// MARK: - PidTagMessageFlags and change tags (MS-OXCMSG 2.2.1.6, 3.2.5.2)

extension MailboxStore {
    /// First save of a message whose client never set its read state: mfRead | mfUnsent becomes
    /// mfRead | mfUnsent | mfEverRead (0x00000409, MS-OXCMSG 3.2.5.2).
    static func markEverRead(_ properties: inout PropertyBag) {
        guard case let .integer32(raw)? = properties[Tags.messageFlags] else { return }
        var flags = MessageFlags(rawValue: UInt32(bitPattern: raw))
        guard flags.contains(.read) else { return }
        flags.insert(.everRead)
        properties[Tags.messageFlags] = .integer32(Int32(bitPattern: flags.rawValue))
    }

    /// The tags whose values a save added, changed or removed (ObjectModified Tags under the
    /// Exchange 2010 TagCount policy, MS-OXCNOTIF 2.2.1.4.1.2; see ``InternalProperties/eventTags(_:)``).
    static func changedTags(_ old: PropertyBag, _ new: PropertyBag) -> Set<PropertyTag> {
        var changed = Set<PropertyTag>()
        for (tag, value) in new where old[tag] != value { changed.insert(tag) }
        for tag in old.keys where new[tag] == nil { changed.insert(tag) }
        return changed
    }
}
