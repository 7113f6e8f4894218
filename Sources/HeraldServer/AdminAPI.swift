import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The running server's admin API: how `herald user …` and `herald deliver` reach the mailbox
/// store while `herald serve` owns it, so a delivery wakes the sessions waiting on it.
///
/// Requests carry `Authorization: Bearer <token>`, the random token the server wrote to
/// `server.json` in its data directory (mode 0600): whoever can read it could open the database
/// anyway. Bodies are JSON; failures answer 400 `{"error": "…"}`.
public enum AdminAPI {
    public static let pathPrefix = "/herald/admin"

    public struct UserRequest: Codable, Sendable {
        public var name: String
        public var password: String?
        public var displayName: String?

        public init(name: String, password: String? = nil, displayName: String? = nil) {
            self.name = name
            self.password = password
            self.displayName = displayName
        }
    }

    public struct ErrorBody: Codable, Sendable {
        public var error: String
        public init(error: String) { self.error = error }
    }

    public struct OK: Codable, Sendable {
        public var ok = true
        public init() {}
    }

    /// Registers the admin routes. `credentialsChanged` runs after a password change or removal
    /// (the transport forgets its cached verifications).
    static func addRoutes<Context: RequestContext>(
        to router: Router<Context>,
        accounts: HeraldAccounts,
        token: String,
        credentialsChanged: @escaping @Sendable () async -> Void
    ) {
        let expected = Array("Bearer \(token)".utf8)
        router.post(RouterPath(pathPrefix + "/user-add")) { request, _ in
            await handle(request, expected, UserRequest.self) { user throws(HeraldError) in
                try accounts.addUser(user.name, password: user.password ?? "", displayName: user.displayName)
            }
        }
        router.post(RouterPath(pathPrefix + "/user-passwd")) { request, _ in
            let response = await handle(request, expected, UserRequest.self) { user throws(HeraldError) in
                try accounts.setPassword(user.name, password: user.password ?? "")
                return OK()
            }
            await credentialsChanged()
            return response
        }
        router.post(RouterPath(pathPrefix + "/user-remove")) { request, _ in
            let response = await handle(request, expected, UserRequest.self) { user throws(HeraldError) in
                try accounts.removeUser(user.name)
                return OK()
            }
            await credentialsChanged()
            return response
        }
        router.post(RouterPath(pathPrefix + "/users")) { request, _ in
            await handle(request, expected, OK.self) { _ throws(HeraldError) in try accounts.listUsers() }
        }
        router.post(RouterPath(pathPrefix + "/deliver")) { request, _ in
            await handle(request, expected, HeraldAccounts.Delivery.self) { delivery throws(HeraldError) in try accounts.deliver(delivery) }
        }
    }

    static func authorized(_ request: Request, expected: [UInt8]) -> Bool {
        guard let header = request.headers[.authorization] else { return false }
        let presented = Array(header.utf8)
        guard presented.count == expected.count else { return false }
        var difference: UInt8 = 0
        for index in presented.indices { difference |= presented[index] ^ expected[index] }
        return difference == 0
    }

    static func handle<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ request: Request, _ expected: [UInt8], _ input: Input.Type, _ body: @escaping @Sendable (Input) throws(HeraldError) -> Output
    ) async -> Response {
        var request = request
        guard authorized(request, expected: expected) else { return json(ErrorBody(error: "unauthorized"), status: .unauthorized) }
        let decoded: Input
        do {
            let bytes = try await request.collectBody(upTo: 1 << 20)
            decoded = try JSONDecoder().decode(Input.self, from: Data(bytes.readableBytesView))
        } catch {
            return json(ErrorBody(error: "bad request: \(error)"), status: .badRequest)
        }
        do throws(HeraldError) {
            return json(try body(decoded))
        } catch {
            return json(ErrorBody(error: error.description), status: .badRequest)
        }
    }

    static func json<Body: Encodable>(_ body: Body, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONEncoder().encode(body)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
