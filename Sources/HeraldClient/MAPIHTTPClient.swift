import Foundation
import MAPIWire
import NIOCore
import NIOHTTP1

/// A MAPI over HTTP client (MS-OXCMAPIHTTP) for one mailbox: HTTP Basic credentials, the session
/// cookie jar, the request-type headers and the inner stream of every response.
///
/// The cookie jar is replaced with the cookies of each response that carries any (the server
/// re-sends both on every response, 3.1.5). Not for concurrent Execute calls; a NotificationWait
/// may run beside one (the client's connection pool holds one connection for each).
public actor MAPIHTTPClient {
    public let baseURL: String
    public let userName: String
    private let authorization: String
    private let httpClient: HeraldHTTPClient
    private var cookies: [String: String] = [:]
    private var requestCounter = 0
    private let clientInfo = "{" + UUID().uuidString + "}"
    /// The mailbox endpoint path (from Autodiscover, or the default).
    public var mailboxPath = "/mapi/emsmdb/"

    /// `configuration` sets the connection pool, connect timeout and TLS trust of this client's
    /// own ``HeraldHTTPClient`` (one per MAPIHTTPClient, as a MAPI/HTTP client keeps its own
    /// connections per session).
    public init(baseURL: String, userName: String, password: String,
                configuration: HeraldHTTPClient.Configuration = MAPIHTTPClient.defaultHTTPConfiguration) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.userName = userName
        self.authorization = "Basic " + Data("\(userName):\(password)".utf8).base64EncodedString()
        self.httpClient = HeraldHTTPClient(baseURL: self.baseURL, configuration: configuration)
    }

    /// Two connections suffice (a held NotificationWait and an Execute); a little headroom for
    /// callers that overlap more. Bodies up to 64 MiB.
    public static let defaultHTTPConfiguration = HeraldHTTPClient.Configuration(maximumConnections: 4, maximumResponseBodySize: 64 << 20)

    /// A completed mailbox request: the HTTP status, X-ResponseCode, and the request-type body
    /// (MS-OXCMAPIHTTP 2.2.4) or, for a failure, the diagnostic.
    public struct Reply: Sendable {
        public var status: Int
        public var responseCode: Int
        public var headers: [(String, String)]
        public var metaTags: [String]
        public var body: [UInt8]

        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    public enum ClientError: Error, CustomStringConvertible, Sendable {
        case http(status: Int, String)
        case responseCode(Int, String)
        case malformed(String)

        public var description: String {
            switch self {
            case let .http(status, text): "HTTP \(status): \(text)"
            case let .responseCode(code, text): "X-ResponseCode \(code): \(text)"
            case let .malformed(text): "malformed response: \(text)"
            }
        }
    }

    /// Closes this client's connections; it cannot send afterwards. The session context lives on
    /// on the server (it is bound to the cookies, not to a connection).
    public nonisolated func shutdown() {
        httpClient.shutdown()
    }

    public func forgetSession() {
        cookies = [:]
    }

    public var hasSession: Bool { cookies["MapiContext"] != nil }

    /// The session cookies the next request will send.
    public var currentCookies: [String: String] { cookies }

    /// One mailbox request; the whole inner stream is read before returning.
    public func send(_ requestType: String, body: [UInt8], timeout: Duration = .seconds(600)) async throws -> Reply {
        requestCounter += 1
        var requestHeaders = HTTPHeaders()
        requestHeaders.add(name: "Authorization", value: authorization)
        requestHeaders.add(name: "Content-Type", value: "application/mapi-http")
        requestHeaders.add(name: "X-RequestType", value: requestType)
        requestHeaders.add(name: "X-RequestId", value: "\(clientInfo):\(requestCounter)")
        requestHeaders.add(name: "X-ClientInfo", value: clientInfo)
        requestHeaders.add(name: "X-ClientApplication", value: "Herald-watch/1.0")
        if !cookies.isEmpty {
            requestHeaders.add(name: "Cookie", value: cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        let response: HeraldHTTPClient.Response
        do {
            response = try await httpClient.execute(.init(method: .POST, path: mailboxPath, headers: requestHeaders, body: ByteBuffer(bytes: body), timeout: timeout))
        } catch HTTPClientError.responseBodyTooLarge {
            throw ClientError.malformed("response too large")
        }
        let received = Array(response.body.readableBytesView)
        let headers = response.headers.map { ($0.name, $0.value) }
        let setCookies = Self.cookies(from: response.setCookies)
        if !setCookies.isEmpty { cookies = setCookies }
        let code = Int(response.headers.first(name: "X-ResponseCode") ?? "") ?? -1
        guard response.status == .ok else {
            throw ClientError.http(status: Int(response.status.code), String(decoding: received, as: UTF8.self))
        }
        guard code == 0 else {
            throw ClientError.responseCode(code, Self.stripHTML(String(decoding: received, as: UTF8.self)))
        }
        let (tags, payload) = try Self.splitInnerStream(received)
        if let failure = tags.first(where: { $0.hasPrefix("X-ResponseCode: ") }) {
            let late = Int(failure.dropFirst("X-ResponseCode: ".count)) ?? -1
            throw ClientError.responseCode(late, Self.stripHTML(String(decoding: payload, as: UTF8.self)))
        }
        return Reply(status: Int(response.status.code), responseCode: code, headers: headers, metaTags: tags, body: payload)
    }

    /// `PROCESSING`, `PENDING`…, `DONE`, additional headers, an empty line, then the body
    /// (MS-OXCMAPIHTTP 2.2.7).
    public static func splitInnerStream(_ bytes: [UInt8]) throws -> (lines: [String], body: [UInt8]) {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard bytes.count >= 4 else { throw ClientError.malformed("no inner stream") }
        var index = 0
        while index + 4 <= bytes.count {
            if bytes[index] == 13, Array(bytes[index..<index + 4]) == separator {
                let text = String(decoding: bytes[..<index], as: UTF8.self)
                let lines = text.components(separatedBy: "\r\n")
                guard lines.contains("DONE") else { throw ClientError.malformed("no DONE in the inner stream") }
                return (lines, Array(bytes[(index + 4)...]))
            }
            index += 1
        }
        throw ClientError.malformed("the inner stream does not end")
    }

    /// The cookies of `Set-Cookie` header values (name → value, attributes dropped).
    public static func cookies(from values: [String]) -> [String: String] {
        var jar: [String: String] = [:]
        for value in values {
            guard let pair = value.split(separator: ";").first, let equals = pair.firstIndex(of: "=") else { continue }
            jar[String(pair[..<equals]).trimmingCharacters(in: .whitespaces)] = String(pair[pair.index(after: equals)...])
        }
        return jar
    }

    static func stripHTML(_ text: String) -> String {
        var output = ""
        var inTag = false
        for character in text {
            if character == "<" { inTag = true; output.append(" "); continue }
            if character == ">" { inTag = false; continue }
            if !inTag { output.append(character) }
        }
        return output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    // MARK: Autodiscover

    public struct AutodiscoverResult: Sendable, Equatable {
        public var legacyDN: String
        public var displayName: String
        public var mailStoreURL: String
    }

    /// POX Autodiscover (MS-OXDSCLI), sent anonymously as clients do first.
    public func autodiscover(emailAddress: String) async throws -> AutodiscoverResult {
        let xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
              <Request>
                <EMailAddress>\(emailAddress)</EMailAddress>
                <AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>
              </Request>
            </Autodiscover>
            """
        let response = try await httpClient.execute(.init(method: .POST, path: "/autodiscover/autodiscover.xml", headers: ["Content-Type": "text/xml"],
                                                          body: ByteBuffer(string: xml), timeout: .seconds(30), maximumResponseBodySize: 1 << 20))
        let text = String(buffer: response.body)
        guard let legacyDN = Self.element("LegacyDN", in: text) else {
            throw ClientError.malformed("Autodiscover found no mailbox for \(emailAddress): \(Self.element("Message", in: text) ?? text)")
        }
        var mailStore = Self.element("MailStore", in: text).flatMap { Self.element("ExternalUrl", in: $0) } ?? (baseURL + "/mapi/emsmdb/")
        mailStore = mailStore.replacingOccurrences(of: "&amp;", with: "&")
        return AutodiscoverResult(legacyDN: legacyDN.replacingOccurrences(of: "&amp;", with: "&"),
                                  displayName: Self.element("DisplayName", in: text) ?? "", mailStoreURL: mailStore)
    }

    /// Uses the mailbox URL Autodiscover returned (its path and query; the host stays ours).
    public func useMailStoreURL(_ url: String) {
        guard let components = URLComponents(string: url) else { return }
        var path = components.percentEncodedPath.isEmpty ? "/mapi/emsmdb/" : components.percentEncodedPath
        if let query = components.percentEncodedQuery { path += "?" + query }
        mailboxPath = path
    }

    static func element(_ name: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(name)>"), let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex) else { return nil }
        return String(text[open.upperBound..<close.lowerBound])
    }
}
