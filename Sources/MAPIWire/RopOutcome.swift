/// The result part of a ROP response whose success-only fields are absent on failure.
///
/// Most ROP responses are the 6-byte header `RopId, index, ReturnValue` when ReturnValue is not zero,
/// and the header followed by ROP-specific fields when it is zero (MS-OXCROPS 2.2, "failure response
/// buffer"). ``failure(_:)`` MUST carry a non-zero code: a zero code would encode a success header
/// with no success fields, which no decoder can read back.
public enum RopOutcome<Success: Hashable & Sendable>: Hashable, Sendable {
    case success(Success)
    case failure(ErrorCode)

    public var returnValue: ErrorCode {
        switch self {
        case .success: .success
        case let .failure(code): code
        }
    }

    public var successValue: Success? {
        if case let .success(value) = self { value } else { nil }
    }
}

extension ByteReader {
    /// Reads `RopId, index, ReturnValue` of a response and checks the RopId.
    @inline(__always)
    mutating func readResponseHeader(_ id: RopID, indexField: String) throws(WireError) -> (index: UInt8, returnValue: ErrorCode) {
        try expectRopID(id)
        let index = try readUInt8(indexField)
        return (index, ErrorCode(try readUInt32("ReturnValue")))
    }

    /// Reads a u16 count then that many PropertyTags, rejecting counts the buffer cannot hold.
    mutating func readCountedPropertyTags(_ countField: String, _ field: String) throws(WireError) -> [PropertyTag] {
        let count = Int(try readUInt16(countField))
        return try readPropertyTags(count: count, field)
    }

    mutating func readPropertyTags(count: Int, _ field: String) throws(WireError) -> [PropertyTag] {
        try require(count * 4, field: field)
        var tags: [PropertyTag] = []
        tags.reserveCapacity(count)
        for _ in 0..<count { tags.append(PropertyTag(try readUInt32(field))) }
        return tags
    }

    /// Reads a u16 count then that many 8-byte Folder/Message IDs.
    mutating func readCountedObjectIDs(_ countField: String, _ field: String) throws(WireError) -> [ObjectID] {
        let count = Int(try readUInt16(countField))
        try require(count * 8, field: field)
        var ids: [ObjectID] = []
        ids.reserveCapacity(count)
        for _ in 0..<count { ids.append(try ObjectID.decode(from: &self, field)) }
        return ids
    }

    /// Reads a u16 byte count then that many bytes.
    mutating func readSizedBytes16(_ sizeField: String, _ field: String) throws(WireError) -> [UInt8] {
        let size = Int(try readUInt16(sizeField))
        return try readBytes(size, field)
    }

    /// Reads a u16 count then that many TaggedPropertyValues.
    mutating func readCountedTaggedValues(_ countField: String) throws(WireError) -> [TaggedPropertyValue] {
        let count = Int(try readUInt16(countField))
        // Each TaggedPropertyValue takes at least its 4-byte tag.
        try require(count * 4, field: "PropertyValues")
        var values: [TaggedPropertyValue] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try TaggedPropertyValue.decode(from: &self)) }
        return values
    }
}

extension Array where Element == UInt8 {
    @inline(__always)
    mutating func appendResponseHeader(_ id: RopID, index: UInt8, returnValue: ErrorCode) {
        append(id.rawValue)
        append(index)
        appendUInt32(returnValue.rawValue)
    }

    mutating func appendCountedPropertyTags(_ tags: [PropertyTag]) {
        appendUInt16(UInt16(truncatingIfNeeded: tags.count))
        for tag in tags { tag.encode(into: &self) }
    }

    mutating func appendCountedObjectIDs(_ ids: [ObjectID]) {
        appendUInt16(UInt16(truncatingIfNeeded: ids.count))
        for id in ids { id.encode(into: &self) }
    }

    /// A u16 size then the bytes; beyond 65,535 bytes the value is cut so that size and bytes agree.
    mutating func appendSizedBytes16(_ bytes: [UInt8]) {
        let count = Swift.min(bytes.count, Int(UInt16.max))
        appendUInt16(UInt16(count))
        append(contentsOf: bytes.prefix(count))
    }

    mutating func appendCountedTaggedValues(_ values: [TaggedPropertyValue]) {
        appendUInt16(UInt16(truncatingIfNeeded: values.count))
        for value in values { value.encode(into: &self) }
    }
}

extension ByteReader {
    /// PropertyValueSize (u16) counting PropertyValueCount (u16) and PropertyValues, which must fill it
    /// exactly (MS-OXCROPS 2.2.8.6.1).
    mutating func readSizedTaggedValues() throws(WireError) -> [TaggedPropertyValue] {
        let size = Int(try readUInt16("PropertyValueSize"))
        var inner = try subReader(count: size, field: "PropertyValues")
        let values = try inner.readCountedTaggedValues("PropertyValueCount")
        guard inner.isAtEnd else {
            throw WireError(offset: inner.offset, field: "PropertyValues", kind: .trailingBytes(inner.remaining))
        }
        return values
    }
}

extension Array where Element == UInt8 {
    mutating func appendSizedTaggedValues(_ values: [TaggedPropertyValue]) {
        let sizeIndex = count
        appendUInt16(0)
        appendCountedTaggedValues(values)
        setUInt16(UInt16(truncatingIfNeeded: count - sizeIndex - 2), at: sizeIndex)
    }
}
