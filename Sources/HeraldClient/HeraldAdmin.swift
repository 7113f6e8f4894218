import Foundation
import HeraldServer
import MailboxStore
import NIOCore
import NIOHTTP1

/// Runs a `herald user …` / `herald deliver` operation where the mailbox store lives: through the
/// running server's admin API when `herald serve` holds the data directory (so its sessions see
/// the change and get their notifications), otherwise directly on the database, holding the data
/// directory's lock for the duration so a server cannot start underneath.
public enum HeraldAdmin {
    public enum Route: Sendable, Equatable {
        case server(adminURL: String)
        case direct
    }

    public static func perform<Result: Sendable>(
        dataDirectory: String,
        domain: String,
        remote: @Sendable (AdminClient) async throws -> Result,
        local: @Sendable (HeraldAccounts) throws -> Result
    ) async throws -> (Result, Route) {
        let directory = HeraldDataDirectory(path: dataDirectory)
        if let lock = try directory.tryLock() {
            defer { lock.unlock() }
            let accounts = try openDirect(directory, domain: domain)
            return (try local(accounts), .direct)
        }
        guard let info = directory.readServerInfo() else {
            throw HeraldError("\(dataDirectory) is locked by a running server that has not published its admin address yet; try again")
        }
        let client = AdminClient(info: info)
        return (try await remote(client), .server(adminURL: info.adminURL))
    }

    static func openDirect(_ directory: HeraldDataDirectory, domain: String) throws -> HeraldAccounts {
        let backend = try SQLiteBackend(path: directory.databasePath)
        let store = try MailboxStore(backend: backend)
        return HeraldAccounts(backend: backend, store: store, domain: domain)
    }
}

/// Client of the server's admin API (``AdminAPI``).
public struct AdminClient: Sendable {
    public let info: HeraldDataDirectory.ServerInfo
    let httpClient: HeraldHTTPClient

    /// Admin replies (user lists) stay well under 16 MiB.
    public init(info: HeraldDataDirectory.ServerInfo,
                configuration: HeraldHTTPClient.Configuration = .init(maximumConnections: 2, maximumResponseBodySize: 16 << 20)) {
        self.info = info
        self.httpClient = HeraldHTTPClient(baseURL: info.adminURL, configuration: configuration)
    }

    public func call<Input: Encodable & Sendable, Output: Decodable & Sendable>(_ operation: String, _ input: Input, as output: Output.Type) async throws -> Output {
        let headers: HTTPHeaders = ["Authorization": "Bearer \(info.token)", "Content-Type": "application/json"]
        let response = try await httpClient.execute(.init(method: .POST, path: AdminAPI.pathPrefix + "/" + operation, headers: headers,
                                                          body: ByteBuffer(bytes: try JSONEncoder().encode(input)), timeout: .seconds(60)))
        let data = Data(response.body.readableBytesView)
        guard response.status == .ok else {
            let message = (try? JSONDecoder().decode(AdminAPI.ErrorBody.self, from: data))?.error ?? "HTTP \(response.status.code)"
            throw HeraldError(message)
        }
        return try JSONDecoder().decode(Output.self, from: data)
    }

    public func addUser(_ name: String, password: String, displayName: String?) async throws -> HeraldAccounts.UserSummary {
        try await call("user-add", AdminAPI.UserRequest(name: name, password: password, displayName: displayName), as: HeraldAccounts.UserSummary.self)
    }

    public func setPassword(_ name: String, password: String) async throws {
        _ = try await call("user-passwd", AdminAPI.UserRequest(name: name, password: password), as: AdminAPI.OK.self)
    }

    public func removeUser(_ name: String) async throws {
        _ = try await call("user-remove", AdminAPI.UserRequest(name: name), as: AdminAPI.OK.self)
    }

    public func listUsers() async throws -> [HeraldAccounts.UserSummary] {
        try await call("users", AdminAPI.OK(), as: [HeraldAccounts.UserSummary].self)
    }

    public func deliver(_ delivery: HeraldAccounts.Delivery) async throws -> HeraldAccounts.DeliveryReceipt {
        try await call("deliver", delivery, as: HeraldAccounts.DeliveryReceipt.self)
    }
}
