import MAPIWire

/// The largest response a ROP can produce, checked *before* the ROP runs so that a ROP with side
/// effects never runs when its answer could not be returned (MS-OXCROPS 3.2.4.3: remaining ROPs
/// are not processed once responses no longer fit).
///
/// Which sizes are counted: every ROP is charged at least its failure response (computed from the
/// failure encoder). ROPs whose success response is larger and *fixed* declare it below, one line
/// per ROP. ROPs whose response depends on data (RopQueryRows, RopGetPropertiesSpecific/All/List,
/// RopReadRecipients, RopOpenMessage, RopGetReceiveFolder…) are charged their minimum here and
/// must fit their answer into ``ROPContext/responseBudget`` themselves, or throw
/// ``ROPError/responseDoesNotFit(sizeNeeded:)`` before changing anything.
public enum ResponseSizeBound {
    public static func maximum(for request: RopRequest) -> Int {
        max(failureSize(request), fixedSuccessSize(request))
    }

    static func failureSize(_ request: RopRequest) -> Int {
        var scratch: [UInt8] = []
        scratch.reserveCapacity(16)
        request.encodeFailureResponse(.bufferTooSmall, into: &scratch)
        return scratch.count
    }

    /// Fixed success sizes (header 6 bytes included). 0 = no larger than the failure response.
    static func fixedSuccessSize(_ request: RopRequest) -> Int {
        switch request {
        case .logon: 166  // private mailbox success, MS-OXCROPS 2.2.3.1.2
        case .getStoreState: 10
        case .openFolder: 8  // HasRules, IsGhosted = 0 (Herald has no ghosted folders)
        case .createFolder: 17  // FolderId, IsExistingFolder, HasRules, IsGhosted
        case .deleteFolder, .emptyFolder, .hardDeleteMessagesAndSubfolders, .deleteMessages, .hardDeleteMessages, .setReadFlags: 7
        case .moveCopyMessages, .moveFolder, .copyFolder: 11  // DestHandleIndex with ecDstNullObject
        case .createMessage: 15
        case .longTermIdFromId: 30
        case .idFromLongTermId: 14
        case .setMessageReadFlag: 32  // ReadStatusChanged, LogonId, ClientData
        case .saveChangesMessage: 15
        default: 0
        }
    }
}
