/// RopGetHierarchyTable (MS-OXCROPS 2.2.4.13, RopId 0x04): opens a folder's hierarchy table. Its layouts
/// are RopGetContentsTable's too (``TableOpenRequestLayout``, ``TableOpenResponseLayout``).
///
/// TableFlags, MS-OXCFOLD 2.2.1.13.1: 0x04 Depth, 0x08 DeferredErrors, 0x10 NoNotifications,
/// 0x20 SoftDeletes, 0x40 UseUnicode, 0x80 SuppressesNotifications.
public enum RopGetHierarchyTable: RopIdentity {
    public static let ropID = RopID.getHierarchyTable
}

/// RopGetHierarchyTable request (MS-OXCROPS 2.2.4.13.1).
public typealias RopGetHierarchyTableRequest = TableOpenRequestLayout<RopGetHierarchyTable>

/// RopGetHierarchyTable response (MS-OXCROPS 2.2.4.13.2, 2.2.4.13.3): the success fields follow the header
/// only when ReturnValue is zero; a failure response is the 6-byte header.
public typealias RopGetHierarchyTableResponse = TableOpenResponseLayout<RopGetHierarchyTable>
