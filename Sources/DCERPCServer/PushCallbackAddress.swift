import NIOCore

/// The rgbCallbackAddress of EcRRegisterPushNotification: a Winsock SOCKADDR (MS-OXCRPC 3.1.4.5;
/// MS-OXCNOTIF 3.1.5.4). The family is little-endian (as Windows lays it out), the port and address
/// in network order.
public struct PushCallbackAddress: Sendable, Hashable {
    /// Winsock address families (ws2def.h): AF_INET 2, AF_INET6 23.
    public static let afInet: UInt16 = 2
    public static let afInet6: UInt16 = 23
    /// sizeof(SOCKADDR_IN) and sizeof(SOCKADDR_IN6).
    public static let inetSize = 16
    public static let inet6Size = 28

    public enum Host: Sendable, Hashable {
        case v4(UInt8, UInt8, UInt8, UInt8)
        /// 16 address bytes and the scope id.
        case v6([UInt8], scopeID: UInt32)
    }

    public var host: Host
    public var port: UInt16

    public init(host: Host, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// Parses a SOCKADDR_IN or SOCKADDR_IN6; nil for another family or a size that does not match the
    /// family (the call then fails with ecInvalidParam 0x80070057 and takes no action).
    public static func parse(_ bytes: [UInt8]) -> PushCallbackAddress? {
        guard bytes.count >= 4 else { return nil }
        let family = UInt16(bytes[0]) | UInt16(bytes[1]) << 8
        let port = UInt16(bytes[2]) << 8 | UInt16(bytes[3])
        switch family {
        case afInet:
            guard bytes.count == inetSize else { return nil }
            return PushCallbackAddress(host: .v4(bytes[4], bytes[5], bytes[6], bytes[7]), port: port)
        case afInet6:
            guard bytes.count == inet6Size else { return nil }
            let scope = UInt32(bytes[24]) | UInt32(bytes[25]) << 8 | UInt32(bytes[26]) << 16 | UInt32(bytes[27]) << 24
            return PushCallbackAddress(host: .v6(Array(bytes[8..<24]), scopeID: scope), port: port)
        default:
            return nil
        }
    }

    /// The SOCKADDR bytes (tests and tools).
    public static func encode(ipv4: (UInt8, UInt8, UInt8, UInt8), port: UInt16) -> [UInt8] {
        [UInt8(afInet & 0xFF), UInt8(afInet >> 8), UInt8(port >> 8), UInt8(port & 0xFF), ipv4.0, ipv4.1, ipv4.2, ipv4.3]
            + [UInt8](repeating: 0, count: 8)
    }

    public var isV6: Bool { if case .v6 = host { true } else { false } }

    /// Whether the address is usable for a datagram at all (port 0 and unspecified hosts are not).
    public var isDeliverable: Bool {
        guard port != 0 else { return false }
        switch host {
        case let .v4(a, b, c, d): return (a, b, c, d) != (0, 0, 0, 0) && a < 224
        case let .v6(bytes, _): return bytes.contains { $0 != 0 } && bytes[0] != 0xFF
        }
    }

    /// The same host as `peer` (the TCP peer that registered it), comparing IPv4-mapped IPv6 as IPv4.
    public func sameHost(as peer: SocketAddress) -> Bool {
        switch (host, peer) {
        case let (.v4(a, b, c, d), .v4(address)):
            let raw = UInt32(bigEndian: address.address.sin_addr.s_addr)
            return raw == UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
        case let (.v6(bytes, _), .v6(address)):
            var peerBytes = [UInt8](repeating: 0, count: 16)
            withUnsafeBytes(of: address.address.sin6_addr) { raw in for index in 0..<16 { peerBytes[index] = raw[index] } }
            return peerBytes == bytes
        case let (.v4(a, b, c, d), .v6(address)):
            var peerBytes = [UInt8](repeating: 0, count: 16)
            withUnsafeBytes(of: address.address.sin6_addr) { raw in for index in 0..<16 { peerBytes[index] = raw[index] } }
            return peerBytes == [UInt8](repeating: 0, count: 10) + [0xFF, 0xFF, a, b, c, d]
        default:
            return false
        }
    }

    public func socketAddress() throws -> SocketAddress {
        switch host {
        case let .v4(a, b, c, d):
            return try SocketAddress(ipAddress: "\(a).\(b).\(c).\(d)", port: Int(port))
        case let .v6(bytes, _):
            var groups: [String] = []
            for index in stride(from: 0, to: 16, by: 2) {
                groups.append(String(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]), radix: 16))
            }
            return try SocketAddress(ipAddress: groups.joined(separator: ":"), port: Int(port))
        }
    }
}
