import MAPIWire
import NotificationEngine

/// What the ROP processor needs to know about a folder handle.
public struct FolderSummary: Hashable, Sendable {
    public var id: FolderID
    public var parentID: FolderID
    public var isSearchFolder: Bool
    public var special: SpecialFolder?
    public var displayName: String
}

/// Search-folder state (MS-OXCFOLD 2.2.1.5 SearchFlags).
public struct SearchState: Hashable, Sendable {
    public var restriction: Restriction?
    public var scope: [FolderID]
    public var recursive: Bool
    /// SEARCH_COMPLETE: population is synchronous, so always true once criteria exist.
    public var complete: Bool
}

// MARK: - Folders (MS-OXCFOLD; rop-reference §5)

extension MailboxStore {
    public func folder(_ mailbox: MailboxID, _ id: FolderID) throws(StoreError) -> FolderSummary {
        try locked { () throws(StoreError) -> FolderSummary in
            let state = try state(mailbox)
            let counter = try folderCounter(state, id)
            return summary(state, counter)
        }
    }

    func summary(_ state: MailboxState, _ counter: UInt64) -> FolderSummary {
        let folder = state.folders[counter]!
        var name = ""
        if case let .string(value)? = folder.properties[Tags.displayName] { name = value }
        return FolderSummary(id: state.objectID(counter), parentID: folder.parentID == 0 ? .zero : state.objectID(folder.parentID),
                             isSearchFolder: folder.isSearchFolder, special: folder.special, displayName: name)
    }

    /// RopCreateFolder (MS-OXCFOLD 3.2.5.2). With `openExisting`, a sibling of that name is returned
    /// instead of failing with ``StoreError/collidingNames``.
    public func createFolder(
        _ mailbox: MailboxID, parent: FolderID, name: String, comment: String? = nil,
        searchFolder: Bool = false, openExisting: Bool = false
    ) throws(StoreError) -> (id: FolderID, existed: Bool) {
        try transaction { tx throws(StoreError) -> (id: FolderID, existed: Bool) in
            let state = try state(mailbox)
            let parentCounter = try folderCounter(state, parent)
            guard var parentRecord = state.folders[parentCounter] else { throw .notFound }
            guard !parentRecord.isSearchFolder else { throw .notSupported }
            guard !name.isEmpty, name.utf16.count <= 256 else { throw .invalidParameter("folder name") }
            if let comment, let problem = validate(Tags.comment, .string(comment)) { throw problem }
            if let existing = state.childNamed(name, in: parentCounter) {
                guard openExisting else { throw .collidingNames }
                return (state.objectID(existing), true)
            }
            let id = tx.allocate(state)
            var properties: PropertyBag = [Tags.displayName: .string(name)]
            if let comment, !comment.isEmpty { properties[Tags.comment] = .string(comment) }
            tx.putFolder(state, FolderRecord(
                id: id, parentID: parentCounter, special: nil, isSearchFolder: searchFolder,
                creationTime: tx.now, lastModificationTime: tx.now, changeNumber: tx.allocate(state),
                hierarchyChangeNumber: 0, properties: properties, searchCriteria: nil))
            parentRecord.hierarchyChangeNumber &+= 1
            parentRecord.lastModificationTime = tx.now
            parentRecord.changeNumber = tx.allocate(state)
            tx.putFolder(state, parentRecord)
            tx.emit(state, .objectCreated(.folder(state.objectID(id)), parentFolderID: parent,
                                          tags: [Tags.displayName] + (properties[Tags.comment] == nil ? [] : [Tags.comment])))
            tx.emit(state, .objectModified(.folder(parent), tags: [Tags.subfolders, Tags.folderChildCount, Tags.hierarchyChangeNumber],
                                           totalMessageCount: nil, unreadMessageCount: nil))
            return (state.objectID(id), false)
        }
    }

