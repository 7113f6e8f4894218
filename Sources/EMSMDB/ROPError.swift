import MAPIWire
import MailboxStore

/// How a ROP handler fails a ROP: the processor answers the request with its failure response
/// carrying ``code`` (MS-OXCROPS 2.2, "failure response buffer") and goes on with the next request.
///
/// Handlers may also throw `StoreError` (mapped through `StoreError.errorCode`) — any other error
/// becomes ecError (0x80004005).
public struct ROPError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// Fail this ROP with ReturnValue = code.
        case failure
        /// The ROP's response cannot fit in the space left even at its minimum (e.g. not one row of
        /// RopQueryRows): the handler changed nothing, and the processor ends the buffer with
        /// RopBufferTooSmall whose RequestBuffers start at this ROP (MS-OXCROPS 3.2.4.3).
        case responseDoesNotFit(sizeNeeded: Int)
    }

    public var code: ErrorCode
    public var kind: Kind

    public init(_ code: ErrorCode) {
        self.code = code
        self.kind = .failure
    }

    /// See ``Kind/responseDoesNotFit(sizeNeeded:)``; `sizeNeeded` is the response's own minimum size.
    public static func responseDoesNotFit(sizeNeeded: Int) -> ROPError {
        var error = ROPError(.bufferTooSmall)
        error.kind = .responseDoesNotFit(sizeNeeded: sizeNeeded)
        return error
    }

    /// The handle slot is out of range, holds 0xFFFFFFFF or a handle never issued, or the object is
    /// not of the kind the ROP needs (MS-OXCROPS 3.2.5.1).
    public static let nullObject = ROPError(.nullObject)
    /// The handle was released and not yet reused (MS-OXCROPS 3.2.5.4).
    public static let invalidObject = ROPError(.invalidObject)
    public static let notSupported = ROPError(.notSupported)
    public static let invalidParameter = ROPError(.invalidParameter)
    public static let accessDenied = ROPError(.accessDenied)

    public var description: String { "ROPError(\(code))" }

    /// The ReturnValue for any error a handler throws.
    static func returnValue(for error: any Error) -> ROPError {
        switch error {
        case let error as ROPError: error
        case let error as StoreError: ROPError(error.errorCode)
        default: ROPError(.generalFailure)
        }
    }
}

/// The whole call failed (EcDoRpcExt2 return value / MAPI/HTTP Execute ErrorCode): ecRpcFormat for
/// an unparsable request buffer (MS-OXCROPS 3.2.5.1), ecBufferTooSmall when not even the first
/// response fits (MS-OXCROPS 3.2.4.3). No state changed when the request buffer was malformed.
public struct EMSMDBCallError: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: ErrorCode
    /// For logs: the wire error or the reason.
    public var detail: String

    public init(_ code: ErrorCode, detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "EMSMDBCallError(\(code): \(detail))" }
}
