import NIOCore
import NIOPosix

/// Shared by MAPIHTTPTests and HeraldServerTests.
///
/// A deliberately dumb HTTP/1.1 client that keeps the exact bytes of a response, so the tests
/// can check chunked framing and the MAPI/HTTP inner stream byte for byte.
public struct RawHTTPResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    /// The chunk payloads in arrival order (nil when the response was not chunked).
    public var chunks: [[UInt8]]?
    /// The de-chunked body.
    public var body: [UInt8]

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public func headerValues(_ name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// `name=value` of every Set-Cookie header.
    public var setCookies: [String: String] {
        var cookies: [String: String] = [:]
        for value in headerValues("Set-Cookie") {
            let pair = value.split(separator: ";").first.map(String.init) ?? ""
            if let equals = pair.firstIndex(of: "=") {
                cookies[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
        }
        return cookies
    }
}

public enum RawHTTPError: Error {
    case malformed(String)
}

public enum RawHTTPClient {
    /// Sends one request with `Connection: close` and reads until the server closes.
    /// `progress` sees the raw bytes received so far after every read.
    public static func send(
        port: Int,
        method: String = "POST",
        path: String = "/mapi/emsmdb/",
        headers: [(String, String)],
        body: [UInt8] = [],
        omitContentLength: Bool = false,
        progress: (@Sendable ([UInt8]) async -> Void)? = nil
    ) async throws -> RawHTTPResponse {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !omitContentLength, method == "POST" || !body.isEmpty { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        let requestBytes = Array(head.utf8) + body

        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let received: [UInt8] = try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(bytes: requestBytes))
            var bytes: [UInt8] = []
            for try await buffer in inbound {
                bytes += Array(buffer.readableBytesView)
                await progress?(bytes)
            }
            return bytes
        }
        return try parse(received)
    }

    /// Sends a request and closes the connection as soon as `hangUpWhen` is true of the bytes
    /// received so far; returns those bytes.
    public static func sendAndHangUp(
        port: Int,
        headers: [(String, String)],
        body: [UInt8],
        hangUpWhen: @Sendable ([UInt8]) -> Bool
    ) async throws -> [UInt8] {
        var head = "POST /mapi/emsmdb/ HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        let requestBytes = Array(head.utf8) + body
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(bytes: requestBytes))
            var bytes: [UInt8] = []
            for try await buffer in inbound {
                bytes += Array(buffer.readableBytesView)
                if hangUpWhen(bytes) { break }
            }
            return bytes
        }
    }

    public static func parse(_ bytes: [UInt8]) throws -> RawHTTPResponse {
        guard let headerEnd = find([13, 10, 13, 10], in: bytes, from: 0) else { throw RawHTTPError.malformed("no end of head") }
        let headText = String(decoding: bytes[..<headerEnd], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw RawHTTPError.malformed("status line") }
        let headers = lines.compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: " "))
        }
        var response = RawHTTPResponse(status: status, headers: headers, chunks: nil, body: [])
        var index = headerEnd + 4
        if response.header("Transfer-Encoding")?.lowercased() == "chunked" {
            var chunks: [[UInt8]] = []
            while true {
                guard let lineEnd = find([13, 10], in: bytes, from: index) else { throw RawHTTPError.malformed("chunk size") }
                let sizeText = String(decoding: bytes[index..<lineEnd], as: UTF8.self).split(separator: ";").first.map(String.init) ?? ""
                guard let size = Int(sizeText, radix: 16) else { throw RawHTTPError.malformed("chunk size \(sizeText)") }
                index = lineEnd + 2
                if size == 0 { break }
                guard index + size + 2 <= bytes.count else { throw RawHTTPError.malformed("truncated chunk") }
                chunks.append(Array(bytes[index..<index + size]))
                index += size + 2
            }
            response.chunks = chunks
            response.body = chunks.flatMap { $0 }
        } else {
            response.body = Array(bytes[index...])
        }
        return response
    }

    public static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if Array(haystack[index..<index + needle.count]) == needle { return index }
            index += 1
        }
        return nil
    }

    public static func occurrences(of text: String, in bytes: [UInt8]) -> Int {
        let needle = Array(text.utf8)
        var count = 0
        var index = 0
        while let found = find(needle, in: bytes, from: index) {
            count += 1
            index = found + needle.count
        }
        return count
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var s = self[...]
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }

    fileprivate func components(separatedBy separator: String) -> [String] {
        var parts: [String] = []
        var rest = self[...]
        while let range = rest.firstRange(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}