    /// RopDeleteFolder (MS-OXCFOLD 3.2.5.3). Returns PartialCompletion: true when the folder holds
    /// messages (without `deleteMessages`) or subfolders (without `deleteSubfolders`) and was kept.
    /// Soft and hard deletion both remove the folder for good (no recoverable-items store).
    @discardableResult
    public func deleteFolder(
        _ mailbox: MailboxID, parent: FolderID, folder: FolderID,
        deleteMessages: Bool, deleteSubfolders: Bool, hard: Bool = false
    ) throws(StoreError) -> Bool {
        try transaction { tx throws(StoreError) -> Bool in
            let state = try state(mailbox)
            let parentCounter = try folderCounter(state, parent)
            let counter = try folderCounter(state, folder)
            guard let record = state.folders[counter], record.parentID == parentCounter else { throw .notFound }
            let subtree = state.subtree(counter)
            guard !subtree.contains(where: { state.folders[$0]?.special != nil }) else { throw .accessDenied }
            if !deleteMessages, subtree.contains(where: { !(state.contents[$0]?.isEmpty ?? true) }) { return true }
            if !deleteSubfolders, !(state.children[counter]?.isEmpty ?? true) { return true }
            removeSubtree(tx, state, subtree)
            touchParent(tx, state, parentCounter)
            return false
        }
    }

    /// Deletes folders (children first) with their messages: ObjectDeleted for each message that was
    /// still live (its subscribers must hear of it), then for the folder.
    func removeSubtree(_ tx: Transaction, _ state: MailboxState, _ subtree: [UInt64]) {
        for id in subtree.reversed() {
            guard let folder = state.folders[id] else { continue }
            let live = state.contents[id] ?? []
            for message in live.union(state.softDeleted[id] ?? []).sorted() {
                tx.deleteMessage(state, message)
                if live.contains(message) { tx.emitMessageDeleted(state, state.objectID(message), folder: id) }
            }
            tx.deleteFolder(state, id)
            tx.emit(state, .objectDeleted(.folder(state.objectID(id)), parentFolderID: state.objectID(folder.parentID)))
        }
    }

    func touchParent(_ tx: Transaction, _ state: MailboxState, _ parent: UInt64) {
        guard var record = state.folders[parent] else { return }
        record.hierarchyChangeNumber &+= 1
        record.lastModificationTime = tx.now
        record.changeNumber = tx.allocate(state)
        tx.putFolder(state, record)
        tx.emit(state, .objectModified(.folder(state.objectID(parent)), tags: [Tags.subfolders, Tags.folderChildCount, Tags.hierarchyChangeNumber],
                                       totalMessageCount: nil, unreadMessageCount: nil))
    }

    /// RopMoveFolder (MS-OXCFOLD 3.2.5.7): keeps the FID, renames to `newName`.
    public func moveFolder(_ mailbox: MailboxID, from source: FolderID, folder: FolderID, to destination: FolderID, newName: String? = nil) throws(StoreError) {
        try transaction { tx throws(StoreError) in
            let state = try state(mailbox)
            let sourceCounter = try folderCounter(state, source)
            let counter = try folderCounter(state, folder)
            let destinationCounter = try folderCounter(state, destination)
            try move(tx, state, counter, from: sourceCounter, to: destinationCounter, newName: newName)
        }
    }

