import MAPIWire
import NotificationEngine

extension EMSMDBServer {
    /// Executes one ROP input buffer (MS-OXCROPS 2.2.1: RopSize, RopsList, Server object handle
    /// table) and returns the ROP output buffer, at most `maxRopOut` bytes (capped at
    /// ``EMSMDBConfiguration/maximumRopOutputSize``).
    ///
    /// - The whole RopsList is parsed before anything runs: a malformed buffer fails the call with
    ///   ecRpcFormat and changes nothing (MS-OXCROPS 3.2.5.1).
    /// - Requests run in order; a failing ROP gets its failure response and the next one runs.
    /// - Before a ROP runs, its largest response (``ResponseSizeBound``) must fit in what is left,
    ///   keeping room for a RopBufferTooSmall that would carry the requests after it. When it does
    ///   not, the buffer ends with RopBufferTooSmall (SizeNeeded, then the unprocessed requests from
    ///   this one on) and nothing follows — no RopNotify/RopPending (MS-OXCROPS 3.2.4.3,
    ///   protocol-reference §10 Q6/Q7). If that happens to the first ROP and even the RopBufferTooSmall
    ///   cannot fit, or the response could not fit even in a maximum-size buffer, the call fails with
    ///   ecBufferTooSmall.
    /// - Otherwise queued notifications follow the responses: RopNotify entries and RopPending
    ///   within the space left (MS-OXCNOTIF 3.1.5.5–3.1.5.7).
    /// - The output handle table echoes the input one with output handles written in (3.2.5.2).
    public func executeRops(session: EMSMDBSession, ropBuffer: [UInt8], maxRopOut: Int) throws(EMSMDBCallError) -> [UInt8] {
        let parsed = try ParsedRopBuffer(ropBuffer)
        let limit = min(maxRopOut, configuration.maximumRopOutputSize)
        return try session.withLock { state throws(EMSMDBCallError) -> [UInt8] in
            guard state.connected else { throw EMSMDBCallError(.generalFailure, detail: "session disconnected") }
            return try process(parsed, limit: limit, session: session, state: state).ropBuffer
        }
    }

    /// A ROP input buffer parsed whole (MS-OXCROPS 3.2.5.1): malformed → ecRpcFormat.
    struct ParsedRopBuffer {
        var input: RopBuffer
        var requests: [RopRequestReader.Element]

        init(_ ropBuffer: [UInt8]) throws(EMSMDBCallError) {
            do {
                input = try RopBuffer.decode(ropBuffer)
                requests = try RopRequestReader.decodeAll(input.ropsList)
            } catch {
                throw EMSMDBCallError(.rpcFormat, detail: "\(error)")
            }
        }
    }

    /// One ROP output buffer and what its last response leaves for response chaining.
    struct ProcessedRopBuffer {
        var ropBuffer: [UInt8]
        var chain: ResponseChain.State
    }

    /// Runs a parsed buffer. `packNotifications` is false for the extra payloads of a response chain:
    /// RopNotify / RopPending go in the first payload only (see ``ResponseChain``).
    func process(
        _ parsed: ParsedRopBuffer, limit: Int, session: EMSMDBSession, state: SessionState, packNotifications: Bool = true
    ) throws(EMSMDBCallError) -> ProcessedRopBuffer {
        let input = parsed.input
        let requests = parsed.requests
        let fixedOverhead = 2 + 4 * input.handleTable.count
        // Bytes for RopsList. The handle table is echoed whole, so it is charged up front.
        let budget = limit - fixedOverhead
        guard budget >= 0 else {
            throw EMSMDBCallError(.bufferTooSmall, detail: "output limit \(limit) below the handle table")
        }
        var context = ROPContext(server: self, session: session, state: state, handles: input.handleTable)
        var output: [UInt8] = []
        output.reserveCapacity(min(budget, 4096))
        var endedTooSmall = false
        var lastResponseStart = 0

        for (position, element) in requests.enumerated() {
            let request = element.request
            let restAfter = input.ropsList.count - element.range.upperBound
            let reserve = position + 1 < requests.count ? RopBufferTooSmall.headerSize + restAfter : 0
            let available = budget - output.count - reserve
            let bound = ResponseSizeBound.maximum(for: request)
            if bound > available {
                try endTooSmall(at: element, position: position, needed: bound, input: input, budget: budget, output: &output)
                endedTooSmall = true
                break
            }
            context.logonID = request.logonID
            context.responseBudget = available
            let mark = output.count
            lastResponseStart = mark
            do {
                try ROPDispatch.dispatch(request, &context, &output)
            } catch {
                output.removeSubrange(mark...)
                let failure = ROPError.returnValue(for: error)
                if case let .responseDoesNotFit(sizeNeeded) = failure.kind {
                    try endTooSmall(at: element, position: position, needed: sizeNeeded, input: input, budget: budget, output: &output)
                    endedTooSmall = true
                    break
                }
                request.encodeFailureResponse(failure.code, into: &output)
            }
            if output.count - mark > available {
                // A handler wrote more than it declared: drop its answer rather than overrun the
                // client's buffer. The failure response fits (the bound covers it).
                output.removeSubrange(mark...)
                request.encodeFailureResponse(.bufferTooSmall, into: &output)
            }
        }

        var chain = ResponseChain.State.none
        if !endedTooSmall, let last = requests.last {
            chain = ResponseChain.state(after: last.request, response: output[lastResponseStart...], handles: context.handles)
        }
        if !endedTooSmall && packNotifications {
            let room = budget - output.count
            if room > 0 { _ = hub.pack(session: session.index, into: &output, budget: room) }
        }
        var encoded: [UInt8] = []
        encoded.reserveCapacity(fixedOverhead + output.count)
        RopBuffer(ropsList: output, handleTable: context.handles).encode(into: &encoded)
        return ProcessedRopBuffer(ropBuffer: encoded, chain: chain)
    }

    /// Ends the RopsList with RopBufferTooSmall carrying the requests from `element` on, or fails
    /// the call when even that is impossible for the first ROP.
    private func endTooSmall(
        at element: RopRequestReader.Element, position: Int, needed: Int, input: RopBuffer, budget: Int, output: inout [UInt8]
    ) throws(EMSMDBCallError) {
        let unprocessed = Array(input.ropsList[element.range.lowerBound...])
        let tooSmall = RopBufferTooSmall(sizeNeeded: UInt16(truncatingIfNeeded: configuration.maximumRopOutputSize), requestBuffers: unprocessed)
        let largestBudget = configuration.maximumRopOutputSize - 2 - 4 * input.handleTable.count
        if position == 0 && (needed > largestBudget || tooSmall.encodedSize > budget) {
            throw EMSMDBCallError(.bufferTooSmall, detail: "the first ROP's response (\(needed) bytes) does not fit")
        }
        guard output.count + tooSmall.encodedSize <= budget else {
            // Unreachable: every processed ROP kept room for this. Fail the call rather than overrun.
            throw EMSMDBCallError(.bufferTooSmall, detail: "no room for RopBufferTooSmall")
        }
        tooSmall.encode(into: &output)
    }
}

extension RopBufferTooSmall {
    /// RopId + SizeNeeded.
    static let headerSize = 3
}
