import MAPIWire

/// The property tags the store sets, computes or interprets (rop-reference §9; MS-OXPROPS).
public enum Tags {
    // §9.1 identity, hierarchy and table properties
    public static let folderID = PropertyTag(0x6748_0014)
    public static let parentFolderID = PropertyTag(0x6749_0014)
    public static let mid = PropertyTag(0x674A_0014)
    public static let instID = PropertyTag(0x674D_0014)
    public static let instanceNum = PropertyTag(0x674E_0003)
    public static let rowType = PropertyTag(0x0FF5_0003)
    public static let depth = PropertyTag(0x3005_0003)
    public static let instanceKey = PropertyTag(0x0FF6_0102)
    public static let changeNumber = PropertyTag(0x67A4_0014)
    public static let changeKey = PropertyTag(0x65E2_0102)
    public static let sourceKey = PropertyTag(0x65E0_0102)
    public static let recordKey = PropertyTag(0x0FF9_0102)
    public static let searchKey = PropertyTag(0x300B_0102)
    public static let objectType = PropertyTag(0x0FFE_0003)
    public static let access = PropertyTag(0x0FF4_0003)
    public static let accessLevel = PropertyTag(0x0FF7_0003)
    public static let rowid = PropertyTag(0x3000_0003)
    // §9.2 folders
    public static let displayName = PropertyTag(0x3001_001F)
    public static let comment = PropertyTag(0x3004_001F)
    public static let containerClass = PropertyTag(0x3613_001F)
    public static let folderType = PropertyTag(0x3601_0003)
    public static let contentCount = PropertyTag(0x3602_0003)
    public static let contentUnreadCount = PropertyTag(0x3603_0003)
    public static let associatedContentCount = PropertyTag(0x3617_0003)
    public static let subfolders = PropertyTag(0x360A_000B)
    public static let folderChildCount = PropertyTag(0x6638_0003)
    public static let hierarchyChangeNumber = PropertyTag(0x663E_0003)
    public static let messageSizeExtended = PropertyTag(0x0E08_0014)
    public static let attributeHidden = PropertyTag(0x10F4_000B)
    // §9.3 messages
    public static let messageClass = PropertyTag(0x001A_001F)
    public static let subject = PropertyTag(0x0037_001F)
    public static let subjectPrefix = PropertyTag(0x003D_001F)
    public static let normalizedSubject = PropertyTag(0x0E1D_001F)
    public static let messageFlags = PropertyTag(0x0E07_0003)
    public static let messageSize = PropertyTag(0x0E08_0003)
    public static let creationTime = PropertyTag(0x3007_0040)
    public static let lastModificationTime = PropertyTag(0x3008_0040)
    public static let messageDeliveryTime = PropertyTag(0x0E06_0040)
    public static let clientSubmitTime = PropertyTag(0x0039_0040)
    public static let localCommitTime = PropertyTag(0x6709_0040)
    public static let hasAttachments = PropertyTag(0x0E1B_000B)
    public static let read = PropertyTag(0x0E69_000B)
    public static let importance = PropertyTag(0x0017_0003)
    public static let sensitivity = PropertyTag(0x0036_0003)
    public static let displayTo = PropertyTag(0x0E04_001F)
    public static let displayCc = PropertyTag(0x0E03_001F)
    public static let displayBcc = PropertyTag(0x0E02_001F)
    public static let body = PropertyTag(0x1000_001F)
    public static let associated = PropertyTag(0x67AA_000B)
    public static let deleteAfterSubmit = PropertyTag(0x0E01_000B)
    public static let sentMailSvrEID = PropertyTag(0x6740_00FB)
    public static let messageRecipients = PropertyTag(0x0E12_000D)
    public static let messageAttachments = PropertyTag(0x0E13_000D)
    // §9.4 recipients
    public static let emailAddress = PropertyTag(0x3003_001F)
    public static let addressType = PropertyTag(0x3002_001F)
    public static let recipientType = PropertyTag(0x0C15_0003)
    public static let smtpAddress = PropertyTag(0x39FE_001F)
    public static let recipientDisplayName = PropertyTag(0x5FF6_001F)

    /// Properties the server computes or owns: a client's value is never stored (MS-OXCPRPT 3.2.5.4).
    public static let readOnly: Set<UInt16> = Set([
        folderID, parentFolderID, mid, instID, instanceNum, rowType, depth, instanceKey, changeNumber, changeKey,
        sourceKey, recordKey, objectType, access, accessLevel, contentCount, contentUnreadCount,
        associatedContentCount, subfolders, folderChildCount, hierarchyChangeNumber, messageSize, creationTime,
        lastModificationTime, hasAttachments, associated, folderType, localCommitTime, entryID, parentEntryID,
    ].map(\.id) + [InternalProperties.id])
}

/// PidTagMessageFlags bits (MS-OXCMSG 2.2.1.6).
public struct MessageFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let read = MessageFlags(rawValue: 0x0001)
    public static let unmodified = MessageFlags(rawValue: 0x0002)
    public static let submitted = MessageFlags(rawValue: 0x0004)
    public static let unsent = MessageFlags(rawValue: 0x0008)
    public static let hasAttach = MessageFlags(rawValue: 0x0010)
    public static let fromMe = MessageFlags(rawValue: 0x0020)
    public static let associated = MessageFlags(rawValue: 0x0040)
    public static let resend = MessageFlags(rawValue: 0x0080)
    public static let notifyRead = MessageFlags(rawValue: 0x0100)
    public static let notifyUnread = MessageFlags(rawValue: 0x0200)
    public static let everRead = MessageFlags(rawValue: 0x0400)
}