    /// Moves folder `counter` from `source` to `destination` (the one rule of RopMoveFolder and
    /// RopCopyTo with Move): not a child of `source` → notFound, a special folder → accessDenied,
    /// into a search folder or its own subtree, or onto a sibling's name → refused.
    func move(_ tx: Transaction, _ state: MailboxState, _ counter: UInt64, from sourceCounter: UInt64, to destinationCounter: UInt64, newName: String?) throws(StoreError) {
        guard var record = state.folders[counter], record.parentID == sourceCounter else { throw .notFound }
        guard record.special == nil else { throw .accessDenied }
        guard state.folders[destinationCounter]?.isSearchFolder == false else { throw .searchFolderDestination }
        guard !state.isAncestor(counter, of: destinationCounter) else { throw .folderCycle }
        if let newName {
            guard !newName.isEmpty, newName.utf16.count <= 256 else { throw .invalidParameter("folder name") }
            record.properties[Tags.displayName] = .string(newName)
        }
        if case let .string(name)? = record.properties[Tags.displayName], let clash = state.childNamed(name, in: destinationCounter), clash != counter {
            throw .collidingNames
        }
        record.parentID = destinationCounter
        record.lastModificationTime = tx.now
        record.changeNumber = tx.allocate(state)
        tx.putFolder(state, record)
        let folder = state.objectID(counter)
        tx.emit(state, .objectMoved(.folder(folder), parentFolderID: state.objectID(destinationCounter), old: .folder(folder),
                                    oldParentFolderID: state.objectID(sourceCounter)))
        touchParent(tx, state, sourceCounter)
        if destinationCounter != sourceCounter { touchParent(tx, state, destinationCounter) }
    }

    /// RopCopyFolder (MS-OXCFOLD 3.2.5.8): a copy with new ids of the folder, its messages and,
    /// with `recursive`, its subfolders.
    @discardableResult
    public func copyFolder(_ mailbox: MailboxID, from source: FolderID, folder: FolderID, to destination: FolderID, newName: String? = nil, recursive: Bool) throws(StoreError) -> FolderID {
        try transaction { tx throws(StoreError) -> FolderID in
            let state = try state(mailbox)
            let sourceCounter = try folderCounter(state, source)
            let counter = try folderCounter(state, folder)
            let destinationCounter = try folderCounter(state, destination)
            guard let record = state.folders[counter], record.parentID == sourceCounter else { throw .notFound }
            guard state.folders[destinationCounter]?.isSearchFolder == false else { throw .searchFolderDestination }
            guard !state.isAncestor(counter, of: destinationCounter) else { throw .folderCycle }
            var name = ""
            if case let .string(existing)? = record.properties[Tags.displayName] { name = existing }
            if let newName {
                guard !newName.isEmpty, newName.utf16.count <= 256 else { throw .invalidParameter("folder name") }
                name = newName
            }
            guard state.childNamed(name, in: destinationCounter) == nil else { throw .collidingNames }
            let copy = copySubtree(tx, state, counter, into: destinationCounter, name: name, recursive: recursive)
            tx.emit(state, .objectCopied(.folder(state.objectID(copy)), parentFolderID: destination, old: .folder(folder), oldParentFolderID: source))
            touchParent(tx, state, destinationCounter)
            return state.objectID(copy)
        }
    }

    func copySubtree(_ tx: Transaction, _ state: MailboxState, _ id: UInt64, into parent: UInt64, name: String?, recursive: Bool) -> UInt64 {
        guard var record = state.folders[id] else { return 0 }
        let copyID = tx.allocate(state)
        record.id = copyID
        record.parentID = parent
        record.special = nil
        record.creationTime = tx.now
        record.lastModificationTime = tx.now
        record.changeNumber = tx.allocate(state)
        if let name { record.properties[Tags.displayName] = .string(name) }
        let children = (state.children[id] ?? []).sorted()
        let messages = (state.contents[id] ?? []).sorted()
        tx.putFolder(state, record)
        _ = copyMessages(tx, state, messages, into: copyID)
        if recursive {
            for child in children {
                let childCopy = copySubtree(tx, state, child, into: copyID, name: nil, recursive: true)
                tx.emit(state, .objectCreated(.folder(state.objectID(childCopy)), parentFolderID: state.objectID(copyID), tags: []))
            }
        }
        return copyID
    }

    /// Copies of `messages` (counters) in `folder`, each with a new MID and change number (with
    /// `move`, the originals are deleted); returns (old, new) counters. The one rule for copying and
    /// moving messages between folders (RopMoveCopyMessages, RopCopyFolder, RopCopyTo).
    func copyMessages(_ tx: Transaction, _ state: MailboxState, _ messages: [UInt64], into folder: UInt64, move: Bool = false) -> [(old: UInt64, new: UInt64)] {
        var copies: [(old: UInt64, new: UInt64)] = []
        for messageID in messages {
            guard var message = state.messages[messageID] else { continue }
            if move { tx.deleteMessage(state, messageID) }
            message.id = tx.allocate(state)
            message.folderID = folder
            message.changeNumber = tx.allocate(state)
            tx.putMessage(state, message)
            copies.append((messageID, message.id))
        }
        return copies
    }

