import MAPIWire
import MailboxStore
import NotificationEngine

/// RopCopyProperties and RopCopyTo (MS-OXCPRPT 2.2.10, 2.2.11, 3.2.5.10, 3.2.5.11): properties from
/// one Message, Attachment or Folder object to another of the same kind. Messages and attachments
/// change in their pending state (saved with the object); folders at once.
enum CopyROPs {
    static let move: UInt8 = 0x01
    static let noOverwrite: UInt8 = 0x02

    /// One side of a copy.
    enum Side {
        case message(MessageObject)
        case attachment(AttachmentObject)
        case folder(FolderObject)

        init(_ object: any ServerObject) throws(ROPError) {
            switch object {
            case let message as MessageObject: self = .message(message)
            case let attachment as AttachmentObject: self = .attachment(attachment)
            case let folder as FolderObject: self = .folder(folder)
            default: throw ROPError.notSupported
            }
        }

        var kind: Int {
            switch self {
            case .message: 0
            case .attachment: 1
            case .folder: 2
            }
        }

        /// Stored, client-settable properties.
        func properties(_ store: MailboxStore) throws -> PropertyBag {
            var bag: PropertyBag
            switch self {
            case let .message(message): bag = message.message.properties
            case let .attachment(attachment): bag = attachment.attachment.record.properties
            case let .folder(folder):
                bag = [:]
                for tagged in try store.folderPropertiesAll(folder.mailboxID, folder.folderID) { bag[tagged.tag] = tagged.value }
            }
            return bag.filter { !Tags.readOnly.contains($0.key.id) }
        }

        /// Sets the values; the refused ones as (position in `values`, tag, error code).
        func set(_ values: [TaggedPropertyValue], _ store: MailboxStore) throws -> [(index: Int, tag: PropertyTag, code: ErrorCode)] {
            switch self {
            case let .message(message): return message.message.setProperties(values).map { ($0.index, $0.tag, $0.error.errorCode) }
            case let .attachment(attachment):
                return attachment.attachment.setProperties(values, maximumSize: store.configuration.maximumPropertySize).map { ($0.index, $0.tag, $0.error.errorCode) }
            case let .folder(folder): return try store.setFolderProperties(folder.mailboxID, folder.folderID, values).map { ($0.index, $0.tag, $0.error.errorCode) }
            }
        }

        func delete(_ tags: [PropertyTag], _ store: MailboxStore) throws {
            guard !tags.isEmpty else { return }
            switch self {
            case let .message(message): message.message.deleteProperties(tags)
            case let .attachment(attachment): attachment.attachment.deleteProperties(tags)
            case let .folder(folder): _ = try store.deleteFolderProperties(folder.mailboxID, folder.folderID, tags)
            }
        }

        var isReadOnly: Bool {
            switch self {
            case let .message(message): message.message.isReadOnly
            case let .attachment(attachment): attachment.attachment.isReadOnly
            case .folder: false
            }
        }
    }

    /// Resolves source and destination: an unusable destination slot → ecDstNullObject (the failure
    /// response carries DestHandleIndex); objects of different kinds, or not Message / Attachment /
    /// Folder → ecNotSupported; a read-only destination → ecAccessDenied.
    static func sides(source: UInt8, destination: UInt8, _ context: ROPContext) throws(ROPError) -> (Side, Side) {
        let from = try Side(context.anyObject(at: source))
        let to: Side
        do {
            to = try Side(context.anyObject(at: destination))
        } catch {
            throw error.code == .notSupported ? error : ROPError(.nullDestinationObject)
        }
        guard from.kind == to.kind else { throw ROPError.notSupported }
        guard !to.isReadOnly else { throw ROPError.accessDenied }
        return (from, to)
    }

