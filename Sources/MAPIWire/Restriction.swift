/// A restriction (MS-OXCDATA 2.12): the filter of RopRestrict, RopFindRow, RopSetSearchCriteria and
/// extended rules.
///
/// Counts (RestrictCount, and the value counts inside TaggedValues) are 2 bytes in ROP buffers and
/// 4 bytes in extended rules (MS-OXCDATA 2.12, "Standard"/"Extended"); ``CountWidth`` selects which.
public indirect enum Restriction: Hashable, Sendable {
    /// AndRestriction (2.12.1): TRUE when every child is TRUE (an empty list is TRUE).
    case and([Restriction])
    /// OrRestriction (2.12.2): TRUE when any child is TRUE (an empty list is FALSE).
    case or([Restriction])
    /// NotRestriction (2.12.3).
    case not(Restriction)
    /// ContentRestriction (2.12.4): string or binary match of `tag` against `value`.
    case content(fuzzyLevel: FuzzyLevel, tag: PropertyTag, value: TaggedPropertyValue)
    /// PropertyRestriction (2.12.5): compare `tag` with `value`.
    case property(RelationalOperator, tag: PropertyTag, value: TaggedPropertyValue)
    /// ComparePropertiesRestriction (2.12.6): compare two properties of the same row.
    case compareProperties(RelationalOperator, PropertyTag, PropertyTag)
    /// BitMaskRestriction (2.12.7).
    case bitmask(BitmapRelationalOperator, tag: PropertyTag, mask: UInt32)
    /// SizeRestriction (2.12.8): compare the value's size in bytes.
    case size(RelationalOperator, tag: PropertyTag, size: UInt32)
    /// ExistRestriction (2.12.9).
    case exist(PropertyTag)
    /// SubObjectRestriction (2.12.10): `restriction` applied to the rows of the sub-table named by
    /// `subObject` (PidTagMessageRecipients or PidTagMessageAttachments).
    case subObject(PropertyTag, Restriction)
    /// CommentRestriction (2.12.11): an annotation around an optional restriction.
    case comment([TaggedPropertyValue], Restriction?)
    /// CountRestriction (2.12.12): at most `count` matches of the inner restriction.
    case count(UInt32, Restriction)

    /// RestrictType (MS-OXCDATA 2.12).
    public enum RestrictType: UInt8, Sendable {
        case and = 0x00, or = 0x01, not = 0x02, content = 0x03, property = 0x04, compareProperties = 0x05
        case bitmask = 0x06, size = 0x07, exist = 0x08, subObject = 0x09, comment = 0x0A, count = 0x0B
    }

    /// Width of the counts inside a restriction.
    public enum CountWidth: Sendable {
        /// ROP buffers: 2-byte counts (and PtypBinary counts of 2 bytes inside TaggedValues).
        case rop
        /// Extended rules (MS-OXORULE): 4-byte counts.
        case extended
    }

    /// How deep restrictions may nest before decoding stops with ``WireError/Kind/nestingTooDeep(limit:)``.
    public static let defaultNestingLimit = 64

    public var restrictType: RestrictType {
        switch self {
        case .and: .and
        case .or: .or
        case .not: .not
        case .content: .content
        case .property: .property
        case .compareProperties: .compareProperties
        case .bitmask: .bitmask
        case .size: .size
        case .exist: .exist
        case .subObject: .subObject
        case .comment: .comment
        case .count: .count
        }
    }
}

/// RelOp values (MS-OXCDATA 2.12.5).
public struct RelationalOperator: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let lessThan = RelationalOperator(rawValue: 0x00)
    public static let lessThanOrEqual = RelationalOperator(rawValue: 0x01)
    public static let greaterThan = RelationalOperator(rawValue: 0x02)
    public static let greaterThanOrEqual = RelationalOperator(rawValue: 0x03)
    public static let equal = RelationalOperator(rawValue: 0x04)
    public static let notEqual = RelationalOperator(rawValue: 0x05)
    public static let memberOfDistributionList = RelationalOperator(rawValue: 0x64)

    public var isDefined: Bool { rawValue <= 0x05 || rawValue == 0x64 }
}

/// BitmapRelOp values (MS-OXCDATA 2.12.7).
public enum BitmapRelationalOperator: UInt8, Hashable, Sendable {
    /// `value & mask == 0`.
    case equalToZero = 0x00
    /// `value & mask != 0`.
    case notEqualToZero = 0x01
}

