/// A PropertyProblem (MS-OXCDATA 2.7): Index (2, position of the property in the request), PropertyTag
/// (4), ErrorCode (4). RopSetProperties and RopDeleteProperties return an array of them, prefixed by
/// PropertyProblemCount (2) (MS-OXCROPS 2.2.8.6.2, 2.2.8.8.2).
public struct PropertyProblem: Hashable, Sendable {
    public var index: UInt16
    public var propertyTag: PropertyTag
    public var errorCode: ErrorCode

    public init(index: UInt16, propertyTag: PropertyTag, errorCode: ErrorCode) {
        self.index = index
        self.propertyTag = propertyTag
        self.errorCode = errorCode
    }

    public static let encodedSize = 10

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendUInt16(index)
        propertyTag.encode(into: &buffer)
        buffer.appendUInt32(errorCode.rawValue)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> PropertyProblem {
        PropertyProblem(
            index: try reader.readUInt16("PropertyProblem.Index"),
            propertyTag: try PropertyTag.decode(from: &reader, "PropertyProblem.PropertyTag"),
            errorCode: ErrorCode(try reader.readUInt32("PropertyProblem.ErrorCode")))
    }

    /// PropertyProblemCount (u16) then the problems.
    public static func encode(_ problems: [PropertyProblem], into buffer: inout [UInt8]) {
        buffer.appendUInt16(UInt16(truncatingIfNeeded: problems.count))
        for problem in problems { problem.encode(into: &buffer) }
    }

    public static func decodeArray(from reader: inout ByteReader) throws(WireError) -> [PropertyProblem] {
        let count = Int(try reader.readUInt16("PropertyProblemCount"))
        try reader.require(count * encodedSize, field: "PropertyProblems")
        var problems: [PropertyProblem] = []
        problems.reserveCapacity(count)
        for _ in 0..<count { problems.append(try decode(from: &reader)) }
        return problems
    }
}
