/// A SortOrder (MS-OXCDATA 2.13.1): PropertyType (2), PropertyId (2), Order (1).
public struct SortOrder: Hashable, Sendable {
    /// PropertyType then PropertyId: on the wire exactly a PropertyTag.
    public var propertyTag: PropertyTag
    /// 0x00 Ascending, 0x01 Descending, 0x04 MaximumCategory.
    public var order: UInt8

    public static let ascending: UInt8 = 0x00
    public static let descending: UInt8 = 0x01
    public static let maximumCategory: UInt8 = 0x04

    public init(propertyTag: PropertyTag, order: UInt8) {
        self.propertyTag = propertyTag
        self.order = order
    }

    public func encode(into buffer: inout [UInt8]) {
        propertyTag.encode(into: &buffer)
        buffer.append(order)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> SortOrder {
        SortOrder(propertyTag: try PropertyTag.decode(from: &reader, "SortOrder.PropertyTag"), order: try reader.readUInt8("SortOrder.Order"))
    }
}

/// A SortOrderSet (MS-OXCDATA 2.13.2): SortOrderCount (2), CategorizedCount (2), ExpandedCount (2),
/// SortOrders. RopSortTable carries the same fields inline (MS-OXCROPS 2.2.5.2.1).
public struct SortOrderSet: Hashable, Sendable {
    public var categorizedCount: UInt16
    public var expandedCount: UInt16
    public var sortOrders: [SortOrder]

    public init(sortOrders: [SortOrder], categorizedCount: UInt16 = 0, expandedCount: UInt16 = 0) {
        self.sortOrders = sortOrders
        self.categorizedCount = categorizedCount
        self.expandedCount = expandedCount
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendUInt16(UInt16(truncatingIfNeeded: sortOrders.count))
        buffer.appendUInt16(categorizedCount)
        buffer.appendUInt16(expandedCount)
        for sortOrder in sortOrders { sortOrder.encode(into: &buffer) }
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> SortOrderSet {
        let count = Int(try reader.readUInt16("SortOrderCount"))
        let categorized = try reader.readUInt16("CategoryCount")
        let expanded = try reader.readUInt16("ExpandedCount")
        try reader.require(count * 5, field: "SortOrders")
        var orders: [SortOrder] = []
        orders.reserveCapacity(count)
        for _ in 0..<count { orders.append(try SortOrder.decode(from: &reader)) }
        return SortOrderSet(sortOrders: orders, categorizedCount: categorized, expandedCount: expanded)
    }
}
