/// The response shared by RopCopyProperties and RopCopyTo (MS-OXCROPS 2.2.8.11.2–2.2.8.11.4,
/// 2.2.8.12.2–2.2.8.12.4): on success PropertyProblemCount (2) and PropertyProblems; on failure
/// 0x00000503 ecDstNullObject, DestHandleIndex (4); on any other failure nothing after the header.
public struct RopCopyResponseBody: Hashable, Sendable {
    public var returnValue: ErrorCode
    /// On the wire only when ReturnValue is success.
    public var propertyProblems: [PropertyProblem]
    /// The request's DestHandleIndex; on the wire only when ReturnValue is ``ErrorCode/nullDestinationObject``.
    public var destHandleIndex: UInt32

    public init(returnValue: ErrorCode = .success, propertyProblems: [PropertyProblem] = [], destHandleIndex: UInt32 = 0) {
        self.returnValue = returnValue
        self.propertyProblems = returnValue.isSuccess ? propertyProblems : []
        self.destHandleIndex = returnValue == .nullDestinationObject ? destHandleIndex : 0
    }

    func encode(_ id: RopID, sourceHandleIndex: UInt8, into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(id, index: sourceHandleIndex, returnValue: returnValue)
        if returnValue.isSuccess {
            PropertyProblem.encode(propertyProblems, into: &buffer)
        } else if returnValue == .nullDestinationObject {
            buffer.appendUInt32(destHandleIndex)
        }
    }

    static func decode(_ id: RopID, from reader: inout ByteReader) throws(WireError) -> (index: UInt8, body: RopCopyResponseBody) {
        let header = try reader.readResponseHeader(id, indexField: "SourceHandleIndex")
        if header.returnValue.isSuccess {
            return (header.index, RopCopyResponseBody(propertyProblems: try PropertyProblem.decodeArray(from: &reader)))
        }
        if header.returnValue == .nullDestinationObject {
            let dest = try reader.readUInt32("DestHandleIndex")
            return (header.index, RopCopyResponseBody(returnValue: header.returnValue, destHandleIndex: dest))
        }
        return (header.index, RopCopyResponseBody(returnValue: header.returnValue))
    }
}
