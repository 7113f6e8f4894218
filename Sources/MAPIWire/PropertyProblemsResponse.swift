/// The response layout shared by the ROPs that set or delete properties and report what they could not
/// do: RopId, InputHandleIndex, ReturnValue (4), then, only when ReturnValue is zero,
/// PropertyProblemCount (2) and PropertyProblems; a failure response is the 6-byte header.
///
/// Used by RopSetProperties (MS-OXCROPS 2.2.8.6.2, 2.2.8.6.3), RopSetPropertiesNoReplicate
/// (2.2.8.7.2, 2.2.8.7.3), RopDeleteProperties (2.2.8.8.2, 2.2.8.8.3) and RopDeletePropertiesNoReplicate
/// (2.2.8.9.2, 2.2.8.9.3).
public struct PropertyProblemsResponse<Rop: RopIdentity>: RopResponseCodec {
    public static var ropID: RopID { Rop.ropID }

    public struct Success: Hashable, Sendable {
        public var propertyProblems: [PropertyProblem]

        public init(propertyProblems: [PropertyProblem]) {
            self.propertyProblems = propertyProblems
        }
    }

    public var inputHandleIndex: UInt8
    public var outcome: RopOutcome<Success>

    public init(inputHandleIndex: UInt8, outcome: RopOutcome<Success>) {
        self.inputHandleIndex = inputHandleIndex
        self.outcome = outcome
    }

    public var returnValue: ErrorCode { outcome.returnValue }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: outcome.returnValue)
        guard case let .success(success) = outcome else { return }
        PropertyProblem.encode(success.propertyProblems, into: &buffer)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> Self {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        guard header.returnValue.isSuccess else {
            return Self(inputHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        let propertyProblems = try PropertyProblem.decodeArray(from: &reader)
        return Self(inputHandleIndex: header.index, outcome: .success(Success(propertyProblems: propertyProblems)))
    }
}
