import Foundation
import Testing
import DCERPC
import DCERPCNTLM
import NTLM
#if canImport(Glibc)
import Glibc
#endif

/// End-to-end: impacket's DCE/RPC client (`Scripts/dcerpc-vectors/impacket_client.py`) talks to
/// `RPCServerConnection` + `NTLMSecurityProvider` + the EMSMDB stubs over a real loopback TCP socket.
/// Skipped when the impacket venv (`.venv/`, created by `.ci/run`) is absent.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let impacketPython = repositoryRoot.appendingPathComponent(".venv/bin/python").path

@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: impacketPython)), .serialized)
struct ImpacketInteropTests {
    /// A tiny EMSMDB: dummy, connect (mints a handle), rpcExt2 (echoes rgbIn), disconnect.
    struct EchoEMSMDB {
        var handles = ContextHandleTable<String>()

        mutating func handle(_ call: RPCCall) -> Result<[UInt8], FaultStatus> {
            if call.interface == .endpointMapper {
                guard call.opnum == EptMapRequest.opnum else { return .failure(.operationRangeError) }
                do {
                    let request = try EptMapRequest.decode(call.stub)
                    return .success(EndpointMapper.map(request, interfaces: [.emsmdb, .asyncEMSMDB], port: 6001, ipv4: (127, 0, 0, 1)).encode())
                } catch { return .failure(error.status) }
            }
            let decoded: EMSMDBCall
            do { decoded = try EMSMDBCall.decode(interface: call.interface, opnum: call.opnum, stub: call.stub) } catch { return .failure(error.status) }
            switch decoded {
            case .dummy:
                return .success(EcDummyRpc.encodeResponse())
            case let .connectEx(request):
                guard let handle = handles.insert(String(decoding: request.userDN, as: UTF8.self)) else { return .failure(.remoteNoMemory) }
                return .success(EcDoConnectExResponse(handle: handle, sessionIndex: 1, dnPrefix: Array("/o=Herald".utf8), displayName: Array("Alice".utf8),
                                                      serverVersion: [0x0F, 0x8000 | 1497, 0], bestVersion: request.clientVersion, timeStamp: 42).encode())
            case let .rpcExt2(request):
                if case let .failure(error) = handles.lookup(request.handle) { return .failure(error.faultStatus) }
                return .success(EcDoRpcExt2Response(handle: request.handle, ropOut: request.ropIn).encode())
            case let .asyncConnectEx(request):
                if case let .failure(error) = handles.lookup(request.handle) { return .failure(error.faultStatus) }
                guard let asyncHandle = handles.insert("async") else { return .failure(.remoteNoMemory) }
                return .success(EcDoAsyncConnectExRequest.encodeResponse(asyncHandle: asyncHandle, returnValue: 0))
            case let .asyncWaitEx(request):
                if case let .failure(error) = handles.lookup(request.asyncHandle) { return .failure(error.faultStatus) }
                return .success(EcDoAsyncWaitExRequest.encodeResponse(flagsOut: EcDoAsyncWaitExRequest.notificationPending, returnValue: 0))
            case let .disconnect(request):
                if case let .failure(error) = handles.lookup(request.handle) { return .failure(error.faultStatus) }
                handles.remove(request.handle)
                return .success(EcDoDisconnectRequest.encodeResponse())
            default:
                return .failure(.operationRangeError)
            }
        }
    }

