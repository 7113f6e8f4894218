import MAPIWire

/// Valid inputs to start from: ROP input buffers in every RPC_HEADER_EXT form, and compressed
/// streams (size-prefixed, as the fuzz target reads them).
enum SeedCorpus {
    static func seeds() -> [[UInt8]] {
        var seeds: [[UInt8]] = []

        // protocol-reference §9.4: empty poll with a one-entry handle table.
        seeds.append([0x00, 0x00, 0x04, 0x00, 0x06, 0x00, 0x06, 0x00, 0x02, 0x00, 0x44, 0x33, 0x22, 0x11])

        // A RopsList with RopRegisterNotification and RopRelease requests, in every flag combination.
        var ropsList: [UInt8] = []
        RopRequest.registerNotification(RopRegisterNotificationRequest(
            logonID: 0, inputHandleIndex: 0, outputHandleIndex: 1,
            notificationTypes: [.newMail, .objectCreated, .objectModified],
            scope: .object(folderID: ObjectID(replicaID: 1, globalCounter: 0x1234), messageID: ObjectID(replicaID: 1, globalCounter: 0x5678))
        )).encode(into: &ropsList)
        RopRequest.release(RopReleaseRequest(logonID: 0, inputHandleIndex: 1)).encode(into: &ropsList)
        var ropBuffer: [UInt8] = []
        RopBuffer(ropsList: ropsList + ropsList + ropsList, handleTable: [0x11223344, RopBuffer.unusedHandle]).encode(into: &ropBuffer)
        for compress in [false, true] {
            for obfuscate in [false, true] {
                var rgbIn: [UInt8] = []
                ExtendedBuffer.encode(payload: ropBuffer, compress: compress, obfuscate: obfuscate, last: true, into: &rgbIn)
                seeds.append(rgbIn)
            }
        }
        // A packed chain of three payloads.
        var chain: [UInt8] = []
        for index in 0..<3 {
            ExtendedBuffer.encode(payload: ropBuffer, compress: index != 1, obfuscate: index == 2, last: index == 2, into: &chain)
        }
        seeds.append(chain)

        // Response lists: protocol-reference §9.4 RopNotify TableChanged + RopPending, and one of every
        // NotificationData layout.
        seeds.append([0x2A, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x6E, 0x03, 0x00])
        let folder = ObjectID(replicaID: 1, globalCounter: 0x12)
        let message = ObjectID(replicaID: 1, globalCounter: 0x1_2345)
        let events: [NotificationData] = [
            .newMail(folderID: folder, messageID: message, messageFlags: 1, messageClass: "IPM.Note", unicode: false),
            .newMail(folderID: folder, messageID: message, messageFlags: 1, messageClass: "IPM.Note", unicode: true),
            .messageEvent(.objectCreated, folderID: folder, messageID: message, inSearchFolder: true, parentFolderID: folder),
            .folderEvent(.objectModified, folderID: folder, tags: [PropertyTag(rawValue: 0x3602_0003)], totalMessageCount: 3, unreadMessageCount: 1),
            .messageMovedOrCopied(.objectMoved, folderID: folder, messageID: message, oldFolderID: folder, oldMessageID: message),
            .folderMovedOrCopied(.objectCopied, folderID: folder, parentFolderID: folder, oldFolderID: folder, oldParentFolderID: folder),
            .searchCompleted(folderID: folder),
            .tableRow(.tableRowAdded, contents: true, folderID: folder, messageID: message, insertAfterFolderID: folder, rowData: [0, 1, 2, 3]),
            .tableRowDeleted(contents: false, folderID: folder),
        ]
        var responses: [UInt8] = []
        for event in events {
            RopNotify(notificationHandle: 0x101, logonID: 0, notificationData: event).encode(into: &responses)
        }
        RopPending(sessionIndex: 1).encode(into: &responses)
        seeds.append(responses)

        // protocol-reference §9.5 streams, prefixed by their uncompressed size.
        let streams: [(Int, [UInt8])] = [
            (9, [0xFF, 0xFF, 0xFF, 0x11, 0x41, 0x42, 0x43, 0x10, 0x00, 0x44, 0x45, 0x46]),
            (30, [0xFF, 0xFF, 0x3F, 0x00] + Array("abcdefghij".utf8) + [0x4F, 0x00, 0x0A]),
            (25, [0xFF, 0xFF, 0xFF, 0x7F, 0x78, 0x07, 0x00, 0x0E]),
            (26, [0xFF, 0xFF, 0xFF, 0x7F, 0x78, 0x07, 0x00, 0x0F, 0x00]),
            (281, [0xFF, 0xFF, 0xFF, 0x7F, 0x78, 0x07, 0x00, 0x0F, 0xFF, 0x15, 0x01]),
        ]
        for (size, stream) in streams {
            seeds.append([UInt8(size & 0xFF), UInt8(size >> 8)] + stream)
        }
        // A larger compressible stream with both nibble halves used.
        let text = Array(String(repeating: "Subject: Herald notification test; ", count: 40).utf8)
        seeds.append([UInt8(text.count & 0xFF), UInt8(text.count >> 8)] + LZ77.compress(text))
        return seeds
    }
}