/// FuzzyLevelLow and FuzzyLevelHigh of a ContentRestriction (MS-OXCDATA 2.12.4), as one u32 whose low
/// half is FuzzyLevelLow.
public struct FuzzyLevel: Hashable, Sendable {
    public var low: UInt16
    public var high: UInt16
    public init(low: UInt16, high: UInt16) { self.low = low; self.high = high }

    public static let fullString: UInt16 = 0x0000
    public static let substring: UInt16 = 0x0001
    public static let prefix: UInt16 = 0x0002
    public static let ignoreCase: UInt16 = 0x0001
    public static let ignoreNonSpace: UInt16 = 0x0002
    public static let loose: UInt16 = 0x0004

    public var isSubstring: Bool { low == Self.substring }
    public var isPrefix: Bool { low == Self.prefix }
    public var ignoresCase: Bool { high & Self.ignoreCase != 0 }
}

// MARK: - Codec

extension Restriction {
    /// Appends the restriction (MS-OXCDATA 2.12).
    public func encode(into buffer: inout [UInt8], countWidth: CountWidth = .rop) {
        buffer.append(restrictType.rawValue)
        func appendCount(_ count: Int) {
            switch countWidth {
            case .rop: buffer.appendUInt16(UInt16(truncatingIfNeeded: count))
            case .extended: buffer.appendUInt32(UInt32(truncatingIfNeeded: count))
            }
        }
        switch self {
        case let .and(children), let .or(children):
            appendCount(children.count)
            for child in children { child.encode(into: &buffer, countWidth: countWidth) }
        case let .not(child):
            child.encode(into: &buffer, countWidth: countWidth)
        case let .content(fuzzy, tag, value):
            buffer.appendUInt16(fuzzy.low)
            buffer.appendUInt16(fuzzy.high)
            tag.encode(into: &buffer)
            value.encode(into: &buffer)
        case let .property(op, tag, value):
            buffer.append(op.rawValue)
            tag.encode(into: &buffer)
            value.encode(into: &buffer)
        case let .compareProperties(op, tag1, tag2):
            buffer.append(op.rawValue)
            tag1.encode(into: &buffer)
            tag2.encode(into: &buffer)
        case let .bitmask(op, tag, mask):
            buffer.append(op.rawValue)
            tag.encode(into: &buffer)
            buffer.appendUInt32(mask)
        case let .size(op, tag, size):
            buffer.append(op.rawValue)
            tag.encode(into: &buffer)
            buffer.appendUInt32(size)
        case let .exist(tag):
            tag.encode(into: &buffer)
        case let .subObject(tag, child):
            tag.encode(into: &buffer)
            child.encode(into: &buffer, countWidth: countWidth)
        case let .comment(values, child):
            buffer.append(UInt8(truncatingIfNeeded: values.count))
            for value in values.prefix(255) { value.encode(into: &buffer) }
            if let child {
                buffer.append(1)
                child.encode(into: &buffer, countWidth: countWidth)
            } else {
                buffer.append(0)
            }
        case let .count(count, child):
            buffer.appendUInt32(count)
            child.encode(into: &buffer, countWidth: countWidth)
        }
    }

    public func encoded(countWidth: CountWidth = .rop) -> [UInt8] {
        var buffer: [UInt8] = []
        encode(into: &buffer, countWidth: countWidth)
        return buffer
    }

    /// Reads one restriction. Nesting deeper than `nestingLimit` throws
    /// ``WireError/Kind/nestingTooDeep(limit:)``; an undefined RestrictType, RelOp or BitmapRelOp throws
    /// ``WireError/Kind/invalidValue(_:)``.
    public static func decode(
        from reader: inout ByteReader, countWidth: CountWidth = .rop, nestingLimit: Int = defaultNestingLimit
    ) throws(WireError) -> Restriction {
        try decode(from: &reader, countWidth: countWidth, depth: 0, nestingLimit: nestingLimit)
    }

