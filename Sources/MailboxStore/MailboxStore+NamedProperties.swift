import MAPIWire
import NotificationEngine

// Named properties (MS-OXCPRPT 3.2.5.6–3.2.5.9; MS-OXCSTOR 3.2.1): one map per mailbox from
// PropertyName to a property ID in 0x8000–0xFFFE, handed out in order from 0x8000 and never reused
// or changed. The map is stored on the mailbox root folder (``InternalProperties/blob``), so it is
// durable with the same commit as everything else and shared by every logon of the mailbox.

/// A mailbox's named-property map.
public struct NamedPropertyMap: Hashable, Sendable {
    /// In ID order: entries[i] has ID 0x8000 + i.
    public private(set) var names: [PropertyName] = []
    private var index: [PropertyName: UInt16] = [:]

    public static let firstID: UInt16 = 0x8000
    /// 0xFFFF is PROP_ID_INVALID, so 0x8000–0xFFFE: 32,767 names.
    public static let capacity = Int(UInt16.max - firstID)

    public init() {}

    public var count: Int { names.count }

    public func id(of name: PropertyName) -> UInt16? { index[Self.key(name)] }

    public func name(of id: UInt16) -> PropertyName? {
        guard id >= Self.firstID, Int(id - Self.firstID) < names.count else { return nil }
        return names[Int(id - Self.firstID)]
    }

    /// All entries, in ID order.
    public var entries: [(id: UInt16, name: PropertyName)] {
        names.enumerated().map { (Self.firstID + UInt16($0.offset), $0.element) }
    }

    mutating func register(_ name: PropertyName) -> UInt16? {
        guard names.count < Self.capacity else { return nil }
        let id = Self.firstID + UInt16(names.count)
        names.append(name)
        index[Self.key(name)] = id
        return id
    }

    /// Names match exactly (GUID, kind, LID or the UTF-16 code units of the string).
    static func key(_ name: PropertyName) -> PropertyName { name }

    // Stored form: count (u32), then PropertyName structures (MS-OXCDATA 2.6.1) in ID order.
    func encoded() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.appendUInt32(UInt32(names.count))
        for name in names { name.encode(into: &buffer) }
        return buffer
    }

    static func decode(_ bytes: [UInt8]) throws -> NamedPropertyMap {
        var map = NamedPropertyMap()
        guard !bytes.isEmpty else { return map }
        var reader = ByteReader(bytes)
        let count = Int(try reader.readUInt32("NameCount"))
        try reader.require(count * 17, field: "Names")
        for _ in 0..<count { _ = map.register(try PropertyName.decode(from: &reader)) }
        return map
    }
}

extension MailboxStore {
    /// The mailbox's named-property map. Lock held.
    func namedPropertyMap(_ state: MailboxState) -> NamedPropertyMap {
        guard let root = state.folders[state.special[.root] ?? 0],
              let bytes = InternalProperties.joined(root.properties[InternalProperties.blob]) else { return NamedPropertyMap() }
        return (try? NamedPropertyMap.decode(bytes)) ?? NamedPropertyMap()
    }

    /// RopGetPropertyIdsFromNames (MS-OXCPRPT 2.2.12, 3.2.5.8): one ID per name, in order, 0x0000 for a
    /// name that cannot be mapped — unknown without `create`, a PS_MAPI name other than Kind 0x00 (or
    /// with a LID of 0x8000 or more), Kind 0xFF, or a full map. PS_MAPI LIDs map to themselves. With no
    /// names, every registered ID is returned. New names are committed before the call returns.
    public func propertyIDs(_ mailbox: MailboxID, names: [PropertyName], create: Bool) throws(StoreError) -> [UInt16] {
        if names.isEmpty {
            return try locked { () throws(StoreError) -> [UInt16] in namedPropertyMap(try state(mailbox)).entries.map(\.id) }
        }
        let plan = try locked { () throws(StoreError) -> (ids: [UInt16?], missing: Bool) in
            let map = namedPropertyMap(try state(mailbox))
            var missing = false
            let ids = names.map { name -> UInt16? in
                if let fixed = Self.fixedID(name) { return fixed }
                if let id = map.id(of: name) { return id }
                missing = true
                return nil
            }
            return (ids, missing)
        }
        guard plan.missing, create else { return plan.ids.map { $0 ?? 0 } }
        return try transaction { tx throws(StoreError) -> [UInt16] in
            let state = try state(mailbox)
            guard let rootID = state.special[.root], var root = state.folders[rootID] else { throw .notFound }
            var map = namedPropertyMap(state)
            var result: [UInt16] = []
            var changed = false
            for name in names {
                if let fixed = Self.fixedID(name) {
                    result.append(fixed)
                } else if let id = map.id(of: name) {
                    result.append(id)
                } else if let id = map.register(name) {
                    changed = true
                    result.append(id)
                } else {
                    result.append(0)
                }
            }
            if changed {
                root.properties[InternalProperties.blob] = InternalProperties.chunked(map.encoded())
                tx.putFolder(state, root)
            }
            return result
        }
    }

    /// The ID a name has without any mapping: a PS_MAPI LID below 0x8000 is that property ID; any
    /// other PS_MAPI name, and Kind 0xFF, cannot be mapped (0). nil: look the name up.
    static func fixedID(_ name: PropertyName) -> UInt16? {
        if case .noName = name.kind { return 0 }
        guard name.guid == PropertyName.psMAPI else { return nil }
        if case let .lid(lid) = name.kind, lid < UInt32(NamedPropertyMap.firstID), lid != 0 { return UInt16(lid) }
        return 0
    }

    /// RopGetNamesFromPropertyIds (MS-OXCPRPT 3.2.5.9): IDs below 0x8000 are PS_MAPI names with the
    /// ID as LID; registered IDs give their name; anything else Kind 0xFF.
    public func propertyNames(_ mailbox: MailboxID, ids: [UInt16]) throws(StoreError) -> [PropertyName] {
        try locked { () throws(StoreError) -> [PropertyName] in
            let map = namedPropertyMap(try state(mailbox))
            return ids.map { id in
                if id < NamedPropertyMap.firstID { return PropertyName(guid: PropertyName.psMAPI, lid: UInt32(id)) }
                return map.name(of: id) ?? .noName
            }
        }
    }

    /// RopQueryNamedProperties (MS-OXCPRPT 3.2.5.6): every registered name, filtered by kind and
    /// property set; unknown QueryFlags bits are ignored.
    public func queryNamedProperties(_ mailbox: MailboxID, queryFlags: UInt8, propertySet: GUID?) throws(StoreError) -> [(id: UInt16, name: PropertyName)] {
        try locked { () throws(StoreError) -> [(id: UInt16, name: PropertyName)] in
            namedPropertyMap(try state(mailbox)).entries.filter { entry in
                if let propertySet, entry.name.guid != propertySet { return false }
                switch entry.name.kind {
                case .name: return queryFlags & 0x01 == 0
                case .lid: return queryFlags & 0x02 == 0
                case .noName: return false
                }
            }
        }
    }
}
