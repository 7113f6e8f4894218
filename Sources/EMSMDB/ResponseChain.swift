import MAPIWire

/// Response chaining — "packing" of the rgbOut extended buffer (MS-OXCRPC 3.1.4.2.1.2.2, rgbOut
/// Output Buffer; protocol-reference §5.3).
///
/// When the client set Chain (``ExecuteFlags/chain``) and the last ROP of its request is
/// RopQueryRows or RopReadStream (RopFastTransferSourceGetBuffer, the third ROP the spec names, is
/// not implemented by Herald), the server may keep going after the first payload: each extra
/// payload is built "as if the client sent another request with only" that ROP — a whole ROP output
/// buffer (RopSize, the one response, the Server object handle table as the first payload left it)
/// behind its own RPC_HEADER_EXT, at most 32 KB of ROP data, compressed / XORed like the first.
///
/// Herald's rule, kept in this one place:
/// - The re-run request asks only for what is still owed: RowCount / ByteCount (MaximumByteCount
///   after 0xBABE) minus what the earlier payloads returned, so the total never exceeds the request.
/// - RopQueryRows is chained only when its QueryRowsFlags has EnablePackedBuffers (0x02): MS-OXCTABL
///   2.2.2.5.1 makes packed QueryRows responses an opt-in of the ROP "in conjunction with" Chain, so
///   a client that sets Chain for its stream reads is never handed rows it did not ask to receive
///   packed (and whose cursor would have moved past them). A chain needs the cursor to move:
///   NoAdvance re-reads the same rows, so it is not chained. Rows are never split across payloads
///   (every payload holds whole rows, MS-OXCTABL 3.2.5.5).
/// - The chain stops when the table or stream is exhausted (Origin BOOKMARK_END forwards /
///   BOOKMARK_BEGINNING backwards, zero rows or bytes, a short read), when nothing more is owed, when
///   a re-run fails or returns nothing (that payload is dropped), at
///   ``ExtendedBuffer/maximumPayloadCount`` (96) payloads, or when the residual rgbOut space is below
///   32 KB (RopQueryRows) or 8 KB (RopReadStream).
/// - RopNotify / RopPending stay in the first payload, after the responses, exactly as without
///   Chain; the extra payloads carry only the re-run ROP. Notifications that did not fit stay queued.
/// - Residual space is measured on the encoded rgbOut (after compression), so the whole chain always
///   fits pcbOut / the Execute request's MaxRopOut.
enum ResponseChain {
    /// What the last response of a ROP output buffer leaves for chaining.
    enum State {
        /// The last ROP cannot be chained, failed, or returned nothing.
        case none
        /// It returned data, and the table / stream (or the client's count) is exhausted.
        case exhausted
        /// It returned data and more may follow: `request` asks for the rest.
        case more(Continuation)
    }

    /// The request an extra payload runs and the handle table it runs over.
    struct Continuation {
        var request: RopRequest
        var handles: [UInt32]

        /// Below this much residual rgbOut space no further payload is added (MS-OXCRPC
        /// 3.1.4.2.1.2.2): 32 KB for RopQueryRows, 8 KB for RopReadStream.
        var minimumResidual: Int {
            if case .queryRows = request { return 0x8000 }
            return 0x2000
        }
    }

    /// Reads the fixed head of `response` (the encoded last response; what follows it is ignored).
    static func state(after request: RopRequest, response: ArraySlice<UInt8>, handles: [UInt32]) -> State {
        switch request {
        case let .queryRows(query):
            // RopId, InputHandleIndex, ReturnValue, Origin, RowCount (MS-OXCROPS 2.2.5.4.2).
            guard let head = successHead(response, ropID: .queryRows, length: 9) else { return .none }
            let origin = head[6]
            let rows = UInt16(head[7]) | UInt16(head[8]) << 8
            guard rows > 0 else { return .none }
            let atEnd = query.forwardRead ? origin == 0x02 : origin == 0x00
            let noAdvance = query.queryRowsFlags & 0x01 != 0
            let enablePackedBuffers = query.queryRowsFlags & 0x02 != 0
            guard enablePackedBuffers else { return .none }
            guard !atEnd, !noAdvance, rows < query.rowCount else { return .exhausted }
            var rest = query
            rest.rowCount = query.rowCount - rows
            return .more(Continuation(request: .queryRows(rest), handles: handles))
        case let .readStream(read):
            // RopId, InputHandleIndex, ReturnValue, DataSize (MS-OXCROPS 2.2.9.2.2).
            guard let head = successHead(response, ropID: .readStream, length: 8) else { return .none }
            let size = UInt32(head[6]) | UInt32(head[7]) << 8
            guard size > 0 else { return .none }
            let owed = read.requestedByteCount - min(size, read.requestedByteCount)
            guard owed > 0 else { return .exhausted }
            return .more(Continuation(request: .readStream(rest(of: read, owed: owed)), handles: handles))
        default:
            return .none
        }
    }