    /// RopCopyTo between folders with WantSubObjects (MS-OXCPRPT 3.2.5.11): the sub-objects of
    /// `source` are copied (with `move`: moved) into `destination` — its normal messages (`messages`,
    /// PidTagContainerContents) and FAI messages (`associated`, PidTagFolderAssociatedContents) with
    /// new MIDs, one ObjectCopied / ObjectMoved each (as RopMoveCopyMessages), and its subfolders
    /// (`subfolders`, PidTagContainerHierarchy) with their whole subtrees, one ObjectCopied each (as
    /// RopCopyFolder with WantRecursive) or ObjectMoved (as RopMoveFolder). One transaction: a
    /// subfolder name already used in the destination → collidingNames, a destination inside the
    /// source's subtree → folderCycle, messages into a search folder → searchFolderDestination, a
    /// special subfolder to move → accessDenied; then nothing changes.
    public func copyFolderContents(
        _ mailbox: MailboxID, from source: FolderID, to destination: FolderID, messages: Bool, associated: Bool, subfolders: Bool, move: Bool = false
    ) throws(StoreError) {
        try transaction { tx throws(StoreError) in
            let state = try state(mailbox)
            let sourceCounter = try folderCounter(state, source)
            let destinationCounter = try folderCounter(state, destination)
            let children = subfolders ? (state.children[sourceCounter] ?? []).sorted() : []
            let selected = (state.contents[sourceCounter] ?? []).sorted().filter { id in
                guard let message = state.messages[id] else { return false }
                return message.isAssociated ? associated : messages
            }
            if !selected.isEmpty, state.folders[destinationCounter]?.isSearchFolder != false { throw .searchFolderDestination }
            if !children.isEmpty {
                guard !state.isAncestor(sourceCounter, of: destinationCounter) else { throw .folderCycle }
                for child in children {
                    if case let .string(name)? = state.folders[child]?.properties[Tags.displayName], state.childNamed(name, in: destinationCounter) != nil {
                        throw .collidingNames
                    }
                }
            }
            for (old, new) in copyMessages(tx, state, selected, into: destinationCounter, move: move) {
                let newRef = ObjectRef.message(state.objectID(new), in: destination)
                let oldRef = ObjectRef.message(state.objectID(old), in: source)
                tx.emit(state, move
                    ? .objectMoved(newRef, parentFolderID: destination, old: oldRef, oldParentFolderID: source)
                    : .objectCopied(newRef, parentFolderID: destination, old: oldRef, oldParentFolderID: source))
            }
            for child in children {
                if move {
                    try self.move(tx, state, child, from: sourceCounter, to: destinationCounter, newName: nil)
                } else {
                    let copy = copySubtree(tx, state, child, into: destinationCounter, name: nil, recursive: true)
                    tx.emit(state, .objectCopied(.folder(state.objectID(copy)), parentFolderID: destination, old: .folder(state.objectID(child)), oldParentFolderID: source))
                }
            }
            if !children.isEmpty, !move { touchParent(tx, state, destinationCounter) }
        }
    }

