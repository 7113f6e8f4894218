/// Names for the store's table types that stay unambiguous in modules that also import MAPIWire
/// (which has its own wire `SortOrder`) and NotificationEngine (its own `TableKind`): the module
/// name `MailboxStore` is shadowed by the class `MailboxStore`, so `MailboxStore.SortOrder` cannot
/// be written there.
public typealias StoreSortOrder = SortOrder
public typealias StoreTableKind = TableKind
