import MAPIWire
import MailboxStore
import NotificationEngine

/// Stream ROPs (MS-OXCPRPT 2.2.14–2.2.21, 3.2.5.13–3.2.5.20): large property values of messages,
/// attachments and folders read and written in pieces.
enum StreamROPs {
    /// OpenModeFlags (MS-OXCPRPT 2.2.14.1).
    enum OpenMode {
        static let readOnly: UInt8 = 0x00
        static let readWrite: UInt8 = 0x01
        static let create: UInt8 = 0x02
        static let bestAccess: UInt8 = 0x03
    }

    /// The largest seek position (MS-OXCPRPT 3.2.5.18: beyond 2^31 → StreamSeekError).
    static let maximumPosition = Int(Int32.max)

    /// RopOpenStream (MS-OXCPRPT 3.2.5.13): on a Message, Attachment or Folder object (else
    /// ecNotSupported). Only PtypBinary, PtypString, PtypString8 (and PtypServerId) properties stream
    /// (ecNotSupported otherwise). ReadOnly / ReadWrite / BestAccess need the property to exist
    /// (ecNotFound); Create starts empty. Writing needs a writable owner (ecAccessDenied).
    static func openStream(_ request: RopOpenStreamRequest, _ context: inout ROPContext) throws -> RopOpenStreamResponse {
        let owner = try context.anyObject(at: request.inputHandleIndex)
        try context.checkOutputIndex(request.outputHandleIndex)
        let tag = request.propertyTag
        guard StreamableProperty.isStreamable(tag.type) else { throw ROPError.notSupported }
        let mode = request.openModeFlags
        guard mode <= OpenMode.bestAccess else { throw ROPError.invalidParameter }
        let maximumSize = context.store.configuration.maximumStreamSize

        let streamOwner: StreamObject.Owner
        var current: PropertyValue?
        var ownerWritable: Bool
        switch owner {
        case let message as MessageObject:
            streamOwner = .message(message)
            current = message.message.properties.first { $0.key.id == tag.id }?.value
            ownerWritable = !message.message.isReadOnly
        case let attachment as AttachmentObject:
            streamOwner = .attachment(attachment)
            current = attachment.attachment.record.properties.first { $0.key.id == tag.id }?.value
            ownerWritable = !attachment.attachment.isReadOnly
        case let folder as FolderObject:
            streamOwner = .folder(folder)
            current = try context.store.folderStreamValue(folder.mailboxID, folder.folderID, tag)
            ownerWritable = true
        default:
            throw ROPError.notSupported
        }
        let wantsWrite = mode != OpenMode.readOnly
        if mode == OpenMode.readWrite || mode == OpenMode.create, !ownerWritable { throw ROPError.accessDenied }
        var data: [UInt8] = []
        if mode == OpenMode.create {
            data = []
        } else {
            guard let current, let bytes = StreamableProperty.bytes(of: current) else { throw ROPError(.notFound) }
            data = bytes
        }
        guard data.count <= Int(UInt32.max) else { throw ROPError(.notEnoughMemory) }
        let stream = StreamObject(owner: streamOwner, tag: tag, data: data, isWritable: wantsWrite && ownerWritable, maximumSize: maximumSize)
        if mode == OpenMode.create { stream.resize(0) }
        try context.setOutput(stream, at: request.outputHandleIndex)
        return RopOpenStreamResponse(outputHandleIndex: request.outputHandleIndex, outcome: .success(.init(streamSize: UInt32(data.count))))
    }

    /// RopReadStream (MS-OXCPRPT 3.2.5.14): up to ByteCount bytes (MaximumByteCount after 0xBABE) from
    /// the seek pointer, as many as fit the response; fewer at the end of the stream.
    static func readStream(_ request: RopReadStreamRequest, _ context: inout ROPContext) throws -> RopReadStreamResponse {
        let stream = try context.object(at: request.inputHandleIndex, as: StreamObject.self, wrongType: .notSupported)
        let header = 8
        guard context.responseBudget >= header else { throw ROPError.responseDoesNotFit(sizeNeeded: header) }
        let room = min(context.responseBudget - header, Int(UInt16.max))
        let count = min(Int(request.requestedByteCount), room)
        return RopReadStreamResponse(inputHandleIndex: request.inputHandleIndex, data: stream.read(count))
    }

    /// RopWriteStream (MS-OXCPRPT 3.2.5.15): writes at the seek pointer. Read-only stream →
    /// StreamAccessDenied; a write that would pass the maximum stream size writes what fits and
    /// answers StreamSizeError with that WrittenSize.
    static func writeStream(_ request: RopWriteStreamRequest, _ context: inout ROPContext) throws -> RopWriteStreamResponse {
        let (written, code) = try write(request.data, at: request.inputHandleIndex, &context)
        return RopWriteStreamResponse(inputHandleIndex: request.inputHandleIndex, returnValue: code, writtenSize: UInt16(written))
    }

    /// RopWriteStreamExtended (MS-OXCPRPT 3.2.5.16): as RopWriteStream, with a 32-bit WrittenSize.
    static func writeStreamExtended(_ request: RopWriteStreamExtendedRequest, _ context: inout ROPContext) throws -> RopWriteStreamExtendedResponse {
        let (written, code) = try write(request.data, at: request.inputHandleIndex, &context)
        return RopWriteStreamExtendedResponse(inputHandleIndex: request.inputHandleIndex, returnValue: code, writtenSize: UInt32(written))
    }

