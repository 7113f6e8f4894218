/// The response body shape shared by the MAPI/HTTP mailbox request types (MS-OXCMAPIHTTP 2.2.4):
/// StatusCode (4) first; zero introduces the request type's success body, any other value the failure
/// body StatusCode, AuxiliaryBufferSize (4), AuxiliaryBuffer.
public enum MAPIHTTPResponseBody<Success: Hashable & Sendable>: Hashable, Sendable {
    case success(Success)
    /// `statusCode` MUST be non-zero.
    case failure(statusCode: UInt32, auxiliaryBuffer: [UInt8])

    public var statusCode: UInt32 {
        switch self {
        case .success: 0
        case let .failure(statusCode, _): statusCode
        }
    }
}

extension ByteReader {
    /// A u32 byte count then that many bytes (AuxiliaryBufferSize/AuxiliaryBuffer, RopBufferSize/RopBuffer).
    mutating func readSizedBytes32(_ sizeField: String, _ field: String) throws(WireError) -> [UInt8] {
        let sizeOffset = offset
        let size = try readUInt32(sizeField)
        guard size <= UInt32(remaining) else {
            throw WireError(offset: sizeOffset, field: sizeField, kind: .truncated(needed: Int(size), available: remaining))
        }
        return try readBytes(Int(size), field)
    }

    /// Throws when bytes remain after a body that must fill its buffer.
    func expectEnd(_ field: String) throws(WireError) {
        guard isAtEnd else { throw WireError(offset: offset, field: field, kind: .trailingBytes(remaining)) }
    }
}

extension Array where Element == UInt8 {
    mutating func appendSizedBytes32(_ bytes: [UInt8]) {
        appendUInt32(UInt32(truncatingIfNeeded: bytes.count))
        append(contentsOf: bytes)
    }
}

extension MAPIHTTPResponseBody {
    func encode(into buffer: inout [UInt8], success encodeSuccess: (Success, inout [UInt8]) -> Void) {
        switch self {
        case let .success(body):
            buffer.appendUInt32(0)
            encodeSuccess(body, &buffer)
        case let .failure(statusCode, auxiliaryBuffer):
            buffer.appendUInt32(statusCode)
            buffer.appendSizedBytes32(auxiliaryBuffer)
        }
    }

    static func decode(
        _ bytes: [UInt8], success decodeSuccess: (inout ByteReader) throws(WireError) -> Success
    ) throws(WireError) -> MAPIHTTPResponseBody {
        var reader = ByteReader(bytes)
        let statusCode = try reader.readUInt32("StatusCode")
        let body: MAPIHTTPResponseBody
        if statusCode == 0 {
            body = .success(try decodeSuccess(&reader))
        } else {
            body = .failure(statusCode: statusCode, auxiliaryBuffer: try reader.readSizedBytes32("AuxiliaryBufferSize", "AuxiliaryBuffer"))
        }
        try reader.expectEnd("ResponseBody")
        return body
    }
}
