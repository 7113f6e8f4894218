/// The default folders of a private mailbox. The first thirteen cases are RopLogon's FolderIds, in
/// that order (MS-OXCSTOR 2.2.1.1.3, rop-reference §4.1); the rest are the usual IPM folders
/// (MS-OXOSFLD).
public enum SpecialFolder: Int, CaseIterable, Hashable, Sendable {
    case root = 0
    case deferredAction = 1
    case spoolerQueue = 2
    case ipmSubtree = 3
    case inbox = 4
    case outbox = 5
    case sentItems = 6
    case deletedItems = 7
    case commonViews = 8
    case schedule = 9
    case finder = 10
    case views = 11
    case shortcuts = 12
    case calendar = 13
    case contacts = 14
    case drafts = 15
    case journal = 16
    case notes = 17
    case tasks = 18

    /// The thirteen folders whose FIDs RopLogon returns, in order.
    public static let logonFolders: [SpecialFolder] = (0...12).compactMap(SpecialFolder.init(rawValue:))

    public var displayName: String {
        switch self {
        case .root: "Root"
        case .deferredAction: "Deferred Action"
        case .spoolerQueue: "Spooler Queue"
        case .ipmSubtree: "Top of Information Store"
        case .inbox: "Inbox"
        case .outbox: "Outbox"
        case .sentItems: "Sent Items"
        case .deletedItems: "Deleted Items"
        case .commonViews: "Common Views"
        case .schedule: "Schedule"
        case .finder: "Finder"
        case .views: "Views"
        case .shortcuts: "Shortcuts"
        case .calendar: "Calendar"
        case .contacts: "Contacts"
        case .drafts: "Drafts"
        case .journal: "Journal"
        case .notes: "Notes"
        case .tasks: "Tasks"
        }
    }

    /// Where the folder lives (MS-OXOSFLD; rop-reference §4.1 typical placement).
    public var parent: SpecialFolder? {
        switch self {
        case .root: nil
        case .deferredAction, .spoolerQueue, .ipmSubtree, .commonViews, .schedule, .finder, .views, .shortcuts: .root
        default: .ipmSubtree
        }
    }

    /// PidTagContainerClass (MS-OXOSFLD 2.2.x).
    public var containerClass: String? {
        switch self {
        case .inbox, .outbox, .sentItems, .deletedItems, .drafts: "IPF.Note"
        case .calendar: "IPF.Appointment"
        case .contacts: "IPF.Contact"
        case .journal: "IPF.Journal"
        case .notes: "IPF.StickyNote"
        case .tasks: "IPF.Task"
        default: nil
        }
    }
}
