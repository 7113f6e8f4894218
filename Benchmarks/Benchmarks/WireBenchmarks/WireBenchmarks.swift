// Wire codec benchmarks (BENCHMARKS.md has the command, results and targets).
//
// Every codec benchmark has a memcpy baseline moving the same number of bytes, so results read as
// "× memcpy" and survive a change of machine.
import Benchmark
import MAPIWire

let benchmarks: @Sendable () -> Void = {
    let microMetrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .throughput, .mallocCountTotal]
    Benchmark.defaultConfiguration = .init(metrics: microMetrics, timeUnits: .nanoseconds, maxDuration: .seconds(1), maxIterations: 1_000_000)

    // MARK: (a) RopNotify encode + append, per event type, vs memcpy of its bytes

    // 1000 notifications per measured iteration; results are per notification.
    let perNotify = Benchmark.Configuration(metrics: microMetrics, timeUnits: .nanoseconds, scalingFactor: .kilo)
    for sample in WireSamples.notifications {
        let notify = sample.notify
        Benchmark("RopNotify encode: \(sample.name)", configuration: perNotify) { benchmark in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(512)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                buffer.removeAll(keepingCapacity: true)
                RopNotify.encodeHeader(notificationHandle: notify.notificationHandle, logonID: notify.logonID, into: &buffer)
                notify.notificationData.encode(into: &buffer)
            }
            blackHole(buffer)
        }
        var encoded: [UInt8] = []
        notify.encode(into: &encoded)
        let bytes = encoded
        Benchmark("memcpy baseline: \(sample.name) (\(bytes.count) B)", configuration: perNotify) { benchmark in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(512)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                buffer.removeAll(keepingCapacity: true)
                buffer.append(contentsOf: bytes)
            }
            blackHole(buffer)
        }
    }

    // MARK: (b) Decoding a 32 KiB RopsList of RopNotify responses vs memcpy of 32 KiB

    let ropsList = WireSamples.notifyRopsList(byteCount: 32 * 1024)
    Benchmark("RopResponseReader decode: 32 KiB of RopNotify (\(WireSamples.notifyCount(ropsList)) ROPs)") { benchmark in
        var reader = RopResponseReader(ropsList: ropsList)
        var count = 0
        while let element = try? reader.next() {
            count += 1
            blackHole(element)
        }
        precondition(count > 0)
    }
    // The same buffer through the non-materializing reader: every byte validated, nothing copied out.
    Benchmark("RopResponseViewReader validate: 32 KiB of RopNotify (\(WireSamples.notifyCount(ropsList)) ROPs)") { benchmark in
        let count = RopResponseViewReader.withReader(ropsList: ropsList) { reader in
            var count = 0
            while let element = try? reader.next() {
                count += 1
                blackHole(element)
            }
            return count
        }
        precondition(count > 0)
    }
    // The same without a blackHole per element (one opaque call each): the bytes covered are summed
    // instead. `next()` is not inlinable, so the validation itself cannot be optimized away.
    Benchmark("RopResponseViewReader validate, no per-element blackHole: 32 KiB of RopNotify") { benchmark in
        let covered = RopResponseViewReader.withReader(ropsList: ropsList) { reader in
            var covered = 0
            while let element = try? reader.next() { covered &+= element.range.count }
            return covered
        }
        precondition(covered > 0)
        blackHole(covered)
    }
    // ... and reading every field of every view (tags, row data and MessageClass as raw bytes).
    Benchmark("RopResponseViewReader validate + read every field: 32 KiB of RopNotify") { benchmark in
        let checksum = RopResponseViewReader.withReader(ropsList: ropsList) { reader in
            var checksum: UInt64 = 0
            while let element = try? reader.next() {
                guard let notify = element.notify else { continue }
                checksum &+= WireSamples.foldEveryField(notify)
            }
            return checksum
        }
        blackHole(checksum)
    }
    // The whole list validated in one pass into a reused index (its storage grown before the
    // measurement, so the decode itself allocates nothing). `validate` is not inlinable and fills the
    // index with every ROP's offset, so nothing can be optimized away; its end is checked and the index
    // handed to blackHole.
    Benchmark("RopResponseIndex validate, reused index: 32 KiB of RopNotify (\(WireSamples.notifyCount(ropsList)) ROPs)") { benchmark in
        var index = RopResponseIndex()
        try? index.validate(ropsList)
        benchmark.startMeasurement()
        do { try index.validate(ropsList) } catch { fatalError("\(error)") }
        benchmark.stopMeasurement()
        precondition(index.validatedEnd == ropsList.count && index.count > 0)
        blackHole(index)
    }
    // ... and reading every field of every view made from the index.
    Benchmark("RopResponseIndex validate + read every field: 32 KiB of RopNotify") { benchmark in
        var index = RopResponseIndex()
        try? index.validate(ropsList)
        benchmark.startMeasurement()
        do { try index.validate(ropsList) } catch { fatalError("\(error)") }
        let checksum = index.withElements { elements in
            var checksum: UInt64 = 0
            for element in elements {
                guard let notify = element.notify else { continue }
                checksum &+= WireSamples.foldEveryField(notify)
            }
            return checksum
        }
        benchmark.stopMeasurement()
        blackHole(checksum)
    }
    Benchmark("memcpy baseline: 32 KiB") { benchmark in
        var buffer = [UInt8](repeating: 0, count: ropsList.count)
        benchmark.startMeasurement()
        buffer.withUnsafeMutableBytes { destination in
            ropsList.withUnsafeBytes { source in destination.copyMemory(from: source) }
        }
        blackHole(buffer)
    }

    // MARK: (c) LZ77 compress / decompress of a realistic 32 KiB ROP buffer

    var ropBufferBytes: [UInt8] = []
    RopBuffer(ropsList: WireSamples.notifyRopsList(byteCount: 32 * 1024 - 2 - 3 - 4) + [0x6E, 0x01, 0x00], handleTable: [0x0000_0101])
        .encode(into: &ropBufferBytes)
    let ropBuffer = ropBufferBytes
    let compressed = LZ77.compress(ropBuffer)
    Benchmark("LZ77 compress: 32 KiB ROP buffer (→ \(compressed.count) B)") { _ in
        blackHole(LZ77.compress(ropBuffer))
    }
    var generator = SystemRandomNumberGenerator()
    let randomBytes = (0..<32 * 1024).map { _ in UInt8.random(in: 0...255, using: &generator) }
    Benchmark("LZ77 compress: 32 KiB random bytes (incompressible)") { _ in
        blackHole(LZ77.compress(randomBytes))
    }
    Benchmark("LZ77 decompress: 32 KiB ROP buffer (\(compressed.count) B →)") { _ in
        blackHole(try? LZ77.decompress(compressed, expectedSize: ropBuffer.count))
    }
    Benchmark("ExtendedBuffer encode (compress + XOR) + decodeChain: 32 KiB ROP buffer") { benchmark in
        var buffer: [UInt8] = []
        buffer.reserveCapacity(40 * 1024)
        benchmark.startMeasurement()
        ExtendedBuffer.encode(payload: ropBuffer, compress: true, obfuscate: true, last: true, into: &buffer)
        blackHole(try? ExtendedBuffer.decodeChain(buffer))
    }
}

