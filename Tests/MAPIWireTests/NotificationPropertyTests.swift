import Testing
@testable import MAPIWire

/// Random valid values for every NotificationData layout (protocol-reference §2.6), notification
/// ROPs and PropertyRows: encode → decode is the identity and the sizes agree. Hostile input (random
/// bytes, mutated golden vectors) either decodes or throws ``WireError``; it never traps.
@Suite("Notification codecs: property tests")
struct NotificationPropertyTests {
    // MARK: Generators

    /// Every NotificationFlags value protocol-reference §2.6 lists (TableModified with its TET).
    static let layouts: [(flags: UInt16, tableEvent: UInt16)] = {
        var result: [(UInt16, UInt16)] = [(0x8002, 0)]
        for type: UInt16 in [0x0004, 0x0008, 0x0020, 0x0040] {
            for high: UInt16 in [0x0000, 0x8000, 0xC000] { result.append((type | high, 0)) }
        }
        for high: UInt16 in [0x0000, 0x1000, 0x2000, 0x3000, 0x8000, 0xC000] { result.append((0x0010 | high, 0)) }
        result.append((0x0080, 0))
        for high: UInt16 in [0x0000, 0x8000, 0xC000] {
            for event: UInt16 in [1, 3, 4, 5, 7] { result.append((0x0100 | high, event)) }
        }
        return result
    }()

    static func objectID(_ generator: inout SplitMix64) -> ObjectID {
        switch generator.next() % 4 {
        case 0: .zero
        case 1: ObjectID(replicaID: 1, globalCounter: generator.next() % 0x1000)
        default: ObjectID(replicaID: UInt16.random(in: 0...UInt16.max, using: &generator), globalCounter: generator.next() & ObjectID.maxGlobalCounter)
        }
    }

    static func messageClass(_ generator: inout SplitMix64, unicode: Bool) -> String {
        let length = Int.random(in: 0...24, using: &generator)
        var scalars = String.UnicodeScalarView()
        for _ in 0..<length {
            let scalar: Unicode.Scalar
            if !unicode {
                scalar = Unicode.Scalar(UInt8.random(in: 1...255, using: &generator))
            } else {
                switch generator.next() % 4 {
                case 0: scalar = Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &generator))
                case 1: scalar = Unicode.Scalar(UInt32.random(in: 0x1_0000...0x10_FFFF, using: &generator)) ?? "x"
                default: scalar = Unicode.Scalar(UInt32.random(in: 1...0xD7FF, using: &generator)) ?? "x"
                }
            }
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// A NotificationData for `layout` with random values in exactly the fields the layout puts on
    /// the wire (every other field keeps its zero default, as decoding leaves it).
    static func notificationData(_ layout: (flags: UInt16, tableEvent: UInt16), _ generator: inout SplitMix64) -> NotificationData {
        var data = NotificationData(flags: NotificationFlags(rawValue: layout.flags))
        data.tableEventType = TableEventType(rawValue: layout.tableEvent)
        let present = data.layout
        if present.tableRowFolderID { data.tableRowFolderID = objectID(&generator) }
        if present.tableRowMessageIDAndInstance {
            data.tableRowMessageID = objectID(&generator)
            data.tableRowInstance = UInt32.random(in: 0...UInt32.max, using: &generator)
        }
        if present.insertAfterFolderID { data.insertAfterTableRowFolderID = objectID(&generator) }
        if present.insertAfterRowIDAndInstance {
            data.insertAfterTableRowID = objectID(&generator)
            data.insertAfterTableRowInstance = UInt32.random(in: 0...UInt32.max, using: &generator)
        }
        if present.tableRowData {
            let (columns, row) = propertyRow(&generator)
            row.encode(columns: columns, into: &data.tableRowData)
        }
        if present.folderID { data.folderID = objectID(&generator) }
        if present.messageID { data.messageID = objectID(&generator) }
        if present.parentFolderID { data.parentFolderID = objectID(&generator) }
        if present.oldFolderID { data.oldFolderID = objectID(&generator) }
        if present.oldMessageID { data.oldMessageID = objectID(&generator) }
        if present.oldParentFolderID { data.oldParentFolderID = objectID(&generator) }
        if present.tagCount {
            switch generator.next() % 3 {
            case 0: data.tagCount = 0
            case 1: data.tagCount = 0xFFFF
            default:
                data.tags = (0..<Int.random(in: 1...40, using: &generator)).map { _ in PropertyTag(UInt32.random(in: 0...UInt32.max, using: &generator)) }
                data.tagCount = UInt16(data.tags.count)
            }
        }
        if present.totalMessageCount { data.totalMessageCount = UInt32.random(in: 0...UInt32.max, using: &generator) }
        if present.unreadMessageCount { data.unreadMessageCount = UInt32.random(in: 0...UInt32.max, using: &generator) }
        if present.newMailFields {
            data.messageFlags = UInt32.random(in: 0...UInt32.max, using: &generator)
            data.unicode = generator.next() & 1 == 0
            data.messageClass = messageClass(&generator, unicode: data.unicode)
        }
        return data
    }

