/// The response layout shared by the ROPs that may leave part of their work undone: RopId,
/// InputHandleIndex, ReturnValue (4), PartialCompletion (1), one layout whatever the ReturnValue.
///
/// Used by RopDeleteFolder (MS-OXCROPS 2.2.4.3.2), RopEmptyFolder (2.2.4.9.2),
/// RopHardDeleteMessagesAndSubfolders (2.2.4.10.2), RopDeleteMessages (2.2.4.11.2),
/// RopHardDeleteMessages (2.2.4.12.2) and RopSetReadFlags (2.2.6.10.2). RopMoveFolder, RopCopyFolder and
/// RopMoveCopyMessages also end in PartialCompletion but name their index SourceHandleIndex and may
/// carry a DestHandleIndex, so they keep their own.
public struct PartialCompletionResponse<Rop: RopIdentity>: RopResponseCodec {
    public static var ropID: RopID { Rop.ropID }

    public var inputHandleIndex: UInt8
    public var returnValue: ErrorCode
    /// Nonzero when some of the work failed.
    public var partialCompletion: Bool

    public init(inputHandleIndex: UInt8, returnValue: ErrorCode = .success, partialCompletion: Bool) {
        self.inputHandleIndex = inputHandleIndex
        self.returnValue = returnValue
        self.partialCompletion = partialCompletion
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: inputHandleIndex, returnValue: returnValue)
        buffer.append(partialCompletion ? 1 : 0)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> Self {
        let header = try reader.readResponseHeader(ropID, indexField: "InputHandleIndex")
        let partialCompletion = try reader.readUInt8("PartialCompletion") != 0
        return Self(inputHandleIndex: header.index, returnValue: header.returnValue, partialCompletion: partialCompletion)
    }
}