    static func write(_ data: [UInt8], at index: UInt8, _ context: inout ROPContext) throws -> (Int, ErrorCode) {
        let stream = try context.object(at: index, as: StreamObject.self, wrongType: .notSupported)
        guard stream.isWritable else { throw ROPError(.streamAccessDenied) }
        let written = stream.write(data)
        return (written, written < data.count ? .streamSizeError : .success)
    }

    /// RopCommitStream (MS-OXCPRPT 3.2.5.19): the buffer becomes the owner's property value (pending
    /// on messages and attachments until they are saved; at once on folders).
    static func commitStream(_ request: RopCommitStreamRequest, _ context: inout ROPContext) throws -> RopCommitStreamResponse {
        let stream = try context.object(at: request.inputHandleIndex, as: StreamObject.self, wrongType: .notSupported)
        try stream.commit(store: context.store)
        return RopCommitStreamResponse(inputHandleIndex: request.inputHandleIndex)
    }

    /// RopGetStreamSize (MS-OXCPRPT 3.2.5.20).
    static func getStreamSize(_ request: RopGetStreamSizeRequest, _ context: inout ROPContext) throws -> RopGetStreamSizeResponse {
        let stream = try context.object(at: request.inputHandleIndex, as: StreamObject.self, wrongType: .notSupported)
        return RopGetStreamSizeResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(streamSize: UInt32(clamping: stream.data.count))))
    }

    /// RopSetStreamSize (MS-OXCPRPT 3.2.5.17): truncates or zero-extends; read-only →
    /// StreamAccessDenied; beyond the maximum stream size → StreamSizeError.
    static func setStreamSize(_ request: RopSetStreamSizeRequest, _ context: inout ROPContext) throws -> RopSetStreamSizeResponse {
        let stream = try context.object(at: request.inputHandleIndex, as: StreamObject.self, wrongType: .notSupported)
        guard stream.isWritable else { throw ROPError(.streamAccessDenied) }
        guard request.streamSize <= UInt64(stream.maximumSize) else { throw ROPError(.streamSizeError) }
        stream.resize(Int(request.streamSize))
        return RopSetStreamSizeResponse(inputHandleIndex: request.inputHandleIndex)
    }

    /// RopSeekStream (MS-OXCPRPT 3.2.5.18): Origin 0 beginning, 1 current, 2 end (else
    /// StreamInvalidParam); a target before 0 or beyond 2^31 → StreamSeekError. Past the end the stream
    /// grows with zeros — on a writable stream, up to its maximum size (StreamSeekError beyond); a
    /// read-only stream only moves its pointer.
    static func seekStream(_ request: RopSeekStreamRequest, _ context: inout ROPContext) throws -> RopSeekStreamResponse {
        let stream = try context.object(at: request.inputHandleIndex, as: StreamObject.self, wrongType: .notSupported)
        let base: Int
        switch request.origin {
        case 0: base = 0
        case 1: base = stream.position
        case 2: base = stream.data.count
        default: throw ROPError(.streamInvalidParameter)
        }
        let (target, overflow) = Int64(base).addingReportingOverflow(request.offset)
        guard !overflow, target >= 0, target <= Int64(maximumPosition) else { throw ROPError(.streamSeekError) }
        let newPosition = Int(target)
        if newPosition > stream.data.count, stream.isWritable {
            guard newPosition <= stream.maximumSize else { throw ROPError(.streamSeekError) }
            stream.seek(to: newPosition)
        } else {
            stream.position = newPosition
        }
        return RopSeekStreamResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(newPosition: UInt64(newPosition))))
    }

    /// RopCopyToStream (MS-OXCPRPT 3.2.5.21): copies ByteCount bytes from the source stream's seek
    /// pointer to the destination stream's. Destination slot unusable → ecDstNullObject with
    /// DestHandleIndex; read-only destination → StreamAccessDenied.
    static func copyToStream(_ request: RopCopyToStreamRequest, _ context: inout ROPContext) throws -> RopCopyToStreamResponse {
        let source = try context.object(at: request.sourceHandleIndex, as: StreamObject.self, wrongType: .notSupported)
        let destination: StreamObject
        do {
            destination = try context.object(at: request.destHandleIndex, as: StreamObject.self, wrongType: .nullDestinationObject)
        } catch {
            return RopCopyToStreamResponse(
                sourceHandleIndex: request.sourceHandleIndex, returnValue: .nullDestinationObject,
                destHandleIndex: UInt32(request.destHandleIndex), readByteCount: 0, writtenByteCount: 0)
        }
        guard destination.isWritable else { throw ROPError(.streamAccessDenied) }
        let count = Int(min(request.byteCount, UInt64(stream(maximum: source))))
        let bytes = source.read(count)
        let written = destination.write(bytes)
        return RopCopyToStreamResponse(
            sourceHandleIndex: request.sourceHandleIndex, returnValue: written < bytes.count ? .streamSizeError : .success,
            readByteCount: UInt64(bytes.count), writtenByteCount: UInt64(written))
    }

    private static func stream(maximum stream: StreamObject) -> Int { max(0, stream.data.count - stream.position) }
}