    static func decode(
        from reader: inout ByteReader, countWidth: CountWidth, depth: Int, nestingLimit: Int
    ) throws(WireError) -> Restriction {
        let start = reader.offset
        guard depth < nestingLimit else {
            throw WireError(offset: start, field: "Restriction", kind: .nestingTooDeep(limit: nestingLimit))
        }
        let rawType = try reader.readUInt8("RestrictType")
        guard let type = RestrictType(rawValue: rawType) else {
            throw WireError(offset: start, field: "RestrictType", kind: .invalidValue(UInt64(rawType)))
        }
        func child(_ r: inout ByteReader) throws(WireError) -> Restriction {
            try decode(from: &r, countWidth: countWidth, depth: depth + 1, nestingLimit: nestingLimit)
        }
        func relOp(_ r: inout ByteReader) throws(WireError) -> RelationalOperator {
            let offset = r.offset
            let op = RelationalOperator(rawValue: try r.readUInt8("RelOp"))
            guard op.isDefined else { throw WireError(offset: offset, field: "RelOp", kind: .invalidValue(UInt64(op.rawValue))) }
            return op
        }
        switch type {
        case .and, .or:
            let countOffset = reader.offset
            let count: Int
            switch countWidth {
            case .rop: count = Int(try reader.readUInt16("RestrictCount"))
            case .extended: count = Int(try reader.readUInt32("RestrictCount"))
            }
            // Every child takes at least one byte: refuse counts the buffer cannot hold.
            guard count <= reader.remaining else {
                throw WireError(offset: countOffset, field: "RestrictCount", kind: .limitExceeded(limit: reader.remaining, actual: count))
            }
            var children: [Restriction] = []
            children.reserveCapacity(count)
            for _ in 0..<count { children.append(try child(&reader)) }
            return type == .and ? .and(children) : .or(children)
        case .not:
            return .not(try child(&reader))
        case .content:
            let low = try reader.readUInt16("FuzzyLevelLow")
            let high = try reader.readUInt16("FuzzyLevelHigh")
            let tag = try PropertyTag.decode(from: &reader, "PropertyTag")
            let value = try TaggedPropertyValue.decode(from: &reader)
            return .content(fuzzyLevel: FuzzyLevel(low: low, high: high), tag: tag, value: value)
        case .property:
            let op = try relOp(&reader)
            let tag = try PropertyTag.decode(from: &reader, "PropTag")
            return .property(op, tag: tag, value: try TaggedPropertyValue.decode(from: &reader))
        case .compareProperties:
            let op = try relOp(&reader)
            let tag1 = try PropertyTag.decode(from: &reader, "PropTag1")
            return .compareProperties(op, tag1, try PropertyTag.decode(from: &reader, "PropTag2"))
        case .bitmask:
            let opOffset = reader.offset
            let rawOp = try reader.readUInt8("BitmapRelOp")
            guard let op = BitmapRelationalOperator(rawValue: rawOp) else {
                throw WireError(offset: opOffset, field: "BitmapRelOp", kind: .invalidValue(UInt64(rawOp)))
            }
            let tag = try PropertyTag.decode(from: &reader, "PropTag")
            return .bitmask(op, tag: tag, mask: try reader.readUInt32("Mask"))
        case .size:
            let op = try relOp(&reader)
            let tag = try PropertyTag.decode(from: &reader, "PropTag")
            return .size(op, tag: tag, size: try reader.readUInt32("Size"))
        case .exist:
            return .exist(try PropertyTag.decode(from: &reader, "PropTag"))
        case .subObject:
            let tag = try PropertyTag.decode(from: &reader, "SubObject")
            return .subObject(tag, try child(&reader))
        case .comment:
            let count = Int(try reader.readUInt8("TaggedValuesCount"))
            var values: [TaggedPropertyValue] = []
            for _ in 0..<count { values.append(try TaggedPropertyValue.decode(from: &reader)) }
            let presentOffset = reader.offset
            let present = try reader.readUInt8("RestrictionPresent")
            switch present {
            case 0: return .comment(values, nil)
            case 1: return .comment(values, try child(&reader))
            default: throw WireError(offset: presentOffset, field: "RestrictionPresent", kind: .invalidValue(UInt64(present)))
            }
        case .count:
            let count = try reader.readUInt32("Count")
            return .count(count, try child(&reader))
        }
    }

    /// Decodes a whole RestrictionData field, rejecting trailing bytes.
    public static func decode(_ bytes: [UInt8], countWidth: CountWidth = .rop, nestingLimit: Int = defaultNestingLimit) throws(WireError) -> Restriction {
        var reader = ByteReader(bytes)
        let restriction = try decode(from: &reader, countWidth: countWidth, nestingLimit: nestingLimit)
        guard reader.isAtEnd else {
            throw WireError(offset: reader.offset, field: "RestrictionData", kind: .trailingBytes(reader.remaining))
        }
        return restriction
    }
}
