/// RopGetContentsTable (MS-OXCROPS 2.2.4.14, RopId 0x05): opens a folder's contents table. Its layouts
/// are RopGetHierarchyTable's too (``TableOpenRequestLayout``, ``TableOpenResponseLayout``).
///
/// TableFlags, MS-OXCFOLD 2.2.1.14.1: 0x02 Associated, 0x08 DeferredErrors, 0x10 NoNotifications,
/// 0x20 SoftDeletes, 0x40 UseUnicode, 0x80 ConversationMembers.
public enum RopGetContentsTable: RopIdentity {
    public static let ropID = RopID.getContentsTable
}

/// RopGetContentsTable request (MS-OXCROPS 2.2.4.14.1).
public typealias RopGetContentsTableRequest = TableOpenRequestLayout<RopGetContentsTable>

/// RopGetContentsTable response (MS-OXCROPS 2.2.4.14.2, 2.2.4.14.3): the success fields follow the header
/// only when ReturnValue is zero; a failure response is the 6-byte header.
public typealias RopGetContentsTableResponse = TableOpenResponseLayout<RopGetContentsTable>