    static let valueTypes: [PropertyType] = [
        .null, .integer16, .integer32, .floating32, .floating64, .currency, .floatingTime, .errorCode, .boolean,
        .integer64, .string8, .string, .time, .guid, .serverID, .binary, .multipleInteger16, .multipleInteger32,
        .multipleFloating32, .multipleFloating64, .multipleCurrency, .multipleFloatingTime, .multipleInteger64,
        .multipleString8, .multipleString, .multipleTime, .multipleGuid, .multipleBinary,
    ]

    static func bytes(_ generator: inout SplitMix64, nonZero: Bool = false, maximum: Int = 12) -> [UInt8] {
        (0..<Int.random(in: 0...maximum, using: &generator)).map { _ in UInt8.random(in: (nonZero ? 1 : 0)...255, using: &generator) }
    }

    static func value(_ type: PropertyType, _ generator: inout SplitMix64) -> PropertyValue {
        func count() -> Int { Int.random(in: 0...4, using: &generator) }
        func double() -> Double { Double.random(in: -1e12...1e12, using: &generator) }
        func guid() -> GUID { GUID(bytes: generator.bytes(16))! }
        switch type {
        case .null: return .null
        case .integer16: return .integer16(Int16.random(in: .min ... .max, using: &generator))
        case .integer32: return .integer32(Int32.random(in: .min ... .max, using: &generator))
        case .floating32: return .floating32(Float(double()))
        case .floating64: return .floating64(double())
        case .currency: return .currency(Int64.random(in: .min ... .max, using: &generator))
        case .floatingTime: return .floatingTime(double())
        case .errorCode: return .errorCode(ErrorCode(UInt32.random(in: 0...UInt32.max, using: &generator)))
        case .boolean: return .boolean(generator.next() & 1 == 0)
        case .integer64: return .integer64(Int64.random(in: .min ... .max, using: &generator))
        case .string8: return .string8(bytes(&generator, nonZero: true))
        case .string: return .string(messageClass(&generator, unicode: true))
        case .time: return .time(generator.next())
        case .guid: return .guid(guid())
        case .serverID: return .serverID(bytes(&generator))
        case .binary: return .binary(bytes(&generator))
        case .multipleInteger16: return .multipleInteger16((0..<count()).map { _ in Int16.random(in: .min ... .max, using: &generator) })
        case .multipleInteger32: return .multipleInteger32((0..<count()).map { _ in Int32.random(in: .min ... .max, using: &generator) })
        case .multipleFloating32: return .multipleFloating32((0..<count()).map { _ in Float(double()) })
        case .multipleFloating64: return .multipleFloating64((0..<count()).map { _ in double() })
        case .multipleCurrency: return .multipleCurrency((0..<count()).map { _ in Int64.random(in: .min ... .max, using: &generator) })
        case .multipleFloatingTime: return .multipleFloatingTime((0..<count()).map { _ in double() })
        case .multipleInteger64: return .multipleInteger64((0..<count()).map { _ in Int64.random(in: .min ... .max, using: &generator) })
        case .multipleString8: return .multipleString8((0..<count()).map { _ in bytes(&generator, nonZero: true) })
        case .multipleString: return .multipleString((0..<count()).map { _ in messageClass(&generator, unicode: true) })
        case .multipleTime: return .multipleTime((0..<count()).map { _ in generator.next() })
        case .multipleGuid: return .multipleGuid((0..<count()).map { _ in guid() })
        default: return .multipleBinary((0..<count()).map { _ in bytes(&generator) })
        }
    }