/// Notifications of every event type, shaped like what a server sends.
enum WireSamples {
    static let folder = ObjectID(replicaID: 1, globalCounter: 0x0000_0000_0012)
    static let parent = ObjectID(replicaID: 1, globalCounter: 0x0000_0000_0009)
    static let message = ObjectID(replicaID: 1, globalCounter: 0x0000_0001_2345)
    static let otherFolder = ObjectID(replicaID: 1, globalCounter: 0x0000_0000_0013)
    static let otherMessage = ObjectID(replicaID: 1, globalCounter: 0x0000_0001_2346)

    /// A PropertyRow of a typical contents-table row: a flag byte (StandardPropertyRow = 0) and a
    /// handful of fixed-size columns.
    static let rowData: [UInt8] = [0x00] + [UInt8](repeating: 0x41, count: 40)

    static var notifications: [(name: String, notify: RopNotify)] {
        let items: [(String, NotificationData)] = [
            ("NewMail", .newMail(folderID: folder, messageID: message, messageFlags: 0, messageClass: "IPM.Note", unicode: false)),
            ("ObjectCreated (message)", .messageEvent(.objectCreated, folderID: folder, messageID: message, parentFolderID: folder)),
            ("ObjectDeleted (message)", .messageEvent(.objectDeleted, folderID: folder, messageID: message, parentFolderID: folder)),
            ("ObjectModified (folder, counts, 2 tags)", .folderEvent(
                .objectModified, folderID: folder, tags: [PropertyTag(rawValue: 0x3602_0003), PropertyTag(rawValue: 0x3603_0003)],
                totalMessageCount: 12, unreadMessageCount: 3)),
            ("ObjectMoved (message)", .messageMovedOrCopied(.objectMoved, folderID: folder, messageID: message, oldFolderID: otherFolder, oldMessageID: otherMessage)),
            ("ObjectCopied (folder)", .folderMovedOrCopied(.objectCopied, folderID: folder, parentFolderID: parent, oldFolderID: otherFolder, oldParentFolderID: parent)),
            ("SearchCompleted", .searchCompleted(folderID: folder)),
            ("TableModified: TableChanged", .tableEvent(.tableChanged, contents: true)),
            ("TableModified: TableRowAdded", .tableRow(
                .tableRowAdded, contents: true, folderID: folder, messageID: message, insertAfterFolderID: folder,
                insertAfterMessageID: otherMessage, rowData: rowData)),
            ("TableModified: TableRowDeleted", .tableRowDeleted(contents: true, folderID: folder, messageID: message)),
            ("TableModified: TableRowModified", .tableRow(
                .tableRowModified, contents: true, folderID: folder, messageID: message, insertAfterFolderID: folder,
                insertAfterMessageID: otherMessage, rowData: rowData)),
        ]
        return items.map { ($0.0, RopNotify(notificationHandle: 0x0000_0102, logonID: 0, notificationData: $0.1)) }
    }

