#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `--listen host:0`: asks the kernel for a free port so the Autodiscover URLs can name it before
/// the listener starts. (Another process could take it in between; then the bind fails loudly.)
enum FreePort {
    static func pick(host: String) throws(HeraldError) -> Int {
        let isIPv6 = host.contains(":")
        let descriptor = socket(isIPv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw HeraldError("socket: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var result: Int32
        var port: UInt16 = 0
        if isIPv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            guard inet_pton(AF_INET6, host, &address.sin6_addr) == 1 else { throw HeraldError("bad IPv6 address \(host)") }
            var length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            result = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 ? getsockname(descriptor, $0, &length) : -1 }
            }
            port = UInt16(bigEndian: address.sin6_port)
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            let text = host == "localhost" ? "127.0.0.1" : host
            guard inet_pton(AF_INET, text, &address.sin_addr) == 1 else { throw HeraldError("--listen with port 0 needs a numeric address, not \(host)") }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            result = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 ? getsockname(descriptor, $0, &length) : -1 }
            }
            port = UInt16(bigEndian: address.sin_port)
        }
        guard result == 0, port != 0 else { throw HeraldError("cannot find a free port: \(String(cString: strerror(errno)))") }
        return Int(port)
    }
}
