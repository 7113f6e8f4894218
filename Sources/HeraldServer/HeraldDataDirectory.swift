import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Herald's data directory (`./herald-data` by default): the SQLite database with every mailbox
/// and account, the server lock and, while a server runs, the file that tells the CLI how to
/// reach it.
///
/// One process owns the database at a time (the store keeps loaded mailboxes in memory,
/// docs/STORE.md). `herald serve` holds an exclusive `flock` on `server.lock` for its lifetime;
/// the other commands try the same lock without blocking: if they get it no server runs and they
/// open the database themselves (holding the lock so a server cannot start underneath them);
/// if they do not, they send their change to the running server's admin API instead, whose
/// address and token are in `server.json`.
public struct HeraldDataDirectory: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public var databasePath: String { path + "/herald.sqlite" }
    public var lockPath: String { path + "/server.lock" }
    public var serverInfoPath: String { path + "/server.json" }

    /// Creates the directory (mode 0700: it holds password hashes and the admin token).
    public func create() throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    /// What a running server publishes for the CLI.
    public struct ServerInfo: Codable, Sendable, Equatable {
        /// Where the admin API answers (the listener's own address; loopback when bound to a wildcard).
        public var adminURL: String
        /// A random bearer token; reading it needs the same file-system access as opening the database.
        public var token: String
        public var pid: Int32
        /// The DCE/RPC (ncacn_ip_tcp) port when `--rpc-listen` is given.
        public var rpcPort: Int?

        public init(adminURL: String, token: String, pid: Int32, rpcPort: Int? = nil) {
            self.adminURL = adminURL
            self.token = token
            self.pid = pid
            self.rpcPort = rpcPort
        }
    }

    public func writeServerInfo(_ info: ServerInfo) throws {
        let data = try JSONEncoder().encode(info)
        let temporary = serverInfoPath + ".tmp"
        _ = FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600])
        _ = rename(temporary, serverInfoPath)
    }

    public func readServerInfo() -> ServerInfo? {
        guard let data = FileManager.default.contents(atPath: serverInfoPath) else { return nil }
        return try? JSONDecoder().decode(ServerInfo.self, from: data)
    }

    public func removeServerInfo() {
        _ = unlink(serverInfoPath)
    }

    /// Tries to take the data directory's exclusive lock; nil when another process holds it.
    public func tryLock() throws -> DataDirectoryLock? {
        try create()
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw HeraldError("cannot open \(lockPath): \(String(cString: strerror(errno)))") }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            close(descriptor)
            return nil
        }
        return DataDirectoryLock(descriptor: descriptor)
    }

    /// Takes the lock, retrying for up to `timeout` (a CLI command may hold it briefly).
    public func lock(timeout: Duration) async throws -> DataDirectoryLock? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let lock = try tryLock() { return lock }
            if ContinuousClock.now >= deadline { return nil }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// An held `flock`; released by ``unlock()`` or when the process exits (even by a crash).
public final class DataDirectoryLock: @unchecked Sendable {
    // Guarded by `mutex`.
    private var descriptor: Int32
    private let mutex = NSLock()

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public func unlock() {
        mutex.lock()
        defer { mutex.unlock() }
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { unlock() }
}

/// A failure with a message for the person at the terminal.
public struct HeraldError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
