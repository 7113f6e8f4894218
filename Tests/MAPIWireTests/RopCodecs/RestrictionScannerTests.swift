import MAPIWire
import Testing

@Suite("RestrictionScanner (MS-OXCDATA 2.12)")
struct RestrictionScannerTests {
    @Test("Measures nested restrictions")
    func measures() throws {
        let restriction = hex("""
            00 02 00                                  # AndRestriction, RestrictCount 2
            08 1F 00 37 00                            # ExistRestriction PidTagSubject
            04 04 1F 00 37 00 1F 00 37 00 48 00 69 00 00 00   # PropertyRestriction RELOP_EQ, TaggedValue "Hi"
            """.strippingComments)
        #expect(try RestrictionScanner.length(of: ByteReader(restriction + [0xAA])) == restriction.count)
        try RestrictionScanner.validate(restriction)
        #expect(throws: WireError.self) { try RestrictionScanner.validate(restriction + [0xAA]) }
        expectPrefixesThrow(restriction) { reader throws(WireError) in _ = try RestrictionScanner.length(of: reader) }
    }

    @Test("Every RestrictType 0x00–0x0B is measured; others are invalid")
    func allTypes() throws {
        let vectors = [
            "01 00 00",                                   // OrRestriction, empty
            "02 08 1F 00 37 00",                          // NotRestriction
            "03 01 00 01 00 1F 00 37 00 1F 00 37 00 48 00 00 00",   // ContentRestriction FL_SUBSTRING | FL_IGNORECASE
            "05 04 1F 00 37 00 1F 00 3D 00",              // ComparePropertiesRestriction
            "06 01 03 00 07 0E 01 00 00 00",              // BitMaskRestriction BMR_NEZ
            "07 02 1F 00 37 00 10 00 00 00",              // SizeRestriction
            "09 0D 00 12 0E 08 1F 00 37 00",              // SubObjectRestriction PidTagMessageRecipients
            "0A 01 03 00 07 0E 01 00 00 00 01 08 1F 00 37 00",   // CommentRestriction with restriction
            "0A 00 00",                                   // CommentRestriction without restriction
            "0B 05 00 00 00 08 1F 00 37 00",              // CountRestriction
        ]
        for vector in vectors { try RestrictionScanner.validate(hex(vector)) }
        #expect(throws: WireError(offset: 0, field: "RestrictType", kind: .invalidValue(0x0C))) {
            try RestrictionScanner.validate([0x0C])
        }
    }

    @Test("Deep nesting is refused, not recursed into")
    func nesting() {
        let deep = [UInt8](repeating: 0x02, count: 10_000) + hex("08 1F 00 37 00")
        #expect(throws: WireError.self) { try RestrictionScanner.validate(deep) }
    }
}