    /// Random columns (some PtypUnspecified) and a row for them: standard or flagged.
    static func propertyRow(_ generator: inout SplitMix64) -> ([PropertyTag], PropertyRow) {
        let flagged = generator.next() % 3 == 0
        var columns: [PropertyTag] = []
        var cells: [PropertyCell] = []
        for _ in 0..<Int.random(in: 0...8, using: &generator) {
            let valueType = valueTypes.randomElement(using: &generator)!
            let unspecified = generator.next() % 5 == 0
            let id = UInt16.random(in: 1...0xFFFE, using: &generator)
            columns.append(PropertyTag(id: id, type: unspecified ? .unspecified : valueType))
            let kind = flagged ? generator.next() % 3 : 0
            switch kind {
            case 1: cells.append(.absent)
            case 2: cells.append(.error(ErrorCode(UInt32.random(in: 0...UInt32.max, using: &generator))))
            default: cells.append(.value(value(valueType, &generator)))
            }
        }
        // A flagged row needs a non-value cell to stay flagged after a round trip.
        if flagged, !cells.isEmpty, !PropertyRow(cells: cells).isFlagged { cells[0] = .absent }
        return (columns, PropertyRow(cells: cells))
    }

    // MARK: Round trips

    @Test("every event layout: encode → decode is the identity; encodedSize == encoded.count")
    func notificationDataRoundTrip() throws {
        var generator = SplitMix64(seed: 0x4E4F_5449_4659)
        for layout in Self.layouts {
            for _ in 0..<150 {
                let data = Self.notificationData(layout, &generator)
                var encoded: [UInt8] = []
                data.encode(into: &encoded)
                #expect(data.encodedSize == encoded.count)
                var reader = ByteReader(encoded)
                let decoded = try NotificationData.decode(from: &reader)
                #expect(reader.isAtEnd)
                #expect(decoded == data, "flags 0x\(String(layout.flags, radix: 16)) TET \(layout.tableEvent)")

                let notify = RopNotify(notificationHandle: UInt32.random(in: 0...UInt32.max, using: &generator), logonID: UInt8.random(in: 0...255, using: &generator), notificationData: data)
                var ropsList: [UInt8] = []
                notify.encode(into: &ropsList)
                #expect(notify.encodedSize == ropsList.count)
                #expect(try RopResponseReader.decodeAll(ropsList).map(\.response) == [.notify(notify)])
            }
        }
    }

