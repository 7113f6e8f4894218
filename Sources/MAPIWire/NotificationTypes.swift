/// Server event types (MS-OXCNOTIF 2.2.1.1): a bit-OR in RopRegisterNotification.NotificationTypes,
/// one value in the low 12 bits of NotificationData.NotificationFlags.
public struct NotificationTypes: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let newMail = NotificationTypes(rawValue: 0x0002)
    public static let objectCreated = NotificationTypes(rawValue: 0x0004)
    public static let objectDeleted = NotificationTypes(rawValue: 0x0008)
    public static let objectModified = NotificationTypes(rawValue: 0x0010)
    public static let objectMoved = NotificationTypes(rawValue: 0x0020)
    public static let objectCopied = NotificationTypes(rawValue: 0x0040)
    public static let searchCompleted = NotificationTypes(rawValue: 0x0080)
    public static let tableModified = NotificationTypes(rawValue: 0x0100)
    /// RopRegisterNotification only: a Reserved byte follows NotificationTypes (MS-OXCNOTIF 2.2.1.2.1.1).
    public static let extended = NotificationTypes(rawValue: 0x0400)

    /// Every event type a NotificationData may carry.
    public static let allEvents: NotificationTypes = [
        .newMail, .objectCreated, .objectDeleted, .objectModified, .objectMoved, .objectCopied,
        .searchCompleted, .tableModified,
    ]

    static let names: [(UInt16, String)] = [
        (0x0002, "NewMail"), (0x0004, "ObjectCreated"), (0x0008, "ObjectDeleted"), (0x0010, "ObjectModified"),
        (0x0020, "ObjectMoved"), (0x0040, "ObjectCopied"), (0x0080, "SearchCompleted"),
        (0x0100, "TableModified"), (0x0400, "Extended"),
    ]

    /// Spec names of the set bits, e.g. `["NewMail", "ObjectCreated"]`; unknown bits as hex.
    public var names: [String] {
        var result: [String] = []
        var rest = rawValue
        for (bit, name) in Self.names where rawValue & bit != 0 {
            result.append(name)
            rest &= ~bit
        }
        if rest != 0 { result.append("0x" + String(rest, radix: 16, uppercase: true).leftPadded(to: 4)) }
        return result
    }

    public var description: String { names.isEmpty ? "none" : names.joined(separator: "|") }
}

/// NotificationData.NotificationFlags (MS-OXCNOTIF 2.2.1.4.1.2): the event type in bits 0–11 and
/// the T, U, S and M availability bits.
public struct NotificationFlags: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let typeMask: UInt16 = 0x0FFF
    /// T: TotalMessageCount present (ObjectModified on a folder).
    public static let totalMessageCountBit: UInt16 = 0x1000
    /// U: UnreadMessageCount present (ObjectModified on a folder).
    public static let unreadMessageCountBit: UInt16 = 0x2000
    /// S: the event happened in a search folder (requires M).
    public static let searchFolderBit: UInt16 = 0x4000
    /// M: the event is about a message (clear: about a folder).
    public static let messageBit: UInt16 = 0x8000

    public init(
        type: NotificationTypes, message: Bool = false, searchFolder: Bool = false,
        totalMessageCount: Bool = false, unreadMessageCount: Bool = false
    ) {
        rawValue = type.rawValue & Self.typeMask
        if totalMessageCount { rawValue |= Self.totalMessageCountBit }
        if unreadMessageCount { rawValue |= Self.unreadMessageCountBit }
        if searchFolder { rawValue |= Self.searchFolderBit }
        if message { rawValue |= Self.messageBit }
    }

    public var type: NotificationTypes { NotificationTypes(rawValue: rawValue & Self.typeMask) }
    public var hasTotalMessageCount: Bool { rawValue & Self.totalMessageCountBit != 0 }
    public var hasUnreadMessageCount: Bool { rawValue & Self.unreadMessageCountBit != 0 }
    public var isSearchFolder: Bool { rawValue & Self.searchFolderBit != 0 }
    public var isMessage: Bool { rawValue & Self.messageBit != 0 }

    public var description: String {
        var parts = [type.description]
        if hasTotalMessageCount { parts.append("T") }
        if hasUnreadMessageCount { parts.append("U") }
        if isSearchFolder { parts.append("S") }
        if isMessage { parts.append("M") }
        return parts.joined(separator: "|")
    }
}

/// TableModified sub-types (MS-OXCNOTIF 2.2.1.1.1; values in 2.2.1.4.1.2).
public struct TableEventType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let tableChanged = TableEventType(rawValue: 0x0001)
    public static let tableRowAdded = TableEventType(rawValue: 0x0003)
    public static let tableRowDeleted = TableEventType(rawValue: 0x0004)
    public static let tableRowModified = TableEventType(rawValue: 0x0005)
    public static let tableRestrictionChanged = TableEventType(rawValue: 0x0007)

    public var isDefined: Bool { [1, 3, 4, 5, 7].contains(rawValue) }

    public var name: String? {
        switch rawValue {
        case 1: "TableChanged"
        case 3: "TableRowAdded"
        case 4: "TableRowDeleted"
        case 5: "TableRowModified"
        case 7: "TableRestrictionChanged"
        default: nil
        }
    }

    public var description: String { name ?? "0x" + String(rawValue, radix: 16, uppercase: true).leftPadded(to: 4) }
}
