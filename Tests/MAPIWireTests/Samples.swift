@testable import MAPIWire

/// Inputs shaped like real traffic, for round-trip and property tests.
enum Samples {
    /// Random bytes: incompressible.
    static func random(_ count: Int, seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        return generator.bytes(count)
    }

    /// Runs and short periods, plus rare noise.
    static func repetitive(_ count: Int, seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: bytes += [UInt8](repeating: UInt8.random(in: 0...255, using: &generator), count: Int.random(in: 1...400, using: &generator))
            case 1:
                let period = generator.bytes(Int.random(in: 2...12, using: &generator))
                for _ in 0..<Int.random(in: 1...50, using: &generator) { bytes += period }
            case 2 where !bytes.isEmpty:
                // Copy an earlier stretch, sometimes beyond the 8 KB window.
                let start = Int.random(in: 0..<bytes.count, using: &generator)
                let length = Int.random(in: 1...min(2000, bytes.count - start), using: &generator)
                bytes += bytes[start..<start + length]
            default: bytes += generator.bytes(Int.random(in: 1...20, using: &generator))
            }
        }
        return Array(bytes.prefix(count))
    }

    /// A RopsList of RopNotify responses with varying handles and IDs, like a notification-heavy
    /// response (MS-OXCNOTIF 2.2.1.4.1).
    static func ropNotifyList(_ count: Int, seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 200)
        while bytes.count < count {
            let folder = ObjectID(replicaID: 1, globalCounter: UInt64.random(in: 1...0x40, using: &generator))
            let message = ObjectID(replicaID: 1, globalCounter: UInt64.random(in: 0x1000...0x1400, using: &generator))
            let data: NotificationData
            switch Int.random(in: 0..<5, using: &generator) {
            case 0: data = .newMail(folderID: folder, messageID: message, messageFlags: 0, messageClass: "IPM.Note", unicode: generator.next() & 1 == 0)
            case 1: data = .messageEvent(.objectCreated, folderID: folder, messageID: message, parentFolderID: folder)
            case 2: data = .folderEvent(.objectModified, folderID: folder, tags: [PropertyTag(rawValue: 0x3602_0003)], totalMessageCount: 12, unreadMessageCount: 3)
            case 3: data = .tableRowDeleted(contents: true, folderID: folder, messageID: message)
            default: data = .tableEvent(.tableChanged, contents: false)
            }
            RopNotify(notificationHandle: UInt32.random(in: 1...8, using: &generator), logonID: 0, notificationData: data).encode(into: &bytes)
        }
        return Array(bytes.prefix(count))
    }
}