    /// RopEmptyFolder / RopHardDeleteMessagesAndSubfolders (MS-OXCFOLD 3.2.5.9, 3.2.5.10): deletes
    /// every message (FAI ones too with `includeAssociated`; soft unless `hard`) and every
    /// subfolder (folders are always removed for good).
    public func emptyFolder(_ mailbox: MailboxID, folder: FolderID, includeAssociated: Bool, hard: Bool = false) throws(StoreError) {
        try transaction { tx throws(StoreError) in
            let state = try state(mailbox)
            let counter = try folderCounter(state, folder)
            guard let record = state.folders[counter], record.parentID != 0, !record.isSearchFolder else { throw .notSupported }
            for child in (state.children[counter] ?? []).sorted() {
                let subtree = state.subtree(child)
                guard !subtree.contains(where: { state.folders[$0]?.special != nil }) else { throw .accessDenied }
                removeSubtree(tx, state, subtree)
            }
            for message in (state.contents[counter] ?? []).sorted() where includeAssociated || state.messages[message]?.isAssociated == false {
                if hard {
                    tx.deleteMessage(state, message)
                } else if var record = state.messages[message] {
                    record.isSoftDeleted = true
                    tx.putMessage(state, record)
                }
                tx.emitMessageDeleted(state, state.objectID(message), folder: counter)
            }
            if hard {
                for message in (state.softDeleted[counter] ?? []).sorted() where includeAssociated || state.messages[message]?.isAssociated == false {
                    tx.deleteMessage(state, message)
                }
            }
            var updated = state.folders[counter]!
            updated.lastModificationTime = tx.now
            updated.changeNumber = tx.allocate(state)
            if updated.hierarchyChangeNumber != record.hierarchyChangeNumber || !(state.children[counter]?.isEmpty ?? true) {
                updated.hierarchyChangeNumber &+= 1
            }
            tx.putFolder(state, updated)
        }
    }

    // MARK: Folder properties (MS-OXCPRPT; immediate, no save)

    /// RopGetPropertiesSpecific on a folder (missing → NotFound cells).
    public func folderProperties(_ mailbox: MailboxID, _ folder: FolderID, _ tags: [PropertyTag], unicode: Bool = true) throws(StoreError) -> [PropertyCell] {
        try locked { () throws(StoreError) -> [PropertyCell] in
            let state = try state(mailbox)
            let record = state.folders[try folderCounter(state, folder)]!
            return tags.map { tag in PropertyAccess.cell(tag, unicode: unicode) { state.folderValue(record, $0) } }
        }
    }

    /// RopGetPropertiesAll on a folder: stored properties plus the main computed ones.
    public func folderPropertiesAll(_ mailbox: MailboxID, _ folder: FolderID) throws(StoreError) -> [TaggedPropertyValue] {
        try locked { () throws(StoreError) -> [TaggedPropertyValue] in
            let state = try state(mailbox)
            let record = state.folders[try folderCounter(state, folder)]!
            var result: [TaggedPropertyValue] = []
            for tag in Self.folderComputedTags { if let value = state.folderValue(record, tag.id) { result.append(TaggedPropertyValue(tag: tag, value: value)) } }
            for (tag, value) in record.properties.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where tag.id != InternalProperties.id { result.append(TaggedPropertyValue(tag: tag, value: value)) }
            return result
        }
    }

    static let folderComputedTags: [PropertyTag] = [
        Tags.folderID, Tags.parentFolderID, Tags.folderType, Tags.contentCount, Tags.contentUnreadCount,
        Tags.associatedContentCount, Tags.subfolders, Tags.folderChildCount, Tags.messageSize, Tags.creationTime,
        Tags.lastModificationTime, Tags.changeNumber, Tags.changeKey, Tags.sourceKey, Tags.hierarchyChangeNumber, Tags.access, Tags.rights,
    ]

