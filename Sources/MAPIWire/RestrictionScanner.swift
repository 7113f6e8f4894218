/// Measures a Restriction (MS-OXCDATA 2.12, ROP form: 2-byte counts) without building it.
///
/// Every ROP Herald decodes carries its restriction behind a RestrictionDataSize, so the ROP codecs keep
/// the restriction as raw bytes; this scanner checks that those bytes hold exactly one well-formed
/// restriction. It is a stand-in for the full `Restriction` codec (MS-OXCDATA 2.12 value type), which
/// replaces it once available: callers use only ``length(of:)`` and ``validate(_:)``.
public enum RestrictionScanner {
    /// Nesting deeper than this is refused with ``WireError/Kind/nestingTooDeep(limit:)``.
    public static let maximumDepth = 64

    /// The byte length of the restriction at the reader's position; the reader is not advanced.
    public static func length(of reader: ByteReader) throws(WireError) -> Int {
        var probe = reader
        let start = probe.offset
        try skipRestriction(&probe, depth: 0)
        return probe.offset - start
    }

    /// Checks that `bytes` is exactly one restriction.
    public static func validate(_ bytes: [UInt8]) throws(WireError) {
        var reader = ByteReader(bytes)
        try skipRestriction(&reader, depth: 0)
        guard reader.isAtEnd else {
            throw WireError(offset: reader.offset, field: "RestrictionData", kind: .trailingBytes(reader.remaining))
        }
    }

    static func skipRestriction(_ reader: inout ByteReader, depth: Int) throws(WireError) {
        guard depth < maximumDepth else {
            throw WireError(offset: reader.offset, field: "Restriction", kind: .nestingTooDeep(limit: maximumDepth))
        }
        let typeOffset = reader.offset
        switch try reader.readUInt8("RestrictType") {
        case 0x00, 0x01:  // AndRestriction, OrRestriction: RestrictCount (2), restrictions
            let count = Int(try reader.readUInt16("RestrictCount"))
            try reader.require(count, field: "Restricts")
            for _ in 0..<count { try skipRestriction(&reader, depth: depth + 1) }
        case 0x02:  // NotRestriction
            try skipRestriction(&reader, depth: depth + 1)
        case 0x03:  // ContentRestriction: FuzzyLevelLow, FuzzyLevelHigh, PropertyTag, TaggedValue
            try reader.skip(8, "ContentRestriction")
            _ = try TaggedPropertyValue.decode(from: &reader)
        case 0x04:  // PropertyRestriction: RelOp, PropTag, TaggedValue
            try reader.skip(5, "PropertyRestriction")
            _ = try TaggedPropertyValue.decode(from: &reader)
        case 0x05, 0x06, 0x07:  // CompareProperties, BitMask, Size: 1 + 4 + 4
            try reader.skip(9, "Restriction")
        case 0x08:  // ExistRestriction: PropTag
            try reader.skip(4, "ExistRestriction")
        case 0x09:  // SubObjectRestriction: SubObject, restriction
            try reader.skip(4, "SubObject")
            try skipRestriction(&reader, depth: depth + 1)
        case 0x0A:  // CommentRestriction: TaggedValuesCount (1), TaggedValues, RestrictionPresent (1), [restriction]
            let count = Int(try reader.readUInt8("TaggedValuesCount"))
            for _ in 0..<count { _ = try TaggedPropertyValue.decode(from: &reader) }
            if try reader.readUInt8("RestrictionPresent") != 0 { try skipRestriction(&reader, depth: depth + 1) }
        case 0x0B:  // CountRestriction: Count (4), SubRestriction
            try reader.skip(4, "Count")
            try skipRestriction(&reader, depth: depth + 1)
        case let other:
            throw WireError(offset: typeOffset, field: "RestrictType", kind: .invalidValue(UInt64(other)))
        }
    }
}
