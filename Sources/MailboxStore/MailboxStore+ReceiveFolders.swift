import MAPIWire
import NotificationEngine

// Receive folders (MS-OXCSTOR 2.2.1.2–2.2.1.4, 3.2.5.2–3.2.5.4): a per-mailbox table from message
// class to folder. A new mailbox has the default entries ("" → Inbox, "IPM" → Inbox, "Report.IPM" →
// Inbox, "IPC" → Root); RopSetReceiveFolder changes it. The table is stored on the root folder
// (``InternalProperties``), so it is durable and rolled back like any folder property.

/// One Receive-folder entry.
public struct ReceiveFolderEntry: Hashable, Sendable {
    /// As the client set it (compared case-insensitively).
    public var messageClass: String
    public var folderID: FolderID
    public var lastModificationTime: UInt64
}

extension MailboxStore {
    /// The mailbox's table, default entries included, sorted by message class. Lock held.
    func receiveFolderEntries(_ state: MailboxState) -> [ReceiveFolderEntry] {
        let root = state.folders[state.special[.root] ?? 0]
        if let root, case let .multipleString(classes)? = root.properties[InternalProperties.receiveClasses],
           case let .multipleInteger64(folders)? = root.properties[InternalProperties.receiveFolders],
           case let .multipleTime(times)? = root.properties[InternalProperties.receiveTimes],
           classes.count == folders.count, folders.count == times.count {
            return zip(classes, zip(folders, times)).map { entry in
                ReceiveFolderEntry(
                    messageClass: entry.0, folderID: state.objectID(UInt64(bitPattern: entry.1.0)), lastModificationTime: entry.1.1)
            }
        }
        let created = root?.creationTime ?? 0
        return Self.receiveFolderTable.compactMap { name, special in
            state.special[special].map { ReceiveFolderEntry(messageClass: name, folderID: state.objectID($0), lastModificationTime: created) }
        }.sorted { $0.messageClass.lowercased() < $1.messageClass.lowercased() }
    }

    /// The entry whose class is the longest case-insensitive prefix of `messageClass`, by whole
    /// period-separated components (MS-OXCSTOR 3.2.5.2). Lock held.
    func bestReceiveFolder(_ state: MailboxState, _ messageClass: String) -> ReceiveFolderEntry? {
        let wanted = messageClass.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        var best: ReceiveFolderEntry?
        var bestLength = -1
        for entry in receiveFolderEntries(state) {
            let components = entry.messageClass.isEmpty ? [] : entry.messageClass.lowercased().split(separator: ".", omittingEmptySubsequences: false)
            guard components.count <= wanted.count, Array(wanted.prefix(components.count)) == components else { continue }
            if components.count > bestLength {
                best = entry
                bestLength = components.count
            }
        }
        return best
    }

    /// RopGetReceiveFolderTable (MS-OXCSTOR 3.2.5.4): every entry.
    public func receiveFolderTable(_ mailbox: MailboxID) throws(StoreError) -> [ReceiveFolderEntry] {
        try locked { () throws(StoreError) -> [ReceiveFolderEntry] in receiveFolderEntries(try state(mailbox)) }
    }

    /// RopSetReceiveFolder (MS-OXCSTOR 3.2.5.3): sets the folder for `messageClass`, or removes the entry
    /// when `folder` is nil (FolderId 0). The default entries ("", "IPM", "Report.IPM") cannot be
    /// removed and "IPC…" classes are the server's (ecAccessDenied); the folder must exist (ecNotFound)
    /// and not be a search folder; the class follows RopGetReceiveFolder's syntax rules
    /// (ecInvalidParameter).
    public func setReceiveFolder(_ mailbox: MailboxID, messageClass: String, folder: FolderID?) throws(StoreError) {
        guard Self.isValidMessageClass(messageClass) else { throw .invalidParameter("message class") }
        let lowered = messageClass.lowercased()
        if lowered == "ipc" || lowered.hasPrefix("ipc.") { throw .accessDenied }
        try transaction { tx throws(StoreError) in
            let state = try state(mailbox)
            guard let rootID = state.special[.root], var root = state.folders[rootID] else { throw .notFound }
            var entries = receiveFolderEntries(state)
            let existing = entries.firstIndex { $0.messageClass.lowercased() == lowered }
            if let folder {
                let counter = try folderCounter(state, folder)
                guard state.folders[counter]?.isSearchFolder == false else { throw .notSupported }
                let entry = ReceiveFolderEntry(messageClass: messageClass, folderID: state.objectID(counter), lastModificationTime: tx.now)
                if let existing { entries[existing] = entry } else { entries.append(entry) }
            } else {
                // The default entries stay ("", "IPM", "Report.IPM"); removing a class that has no entry
                // succeeds, as IMsgStore::SetReceiveFolder does.
                guard !["", "ipm", "report.ipm"].contains(lowered) else { throw .accessDenied }
                guard let existing else { return }
                entries.remove(at: existing)
            }
            entries.sort { $0.messageClass.lowercased() < $1.messageClass.lowercased() }
            root.properties[InternalProperties.receiveClasses] = .multipleString(entries.map(\.messageClass))
            root.properties[InternalProperties.receiveFolders] = .multipleInteger64(entries.map { Int64(bitPattern: $0.folderID.globalCounter) })
            root.properties[InternalProperties.receiveTimes] = .multipleTime(entries.map(\.lastModificationTime))
            tx.putFolder(state, root)
        }
    }

    /// MessageClass syntax (MS-OXCSTOR 2.2.1.2.1): ASCII 32–126, at most 254 characters, no leading,
    /// trailing or doubled period. The empty class is valid.
    public static func isValidMessageClass(_ messageClass: String) -> Bool {
        guard messageClass.utf8.count <= 254 else { return false }
        guard messageClass.utf8.allSatisfy({ $0 >= 32 && $0 <= 126 }) else { return false }
        if messageClass.isEmpty { return true }
        return !messageClass.hasPrefix(".") && !messageClass.hasSuffix(".") && !messageClass.contains("..")
    }
}

extension MailboxStore {
    /// Where local delivery puts a message: the Receive folder of its PidTagMessageClass, or the Inbox
    /// when that folder is gone or is a search folder. Lock held.
    func deliveryFolder(_ state: MailboxState, _ message: MessageRecord) -> UInt64 {
        let inbox = state.special[.inbox] ?? 0
        var messageClass = "IPM.Note"
        if let value = message.properties[Tags.messageClass], let text = PropertyOrdering.text(value) { messageClass = text }
        guard let entry = bestReceiveFolder(state, messageClass), let counter = state.counter(entry.folderID),
              let folder = state.folders[counter], !folder.isSearchFolder else { return inbox }
        return counter
    }
}