    /// RopSetProperties on a folder: applied at once; problems for read-only, invalid, oversized
    /// values and (PidTagDisplayName) a sibling's name or a special folder.
    @discardableResult
    public func setFolderProperties(_ mailbox: MailboxID, _ folder: FolderID, _ values: [TaggedPropertyValue]) throws(StoreError) -> [PropertyProblem] {
        try transaction { tx throws(StoreError) -> [PropertyProblem] in
            let state = try state(mailbox)
            let counter = try folderCounter(state, folder)
            var record = state.folders[counter]!
            var problems: [PropertyProblem] = []
            var changed: [PropertyTag] = []
            for (index, tagged) in values.enumerated() {
                if let problem = validate(tagged.tag, tagged.value) {
                    problems.append(PropertyProblem(index: index, tag: tagged.tag, error: problem))
                    continue
                }
                if tagged.tag.id == Tags.displayName.id {
                    guard record.special == nil else {
                        problems.append(PropertyProblem(index: index, tag: tagged.tag, error: .accessDenied)); continue
                    }
                    let name = PropertyOrdering.text(tagged.value) ?? ""
                    if name.isEmpty || (state.childNamed(name, in: record.parentID).map { $0 != counter } ?? false) {
                        problems.append(PropertyProblem(index: index, tag: tagged.tag, error: .collidingNames)); continue
                    }
                }
                for tag in record.properties.keys where tag.id == tagged.tag.id { record.properties[tag] = nil }
                record.properties[tagged.tag] = tagged.value
                changed.append(tagged.tag)
            }
            if !changed.isEmpty {
                record.lastModificationTime = tx.now
                record.changeNumber = tx.allocate(state)
                tx.putFolder(state, record)
                tx.emit(state, .objectModified(.folder(folder), tags: changed, totalMessageCount: nil, unreadMessageCount: nil))
            }
            return problems
        }
    }

    /// RopDeleteProperties on a folder.
    @discardableResult
    public func deleteFolderProperties(_ mailbox: MailboxID, _ folder: FolderID, _ tags: [PropertyTag]) throws(StoreError) -> [PropertyProblem] {
        try transaction { tx throws(StoreError) -> [PropertyProblem] in
            let state = try state(mailbox)
            let counter = try folderCounter(state, folder)
            var record = state.folders[counter]!
            var problems: [PropertyProblem] = []
            var changed: [PropertyTag] = []
            for (index, tag) in tags.enumerated() {
                if Tags.readOnly.contains(tag.id) || (tag.id == Tags.displayName.id) {
                    problems.append(PropertyProblem(index: index, tag: tag, error: .accessDenied)); continue
                }
                for stored in record.properties.keys where stored.id == tag.id {
                    record.properties[stored] = nil
                    changed.append(stored)
                }
            }
            if !changed.isEmpty {
                record.lastModificationTime = tx.now
                record.changeNumber = tx.allocate(state)
                tx.putFolder(state, record)
                tx.emit(state, .objectModified(.folder(folder), tags: changed, totalMessageCount: nil, unreadMessageCount: nil))
            }
            return problems
        }
    }

    // MARK: Search folders (MS-OXCFOLD 3.2.5.4, 3.2.5.5)

    /// RopSetSearchCriteria: nil `restriction` / `scope` keep the previous ones (not allowed the
    /// first time). Population is synchronous: the commit publishes SearchCompleted, and every open
    /// table over the search folder gets TableChanged.
    public func setSearchCriteria(_ mailbox: MailboxID, folder: FolderID, restriction: Restriction?, scope: [FolderID]?, recursive: Bool) throws(StoreError) {
        try transaction { tx throws(StoreError) in
            let state = try state(mailbox)
            let counter = try folderCounter(state, folder)
            var record = state.folders[counter]!
            guard record.isSearchFolder else { throw .notSearchFolder }
            guard let newRestriction = restriction ?? record.searchCriteria?.restriction else { throw .searchNotInitialized }
            try RestrictionEvaluator.validate(newRestriction)
            var scopeCounters: [UInt64]
            if let scope, !scope.isEmpty {
                scopeCounters = []
                for id in scope { scopeCounters.append(try folderCounter(state, id)) }
            } else if let previous = record.searchCriteria?.scope {
                scopeCounters = previous
            } else {
                throw .searchNotInitialized
            }
            for scopeFolder in scopeCounters {
                if scopeFolder == counter || (recursive && state.isAncestor(scopeFolder, of: counter)) { throw .searchScopeViolation }
            }
            record.searchCriteria = SearchCriteria(restriction: newRestriction, scope: scopeCounters, recursive: recursive)
            record.lastModificationTime = tx.now
            record.changeNumber = tx.allocate(state)
            tx.putFolder(state, record)
            tx.searchCriteriaChanged(state, counter)
        }
    }

