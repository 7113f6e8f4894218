/// The mailbox (EMSMDB) values of the `X-RequestType` header.
///
/// MS-OXCMAPIHTTP 2.2.3.3.1. The address-book (NSPI) request types are not served by this
/// endpoint and are answered with ``MAPIHTTPResponseCode/invalidRequestType``.
public enum MAPIHTTPRequestType: String, Sendable, Hashable, CaseIterable {
    case connect = "Connect"
    case execute = "Execute"
    case disconnect = "Disconnect"
    case notificationWait = "NotificationWait"
    case ping = "PING"

    /// Header values compare case-insensitively: clients are not consistent about "PING"/"Ping".
    public init?(headerValue: String) {
        let lowered = headerValue.lowercased()
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == lowered }) else {
            return nil
        }
        self = match
    }
}
