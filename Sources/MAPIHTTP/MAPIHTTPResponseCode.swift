/// The transport-level result carried in the `X-ResponseCode` header.
///
/// A value other than ``success`` means the request never reached (or was abandoned by) the
/// mailbox endpoint; the response body is then a `text/html` diagnostic rather than a
/// request-type body. Protocol failures that the endpoint reports itself (StatusCode/ErrorCode in
/// a request-type body) travel with `X-ResponseCode: 0`.
///
/// MS-OXCMAPIHTTP 2.2.3.3.3
public enum MAPIHTTPResponseCode: UInt32, Sendable, Hashable, CaseIterable {
    case success = 0
    case unknownFailure = 1
    case invalidVerb = 2
    case invalidPath = 3
    case invalidHeader = 4
    case invalidRequestType = 5
    case invalidContextCookie = 6
    case missingHeader = 7
    case anonymousNotAllowed = 8
    case tooLarge = 9
    case contextNotFound = 10
    case noPrivilege = 11
    case invalidRequestBody = 12
    case missingCookie = 13
    /// Reserved by the specification; clients ignore it and Herald never sends it.
    case reserved = 14
    case invalidSequence = 15
    case endpointDisabled = 16
    case invalidResponse = 17
    case endpointShuttingDown = 18

    /// The "Error" column of MS-OXCMAPIHTTP 2.2.3.3.3, used in diagnostic bodies.
    public var name: String {
        switch self {
        case .success: "Success"
        case .unknownFailure: "Unknown Failure"
        case .invalidVerb: "Invalid Verb"
        case .invalidPath: "Invalid Path"
        case .invalidHeader: "Invalid Header"
        case .invalidRequestType: "Invalid Request Type"
        case .invalidContextCookie: "Invalid Context Cookie"
        case .missingHeader: "Missing Header"
        case .anonymousNotAllowed: "Anonymous Not Allowed"
        case .tooLarge: "Too Large"
        case .contextNotFound: "Context Not Found"
        case .noPrivilege: "No Privilege"
        case .invalidRequestBody: "Invalid Request Body"
        case .missingCookie: "Missing Cookie"
        case .reserved: "Reserved"
        case .invalidSequence: "Invalid Sequence"
        case .endpointDisabled: "Endpoint Disabled"
        case .invalidResponse: "Invalid Response"
        case .endpointShuttingDown: "Endpoint Shutting Down"
        }
    }
}

/// A request that failed at the transport level: the code for `X-ResponseCode` and a short
/// human-readable reason for the `text/html` diagnostic body.
public struct MAPIHTTPFailure: Error, Sendable, Hashable {
    public var code: MAPIHTTPResponseCode
    public var diagnostic: String

    public init(_ code: MAPIHTTPResponseCode, _ diagnostic: String) {
        self.code = code
        self.diagnostic = diagnostic
    }
}
