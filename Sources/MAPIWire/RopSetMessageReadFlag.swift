/// RopSetMessageReadFlag request (MS-OXCROPS 2.2.6.11.1): RopId 0x11, LogonId, ResponseHandleIndex,
/// InputHandleIndex, ReadFlags (1), ClientData (24).
///
/// ClientData is present only when the logon named by LogonId is a public-folder logon, so the layout
/// depends on session state: ``decode(from:)`` assumes a private-mailbox logon (the only kind Herald
/// accepts); ``decode(from:publicLogon:)`` takes the logon kind.
public struct RopSetMessageReadFlagRequest: RopRequestCodec {
    public static let ropID = RopID.setMessageReadFlag

    public var logonID: UInt8
    /// Names the Folder; only echoed.
    public var responseHandleIndex: UInt8
    public var inputHandleIndex: UInt8
    /// MS-OXCMSG 2.2.3.10.1 (rfDefault 0x00, rfSuppressReceipt 0x01, rfClearReadFlag 0x04, …).
    public var readFlags: UInt8
    /// Public-folder logons only: a LongTermID of the message (24 bytes).
    public var clientData: LongTermID?

    public init(logonID: UInt8, responseHandleIndex: UInt8, inputHandleIndex: UInt8, readFlags: UInt8, clientData: LongTermID? = nil) {
        self.logonID = logonID
        self.responseHandleIndex = responseHandleIndex
        self.inputHandleIndex = inputHandleIndex
        self.readFlags = readFlags
        self.clientData = clientData
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(Self.ropID.rawValue)
        buffer.append(logonID)
        buffer.append(responseHandleIndex)
        buffer.append(inputHandleIndex)
        buffer.append(readFlags)
        clientData?.encode(into: &buffer)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSetMessageReadFlagRequest {
        try decode(from: &reader, publicLogon: false)
    }

    public static func decode(from reader: inout ByteReader, publicLogon: Bool) throws(WireError) -> RopSetMessageReadFlagRequest {
        try reader.expectRopID(ropID)
        let logonID = try reader.readUInt8("LogonId")
        let responseHandleIndex = try reader.readUInt8("ResponseHandleIndex")
        let inputHandleIndex = try reader.readUInt8("InputHandleIndex")
        let readFlags = try reader.readUInt8("ReadFlags")
        let clientData = publicLogon ? try LongTermID.decode(from: &reader, "ClientData") : nil
        return RopSetMessageReadFlagRequest(
            logonID: logonID, responseHandleIndex: responseHandleIndex, inputHandleIndex: inputHandleIndex,
            readFlags: readFlags, clientData: clientData)
    }
}

/// RopSetMessageReadFlag response (MS-OXCROPS 2.2.6.11.2, 2.2.6.11.3). The header echoes
/// ResponseHandleIndex. Success fields: ReadStatusChanged (1), then LogonId (1) and ClientData (24) only
/// when ReadStatusChanged is nonzero (public folders). A private mailbox always answers
/// ReadStatusChanged 0, i.e. 7 bytes. A failure response is the 6-byte header.
public struct RopSetMessageReadFlagResponse: RopResponseCodec {
    public static let ropID = RopID.setMessageReadFlag

    /// The public-folder part of a success response.
    public struct ReadStatusChange: Hashable, Sendable {
        public var logonID: UInt8
        public var clientData: LongTermID

        public init(logonID: UInt8, clientData: LongTermID) {
            self.logonID = logonID
            self.clientData = clientData
        }
    }

    public var responseHandleIndex: UInt8
    /// On success: nil when ReadStatusChanged is zero.
    public var outcome: RopOutcome<ReadStatusChange?>

    public init(responseHandleIndex: UInt8, outcome: RopOutcome<ReadStatusChange?>) {
        self.responseHandleIndex = responseHandleIndex
        self.outcome = outcome
    }

    public var returnValue: ErrorCode { outcome.returnValue }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendResponseHeader(Self.ropID, index: responseHandleIndex, returnValue: outcome.returnValue)
        guard case let .success(change) = outcome else { return }
        guard let change else {
            buffer.append(0)
            return
        }
        buffer.append(1)
        buffer.append(change.logonID)
        change.clientData.encode(into: &buffer)
    }

    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopSetMessageReadFlagResponse {
        let header = try reader.readResponseHeader(ropID, indexField: "ResponseHandleIndex")
        guard header.returnValue.isSuccess else {
            return RopSetMessageReadFlagResponse(responseHandleIndex: header.index, outcome: .failure(header.returnValue))
        }
        guard try reader.readUInt8("ReadStatusChanged") != 0 else {
            return RopSetMessageReadFlagResponse(responseHandleIndex: header.index, outcome: .success(nil))
        }
        let change = ReadStatusChange(logonID: try reader.readUInt8("LogonId"), clientData: try LongTermID.decode(from: &reader, "ClientData"))
        return RopSetMessageReadFlagResponse(responseHandleIndex: header.index, outcome: .success(change))
    }
}
