import MAPIWire
import Testing

@Suite("RopRequestReader over mixed buffers, unsupported ROPs and hostile bytes (MS-OXCROPS 2.2.1, 3.2.5.1)")
struct RopRequestReaderTests {
    static let logon = "FE 00 00 01 04 00 00 01 00 00 00 00 05 00 2F 6F 3D 78 00"
    static let getReceiveFolder = "27 00 00 49 50 4D 00"
    /// RopOpenStream (MS-OXCROPS 2.2.9.1.1): InputHandleIndex 1, OutputHandleIndex 2, PropertyTag, OpenModeFlags.
    static let openStream = "2B 00 01 02 1F 00 37 00 00"
    /// RopGetPropertyIdsFromNames (MS-OXCROPS 2.2.8.1.1): Flags, PropertyNameCount 2, a named
    /// PropertyName (Kind 1, GUID, NameSize 6, "ab" UTF-16 + terminator) and a LID PropertyName (Kind 0, GUID, LID).
    static let getPropertyIDsFromNames = """
        56 00 01 02 02 00
        01 00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF 06 61 00 62 00 00 00
        00 00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF 1C 85 00 00
        """
    /// RopReadStream (MS-OXCROPS 2.2.9.2.1) with ByteCount 0xBABE, so MaximumByteCount (4) follows.
    static let readStreamBabe = "2C 00 01 BE BA 00 80 00 00"
    static let release = "01 00 02"
    /// RopGetRulesTable (MS-OXCROPS 2.2.11.2.1): InputHandleIndex 1, OutputHandleIndex 2, TableFlags — not implemented.
    static let getRulesTable = "3F 00 01 02 00"
    /// RopWriteAndCommitStream (MS-OXCROPS 2.2.9.x): DataSize 2, Data — not implemented.
    static let writeAndCommitStream = "90 00 01 02 00 AA BB"