    /// RopNotify responses of every type, round-robin, filling `byteCount` bytes as far as whole
    /// ROPs fit.
    static func notifyRopsList(byteCount: Int) -> [UInt8] {
        let all = notifications.map(\.notify)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(byteCount)
        var index = 0
        while true {
            var next: [UInt8] = []
            var notify = all[index % all.count]
            // Vary what varies in real traffic: handles, folders, message IDs, row contents.
            let noise = UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15
            notify.notificationHandle = UInt32(0x100 + index % 7)
            let folder = ObjectID(replicaID: 1, globalCounter: 0x10 + noise >> 60)
            let message = ObjectID(replicaID: 1, globalCounter: 0x1_0000 + UInt64(index) * 3 + (noise >> 62))
            var data = notify.notificationData
            if data.folderID != .zero { data.folderID = folder }
            if data.messageID != .zero { data.messageID = message }
            if data.tableRowFolderID != .zero { data.tableRowFolderID = folder }
            if data.tableRowMessageID != .zero { data.tableRowMessageID = message }
            if !data.tableRowData.isEmpty {
                withUnsafeBytes(of: noise) { data.tableRowData.replaceSubrange(1..<9, with: $0) }
            }
            notify.notificationData = data
            notify.encode(into: &next)
            guard bytes.count + next.count <= byteCount else { break }
            bytes += next
            index += 1
        }
        return bytes
    }

    /// Every field of a view folded into one number, so that none of the reads can be dropped.
    @inline(__always)
    static func foldEveryField(_ notify: RopNotifyView) -> UInt64 {
        let data = notify.notificationData
        var sum = UInt64(notify.notificationHandle) &+ UInt64(notify.logonID) &+ UInt64(data.flags.rawValue) &+ UInt64(data.tableEventType.rawValue)
        sum = sum &* 31 &+ data.tableRowFolderID.wireValue
        sum = sum &* 31 &+ data.tableRowMessageID.wireValue
        sum = sum &* 31 &+ data.insertAfterTableRowFolderID.wireValue
        sum = sum &* 31 &+ data.insertAfterTableRowID.wireValue
        sum = sum &* 31 &+ data.folderID.wireValue
        sum = sum &* 31 &+ data.messageID.wireValue
        sum = sum &* 31 &+ data.parentFolderID.wireValue
        sum = sum &* 31 &+ data.oldFolderID.wireValue
        sum = sum &* 31 &+ data.oldMessageID.wireValue
        sum = sum &* 31 &+ data.oldParentFolderID.wireValue
        sum &+= UInt64(data.tableRowInstance) &+ UInt64(data.insertAfterTableRowInstance) &+ UInt64(data.tagCount)
        sum &+= UInt64(data.totalMessageCount) &+ UInt64(data.unreadMessageCount) &+ UInt64(data.messageFlags) &+ (data.unicode ? 1 : 0)
        for tag in data.tags { sum &+= UInt64(tag.rawValue) }
        let row = data.tableRowData
        sum &+= UInt64(row.count) &+ UInt64(row.first ?? 0)
        let messageClass = data.messageClassBytes
        sum &+= UInt64(messageClass.count) &+ UInt64(messageClass.last ?? 0)
        return sum
    }

    static func notifyCount(_ ropsList: [UInt8]) -> Int {
        (try? RopResponseReader.decodeAll(ropsList).count) ?? 0
    }
}