    @Test("RopRegisterNotification request and response round trips")
    func registerNotificationRoundTrip() throws {
        var generator = SplitMix64(seed: 0x29)
        for _ in 0..<3000 {
            let types = NotificationTypes(rawValue: UInt16.random(in: 0...UInt16.max, using: &generator))
            let wholeStore = generator.next() % 2 == 0
            var request = RopRegisterNotificationRequest(
                logonID: UInt8.random(in: 0...255, using: &generator), inputHandleIndex: UInt8.random(in: 0...255, using: &generator),
                outputHandleIndex: UInt8.random(in: 0...255, using: &generator), notificationTypes: types,
                scope: wholeStore ? .wholeStore : .object(folderID: Self.objectID(&generator), messageID: Self.objectID(&generator)),
                reserved: types.contains(.extended) ? UInt8.random(in: 0...255, using: &generator) : 0)
            // Any non-zero WantWholeStore means TRUE and must survive the round trip as sent.
            if wholeStore { request.wantWholeStore = UInt8.random(in: 1...255, using: &generator) }
            var encoded: [UInt8] = []
            request.encode(into: &encoded)
            let expectedSize = 7 + (types.contains(.extended) ? 1 : 0) + (wholeStore ? 0 : 16)
            #expect(encoded.count == expectedSize)
            let decoded = try RopRequestReader.decodeAll(encoded)
            #expect(decoded.map(\.request) == [.registerNotification(request)])
            #expect(request.scope == (wholeStore ? .wholeStore : .object(folderID: request.folderID, messageID: request.messageID)))

            let response = RopRegisterNotificationResponse(
                outputHandleIndex: UInt8.random(in: 0...255, using: &generator), returnValue: ErrorCode(UInt32.random(in: 0...UInt32.max, using: &generator)))
            var responseBytes: [UInt8] = []
            response.encode(into: &responseBytes)
            #expect(responseBytes.count == 6)
            #expect(try RopResponseReader.decodeAll(responseBytes).map(\.response) == [.registerNotification(response)])
        }
    }

    @Test("PropertyRow round trips (standard, flagged, PtypUnspecified columns)")
    func propertyRowRoundTrip() throws {
        var generator = SplitMix64(seed: 0x2_8001)
        for _ in 0..<3000 {
            let (columns, row) = Self.propertyRow(&generator)
            var encoded: [UInt8] = []
            row.encode(columns: columns, into: &encoded)
            var reader = ByteReader(encoded)
            let decoded = try PropertyRow.decode(columns: columns, from: &reader)
            #expect(reader.isAtEnd)
            #expect(decoded == row)
            for case let .value(value) in row.cells {
                var valueBytes: [UInt8] = []
                value.encode(into: &valueBytes)
                #expect(value.encodedSize == valueBytes.count)
            }
        }
    }

