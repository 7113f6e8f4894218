/// The response layout shared by the two ROPs that open a folder's table: RopId, OutputHandleIndex,
/// ReturnValue (4), then, only when ReturnValue is zero, RowCount (4); a failure response is the 6-byte
/// header.
///
/// Used by RopGetHierarchyTable (MS-OXCROPS 2.2.4.13.2, 2.2.4.13.3) and RopGetContentsTable
/// (2.2.4.14.2, 2.2.4.14.3).
public struct TableOpenResponseLayout<Rop: RopIdentity>: RopResponseCodec {
    public static var ropID: RopID { Rop.ropID }

    public struct Success: Hashable, Sendable {
        public var rowCount: UInt32

        public init(rowCount: UInt32) {
            self.rowCount = rowCount
        }
    }

    public var outputHandleIndex: UInt8
    public var outcome: RopOutcome<Success>

    public init(outputHandleIndex: UInt8, outcome: RopOutcome<Success>) {
        self.outputHandleIndex = outputHandleIndex
        self.outcome = outcome
    }

    public var returnValue: ErrorCode { outcome.returnValue }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: outputHandleIndex, returnValue: outcome.returnValue)
        guard case let .success(success) = outcome else { return }
        buffer.appendUInt32(success.rowCount)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> Self {
        let header = try reader.readResponseHeader(ropID, indexField: "OutputHandleIndex")
        guard header.returnValue.isSuccess else {
            return Self(outputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let rowCount = try reader.readUInt32("RowCount")
        return Self(outputHandleIndex: header.index, outcome: .success(Success(rowCount: rowCount)))
    }
}
