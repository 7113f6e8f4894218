import Testing
@testable import MAPIWire

/// Every vector in `Tests/Fixtures/golden-vectors.json` (hand-written from the field tables of
/// MS-OXCNOTIF 2.2.1.4.1.2, MS-OXCROPS 2.2.14–2.2.15, MS-OXCRPC 2.2.2.1 and MS-OXCDATA 2.8, see each
/// entry's `spec`): decoding gives exactly the expected fields, and encoding the decoded value gives
/// exactly the same bytes.
@Suite("Golden vectors (Tests/Fixtures/golden-vectors.json)")
struct GoldenVectorTests {
    /// MS-OXCMAPIHTTP bodies: MAPIWire has no codec for them; they are checked by hand-slicing and
    /// their embedded ROP buffer goes through the extended-buffer path.
    static let mapiHTTPKinds: Set<String> = [
        "mapihttp-executeRequestBody", "mapihttp-notificationWaitRequestBody", "mapihttp-notificationWaitResponseBody",
    ]
    static let knownKinds: Set<String> = Set([
        "ropsList-response", "ropsList-request", "notificationData", "extendedBuffer-request", "extendedBuffer-response",
        "propertyRow",
    ]).union(mapiHTTPKinds)

    @Test("the fixture file loads and uses only known kinds")
    func fixtureLoads() {
        #expect(GoldenVector.all.count >= 60)
        for vector in GoldenVector.all {
            #expect(Self.knownKinds.contains(vector.kind), "\(vector.name): unknown kind \(vector.kind)")
            #expect(!vector.spec.isEmpty)
        }
        #expect(Set(GoldenVector.all.map(\.name)).count == GoldenVector.all.count, "vector names are unique")
    }

    @Test("decode gives the expected fields; encode(decoded) gives the same bytes", arguments: GoldenVector.all)
    func vector(_ vector: GoldenVector) throws {
        let bytes = vector.bytes
        switch vector.kind {
        case "ropsList-response":
            let elements = try RopResponseReader.decodeAll(bytes)
            #expect(JSON.object(["RopsList": .array(elements.map { Fields.response($0.response) })]) == vector.expect)
            var encoded: [UInt8] = []
            for element in elements {
                element.response.encode(into: &encoded)
                if case let .notify(notify) = element.response {
                    #expect(notify.encodedSize == element.range.count)
                    #expect(notify.notificationData.encodedSize == element.range.count - RopNotify.headerSize)
                }
            }
            #expect(encoded == bytes)
        case "ropsList-request":
            let elements = try RopRequestReader.decodeAll(bytes)
            #expect(JSON.object(["RopsList": .array(elements.map { Fields.request($0.request) })]) == vector.expect)
            var encoded: [UInt8] = []
            for element in elements { element.request.encode(into: &encoded) }
            #expect(encoded == bytes)
        case "notificationData":
            var reader = ByteReader(bytes)
            let data = try NotificationData.decode(from: &reader)
            #expect(reader.isAtEnd)
            #expect(Fields.notificationData(data) == vector.expect)
            var encoded: [UInt8] = []
            data.encode(into: &encoded)
            #expect(encoded == bytes)
            #expect(data.encodedSize == bytes.count)
        case "extendedBuffer-request", "extendedBuffer-response":
            try checkExtendedBuffer(vector, request: vector.kind == "extendedBuffer-request")
        case "propertyRow":
            var reader = ByteReader(bytes)
            let row = try PropertyRow.decode(columns: vector.columnTags, from: &reader)
            #expect(reader.isAtEnd)
            #expect(Fields.propertyRow(row, columns: vector.columnTags, wire: bytes) == vector.expect)
            var encoded: [UInt8] = []
            row.encode(columns: vector.columnTags, into: &encoded)
            #expect(encoded == bytes)
        case "mapihttp-executeRequestBody":
            // MS-OXCMAPIHTTP 2.2.4.2.1: Flags, RopBufferSize, RopBuffer, MaxRopOut, AuxiliaryBufferSize, AuxiliaryBuffer.
            var reader = ByteReader(bytes)
            #expect(Fields.hex32(try reader.readUInt32("Flags")) == vector.expect["Flags"])
            let size = try reader.readUInt32("RopBufferSize")
            #expect(JSON.int(Int64(size)) == vector.expect["RopBufferSize"])
            let ropBuffer = try reader.readBytes(Int(size), "RopBuffer")
            #expect(Fields.bytes(ropBuffer) == vector.expect["RopBuffer"])
            #expect(JSON.int(Int64(try reader.readUInt32("MaxRopOut"))) == vector.expect["MaxRopOut"])
            #expect(JSON.int(Int64(try reader.readUInt32("AuxiliaryBufferSize"))) == vector.expect["AuxiliaryBufferSize"])
            #expect(reader.isAtEnd)
            let segments = try ROPInput.decode(rgbIn: ropBuffer)
            #expect(segments.count == 1)
            #expect(segments.first?.requests.isEmpty == true)
        case "mapihttp-notificationWaitRequestBody", "mapihttp-notificationWaitResponseBody":
            // MS-OXCMAPIHTTP 2.2.4.4: u32 fields in the order the fixture lists them (no codec yet).
            var reader = ByteReader(bytes)
            let names = vector.kind.hasSuffix("RequestBody")
                ? ["Flags", "AuxiliaryBufferSize"] : ["StatusCode", "ErrorCode", "Flags", "AuxiliaryBufferSize"]
            for name in names {
                let value = try reader.readUInt32(name)
                let expected = name == "AuxiliaryBufferSize" ? JSON.int(Int64(value)) : Fields.hex32(value)
                #expect(vector.expect[name] == expected, "\(name)")
            }
            #expect(reader.isAtEnd)
        default:
            Issue.record("no check for kind \(vector.kind)")
        }
        if let expectedRow = vector.propertyRow {
            try checkTableRowData(vector, expectedRow: expectedRow)
        }
    }