    /// `read` asking for `owed` bytes: ByteCount when it fits 16 bits and is not the 0xBABE marker,
    /// else the marker with MaximumByteCount (MS-OXCPRPT 2.2.15.1).
    static func rest(of read: RopReadStreamRequest, owed: UInt32) -> RopReadStreamRequest {
        let marker = RopReadStreamRequest.maximumByteCountMarker
        if owed <= UInt32(UInt16.max) && owed != UInt32(marker) {
            return RopReadStreamRequest(logonID: read.logonID, inputHandleIndex: read.inputHandleIndex, byteCount: UInt16(owed))
        }
        return RopReadStreamRequest(logonID: read.logonID, inputHandleIndex: read.inputHandleIndex, byteCount: marker, maximumByteCount: owed)
    }

    /// The first `length` bytes of a success response of `ropID`, or nil.
    private static func successHead(_ response: ArraySlice<UInt8>, ropID: RopID, length: Int) -> [UInt8]? {
        guard response.count >= length else { return nil }
        let head = Array(response.prefix(length))
        guard head[0] == ropID.rawValue, head[2] == 0, head[3] == 0, head[4] == 0, head[5] == 0 else { return nil }
        return head
    }
}

extension EMSMDBServer {
    /// Runs a parsed request and encodes its rgbOut: the first payload, then — when `chain` — the
    /// extra payloads of ``ResponseChain``. Called with the session lock held, so no other request
    /// of the session runs between the payloads.
    func chainedOutput(
        _ parsed: ParsedRopBuffer, maxRgbOut: Int, flags: ExecuteFlags, session: EMSMDBSession, state: SessionState
    ) throws(EMSMDBCallError) -> [UInt8] {
        let compress = !flags.contains(.noCompression)
        let obfuscate = !flags.contains(.noXorMagic)
        let headerSize = RPCHeaderExt.encodedSize
        let firstLimit = min(maxRgbOut - headerSize, configuration.maximumRopOutputSize)
        var step = try process(parsed, limit: firstLimit, session: session, state: state)
        var rgbOut: [UInt8] = []
        rgbOut.reserveCapacity(headerSize + step.ropBuffer.count)
        var lastHeaderOffset = 0
        ExtendedBuffer.encode(payload: step.ropBuffer, compress: compress, obfuscate: obfuscate, last: false, into: &rgbOut)
        var payloadCount = 1
        while flags.contains(.chain), case let .more(continuation) = step.chain, payloadCount < ExtendedBuffer.maximumPayloadCount {
            let residual = maxRgbOut - rgbOut.count
            guard residual >= continuation.minimumResidual else { break }
            var ropsList: [UInt8] = []
            continuation.request.encode(into: &ropsList)
            var input: [UInt8] = []
            RopBuffer(ropsList: ropsList, handleTable: continuation.handles).encode(into: &input)
            let limit = min(residual - headerSize, configuration.maximumRopOutputSize)
            guard let next = try? process(try ParsedRopBuffer(input), limit: limit, session: session, state: state, packNotifications: false)
            else { break }
            if case .none = next.chain { break }  // failed or returned nothing: not sent
            lastHeaderOffset = rgbOut.count
            ExtendedBuffer.encode(payload: next.ropBuffer, compress: compress, obfuscate: obfuscate, last: false, into: &rgbOut)
            payloadCount += 1
            step = next
        }
        // Whether a payload is the last is known only once the next one was refused, so Last is set
        // afterwards. Flags is a little-endian u16 at offset 2 of the header and Last (0x0004) lives
        // in its low byte.
        rgbOut[lastHeaderOffset + 2] |= UInt8(RPCHeaderExt.Flags.last.rawValue)
        return rgbOut
    }
}
