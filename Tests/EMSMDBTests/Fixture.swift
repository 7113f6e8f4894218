import EMSMDB
import Foundation
import MAPIWire
import MailboxStore
import NotificationEngine

/// Parses hex with any whitespace, e.g. `"2A 03 00"`. Test input only (traps on bad digits).
func hex(_ text: String) -> [UInt8] {
    let digits = text.filter { !$0.isWhitespace }
    precondition(digits.count % 2 == 0, "odd hex digit count")
    var bytes: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        bytes.append(UInt8(digits[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}

/// Upper-case hex, bytes separated by spaces.
func hexString<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
    bytes.map { byte in
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }.joined(separator: " ")
}

extension UInt32 {
    /// Little-endian bytes, for building expected buffers.
    var le: [UInt8] { [UInt8(self & 0xFF), UInt8(self >> 8 & 0xFF), UInt8(self >> 16 & 0xFF), UInt8(self >> 24)] }
}

extension ObjectID {
    /// The 8 wire bytes.
    var wire: [UInt8] {
        var bytes: [UInt8] = []
        encode(into: &bytes)
        return bytes
    }
}

/// A deterministic FILETIME clock for the store: each reading is 1 s after the previous one.
final class StoreTestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: UInt64 = 133_000_000_000_000_000
    func read() -> UInt64 {
        lock.lock(); defer { lock.unlock() }
        now += 10_000_000
        return now
    }
}

/// The output of one ROP buffer: responses and the echoed handle table.
struct RopOutput {
    var ropsList: [UInt8]
    var handles: [UInt32]

    /// The responses, decoded by MAPIWire (traps if the processor wrote a malformed buffer — which is
    /// the point of the test).
    func responses() throws -> [RopResponse] {
        try RopResponseReader.decodeAll(ropsList).map(\.response)
    }
}

/// An in-memory store + notification hub + EMSMDB server with provisioned users, and helpers to run
/// raw ROP buffers. Shared by every ROP area's tests: create one per test.
final class EMSMDBFixture {
    let server: EMSMDBServer
    var store: MailboxStore { server.store }
    var hub: NotificationHub { server.hub }
    /// Logon time every RopLogon reports: 2026-11-29 06:00:00 UTC, a Sunday.
    static let fixedTime: Double = 1_795_932_000

    init(
        users: [String] = ["alice", "bob"],
        configuration: EMSMDBConfiguration = EMSMDBConfiguration(),
        engineConfiguration: EngineConfiguration = EngineConfiguration()
    ) throws {
        var storeConfiguration = MailboxStore.Configuration()
        let clock = StoreTestClock()
        storeConfiguration.clock = { clock.read() }
        var configuration = configuration
        configuration.clock = { EMSMDBFixture.fixedTime }
        server = try EMSMDBServer(
            backend: try SQLiteBackend(), storeConfiguration: storeConfiguration, engineConfiguration: engineConfiguration,
            configuration: configuration)
        for user in users {
            _ = try server.store.createMailbox(userName: user, legacyExchangeDN: Self.legacyDN(user))
        }
    }

    static func legacyDN(_ user: String) -> String {
        "/o=Herald/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=\(user)"
    }

    func mailbox(_ user: String) -> MailboxRecord { store.mailbox(userName: user)! }

    func folderID(_ user: String, _ folder: SpecialFolder) throws -> FolderID {
        try store.specialFolderID(mailbox(user).id, folder)
    }

    func connect(_ user: String, linkTo other: EMSMDBSession? = nil) -> EMSMDBSession {
        if let other {
            return server.connect(userName: user, linkIndex: UInt32(other.index.rawValue), linkTimeStamp: other.timeStamp)!
        }
        return server.connect(userName: user)!
    }

    /// Runs a raw RopsList with a handle table; `maxRopOut` bounds the whole output RopBuffer.
    func run(_ session: EMSMDBSession, _ ropsList: [UInt8], handles: [UInt32], maxRopOut: Int = 0x8000) throws -> RopOutput {
        var input: [UInt8] = []
        RopBuffer(ropsList: ropsList, handleTable: handles).encode(into: &input)
        let output = try server.executeRops(session: session, ropBuffer: input, maxRopOut: maxRopOut)
        let decoded = try RopBuffer.decode(output)
        return RopOutput(ropsList: decoded.ropsList, handles: decoded.handleTable)
    }

    /// Runs typed requests (encoded by MAPIWire).
    func run(_ session: EMSMDBSession, _ requests: [RopRequest], handles: [UInt32], maxRopOut: Int = 0x8000) throws -> RopOutput {
        var ropsList: [UInt8] = []
        for request in requests { request.encode(into: &ropsList) }
        return try run(session, ropsList, handles: handles, maxRopOut: maxRopOut)
    }

    /// An empty ROP buffer (a notification poll).
    func poll(_ session: EMSMDBSession, maxRopOut: Int = 0x8000) throws -> RopOutput {
        try run(session, [UInt8](), handles: [], maxRopOut: maxRopOut)
    }

    /// Raw RopLogon request for `user`'s mailbox (Private, no OpenFlags).
    static func logonRequest(_ user: String, logonID: UInt8 = 0, outputIndex: UInt8 = 0) -> [UInt8] {
        var bytes: [UInt8] = []
        RopLogonRequest(logonID: logonID, outputHandleIndex: outputIndex, logonFlags: RopLogonRequest.LogonFlags.private, openFlags: 0,
                        distinguishedName: legacyDN(user)).encode(into: &bytes)
        return bytes
    }

    /// Logs `session` on to its own mailbox; returns the Logon handle.
    func logon(_ session: EMSMDBSession, logonID: UInt8 = 0) throws -> UInt32 {
        let output = try run(session, Self.logonRequest(session.userName, logonID: logonID), handles: [RopBuffer.unusedHandle])
        guard case let .logon(response)? = try output.responses().first, response.returnValue == .success else {
            throw FixtureError.unexpected("logon failed: \(hexString(output.ropsList))")
        }
        return output.handles[0]
    }

    /// Subscribes `session` (already logged on with `logonHandle`) to `types` over the whole mailbox;
    /// returns the subscription handle.
    func subscribeWholeStore(_ session: EMSMDBSession, logonHandle: UInt32, types: NotificationTypes, logonID: UInt8 = 0) throws -> UInt32 {
        let request = RopRegisterNotificationRequest(
            logonID: logonID, inputHandleIndex: 0, outputHandleIndex: 1, notificationTypes: types, scope: .wholeStore)
        let output = try run(session, [.registerNotification(request)], handles: [logonHandle, RopBuffer.unusedHandle])
        guard case let .registerNotification(response)? = try output.responses().first, response.returnValue == .success else {
            throw FixtureError.unexpected("subscribe failed: \(hexString(output.ropsList))")
        }
        return output.handles[1]
    }
}

enum FixtureError: Error {
    case unexpected(String)
}