    @Test("RopPending, RopBufferTooSmall, RopBackoff and RopRelease round trips")
    func otherRopRoundTrips() throws {
        var generator = SplitMix64(seed: 0x6E)
        for _ in 0..<2000 {
            var ropsList: [UInt8] = []
            var expected: [RopResponse] = []
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                let response: RopResponse
                if generator.next() % 2 == 0 {
                    response = .pending(RopPending(sessionIndex: UInt16.random(in: 0...UInt16.max, using: &generator)))
                } else {
                    response = .backoff(RopBackoff(
                        logonID: UInt8.random(in: 0...255, using: &generator), duration: UInt32.random(in: 0...UInt32.max, using: &generator),
                        backoffRops: (0..<Int.random(in: 0...5, using: &generator)).map { _ in
                            .init(ropID: RopID(UInt8.random(in: 0...255, using: &generator)), duration: UInt32.random(in: 0...UInt32.max, using: &generator))
                        },
                        additionalData: Self.bytes(&generator, maximum: 40)))
                }
                response.encode(into: &ropsList)
                expected.append(response)
            }
            // RopBufferTooSmall is always last: its RequestBuffers run to the end of the RopsList.
            if generator.next() % 2 == 0 {
                var requests: [UInt8] = []
                RopRequest.release(RopReleaseRequest(logonID: UInt8.random(in: 0...255, using: &generator), inputHandleIndex: UInt8.random(in: 0...255, using: &generator))).encode(into: &requests)
                let tooSmall = RopBufferTooSmall(sizeNeeded: UInt16.random(in: 0...UInt16.max, using: &generator), requestBuffers: requests)
                #expect(tooSmall.encodedSize == 3 + requests.count)
                tooSmall.encode(into: &ropsList)
                expected.append(.bufferTooSmall(tooSmall))
                #expect(try RopRequestReader.decodeAll(requests).count == 1)
            }
            #expect(try RopResponseReader.decodeAll(ropsList).map(\.response) == expected)
        }
    }

    // MARK: Hostile input

    /// Decodes `bytes` with every notification-related decoder. Each either returns or throws
    /// WireError (the signatures are typed), and a value that decodes re-encodes to a value that
    /// decodes to itself.
    static func decodeEverything(_ bytes: [UInt8], columns: [PropertyTag]) {
        if let elements = try? RopResponseReader.decodeAll(bytes) {
            var encoded: [UInt8] = []
            for element in elements { element.response.encode(into: &encoded) }
            let again = try? RopResponseReader.decodeAll(encoded)
            #expect(again?.map(\.response) == elements.map(\.response), "response re-encode of \(hexString(bytes))")
        }
        if let elements = try? RopRequestReader.decodeAll(bytes) {
            var encoded: [UInt8] = []
            for element in elements { element.request.encode(into: &encoded) }
            // Requests re-encode canonically (a BOOL byte other than 0x01 is TRUE and goes out as
            // 0x01), so compare decoded values, and bytes once canonical.
            let again = try? RopRequestReader.decodeAll(encoded)
            #expect(again?.map(\.request) == elements.map(\.request), "request re-encode of \(hexString(bytes))")
            var reencoded: [UInt8] = []
            for element in again ?? [] { element.request.encode(into: &reencoded) }
            #expect(reencoded == encoded, "request canonical re-encode of \(hexString(bytes))")
        }
        var reader = ByteReader(bytes)
        if let data = try? NotificationData.decode(from: &reader) {
            var encoded: [UInt8] = []
            data.encode(into: &encoded)
            #expect(data.encodedSize == encoded.count)
            var again = ByteReader(encoded)
            #expect((try? NotificationData.decode(from: &again)) == data, "NotificationData re-encode of \(hexString(bytes))")
        }
        var rowReader = ByteReader(bytes)
        _ = try? PropertyRow.decode(columns: columns, from: &rowReader)
        _ = try? RopBuffer.decode(bytes)
        _ = try? ExtendedBuffer.decodeChain(bytes)
        _ = try? ROPInput.decode(rgbIn: bytes)
    }

    @Test("random bytes never crash a decoder")
    func randomBytes() {
        var generator = SplitMix64(seed: 0xBAD_B17E5)
        let columns: [PropertyTag] = [PropertyTag(0x0E1B_0000), PropertyTag(0x3001_001F), PropertyTag(0x8001_1102), PropertyTag(0x0FFF_0102)]
        for _ in 0..<4000 {
            var bytes = generator.bytes(Int.random(in: 0...64, using: &generator))
            // Start on a RopId or notification type often enough to get past the first byte.
            if !bytes.isEmpty, generator.next() % 2 == 0 {
                bytes[0] = [0x01, 0x29, 0x2A, 0x6E, 0xF9, 0xFF].randomElement(using: &generator)!
            }
            Self.decodeEverything(bytes, columns: columns)
        }
    }

    @Test("mutated golden vectors (every bit flip, every truncation, extensions) never crash a decoder", arguments: GoldenVector.all)
    func mutatedGoldenVectors(_ vector: GoldenVector) {
        let bytes = vector.bytes
        let columns = vector.columnTags
        var generator = SplitMix64(seed: UInt64(bytes.count) &* 0x9E37_79B9 &+ UInt64(vector.name.utf8.count))
        for index in bytes.indices {
            for bit in 0..<8 {
                var flipped = bytes
                flipped[index] ^= 1 << bit
                Self.decodeEverything(flipped, columns: columns)
            }
        }
        for length in 0..<bytes.count { Self.decodeEverything(Array(bytes[0..<length]), columns: columns) }
        for _ in 0..<16 { Self.decodeEverything(bytes + generator.bytes(Int.random(in: 1...12, using: &generator)), columns: columns) }
    }
}
