import MAPIWire

/// Decodes wire buffers into ``InspectNode`` trees for `herald decode`: an rgbIn / rgbOut extended
/// buffer (MS-OXCRPC 2.2.2.1, 3.1.4.1.1) or a bare RopsList (MS-OXCROPS 2.2.1).
///
/// Every decoding step is MAPIWire's; this type only names and formats what MAPIWire decoded.
public enum Inspector {
    /// Which way the ROPs travel: requests (rgbIn, client → server) or responses (rgbOut).
    public enum Direction: String, Hashable, Sendable {
        case request
        case response
    }

    /// What the bytes are.
    public enum Input: Hashable, Sendable {
        /// An rgbIn / rgbOut (or a MAPI/HTTP Execute RopBuffer): RPC_HEADER_EXT + payload, repeated
        /// until Last; each payload is RopSize, RopsList, ServerObjectHandleTable.
        case extendedBuffer
        /// A RopsList alone: ROPs back to back, no RopSize, no handle table.
        case ropsList
    }

    /// The result of ``inspect(_:input:direction:)``.
    public struct Inspection: Hashable, Sendable {
        public var input: Input
        public var direction: Direction
        /// `Direction`, then `RopsList` (``Input/ropsList``) or `Buffers` (``Input/extendedBuffer``).
        public var root: InspectNode

        /// The `--json` document.
        public var json: JSONValue { root.json }
        /// The default text tree.
        public var text: String { root.text() }
    }

    /// Decodes `bytes`. With `direction` nil, the ROPs are read as requests when the whole input
    /// decodes that way, otherwise as responses; when neither works, the error is the one found
    /// further into the input.
    ///
    /// Error offsets are absolute in `bytes`, except inside a compressed payload: there they count
    /// from the start of the decompressed payload, and the field says so.
    ///
    /// `tableColumns`, when given, are the columns of the table's last RopSetColumns: the text tree
    /// then also shows each TableRowData that decodes with them as a PropertyRow (MS-OXCDATA 2.8.1).
    public static func inspect(
        _ bytes: [UInt8], input: Input, direction: Direction? = nil, tableColumns: [PropertyTag] = []
    ) throws(WireError) -> Inspection {
        guard let direction else {
            let asRequest: Result<Inspection, WireError> = Result { () throws(WireError) in try inspect(bytes, input: input, direction: .request, tableColumns: tableColumns) }
            let asResponse: Result<Inspection, WireError> = Result { () throws(WireError) in try inspect(bytes, input: input, direction: .response, tableColumns: tableColumns) }
            switch (asRequest, asResponse) {
            case let (.success(inspection), _), let (_, .success(inspection)): return inspection
            case let (.failure(requestError), .failure(responseError)):
                throw responseError.offset > requestError.offset ? responseError : requestError
            }
        }
        let body: InspectField
        let title: String
        switch input {
        case .ropsList:
            body = InspectField("RopsList", try describeRopsList(bytes, direction: direction, tableColumns: tableColumns))
            title = "RopsList: \(bytes.count) byte\(bytes.count == 1 ? "" : "s") of ROP \(direction.rawValue)s (offsets within the RopsList)"
        case .extendedBuffer:
            let buffers = try describeExtendedBuffer(bytes, direction: direction, tableColumns: tableColumns)
            body = InspectField("Buffers", buffers)
            let count = if case let .items(items) = buffers.content { items.count } else { 0 }
            title = "\(direction == .request ? "rgbIn" : "rgbOut"): \(bytes.count) bytes, \(count) payload\(count == 1 ? "" : "s"), ROP \(direction.rawValue)s (ROP offsets within each restored payload)"
        }
        let root = InspectNode.fields([InspectField("Direction", Scalar.name(direction.rawValue), .jsonOnly), body], title: title)
        return Inspection(input: input, direction: direction, root: root)
    }

    /// A RopsList's ROPs, each with its offset (`baseOffset` + position in `ropsList`).
    public static func describeRopsList(
        _ ropsList: [UInt8], direction: Direction, baseOffset: Int = 0, tableColumns: [PropertyTag] = []
    ) throws(WireError) -> InspectNode {
        switch direction {
        case .request:
            return .items(try RopRequestReader.decodeAll(ropsList).map { describe($0.request, offset: baseOffset + $0.range.lowerBound) })
        case .response:
            return .items(try RopResponseReader.decodeAll(ropsList).map { describe($0.response, offset: baseOffset + $0.range.lowerBound, tableColumns: tableColumns) })
        }
    }

