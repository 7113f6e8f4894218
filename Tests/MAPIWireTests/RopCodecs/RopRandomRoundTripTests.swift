import MAPIWire
import Testing

/// decode(encode(value)) == value for randomly built values of the structures whose layouts depend on
/// flags and counts (seeded, fixed iteration counts).
@Suite("Randomized round trips of ROP structures")
struct RopRandomRoundTripTests {
    static let columnTypes: [PropertyType] = [.integer32, .string, .binary, .boolean, .integer64, .unspecified]

    static func text(_ random: inout RopFuzzRandom) -> String {
        // BMP characters without NUL and without surrogates, so UTF-16 round-trips exactly.
        String(String.UnicodeScalarView((0..<random.below(6)).map { _ in
            Unicode.Scalar(UInt32(1 + random.below(0xD7FF)))!
        }))
    }

    static func bytes(_ random: inout RopFuzzRandom, _ maximum: Int = 8) -> [UInt8] {
        (0..<random.below(maximum + 1)).map { _ in random.byte() }
    }

    static func nonZeroBytes(_ random: inout RopFuzzRandom) -> [UInt8] {
        (0..<random.below(6)).map { _ in 1 + random.byte() % 0x7F }
    }

    static func value(of type: PropertyType, _ random: inout RopFuzzRandom) -> PropertyValue {
        switch type {
        case .integer32: .integer32(Int32(truncatingIfNeeded: random.next()))
        case .string: .string(text(&random))
        case .binary: .binary(bytes(&random))
        case .boolean: .boolean(random.below(2) == 0)
        case .integer64: .integer64(Int64(bitPattern: random.next()))
        default: value(of: columnTypes[random.below(columnTypes.count - 1)], &random)
        }
    }

    static func columns(_ random: inout RopFuzzRandom) -> [PropertyTag] {
        (0..<random.below(5)).map { index in
            PropertyTag(id: UInt16(0x6000 + index), type: columnTypes[random.below(columnTypes.count)])
        }
    }

    static func row(_ columns: [PropertyTag], _ random: inout RopFuzzRandom) -> PropertyRow {
        PropertyRow(cells: columns.map { column in
            switch random.below(6) {
            case 0: .absent
            case 1: .error(.notFound)
            default: .value(value(of: column.type, &random))
            }
        })
    }

    static func recipientString(unicode: Bool, _ random: inout RopFuzzRandom) -> RopString {
        unicode ? .unicode(text(&random)) : .eightBit(nonZeroBytes(&random))
    }

    static func recipientRow(_ columns: [PropertyTag], _ random: inout RopFuzzRandom) -> RecipientRow {
        let type = UInt16(random.below(8))
        var flags = RecipientRow.Flags(rawValue: type | UInt16(random.next() & 0x87F8))
        if type != 0 { flags.remove(.nonStandardAddressType) }
        let unicode = flags.contains(.unicode)
        var row = RecipientRow(flags: flags, properties: self.row(Array(columns.prefix(random.below(columns.count + 1))), &random))
        if type == UInt16(RecipientRow.AddressType.x500DN) {
            row.x500 = .init(addressPrefixUsed: random.byte(), displayType: random.byte(), x500DN: nonZeroBytes(&random))
        }
        if type >= 6 { row.distributionList = .init(entryID: bytes(&random), searchKey: bytes(&random)) }
        if flags.contains(.nonStandardAddressType) { row.addressType = nonZeroBytes(&random) }
        if flags.contains(.emailAddress) { row.emailAddress = recipientString(unicode: unicode, &random) }
        if flags.contains(.displayName) { row.displayName = recipientString(unicode: unicode, &random) }
        if flags.contains(.simpleDisplayName) { row.simpleDisplayName = recipientString(unicode: unicode, &random) }
        if flags.contains(.transmittableDisplayName) { row.transmittableDisplayName = recipientString(unicode: unicode, &random) }
        return row
    }

    @Test("RopModifyRecipients requests and RopOpenMessage responses")
    func recipients() throws {
        var random = RopFuzzRandom(state: 0x0E0E)
        for _ in 0..<300 {
            let columns = Self.columns(&random)
            let rows = (0..<random.below(4)).map { index in
                ModifyRecipientRow(
                    rowID: UInt32(index), recipientType: UInt8(1 + random.below(3)),
                    recipientRow: random.below(4) == 0 ? nil : Self.recipientRow(columns, &random))
            }
            let request = RopModifyRecipientsRequest(logonID: random.byte(), inputHandleIndex: random.byte(), recipientColumns: columns, recipientRows: rows)
            var bytes: [UInt8] = []
            request.encode(into: &bytes)
            var reader = ByteReader(bytes)
            #expect(try RopModifyRecipientsRequest.decode(from: &reader) == request)
            #expect(reader.isAtEnd)

            let open = RopOpenMessageResponse(outputHandleIndex: random.byte(), outcome: .success(.init(
                hasNamedProperties: random.below(2) == 0, subjectPrefix: .string8(Self.nonZeroBytes(&random)),
                normalizedSubject: .unicode(Self.text(&random)), recipientCount: UInt16(random.below(9)),
                recipientColumns: columns,
                recipientRows: (0..<random.below(4)).map { _ in
                    OpenRecipientRow(recipientType: 1, codePageID: 1252, recipientRow: Self.recipientRow(columns, &random))
                })))
            bytes = []
            open.encode(into: &bytes)
            reader = ByteReader(bytes)
            #expect(try RopOpenMessageResponse.decode(from: &reader) == open)
            #expect(reader.isAtEnd)
        }
    }

    @Test("RopQueryRows responses over random columns")
    func queryRows() throws {
        var random = RopFuzzRandom(state: 0x1515)
        for _ in 0..<300 {
            let columns = Self.columns(&random)
            let response = RopQueryRowsResponse(
                inputHandleIndex: random.byte(), columns: columns,
                outcome: .success(.init(origin: UInt8(random.below(3)), rows: (0..<random.below(5)).map { _ in Self.row(columns, &random) })))
            var bytes: [UInt8] = []
            response.encode(into: &bytes)
            var reader = ByteReader(bytes)
            #expect(try RopQueryRowsResponse.decode(from: &reader, columns: columns) == response)
            #expect(reader.isAtEnd)
        }
    }
}