    /// RopCopyProperties (MS-OXCPRPT 3.2.5.10): each listed property; a missing one is a
    /// PropertyProblem (NotFound), as is one the destination refuses. NoOverwrite keeps the
    /// destination's values; Move deletes the copied ones from the source.
    static func copyProperties(_ request: RopCopyPropertiesRequest, _ context: inout ROPContext) throws -> RopCopyPropertiesResponse {
        let (from, to) = try sides(source: request.sourceHandleIndex, destination: request.destHandleIndex, context)
        guard request.copyFlags & ~(move | noOverwrite) == 0 else { throw ROPError.invalidParameter }
        let source = try from.properties(context.store)
        let existing = request.copyFlags & noOverwrite != 0 ? try to.properties(context.store) : [:]
        var problems: [MAPIWire.PropertyProblem] = []
        var values: [TaggedPropertyValue] = []
        var positions: [Int] = []
        for (index, tag) in request.propertyTags.enumerated() {
            guard let entry = source.first(where: { $0.key.id == tag.id }) else {
                problems.append(MAPIWire.PropertyProblem(index: UInt16(index), propertyTag: tag, errorCode: .notFound))
                continue
            }
            if existing.keys.contains(where: { $0.id == tag.id }) { continue }
            values.append(TaggedPropertyValue(tag: entry.key, value: entry.value))
            positions.append(index)
        }
        let refused = try to.set(values, context.store)
        for problem in refused {
            problems.append(MAPIWire.PropertyProblem(index: UInt16(positions[problem.index]), propertyTag: problem.tag, errorCode: problem.code))
        }
        if request.copyFlags & move != 0 {
            let refusedTags = Set(refused.map(\.tag.id))
            try from.delete(values.map(\.tag).filter { !refusedTags.contains($0.id) }, context.store)
        }
        problems.sort { $0.index < $1.index }
        let response = RopCopyPropertiesResponse(sourceHandleIndex: request.sourceHandleIndex, body: .init(propertyProblems: problems))
        return try NamedPropertyROPs.fitting(response, context)
    }

    /// Sub-object properties of a folder (MS-OXCFXICS 2.2.1.6), for RopCopyTo's exclusion list.
    enum FolderSubObjects {
        static let containerHierarchy: UInt16 = 0x360E
        static let containerContents: UInt16 = 0x360F
        static let folderAssociatedContents: UInt16 = 0x3610
    }

    /// RopCopyTo (MS-OXCPRPT 3.2.5.11): every property but the excluded ones; with WantSubObjects a
    /// message's recipients and attachments too (unless PidTagMessageRecipients /
    /// PidTagMessageAttachments are excluded), and a folder's messages, FAI messages and subfolders
    /// (unless PidTagContainerContents / PidTagFolderAssociatedContents / PidTagContainerHierarchy
    /// are excluded) through ``MailboxStore/copyFolderContents(_:from:to:messages:associated:subfolders:)``
    /// — copied (Move: moved) before the properties, so a refused sub-object copy changes nothing.
    static func copyTo(_ request: RopCopyToRequest, _ context: inout ROPContext) throws -> RopCopyToResponse {
        let (from, to) = try sides(source: request.sourceHandleIndex, destination: request.destHandleIndex, context)
        guard request.copyFlags & ~(move | noOverwrite) == 0 else { throw ROPError.invalidParameter }
        let excluded = Set(request.excludedTags.map(\.id))
        if request.wantSubObjects, case let .folder(source) = from, case let .folder(destination) = to {
            guard source.mailboxID == destination.mailboxID else { throw ROPError.notSupported }
            try context.store.copyFolderContents(
                source.mailboxID, from: source.folderID, to: destination.folderID,
                messages: !excluded.contains(FolderSubObjects.containerContents),
                associated: !excluded.contains(FolderSubObjects.folderAssociatedContents),
                subfolders: !excluded.contains(FolderSubObjects.containerHierarchy),
                move: request.copyFlags & move != 0)
        }
        let source = try from.properties(context.store)
        let existing = request.copyFlags & noOverwrite != 0 ? try to.properties(context.store) : [:]
        let values = source.filter { !excluded.contains($0.key.id) && !existing.keys.contains($0.key) }
            .sorted { $0.key.rawValue < $1.key.rawValue }
            .map { TaggedPropertyValue(tag: $0.key, value: $0.value) }
        let refused = try to.set(values, context.store)
        var problems = refused.map { MAPIWire.PropertyProblem(index: 0, propertyTag: $0.tag, errorCode: $0.code) }
        if request.wantSubObjects, case let .message(source) = from, case let .message(destination) = to {
            if !excluded.contains(0x0E12) {
                do {
                    try destination.message.modifyRecipients(
                        destination.message.recipients.map { .init(rowID: $0.rowID, recipientType: $0.recipientType, properties: nil) }
                            + source.message.recipients.map { .init(rowID: $0.rowID, recipientType: $0.recipientType, properties: $0.properties) })
                } catch {
                    problems.append(MAPIWire.PropertyProblem(index: 0, propertyTag: PropertyTag(0x0E12_000D), errorCode: error.errorCode))
                }
            }
            if !excluded.contains(0x0E13) { destination.message.attachments = source.message.attachments }
        }
        if request.copyFlags & move != 0 {
            let refusedTags = Set(refused.map(\.tag.id))
            try from.delete(values.map(\.tag).filter { !refusedTags.contains($0.id) }, context.store)
        }
        let response = RopCopyToResponse(sourceHandleIndex: request.sourceHandleIndex, body: .init(propertyProblems: problems))
        return try NamedPropertyROPs.fitting(response, context)
    }
}