    /// RopGetSearchCriteria.
    public func searchCriteria(_ mailbox: MailboxID, folder: FolderID) throws(StoreError) -> SearchState {
        try locked { () throws(StoreError) -> SearchState in
            let state = try state(mailbox)
            let record = state.folders[try folderCounter(state, folder)]!
            guard record.isSearchFolder else { throw .notSearchFolder }
            guard let criteria = record.searchCriteria else { return SearchState(restriction: nil, scope: [], recursive: false, complete: false) }
            return SearchState(restriction: criteria.restriction, scope: criteria.scope.map(state.objectID), recursive: criteria.recursive, complete: true)
        }
    }

    /// Whether any search folder of the mailbox has an active search: criteria were set, and as
    /// population is synchronous and never stopped, the search then stays live (RopGetStoreState's
    /// STORE_HAS_SEARCHES, MS-OXCSTOR 2.2.1.5.2). A search folder never given criteria is not active.
    public func hasActiveSearches(_ mailbox: MailboxID) throws(StoreError) -> Bool {
        try locked { () throws(StoreError) -> Bool in
            try state(mailbox).folders.values.contains { $0.isSearchFolder && $0.searchCriteria != nil }
        }
    }

    /// The MIDs a search folder currently links to.
    public func searchFolderMembers(_ mailbox: MailboxID, folder: FolderID) throws(StoreError) -> Set<MessageID> {
        try locked { () throws(StoreError) -> Set<MessageID> in
            let state = try state(mailbox)
            let counter = try folderCounter(state, folder)
            return Set((state.searchMembers[counter] ?? []).map(state.objectID))
        }
    }

    func searchMatches(_ state: MailboxState, _ criteria: SearchCriteria, _ message: MessageRecord) -> Bool {
        guard !message.isAssociated, !message.isSoftDeleted else { return false }
        let inScope = criteria.scope.contains(message.folderID)
            || (criteria.recursive && criteria.scope.contains { state.isAncestor($0, of: message.folderID) })
        return inScope && messageMatches(state, message, criteria.restriction)
    }

    func populate(_ state: MailboxState, _ criteria: SearchCriteria) -> Set<UInt64> {
        var folders = Set<UInt64>()
        for scope in criteria.scope where state.folders[scope] != nil {
            if criteria.recursive { folders.formUnion(state.subtree(scope)) } else { folders.insert(scope) }
        }
        var members = Set<UInt64>()
        for folder in folders {
            for id in state.contents[folder] ?? [] {
                if let message = state.messages[id], !message.isAssociated, messageMatches(state, message, criteria.restriction) { members.insert(id) }
            }
        }
        return members
    }
}

// MARK: - Receive folders (MS-OXCSTOR 3.2.3, 3.2.5.2)

extension MailboxStore {
    /// The fixed Receive-folder table of a new mailbox: "" → Inbox, "IPM" → Inbox,
    /// "Report.IPM" → Inbox, "IPC" → Root.
    static let receiveFolderTable: [(String, SpecialFolder)] = [("", .inbox), ("IPM", .inbox), ("Report.IPM", .inbox), ("IPC", .root)]

    /// RopGetReceiveFolder: the entry whose class is the longest case-insensitive prefix of
    /// `messageClass`, compared by whole period-separated components; no match → Inbox and "".
    public func receiveFolder(_ mailbox: MailboxID, messageClass: String) throws(StoreError) -> (folderID: FolderID, explicitMessageClass: String) {
        try locked { () throws(StoreError) -> (folderID: FolderID, explicitMessageClass: String) in
            let state = try state(mailbox)
            if let entry = bestReceiveFolder(state, messageClass) { return (entry.folderID, entry.messageClass) }
            guard let inbox = state.special[.inbox] else { throw .notFound }
            return (state.objectID(inbox), "")
        }
    }
}
