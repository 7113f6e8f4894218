// The load tool's HTTP/1.1 response reader: status line, header fields, then a chunked or
// Content-Length body (RFC 9112 4, 5, 6.3, 7.1), parsed straight from the socket's bytes.
//
// NIOHTTP1's decoder (llhttp behind a ByteToMessageHandler, a pipeline hop per part) cost the tool
// about 40 % of its time per woken NotificationWait, on the same two cores as the server being
// measured. This reader does only what the tool needs, and still checks every byte of the framing.
import NIOCore
import NIOHTTP1

struct RawResponseParser {
    enum Failure: Error, CustomStringConvertible {
        case malformed(String)
        var description: String {
            switch self { case .malformed(let what): "malformed HTTP response: \(what)" }
        }
    }

    private enum Body {
        case chunked
        case length(Int)
        case none
    }

    private enum State {
        case head
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case fixed(remaining: Int)
    }

    private var pending = ByteBuffer()
    private var state = State.head
    private var head: HTTPResponseHead?
    private var body = ByteBuffer()

    static let crlf: [UInt8] = [13, 10]
    static let headEnd: [UInt8] = [13, 10, 13, 10]
    /// Bounds on what a response may make the tool hold.
    static let maximumHead = 64 * 1024

    /// Feeds received bytes; returns the responses they complete (usually none or one).
    mutating func feed(_ bytes: ByteBuffer) throws(Failure) -> [(HTTPResponseHead, ByteBuffer)] {
        if pending.readableBytes == 0 {
            pending = bytes
        } else {
            var bytes = bytes
            pending.writeBuffer(&bytes)
        }
        var completed: [(HTTPResponseHead, ByteBuffer)] = []
        while let response = try step() {
            completed.append(response)
        }
        if pending.readableBytes == 0 { pending = ByteBuffer() }
        return completed
    }

    /// Parses as far as the buffered bytes go; returns a response when one is complete.
    private mutating func step() throws(Failure) -> (HTTPResponseHead, ByteBuffer)? {
        while true {
            switch state {
            case .head:
                guard let end = Self.find(Self.headEnd, in: pending) else {
                    if pending.readableBytes > Self.maximumHead { throw .malformed("header section over \(Self.maximumHead) bytes") }
                    return nil
                }
                let text = pending.readString(length: end)!
                pending.moveReaderIndex(forwardBy: 4)
                let (parsed, framing) = try Self.parseHead(text)
                head = parsed
                body = ByteBuffer()
                switch framing {
                case .chunked: state = .chunkSize
                case .length(let count): state = .fixed(remaining: count)
                case .none: return finish()
                }
            case .chunkSize:
                guard let end = Self.find(Self.crlf, in: pending) else {
                    if pending.readableBytes > 1024 { throw .malformed("chunk size line too long") }
                    return nil
                }
                let line = pending.readString(length: end)!
                pending.moveReaderIndex(forwardBy: 2)
                let sizeText = line.split(separator: ";", maxSplits: 1).first.map { $0.trimmingSpaces } ?? ""
                guard !sizeText.isEmpty, sizeText.count <= 15, let size = Int(sizeText, radix: 16), size >= 0 else {
                    throw .malformed("chunk size \(line)")
                }
                state = size == 0 ? .trailers : .chunkData(remaining: size)
            case .chunkData(let remaining):
                guard pending.readableBytes > 0 else { return nil }
                var slice = pending.readSlice(length: min(remaining, pending.readableBytes))!
                let left = remaining - slice.readableBytes
                body.writeBuffer(&slice)
                state = left == 0 ? .chunkDataEnd : .chunkData(remaining: left)
            case .chunkDataEnd:
                guard pending.readableBytes >= 2 else { return nil }
                guard pending.readBytes(length: 2) == Self.crlf else { throw .malformed("chunk data not followed by CRLF") }
                state = .chunkSize
            case .trailers:
                // Trailer fields (none expected), then the empty line that ends the message.
                guard let end = Self.find(Self.crlf, in: pending) else { return nil }
                let isLast = end == 0
                pending.moveReaderIndex(forwardBy: end + 2)
                if isLast { return finish() }
            case .fixed(let remaining):
                if remaining > 0 {
                    guard pending.readableBytes > 0 else { return nil }
                    var slice = pending.readSlice(length: min(remaining, pending.readableBytes))!
                    body.writeBuffer(&slice)
                    state = .fixed(remaining: remaining - slice.readableBytes)
                    continue
                }
                return finish()
            }
        }
    }

    private mutating func finish() -> (HTTPResponseHead, ByteBuffer)? {
        defer {
            state = .head
            head = nil
            body = ByteBuffer()
        }
        guard let head else { return nil }
        return (head, body)
    }

    private static func parseHead(_ text: String) throws(Failure) -> (HTTPResponseHead, Body) {
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)[...]
        guard let statusLine = lines.popFirst() else { throw .malformed("no status line") }
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0] == "HTTP/1.1" || parts[0] == "HTTP/1.0",
              parts[1].count == 3, let code = Int(parts[1]) else {
            throw .malformed("status line \(statusLine)")
        }
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { throw .malformed("header line \(line)") }
            headers.add(name: String(line[..<colon]), value: line[line.index(after: colon)...].trimmingSpaces)
        }
        let version: HTTPVersion = parts[0] == "HTTP/1.0" ? .http1_0 : .http1_1
        let head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: code), headers: headers)
        if (100..<200).contains(code) || code == 204 || code == 304 { return (head, .none) }
        if headers["Transfer-Encoding"].contains(where: { $0.lowercased().contains("chunked") }) { return (head, .chunked) }
        if let length = headers.first(name: "Content-Length") {
            guard let count = Int(length), count >= 0 else { throw .malformed("Content-Length \(length)") }
            return (head, .length(count))
        }
        throw .malformed("no body framing (the tool does not read to connection close)")
    }

    /// The offset of `needle` from the reader index, if present.
    static func find(_ needle: [UInt8], in buffer: ByteBuffer) -> Int? {
        buffer.withUnsafeReadableBytes { bytes -> Int? in
            guard bytes.count >= needle.count else { return nil }
            var index = 0
            let last = bytes.count - needle.count
            while index <= last {
                if bytes[index] == needle[0] {
                    var matched = true
                    for offset in 1..<needle.count where bytes[index + offset] != needle[offset] {
                        matched = false
                        break
                    }
                    if matched { return index }
                }
                index += 1
            }
            return nil
        }
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return String(text)
    }
}