    /// Listens on 127.0.0.1 (ephemeral port), serves one connection on a thread, runs impacket, returns its output.
    func run(level: Int, password: String = "Secret#1", mode: String? = nil) throws -> [String: String] {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(listener >= 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        #expect(bound == 0)
        listen(listener, 1)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        let port = UInt16(bigEndian: address.sin_port)

        let configuration = RPCServerConfiguration(interfaces: [.emsmdb, .asyncEMSMDB, .endpointMapper], secondaryAddress: String(port),
                                                   allowsAnonymous: level == 0)
        var challenge = [UInt8](repeating: 0, count: 8)
        var generator = SystemRandomNumberGenerator()
        for index in challenge.indices { challenge[index] = UInt8.random(in: 0...255, using: &generator) }
        let provider = NTLMSecurityProvider(
            server: NTLMServer(netBIOSDomain: "HERALD", netBIOSComputer: "MAIL", dnsDomain: "herald.test", dnsComputer: "mail.herald.test"),
            serverChallenge: challenge, timestamp: 133_000_000_000_000_000,
            lookup: { user, _ in user.lowercased() == "alice" ? NTLMCrypto.ntHash(password: "Secret#1") : nil })

        let serverThread = Thread {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            var connection = RPCServerConnection(configuration: configuration, security: provider)
            var emsmdb = EchoEMSMDB()
            var buffer = [UInt8](repeating: 0, count: 65536)
            serve: while true {
                let count = read(client, &buffer, buffer.count)
                guard count > 0 else { break }
                var pending = connection.receive(Array(buffer[0..<count]))
                while !pending.isEmpty {
                    let action = pending.removeFirst()
                    switch action {
                    case let .send(bytes):
                        var offset = 0
                        while offset < bytes.count {
                            let written = bytes[offset...].withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
                            guard written > 0 else { break serve }
                            offset += written
                        }
                    case let .dispatch(call):
                        switch emsmdb.handle(call) {
                        case let .success(stub): pending += connection.respond(callID: call.callID, stub: stub)
                        case let .failure(status): pending += connection.fault(callID: call.callID, status: status)
                        }
                    case .cancel:
                        break
                    case .close:
                        break serve
                    }
                }
            }
            close(client)
        }
        serverThread.start()

        let process = Process()
        process.executableURL = URL(fileURLWithPath: impacketPython)
        process.arguments = [repositoryRoot.appendingPathComponent("Scripts/dcerpc-vectors/impacket_client.py").path, String(port), mode ?? String(level), password]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        close(listener)
        let text = String(decoding: data, as: UTF8.self)
        var results: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { results[String(parts[0])] = String(parts[1]) }
        }
        if results["done"] == nil && results["bind_error"] == nil && results["dummy_error"] == nil { Issue.record("impacket output:\n\(text)") }
        return results
    }

    func expectFullSession(_ results: [String: String]) {
        #expect(results["bound"] == "1")
        #expect(results["dummy"] == "0")
        #expect(results["connect"] == "0 1 Alice")
        #expect(results["rpcext2"] == "0 9000 True")     // fragmented request and response, echoed intact
        #expect(results["range"] == "rpc_x_bad_stub_data")             // pcbOut > BIG_RANGE_ULONG → RPC_X_BAD_STUB_DATA
        #expect(results["opnum7"] == "nca_s_op_rng_error")       // nca_s_op_rng_error
        #expect(results["asyncconnect"] == "0")
        #expect(results["asyncwait"] == "0 1")           // AsyncEMSMDB via alter_context, second security context
        #expect(results["dummy_after_alter"] == "0")     // the first context still works
        #expect(results["disconnect"] == "0 True")       // handle NULLed
        #expect(results["stale"] == "nca_s_fault_context_mismatch")        // nca_s_fault_context_mismatch
        #expect(results["done"] == "1")
    }

    @Test func anonymous() throws { expectFullSession(try run(level: 0)) }
    @Test func ntlmConnect() throws { expectFullSession(try run(level: 2)) }
    @Test func ntlmPacketIntegrity() throws { expectFullSession(try run(level: 5)) }
    @Test func ntlmPacketPrivacy() throws { expectFullSession(try run(level: 6)) }

    /// impacket's `epm.hept_map` resolves EMSMDB to Herald's port through `EndpointMapper`.
    @Test func endpointMapperLookup() throws {
        let results = try run(level: 0, mode: "epm")
        #expect(results["epm"] == "ncacn_ip_tcp:127.0.0.1[6001]")
        #expect(results["epm_unknown"] == "0x16c9a0d6 0")  // ept_s_not_registered, no towers
    }

    @Test func wrongPasswordIsRefused() throws {
        let results = try run(level: 6, password: "wrong")
        // impacket finishes the bind (auth3 has no reply); the first call is refused with access denied.
        #expect(results["bound"] == "1")
        #expect(results["dummy_error"] == "rpc_s_access_denied")
        #expect(results["dummy"] == nil)
    }
}