    @Test("A buffer mixing implemented and unsupported ROPs splits at the right offsets")
    func mixedBuffer() throws {
        let parts = [
            Self.logon, Self.getReceiveFolder, Self.openStream, Self.getPropertyIDsFromNames, Self.readStreamBabe,
            Self.getRulesTable, Self.writeAndCommitStream, Self.release,
        ]
        let buffer = parts.flatMap { hex($0) }
        let elements = try RopRequestReader.decodeAll(buffer)
        #expect(elements.map(\.request.ropID) == [
            .logon, .getReceiveFolder, .openStream, .getPropertyIdsFromNames, .readStream, .getRulesTable, .writeAndCommitStream,
            .release,
        ])
        var offset = 0
        for (element, part) in zip(elements, parts) {
            let length = hex(part).count
            #expect(element.range == offset..<offset + length)
            var encoded: [UInt8] = []
            element.request.encode(into: &encoded)
            #expect(encoded == hex(part))
            offset += length
        }

        guard case let .unsupported(rulesTable) = elements[5].request else {
            Issue.record("RopGetRulesTable should be unsupported")
            return
        }
        #expect(rulesTable.layout == .inputOutput)
        #expect(rulesTable.logonID == 0 && rulesTable.inputHandleIndex == 1 && rulesTable.outputHandleIndex == 2)
        var failure: [UInt8] = []
        rulesTable.encodeFailureResponse(into: &failure)
        // MS-OXCROPS 2.2.11.2.2: RopId, OutputHandleIndex, ReturnValue 0x80040102 ecNotSupported.
        #expect(failure == hex("3F 02 02 01 04 80"))

        guard case let .unsupported(writeAndCommit) = elements[6].request else {
            Issue.record("RopWriteAndCommitStream should be unsupported")
            return
        }
        var writeFailure: [UInt8] = []
        writeAndCommit.encodeFailureResponse(into: &writeFailure)
        // RopWriteAndCommitStream has one response layout: WrittenSize follows the header.
        #expect(writeFailure == hex("90 01 02 01 04 80 00 00"))

        // The implemented stream ROPs answer through their own codecs.
        var readFailure: [UInt8] = []
        elements[4].request.encodeFailureResponse(.notSupported, into: &readFailure)
        // RopReadStream has one response layout: DataSize (and no Data) follows the header (MS-OXCROPS 2.2.9.2.2).
        #expect(readFailure == hex("2C 01 02 01 04 80 00 00"))
    }

    @Test("Header layouts of unsupported ROPs")
    func unsupportedLayouts() throws {
        // RopSaveChangesAttachment and RopCopyProperties now decode through their own codecs.
        var save = ByteReader(hex("25 00 03 04 0A"))
        #expect(try RopUnsupportedRequest.decode(from: &save) == nil)
        // RopSynchronizationImportMessageMove: five u32-sized blobs.
        #expect(try RopRequestLength.length(of: ByteReader(hex("78 00 01 01 00 00 00 AA 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"))) == 24)
        #expect(try RopRequestLength.length(of: ByteReader(hex("02 00 00 01"))) == nil)
    }

    @Test("RopModifyRules with a PtypRestriction condition and a PtypRuleAction value (MS-OXCROPS 2.2.11.1.1)")
    func modifyRules() throws {
        let text = """
            41 00 01 00                   # RopId, LogonId, InputHandleIndex, ModifyRulesFlag
            01 00                         # RulesCount
            01 02 00                      # RuleDataFlags ROW_ADD, PropertyValueCount 2
            FD 00 79 66 08 1F 00 37 00    # PidTagRuleCondition: ExistRestriction(PidTagSubject)
            FE 00 80 66 01 00 0A 00 01 00 00 00 00 00 00 00 00 AA   # PidTagRuleActions: 1 block of 10 bytes
            """.strippingComments
        let bytes = hex(text)
        #expect(try RopRequestLength.length(of: ByteReader(bytes + [0x01, 0x00, 0x02])) == bytes.count)
        let elements = try RopRequestReader.decodeAll(bytes)
        #expect(elements.count == 1 && elements.first?.request.ropID == RopID(0x41))
        for cut in 1..<bytes.count {
            #expect(throws: WireError.self) { try RopRequestReader.decodeAll(Array(bytes[0..<cut])) }
        }
    }

    @Test("Every request RopId of MS-OXCROPS 2.2.2 is decoded or measured")
    func everyRopIDCovered() {
        // The RopIds with a case of their own in RopRequest.
        let implemented: Set<UInt8> = Set<UInt8>([
            0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x11, 0x12,
            0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x27, 0x29, 0x30, 0x31, 0x32,
            0x33, 0x35, 0x36, 0x37, 0x38, 0x43, 0x44, 0x4F, 0x58, 0x59, 0x5A, 0x66, 0x6B, 0x6C, 0x79, 0x7A, 0x7B,
            0x81, 0x89, 0x91, 0x92, 0xFE,
        ]).union(ObjectModelRopTests.implementedRopIDs)
        // Response-only ROPs (MS-OXCROPS 2.2.14.2, 2.2.14.3, 2.2.15.1, 2.2.15.2).
        let responseOnly: Set<UInt8> = [0x2A, 0x6E, 0xF9, 0xFF]
        for value in 0...255 {
            let id = RopID(UInt8(value))
            guard id.name != nil, !responseOnly.contains(id.rawValue) else { continue }
            #expect(implemented.contains(id.rawValue) != RopRequestLength.canMeasure(id), "\(id)")
        }
    }

    @Test("Reserved and unmeasurable RopIds stay unknownRopId errors")
    func unknownRopIDs() {
        for id: UInt8 in [0x00, 0x28, 0x62, 0x65, 0xFD] {
            #expect(throws: WireError(offset: 3, field: "RopId", kind: .unknownRopId(id))) {
                try RopRequestReader.decodeAll(hex(Self.release) + [id, 0, 0, 0, 0, 0, 0, 0])
            }
        }
    }

    @Test("Truncated unsupported ROPs throw")
    func truncatedUnsupported() {
        for text in [Self.openStream, Self.getPropertyIDsFromNames, Self.readStreamBabe] {
            let bytes = hex(text)
            for cut in 1..<bytes.count {
                #expect(throws: WireError.self) { try RopRequestReader.decodeAll(Array(bytes[0..<cut])) }
            }
        }
    }

    @Test("Random and mutated buffers never trap (seeded)")
    func fuzz() {
        var random = RopFuzzRandom(state: 0x5EED_0005)
        let seeds = [Self.logon, Self.getReceiveFolder, Self.openStream, Self.getPropertyIDsFromNames, Self.readStreamBabe,
                     "0E 00 02 01 00 03 00 FE 0F 01 00 00 00 00 00 01 15 00 1B 02 61 00 40 00 62 00 00 00 41 00 00 00 01 00 00 06 00 00 00",
                     "0A 00 01 0C 00 01 00 1F 00 37 00 48 00 69 00 00 00",
                     "4F 00 01 00 05 00 08 1F 00 37 00 03 02 00 AA BB"].map(hex)
        var decoded = 0
        for iteration in 0..<3000 {
            var bytes: [UInt8]
            if iteration % 2 == 0 {
                bytes = (0..<random.below(48)).map { _ in random.byte() }
                if !bytes.isEmpty, random.below(2) == 0 { bytes[0] = [0x02, 0x0E, 0x15, 0x2B, 0x56, 0x78, 0xFE][random.below(7)] }
            } else {
                bytes = seeds[random.below(seeds.count)]
                for _ in 0..<(1 + random.below(3)) where !bytes.isEmpty { bytes[random.below(bytes.count)] = random.byte() }
                if random.below(3) == 0 { bytes.removeLast(random.below(bytes.count + 1)) }
            }
            if (try? RopRequestReader.decodeAll(bytes)) != nil { decoded += 1 }
            _ = try? RopResponseReader.decodeAll(bytes)
            var reader = ByteReader(bytes)
            _ = try? RopQueryRowsResponse.decode(from: &reader, columns: [ropTagMid, PropertyTag(0x0037_0000)])
        }
        // Both outcomes occur, so the loop exercises decoders past their first field.
        #expect(decoded > 0 && decoded < 3000)
    }
}
