import DCERPC
import MAPIWire
#if canImport(Glibc)
import Glibc
#endif

/// A minimal unauthenticated DCE/RPC client over a POSIX socket, built on Herald's own PDU codecs,
/// for what impacket cannot do (join an association group, several contexts in one bind). Reads
/// poll without blocking so the test's cooperative thread is never held.
final class RawRPCClient {
    let socket: Int32
    private var inbound: [UInt8] = []
    private var nextCallID: UInt32 = 1

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw RawClientError.connectFailed }
    }

    private var isOpen = true

    deinit { close() }

    func close() {
        guard isOpen else { return }
        isOpen = false
        Glibc.close(socket)
    }

    enum RawClientError: Error, Equatable { case connectFailed, closed, timeout, unexpected(String) }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// The next whole PDU from the server.
    func receive(timeout: Duration = .seconds(20)) async throws -> PDU {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let length = CommonHeader.peekFragmentLength(inbound), inbound.count >= length {
                let bytes = Array(inbound[0..<length])
                inbound.removeFirst(length)
                return try PDU.decode(bytes)
            }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let count = recv(socket, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count > 0 {
                inbound.append(contentsOf: buffer[0..<count])
                continue
            }
            if count == 0 { throw RawClientError.closed }
            guard ContinuousClock.now < deadline else { throw RawClientError.timeout }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    func bind(_ interfaces: [SyntaxIdentifier], group: UInt32 = 0, alter: Bool = false) async throws -> PDU {
        let contexts = interfaces.enumerated().map { PresentationContextElement(contextID: UInt16($0.offset), abstractSyntax: $0.element, transferSyntaxes: [.ndr20]) }
        return try await bind(contexts: contexts, group: group, alter: alter)
    }

    func bind(contexts: [PresentationContextElement], group: UInt32 = 0, alter: Bool = false) async throws -> PDU {
        let callID = nextCallID
        nextCallID += 1
        send(BindPDU(isAlterContext: alter, callID: callID, associationGroupID: group, contexts: contexts).encode())
        return try await receive()
    }

    /// Sends a request and returns its call id (answers may come back in any order).
    @discardableResult
    func call(context: UInt16, opnum: UInt16, stub: [UInt8]) -> UInt32 {
        let callID = nextCallID
        nextCallID += 1
        send(RequestPDU(callID: callID, allocHint: UInt32(stub.count), contextID: context, opnum: opnum, stub: stub).encode())
        return callID
    }

    /// A request whose (single-fragment) response stub is returned; faults throw.
    func request(context: UInt16, opnum: UInt16, stub: [UInt8]) async throws -> [UInt8] {
        let callID = call(context: context, opnum: opnum, stub: stub)
        switch try await receive() {
        case let .response(response) where response.callID == callID: return response.stub
        case let .fault(fault): throw fault.status
        case let other: throw RawClientError.unexpected("\(other)")
        }
    }
}

extension RawRPCClient {
    func connectEx(context: UInt16 = 0, userDN: String, link: UInt32 = 0xFFFF_FFFF, timeStamp: UInt32 = 0) async throws -> EcDoConnectExResponse {
        let connect = EcDoConnectExRequest(userDN: Array(userDN.utf8), icxrLink: link, timeStamp: timeStamp)
        return try EcDoConnectExResponse.decode(try await request(context: context, opnum: 10, stub: connect.encode()))
    }

    /// EcDoRpcExt2 with toy commands in an uncompressed, unobfuscated extended buffer; returns the RopsList out.
    func toyRops(context: UInt16 = 0, handle: ContextHandle, _ commands: [UInt8], maxOut: UInt32 = 0x8000) async throws -> (EcDoRpcExt2Response, [UInt8]) {
        var payload: [UInt8] = [UInt8((commands.count + 2) & 0xFF), UInt8((commands.count + 2) >> 8)] + commands + [0xFF, 0xFF, 0xFF, 0xFF]
        var rgbIn: [UInt8] = []
        ExtendedBuffer.encode(payload: payload, compress: false, obfuscate: false, last: true, into: &rgbIn)
        let call = EcDoRpcExt2Request(handle: handle, flags: 3, ropIn: rgbIn, maxRopOut: maxOut)
        let response = try EcDoRpcExt2Response.decode(try await request(context: context, opnum: 11, stub: call.encode()))
        guard !response.ropOut.isEmpty, let buffers = try? ExtendedBuffer.decodeChain(response.ropOut), let out = buffers.first?.bytes, out.count >= 2 else {
            return (response, [])
        }
        payload = out
        let size = Int(payload[0]) | Int(payload[1]) << 8
        return (response, Array(payload[2..<min(size, payload.count)]))
    }
}

func asyncConnectResponse(_ stub: [UInt8]) -> (handle: ContextHandle, returnValue: UInt32)? {
    guard stub.count == 24, let uuid = GUID(bytes: Array(stub[4..<20])) else { return nil }
    let attributes = UInt32(stub[0]) | UInt32(stub[1]) << 8 | UInt32(stub[2]) << 16 | UInt32(stub[3]) << 24
    let value = UInt32(stub[20]) | UInt32(stub[21]) << 8 | UInt32(stub[22]) << 16 | UInt32(stub[23]) << 24
    return (ContextHandle(attributes: attributes, uuid: uuid), value)
}

func waitResponse(_ stub: [UInt8]) -> (flags: UInt32, returnValue: UInt32)? {
    guard stub.count == 8 else { return nil }
    let flags = UInt32(stub[0]) | UInt32(stub[1]) << 8 | UInt32(stub[2]) << 16 | UInt32(stub[3]) << 24
    let value = UInt32(stub[4]) | UInt32(stub[5]) << 8 | UInt32(stub[6]) << 16 | UInt32(stub[7]) << 24
    return (flags, value)
}
