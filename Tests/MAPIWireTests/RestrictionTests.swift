import MAPIWire
import Testing

@Suite struct RestrictionCodecTests {
    /// MS-OXCDATA 2.12.5: PropertyRestriction RELOP_EQ on PidTagMessageClass (PtypString8) =
    /// "IPM.Note", with 2-byte counts as in ROP buffers.
    @Test func propertyRestrictionGoldenBytes() throws {
        let tag = PropertyTag(0x001A_001E)
        let restriction = Restriction.property(.equal, tag: tag, value: TaggedPropertyValue(tag: tag, value: .string8(Array("IPM.Note".utf8))))
        let bytes: [UInt8] = [0x04, 0x04, 0x1E, 0x00, 0x1A, 0x00, 0x1E, 0x00, 0x1A, 0x00] + Array("IPM.Note".utf8) + [0x00]
        #expect(restriction.encoded() == bytes)
        #expect(try Restriction.decode(bytes) == restriction)
    }

    /// MS-OXCDATA 2.12.1 / 2.12.4: AndRestriction with a 2-byte RestrictCount holding a
    /// ContentRestriction (FL_SUBSTRING | FL_IGNORECASE) and an ExistRestriction.
    @Test func andContentExistGoldenBytes() throws {
        let subject = PropertyTag(0x0037_001F)
        let restriction = Restriction.and([
            .content(fuzzyLevel: FuzzyLevel(low: FuzzyLevel.substring, high: FuzzyLevel.ignoreCase), tag: subject,
                     value: TaggedPropertyValue(tag: subject, value: .string("hi"))),
            .exist(PropertyTag(0x0E07_0003)),
        ])
        let bytes: [UInt8] = [
            0x00, 0x02, 0x00,
            0x03, 0x01, 0x00, 0x01, 0x00, 0x1F, 0x00, 0x37, 0x00, 0x1F, 0x00, 0x37, 0x00, 0x68, 0x00, 0x69, 0x00, 0x00, 0x00,
            0x08, 0x03, 0x00, 0x07, 0x0E,
        ]
        #expect(restriction.encoded() == bytes)
        #expect(try Restriction.decode(bytes) == restriction)
    }

    @Test func everyKindRoundTripsInBothCountWidths() throws {
        let flags = PropertyTag(0x0E07_0003)
        let all: [Restriction] = [
            .or([.not(.exist(flags)), .bitmask(.notEqualToZero, tag: flags, mask: 1)]),
            .compareProperties(.lessThan, PropertyTag(0x3007_0040), PropertyTag(0x3008_0040)),
            .size(.greaterThan, tag: PropertyTag(0x1000_001F), size: 100),
            .subObject(PropertyTag(0x0E12_000D), .property(.equal, tag: PropertyTag(0x3001_001F), value: TaggedPropertyValue(tag: PropertyTag(0x3001_001F), value: .string("Bob")))),
            .comment([TaggedPropertyValue(tag: PropertyTag(0x3001_001F), value: .string("note"))], .exist(flags)),
            .comment([], nil),
            .count(3, .exist(flags)),
            .and([]),
        ]
        for restriction in all {
            for width in [Restriction.CountWidth.rop, .extended] {
                #expect(try Restriction.decode(restriction.encoded(countWidth: width), countWidth: width) == restriction)
            }
        }
    }

    @Test func hostileInputThrowsInsteadOfTrapping() {
        // Nesting: 100 NOTs around an Exist exceed the default limit of 64.
        var deep: [UInt8] = Array(repeating: 0x02, count: 100) + [0x08, 0x03, 0x00, 0x07, 0x0E]
        #expect(throws: WireError.self) { try Restriction.decode(deep) }
        do {
            _ = try Restriction.decode(deep)
        } catch {
            #expect(error.kind == .nestingTooDeep(limit: 64))
        }
        deep = Array(repeating: 0x02, count: 10) + [0x08, 0x03, 0x00, 0x07, 0x0E]
        #expect((try? Restriction.decode(deep)) != nil)
        // A RestrictCount the buffer cannot hold.
        #expect(throws: WireError.self) { try Restriction.decode([0x00, 0xFF, 0xFF, 0x08]) }
        // Unknown RestrictType, RelOp and BitmapRelOp.
        #expect(throws: WireError.self) { try Restriction.decode([0x0C]) }
        #expect(throws: WireError.self) { try Restriction.decode([0x04, 0x07, 0x03, 0x00, 0x07, 0x0E, 0x03, 0x00, 0x07, 0x0E, 0, 0, 0, 0]) }
        #expect(throws: WireError.self) { try Restriction.decode([0x06, 0x02, 0x03, 0x00, 0x07, 0x0E, 1, 0, 0, 0]) }
        // Truncated and trailing bytes.
        #expect(throws: WireError.self) { try Restriction.decode([0x08, 0x03, 0x00]) }
        #expect(throws: WireError.self) { try Restriction.decode([0x08, 0x03, 0x00, 0x07, 0x0E, 0x00]) }
        // Every truncation of a valid restriction fails cleanly.
        let valid = Restriction.and([.exist(PropertyTag(1)), .not(.size(.equal, tag: PropertyTag(2), size: 3))]).encoded()
        for length in 0..<valid.count { #expect(throws: WireError.self) { try Restriction.decode(Array(valid[0..<length])) } }
    }
}
