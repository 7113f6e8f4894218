import MAPIWire

/// The "value too large" rule of the property ROPs (MS-OXCPRPT 3.2.5.1, 3.2.5.2; rop-reference §8.1):
/// a value that does not fit the response is answered with ecNotEnoughMemory (0x8007000E) in its
/// cell, and the client reads it with RopOpenStream instead, as Exchange does.
///
/// Two bounds apply, in order:
/// 1. a value larger than `inlineLimit` bytes (``EMSMDBConfiguration``-independent; callers pass their
///    policy, ``defaultInlineLimit`` by default) or that a ROP count cannot carry (PtypBinary over
///    65,535 bytes) is never sent inline;
/// 2. if the row still exceeds `budget`, the largest remaining values become errors, one at a time,
///    until it fits.
/// The result is nil when even a row of error cells does not fit: the caller then answers
/// ``ROPError/responseDoesNotFit(sizeNeeded:)``.
public enum PropertySizeLimit {
    /// Exchange streams bodies above roughly this size; half of the smallest useful 32 KiB buffer.
    public static let defaultInlineLimit = 0x4000

    /// RopGetPropertiesSpecific: `cells` for `columns`, with values too large for `budget` bytes of
    /// PropertyRow replaced by ``ErrorCode/notEnoughMemory``.
    ///
    /// Call it with the space left for the row: `context.responseBudget - 6` (the response header)
    /// and encode the returned cells: `PropertyRow(cells: fitted)`.
    public static func fitRow(_ cells: [PropertyCell], columns: [PropertyTag], budget: Int, inlineLimit: Int = defaultInlineLimit) -> [PropertyCell]? {
        var fitted = cells
        for index in fitted.indices {
            if case let .value(value) = fitted[index], valueSize(value) > inlineLimit || !fitsROPCount(value) {
                fitted[index] = .error(.notEnoughMemory)
            }
        }
        var size = rowSize(fitted, columns: columns)
        while size > budget {
            // The largest value left goes first: one error cell frees the most space.
            var largest: (index: Int, size: Int)?
            for (index, cell) in fitted.enumerated() {
                if case let .value(value) = cell {
                    let cellSize = valueSize(value)
                    if cellSize > 4, cellSize > (largest?.size ?? 0) { largest = (index, cellSize) }
                }
            }
            guard let largest else { return nil }
            fitted[largest.index] = .error(.notEnoughMemory)
            size = rowSize(fitted, columns: columns)
        }
        return fitted
    }

    /// RopGetPropertiesAll (MS-OXCPRPT 3.2.5.2): values too large become PtypErrorCode values with
    /// NotEnoughMemory under the same property ID. `budget` counts the PropertyValueCount field too.
    public static func fitTaggedValues(_ values: [TaggedPropertyValue], budget: Int, inlineLimit: Int = defaultInlineLimit) -> [TaggedPropertyValue]? {
        var fitted = values.map { tagged -> TaggedPropertyValue in
            guard valueSize(tagged.value) <= inlineLimit, fitsROPCount(tagged.value) else { return tooLarge(tagged.tag) }
            return tagged
        }
        var size = 2 + fitted.reduce(0) { $0 + 4 + valueSize($1.value) }
        while size > budget {
            guard let index = fitted.indices.filter({ fitted[$0].value.type != .errorCode && valueSize(fitted[$0].value) > 4 })
                .max(by: { valueSize(fitted[$0].value) < valueSize(fitted[$1].value) }) else { return nil }
            size -= valueSize(fitted[index].value) - 4
            fitted[index] = tooLarge(fitted[index].tag)
        }
        return fitted
    }

    static func tooLarge(_ tag: PropertyTag) -> TaggedPropertyValue {
        TaggedPropertyValue(tag: PropertyTag(id: tag.id, type: .errorCode), value: .errorCode(.notEnoughMemory))
    }

    /// Bytes of the value as a ROP encodes it, without encoding it (values can be megabytes).
    public static func valueSize(_ value: PropertyValue) -> Int {
        switch value {
        case let .binary(bytes), let .serverID(bytes): 2 + bytes.count
        case let .string(text): (text.utf16.count + 1) * 2
        case let .string8(bytes): bytes.count + 1
        case let .multipleBinary(values): 4 + values.reduce(0) { $0 + 2 + $1.count }
        case let .multipleString(values): 4 + values.reduce(0) { $0 + ($1.utf16.count + 1) * 2 }
        case let .multipleString8(values): 4 + values.reduce(0) { $0 + $1.count + 1 }
        default: value.encodedSize
        }
    }

    /// Whether every count inside the value fits its ROP field (PtypBinary / PtypServerId: 16 bits).
    static func fitsROPCount(_ value: PropertyValue) -> Bool {
        switch value {
        case let .binary(bytes), let .serverID(bytes): bytes.count <= Int(UInt16.max)
        case let .multipleBinary(values): values.allSatisfy { $0.count <= Int(UInt16.max) }
        default: true
        }
    }

    /// The encoded size of a PropertyRow of these cells (MS-OXCDATA 2.8.1).
    public static func rowSize(_ cells: [PropertyCell], columns: [PropertyTag]) -> Int {
        let flagged = cells.contains { if case .value = $0 { false } else { true } }
        var size = 1
        for (column, cell) in zip(columns, cells) {
            if column.type == .unspecified { size += 2 }
            switch cell {
            case let .value(value): size += (flagged ? 1 : 0) + valueSize(value)
            case .absent: size += 1
            case .error: size += 5
            }
        }
        return size
    }
}