    /// Every RPC_HEADER_EXT + payload of an extended buffer, and the ROP buffer inside each payload.
    public static func describeExtendedBuffer(_ bytes: [UInt8], direction: Direction, tableColumns: [PropertyTag] = []) throws(WireError) -> InspectNode {
        let payloads = try ExtendedBuffer.decodeChain(bytes)
        var items: [InspectNode] = []
        for (index, payload) in payloads.enumerated() {
            let ropBuffer: RopBuffer
            let rops: InspectNode
            do throws(WireError) {
                ropBuffer = try RopBuffer.decode(payload.bytes)
                do throws(WireError) {
                    rops = try describeRopsList(ropBuffer.ropsList, direction: direction, baseOffset: RopBuffer.ropsListOffset, tableColumns: tableColumns)
                } catch {
                    throw WireError(offset: RopBuffer.ropsListOffset + error.offset, field: error.field, kind: error.kind)
                }
            } catch {
                throw locate(error, in: payload, number: index + 1)
            }
            let header = payload.header
            let payloadNote = header.flags.contains(.compressed) || header.flags.contains(.xorMagic)
                ? "restored: " + [header.flags.contains(.xorMagic) ? "un-XORed" : nil, header.flags.contains(.compressed) ? "decompressed" : nil].compactMap { $0 }.joined(separator: " and ")
                : "as sent"
            var payloadNode = Scalar.bytes(payload.bytes)
            if case let .scalar(value, text) = payloadNode.content { payloadNode = .scalar(value, "[\(payloadNote)] " + text) }
            items.append(.fields([
                InspectField("RPC_HEADER_EXT", describe(header)),
                InspectField("Payload", payloadNode),
                InspectField("RopSize", Scalar.number(2 + ropBuffer.ropsList.count)),
                InspectField("RopsList", rops),
                InspectField("ServerObjectHandleTable", .items(ropBuffer.handleTable.map {
                    Scalar.hex32($0, $0 == RopBuffer.unusedHandle ? "(unused slot)" : nil)
                })),
            ], title: "payload \(index + 1) of \(payloads.count)", offset: payload.headerOffset))
        }
        return .items(items)
    }

    /// RPC_HEADER_EXT (MS-OXCRPC 2.2.2.1).
    public static func describe(_ header: RPCHeaderExt) -> InspectNode {
        var names: [String] = []
        if header.flags.contains(.compressed) { names.append("Compressed") }
        if header.flags.contains(.xorMagic) { names.append("XorMagic") }
        if header.flags.contains(.last) { names.append("Last") }
        return .fields([
            InspectField("Version", Scalar.hex16(header.version)),
            InspectField("Flags", Scalar.hex16(header.flags.rawValue, names.isEmpty ? "(none)" : names.joined(separator: "|"))),
            InspectField("FlagNames", .items(names.map(Scalar.name)), .jsonOnly),
            InspectField("Size", Scalar.number(header.size, unit: "bytes as sent")),
            InspectField("SizeActual", Scalar.number(header.sizeActual, unit: "bytes restored")),
        ])
    }

    /// A NotificationData on its own (MS-OXCNOTIF 2.2.1.4.1.2); it must fill `bytes` exactly.
    public static func describeNotificationData(_ bytes: [UInt8]) throws(WireError) -> InspectNode {
        var reader = ByteReader(bytes)
        let data = try NotificationData.decode(from: &reader)
        guard reader.isAtEnd else { throw WireError(offset: reader.offset, field: "NotificationData", kind: .trailingBytes(reader.remaining)) }
        return describe(data)
    }

    /// A PropertyRow on its own (MS-OXCDATA 2.8.1); it must fill `bytes` exactly.
    public static func describePropertyRow(_ bytes: [UInt8], columns: [PropertyTag]) throws(WireError) -> InspectNode {
        var reader = ByteReader(bytes)
        let row = try PropertyRow.decode(columns: columns, from: &reader)
        guard reader.isAtEnd else { throw WireError(offset: reader.offset, field: "PropertyRow", kind: .trailingBytes(reader.remaining)) }
        return describe(row, columns: columns)
    }

    /// Moves an error found inside a payload to its offset in the whole buffer. XorMagic keeps byte
    /// positions; a compressed payload has no such mapping, so the offset stays payload-relative.
    static func locate(_ error: WireError, in payload: ExtendedBuffer.Payload, number: Int) -> WireError {
        if payload.header.flags.contains(.compressed) {
            return WireError(offset: error.offset, field: "decompressed payload \(number): \(error.field)", kind: error.kind)
        }
        return WireError(offset: payload.headerOffset + RPCHeaderExt.encodedSize + error.offset, field: error.field, kind: error.kind)
    }
}