    func checkExtendedBuffer(_ vector: GoldenVector, request: Bool) throws {
        let bytes = vector.bytes
        let payloads = try ExtendedBuffer.decodeChain(bytes)
        var buffers: [JSON] = []
        var reencoded: [UInt8] = []
        for (index, payload) in payloads.enumerated() {
            let ropBuffer = try RopBuffer.decode(payload.bytes)
            let rops: [JSON] = request
                ? try RopRequestReader.decodeAll(ropBuffer.ropsList).map { Fields.request($0.request) }
                : try RopResponseReader.decodeAll(ropBuffer.ropsList).map { Fields.response($0.response) }
            buffers.append(.object([
                "RPC_HEADER_EXT": Fields.header(payload.header),
                "Payload": Fields.bytes(payload.bytes),
                "RopSize": .int(Int64(2 + ropBuffer.ropsList.count)),
                "RopsList": .array(rops),
                "ServerObjectHandleTable": .array(ropBuffer.handleTable.map(Fields.hex32)),
            ]))
            var payloadBytes: [UInt8] = []
            ropBuffer.encode(into: &payloadBytes)
            #expect(payloadBytes == payload.bytes)
            #expect(ropBuffer.encodedSize == payload.bytes.count)
            let flags = payload.header.flags
            let end = index + 1 < payloads.count ? payloads[index + 1].headerOffset : bytes.count
            if flags.contains(.compressed) {
                // LZ77 allows many encodings of one input; the hand-written one need not be Herald's.
                var segment: [UInt8] = []
                ExtendedBuffer.encode(payload: payloadBytes, compress: true, obfuscate: flags.contains(.xorMagic), last: flags.contains(.last), into: &segment)
                #expect(try ExtendedBuffer.decodeChain(segment).map(\.bytes) == [payload.bytes])
                reencoded += bytes[payload.headerOffset..<end]
            } else {
                ExtendedBuffer.encode(payload: payloadBytes, compress: false, obfuscate: flags.contains(.xorMagic), last: flags.contains(.last), into: &reencoded)
            }
        }
        #expect(JSON.object(["Buffers": .array(buffers)]) == vector.expect)
        #expect(reencoded == bytes)
    }

    /// TableRowData of a table-row vector is a PropertyRow in the vector's columns (MS-OXCNOTIF
    /// 2.2.1.4.1.2, MS-OXCDATA 2.8).
    func checkTableRowData(_ vector: GoldenVector, expectedRow: JSON) throws {
        let elements = try RopResponseReader.decodeAll(vector.bytes)
        guard case let .notify(notify)? = elements.first?.response else {
            Issue.record("propertyRow given for a vector without a RopNotify")
            return
        }
        let rowBytes = notify.notificationData.tableRowData
        var reader = ByteReader(rowBytes)
        let row = try PropertyRow.decode(columns: vector.columnTags, from: &reader)
        #expect(reader.isAtEnd)
        #expect(Fields.propertyRow(row, columns: vector.columnTags, wire: rowBytes) == expectedRow)
        var encoded: [UInt8] = []
        row.encode(columns: vector.columnTags, into: &encoded)
        #expect(encoded == rowBytes)
    }

    /// protocol-reference §2.6 lists every NotificationData layout; each one has a vector.
    @Test("every NotificationData layout of protocol-reference §2.6 has a golden vector")
    func layoutCoverage() throws {
        var seen: Set<[UInt16]> = []
        for vector in GoldenVector.all where vector.kind == "ropsList-response" || vector.kind == "notificationData" {
            var datas: [NotificationData] = []
            if vector.kind == "notificationData" {
                var reader = ByteReader(vector.bytes)
                datas.append(try NotificationData.decode(from: &reader))
            } else {
                for element in try RopResponseReader.decodeAll(vector.bytes) {
                    if case let .notify(notify) = element.response { datas.append(notify.notificationData) }
                }
            }
            for data in datas {
                let type = data.flags.type.rawValue
                seen.insert(type == 0x0100 ? [data.flags.rawValue, data.tableEventType.rawValue] : [data.flags.rawValue])
                if data.layout.tagCount {
                    seen.insert([data.flags.rawValue, data.tagCount == 0 ? 0 : data.tagCount == 0xFFFF ? 0xFFFF : 1])
                }
            }
        }
        let required: [[UInt16]] = [
            [0x8002],
            [0x0004], [0x8004], [0xC004], [0x0008], [0x8008], [0xC008],
            [0x0010], [0x1010], [0x2010], [0x3010], [0x8010], [0xC010],
            [0x0020], [0x0040], [0x8020], [0x8040], [0xC020], [0xC040],
            [0x0080],
            [0x0100, 1], [0x8100, 1], [0x0100, 7], [0x8100, 7], [0x0100, 4], [0x8100, 4],
            [0x0100, 3], [0x8100, 3], [0x0100, 5], [0x8100, 5], [0xC100, 3],
            // TagCount forms: 0, 0xFFFF, and with Tags.
            [0x0010, 0], [0x0010, 0xFFFF], [0x3010, 1], [0x0004, 1], [0x8010, 1],
        ]
        for layout in required {
            #expect(seen.contains(layout), "no golden vector for \(layout.map { "0x" + String($0, radix: 16) })")
        }
    }
}
