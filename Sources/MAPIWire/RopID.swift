/// A ROP identifier (MS-OXCROPS 2.2.2).
public struct RopID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public static let release = RopID(0x01)
    public static let openFolder = RopID(0x02)
    public static let openMessage = RopID(0x03)
    public static let getHierarchyTable = RopID(0x04)
    public static let getContentsTable = RopID(0x05)
    public static let createMessage = RopID(0x06)
    public static let getPropertiesSpecific = RopID(0x07)
    public static let getPropertiesAll = RopID(0x08)
    public static let getPropertiesList = RopID(0x09)
    public static let setProperties = RopID(0x0A)
    public static let deleteProperties = RopID(0x0B)
    public static let saveChangesMessage = RopID(0x0C)
    public static let removeAllRecipients = RopID(0x0D)
    public static let modifyRecipients = RopID(0x0E)
    public static let readRecipients = RopID(0x0F)
    public static let reloadCachedInformation = RopID(0x10)
    public static let setMessageReadFlag = RopID(0x11)
    public static let setColumns = RopID(0x12)
    public static let sortTable = RopID(0x13)
    public static let restrict = RopID(0x14)
    public static let queryRows = RopID(0x15)
    public static let getStatus = RopID(0x16)
    public static let queryPosition = RopID(0x17)
    public static let seekRow = RopID(0x18)
    public static let seekRowBookmark = RopID(0x19)
    public static let seekRowFractional = RopID(0x1A)
    public static let createBookmark = RopID(0x1B)
    public static let createFolder = RopID(0x1C)
    public static let deleteFolder = RopID(0x1D)
    public static let deleteMessages = RopID(0x1E)
    public static let getMessageStatus = RopID(0x1F)
    public static let setMessageStatus = RopID(0x20)
    public static let getAttachmentTable = RopID(0x21)
    public static let openAttachment = RopID(0x22)
    public static let createAttachment = RopID(0x23)
    public static let deleteAttachment = RopID(0x24)
    public static let saveChangesAttachment = RopID(0x25)
    public static let setReceiveFolder = RopID(0x26)
    public static let getReceiveFolder = RopID(0x27)
    public static let registerNotification = RopID(0x29)
    public static let notify = RopID(0x2A)
    public static let openStream = RopID(0x2B)
    public static let readStream = RopID(0x2C)
    public static let writeStream = RopID(0x2D)
    public static let seekStream = RopID(0x2E)
    public static let setStreamSize = RopID(0x2F)
    public static let setSearchCriteria = RopID(0x30)
    public static let getSearchCriteria = RopID(0x31)
    public static let submitMessage = RopID(0x32)
    public static let moveCopyMessages = RopID(0x33)
    public static let abortSubmit = RopID(0x34)
    public static let moveFolder = RopID(0x35)
    public static let copyFolder = RopID(0x36)
    public static let queryColumnsAll = RopID(0x37)
    public static let abort = RopID(0x38)
    public static let copyTo = RopID(0x39)
    public static let copyToStream = RopID(0x3A)
    public static let cloneStream = RopID(0x3B)
    public static let getPermissionsTable = RopID(0x3E)
    public static let getRulesTable = RopID(0x3F)
    public static let modifyPermissions = RopID(0x40)
    public static let modifyRules = RopID(0x41)
    public static let getOwningServers = RopID(0x42)
    public static let longTermIdFromId = RopID(0x43)
    public static let idFromLongTermId = RopID(0x44)
    public static let publicFolderIsGhosted = RopID(0x45)
    public static let openEmbeddedMessage = RopID(0x46)
    public static let setSpooler = RopID(0x47)
    public static let spoolerLockMessage = RopID(0x48)
    public static let getAddressTypes = RopID(0x49)
    public static let transportSend = RopID(0x4A)
    public static let fastTransferSourceCopyMessages = RopID(0x4B)
    public static let fastTransferSourceCopyFolder = RopID(0x4C)
    public static let fastTransferSourceCopyTo = RopID(0x4D)
    public static let fastTransferSourceGetBuffer = RopID(0x4E)
    public static let findRow = RopID(0x4F)
    public static let progress = RopID(0x50)
    public static let transportNewMail = RopID(0x51)
    public static let getValidAttachments = RopID(0x52)
    public static let fastTransferDestinationConfigure = RopID(0x53)
    public static let fastTransferDestinationPutBuffer = RopID(0x54)
    public static let getNamesFromPropertyIds = RopID(0x55)
    public static let getPropertyIdsFromNames = RopID(0x56)
    public static let updateDeferredActionMessages = RopID(0x57)
    public static let emptyFolder = RopID(0x58)
    public static let expandRow = RopID(0x59)
    public static let collapseRow = RopID(0x5A)
    public static let lockRegionStream = RopID(0x5B)
    public static let unlockRegionStream = RopID(0x5C)
    public static let commitStream = RopID(0x5D)
    public static let getStreamSize = RopID(0x5E)
    public static let queryNamedProperties = RopID(0x5F)
    public static let getPerUserLongTermIds = RopID(0x60)
    public static let getPerUserGuid = RopID(0x61)
    public static let readPerUserInformation = RopID(0x63)
    public static let writePerUserInformation = RopID(0x64)
    public static let setReadFlags = RopID(0x66)
    public static let copyProperties = RopID(0x67)
    public static let getReceiveFolderTable = RopID(0x68)
    public static let fastTransferSourceCopyProperties = RopID(0x69)
    public static let getCollapseState = RopID(0x6B)
    public static let setCollapseState = RopID(0x6C)
    public static let getTransportFolder = RopID(0x6D)
    public static let pending = RopID(0x6E)
    public static let optionsData = RopID(0x6F)
    public static let synchronizationConfigure = RopID(0x70)
    public static let synchronizationImportMessageChange = RopID(0x72)
    public static let synchronizationImportHierarchyChange = RopID(0x73)
    public static let synchronizationImportDeletes = RopID(0x74)
    public static let synchronizationUploadStateStreamBegin = RopID(0x75)
    public static let synchronizationUploadStateStreamContinue = RopID(0x76)
    public static let synchronizationUploadStateStreamEnd = RopID(0x77)
    public static let synchronizationImportMessageMove = RopID(0x78)
    public static let setPropertiesNoReplicate = RopID(0x79)
    public static let deletePropertiesNoReplicate = RopID(0x7A)
    public static let getStoreState = RopID(0x7B)
    public static let synchronizationOpenCollector = RopID(0x7E)
    public static let getLocalReplicaIds = RopID(0x7F)
    public static let synchronizationImportReadStateChanges = RopID(0x80)
    public static let resetTable = RopID(0x81)
    public static let synchronizationGetTransferState = RopID(0x82)
    public static let tellVersion = RopID(0x86)
    public static let freeBookmark = RopID(0x89)
    public static let writeAndCommitStream = RopID(0x90)
    public static let hardDeleteMessages = RopID(0x91)
    public static let hardDeleteMessagesAndSubfolders = RopID(0x92)
    public static let setLocalReplicaMidsetDeleted = RopID(0x93)
    public static let fastTransferDestinationPutBufferExtended = RopID(0x9D)
    public static let writeStreamExtended = RopID(0xA3)
    public static let backoff = RopID(0xF9)
    public static let logon = RopID(0xFE)
    public static let bufferTooSmall = RopID(0xFF)

    static let names: [UInt8: String] = [
        0x01: "RopRelease",
        0x02: "RopOpenFolder",
        0x03: "RopOpenMessage",
        0x04: "RopGetHierarchyTable",
        0x05: "RopGetContentsTable",
        0x06: "RopCreateMessage",
        0x07: "RopGetPropertiesSpecific",
        0x08: "RopGetPropertiesAll",
        0x09: "RopGetPropertiesList",
        0x0A: "RopSetProperties",
        0x0B: "RopDeleteProperties",
        0x0C: "RopSaveChangesMessage",
        0x0D: "RopRemoveAllRecipients",
        0x0E: "RopModifyRecipients",
        0x0F: "RopReadRecipients",
        0x10: "RopReloadCachedInformation",
        0x11: "RopSetMessageReadFlag",
        0x12: "RopSetColumns",
        0x13: "RopSortTable",
        0x14: "RopRestrict",
        0x15: "RopQueryRows",
        0x16: "RopGetStatus",
        0x17: "RopQueryPosition",
        0x18: "RopSeekRow",
        0x19: "RopSeekRowBookmark",
        0x1A: "RopSeekRowFractional",
        0x1B: "RopCreateBookmark",
        0x1C: "RopCreateFolder",
        0x1D: "RopDeleteFolder",
        0x1E: "RopDeleteMessages",
        0x1F: "RopGetMessageStatus",
        0x20: "RopSetMessageStatus",
        0x21: "RopGetAttachmentTable",
        0x22: "RopOpenAttachment",
        0x23: "RopCreateAttachment",
        0x24: "RopDeleteAttachment",
        0x25: "RopSaveChangesAttachment",
        0x26: "RopSetReceiveFolder",
        0x27: "RopGetReceiveFolder",
        0x29: "RopRegisterNotification",
        0x2A: "RopNotify",
        0x2B: "RopOpenStream",
        0x2C: "RopReadStream",
        0x2D: "RopWriteStream",
        0x2E: "RopSeekStream",
        0x2F: "RopSetStreamSize",
        0x30: "RopSetSearchCriteria",
        0x31: "RopGetSearchCriteria",
        0x32: "RopSubmitMessage",
        0x33: "RopMoveCopyMessages",
        0x34: "RopAbortSubmit",
        0x35: "RopMoveFolder",
        0x36: "RopCopyFolder",
        0x37: "RopQueryColumnsAll",
        0x38: "RopAbort",
        0x39: "RopCopyTo",
        0x3A: "RopCopyToStream",
        0x3B: "RopCloneStream",
        0x3E: "RopGetPermissionsTable",
        0x3F: "RopGetRulesTable",
        0x40: "RopModifyPermissions",
        0x41: "RopModifyRules",
        0x42: "RopGetOwningServers",
        0x43: "RopLongTermIdFromId",
        0x44: "RopIdFromLongTermId",
        0x45: "RopPublicFolderIsGhosted",
        0x46: "RopOpenEmbeddedMessage",
        0x47: "RopSetSpooler",
        0x48: "RopSpoolerLockMessage",
        0x49: "RopGetAddressTypes",
        0x4A: "RopTransportSend",
        0x4B: "RopFastTransferSourceCopyMessages",
        0x4C: "RopFastTransferSourceCopyFolder",
        0x4D: "RopFastTransferSourceCopyTo",
        0x4E: "RopFastTransferSourceGetBuffer",
        0x4F: "RopFindRow",
        0x50: "RopProgress",
        0x51: "RopTransportNewMail",
        0x52: "RopGetValidAttachments",
        0x53: "RopFastTransferDestinationConfigure",
        0x54: "RopFastTransferDestinationPutBuffer",
        0x55: "RopGetNamesFromPropertyIds",
        0x56: "RopGetPropertyIdsFromNames",
        0x57: "RopUpdateDeferredActionMessages",
        0x58: "RopEmptyFolder",
        0x59: "RopExpandRow",
        0x5A: "RopCollapseRow",
        0x5B: "RopLockRegionStream",
        0x5C: "RopUnlockRegionStream",
        0x5D: "RopCommitStream",
        0x5E: "RopGetStreamSize",
        0x5F: "RopQueryNamedProperties",
        0x60: "RopGetPerUserLongTermIds",
        0x61: "RopGetPerUserGuid",
        0x63: "RopReadPerUserInformation",
        0x64: "RopWritePerUserInformation",
        0x66: "RopSetReadFlags",
        0x67: "RopCopyProperties",
        0x68: "RopGetReceiveFolderTable",
        0x69: "RopFastTransferSourceCopyProperties",
        0x6B: "RopGetCollapseState",
        0x6C: "RopSetCollapseState",
        0x6D: "RopGetTransportFolder",
        0x6E: "RopPending",
        0x6F: "RopOptionsData",
        0x70: "RopSynchronizationConfigure",
        0x72: "RopSynchronizationImportMessageChange",
        0x73: "RopSynchronizationImportHierarchyChange",
        0x74: "RopSynchronizationImportDeletes",
        0x75: "RopSynchronizationUploadStateStreamBegin",
        0x76: "RopSynchronizationUploadStateStreamContinue",
        0x77: "RopSynchronizationUploadStateStreamEnd",
        0x78: "RopSynchronizationImportMessageMove",
        0x79: "RopSetPropertiesNoReplicate",
        0x7A: "RopDeletePropertiesNoReplicate",
        0x7B: "RopGetStoreState",
        0x7E: "RopSynchronizationOpenCollector",
        0x7F: "RopGetLocalReplicaIds",
        0x80: "RopSynchronizationImportReadStateChanges",
        0x81: "RopResetTable",
        0x82: "RopSynchronizationGetTransferState",
        0x86: "RopTellVersion",
        0x89: "RopFreeBookmark",
        0x90: "RopWriteAndCommitStream",
        0x91: "RopHardDeleteMessages",
        0x92: "RopHardDeleteMessagesAndSubfolders",
        0x93: "RopSetLocalReplicaMidsetDeleted",
        0x9D: "RopFastTransferDestinationPutBufferExtended",
        0xA3: "RopWriteStreamExtended",
        0xF9: "RopBackoff",
        0xFE: "RopLogon",
        0xFF: "RopBufferTooSmall",
    ]

    /// The spec name, e.g. `RopNotify`; nil for reserved values.
    public var name: String? { Self.names[rawValue] }

    public var description: String { name ?? "Rop0x\(hex2(rawValue))" }
}
