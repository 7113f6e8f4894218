import MAPIWire
import MailboxStore
import NotificationEngine

/// A Stream object (MS-OXCPRPT 1.3.4): one property of a Message, Attachment or Folder opened with
/// RopOpenStream. The value is read into memory when the stream opens; writes change the buffer, and
/// RopCommitStream (or the release of a writable stream) writes it back to the owner: into the
/// message's or attachment's pending state, or straight into the folder (MS-OXCPRPT 3.2.5.19).
public final class StreamObject: ServerObject {
    public enum Owner {
        case message(MessageObject)
        case attachment(AttachmentObject)
        case folder(FolderObject)
    }

    public let owner: Owner
    public let tag: PropertyTag
    public let isWritable: Bool
    /// ``MailboxStore/Configuration/maximumStreamSize``.
    public let maximumSize: Int
    public internal(set) var data: [UInt8]
    public internal(set) var position = 0
    /// Written since the last commit.
    public internal(set) var isDirty = false

    public init(owner: Owner, tag: PropertyTag, data: [UInt8], isWritable: Bool, maximumSize: Int) {
        self.owner = owner
        self.tag = tag
        self.data = data
        self.isWritable = isWritable
        self.maximumSize = maximumSize
    }

    public var logonID: UInt8 {
        switch owner {
        case let .message(message): message.logonID
        case let .attachment(attachment): attachment.logonID
        case let .folder(folder): folder.logonID
        }
    }

    /// Reads up to `count` bytes at the seek pointer and advances it.
    func read(_ count: Int) -> [UInt8] {
        guard position < data.count, count > 0 else { return [] }
        let end = min(data.count, position + count)
        defer { position = end }
        return Array(data[position..<end])
    }

    /// Writes at the seek pointer, growing the stream; returns how many bytes were written before the
    /// maximum size stopped it.
    func write(_ bytes: [UInt8]) -> Int {
        let room = max(0, maximumSize - position)
        let count = min(room, bytes.count)
        guard count > 0 else { return 0 }
        if position > data.count { data.append(contentsOf: repeatElement(0, count: position - data.count)) }
        let end = position + count
        if end > data.count { data.append(contentsOf: repeatElement(0, count: end - data.count)) }
        data.replaceSubrange(position..<end, with: bytes.prefix(count))
        position = end
        isDirty = true
        return count
    }

    /// RopSetStreamSize: truncates or zero-extends (MS-OXCPRPT 3.2.5.17).
    func resize(_ size: Int) {
        if size < data.count { data.removeSubrange(size...) } else { data.append(contentsOf: repeatElement(0, count: size - data.count)) }
        isDirty = true
    }

    /// Moves the seek pointer; a position past the end extends the stream with zeros
    /// (MS-OXCPRPT 3.2.5.18).
    func seek(to newPosition: Int) {
        position = newPosition
        if newPosition > data.count {
            data.append(contentsOf: repeatElement(0, count: newPosition - data.count))
            isDirty = true
        }
    }

    /// Writes the buffer back to the owner (RopCommitStream).
    func commit(store: MailboxStore) throws {
        guard isWritable else { return }
        guard let value = StreamableProperty.value(data, as: tag.type) else { throw ROPError.notSupported }
        switch owner {
        case let .message(message):
            try message.message.setStreamedProperty(tag, value, maximumSize: maximumSize)
        case let .attachment(attachment):
            try attachment.attachment.setStreamedProperty(tag, value, maximumSize: maximumSize)
        case let .folder(folder):
            try store.setFolderStreamedProperty(folder.mailboxID, folder.folderID, tag, value)
        }
        isDirty = false
    }

    /// A writable stream is committed when released (MS-OXCPRPT 3.2.5.19: RopRelease commits).
    public func release(in context: ServerObjectReleaseContext) {
        guard isDirty else { return }
        try? commit(store: context.store)
    }
}
