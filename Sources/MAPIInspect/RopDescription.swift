import MAPIWire

extension Inspector {
    static func ropHeader(_ id: RopID) -> [InspectField] {
        // The text tree shows both in the ROP heading.
        [InspectField("RopId", Scalar.hex8(id.rawValue, id.name), .jsonOnly), InspectField("Rop", Scalar.name(id.description), .jsonOnly)]
    }

    static func ropTitle(_ id: RopID) -> String { "\(id.description) (0x\(hex2(id.rawValue)))" }

    static func returnValue(_ code: ErrorCode) -> [InspectField] {
        var fields = [InspectField("ReturnValue", Scalar.hex32(code.rawValue, code.name))]
        if let name = code.name { fields.append(InspectField("ReturnValueName", Scalar.name(name), .jsonOnly)) }
        return fields
    }

    /// One ROP request (MS-OXCROPS 2.2.14.1.1, 2.2.15.3.1). `offset` is where its RopId byte is.
    public static func describe(_ request: RopRequest, offset: Int? = nil) -> InspectNode {
        var fields = ropHeader(request.ropID)
        switch request {
        case let .release(release):
            fields.append(InspectField("LogonId", Scalar.number(release.logonID)))
            fields.append(InspectField("InputHandleIndex", Scalar.number(release.inputHandleIndex)))
        case let .registerNotification(register):
            fields.append(InspectField("LogonId", Scalar.number(register.logonID)))
            fields.append(InspectField("InputHandleIndex", Scalar.number(register.inputHandleIndex)))
            fields.append(InspectField("OutputHandleIndex", Scalar.number(register.outputHandleIndex)))
            let types = register.notificationTypes
            fields.append(InspectField("NotificationTypes", Scalar.hex16(types.rawValue, types.description)))
            fields.append(InspectField("NotificationTypeNames", .items(types.names.map(Scalar.name)), .jsonOnly))
            if types.contains(.extended) { fields.append(InspectField("Reserved", Scalar.hex8(register.reserved))) }
            let wholeStore = register.wantWholeStore != 0
            fields.append(InspectField("WantWholeStore", Scalar.hex8(register.wantWholeStore, wholeStore ? "TRUE: the whole store" : "FALSE: one folder or message")))
            if !wholeStore {
                fields.append(InspectField("FolderId", Scalar.objectID(register.folderID)))
                fields.append(InspectField("MessageId", Scalar.objectID(register.messageID)))
            }
        default:
            fields += reflectedFields(of: request)
        }
        return .fields(fields, title: ropTitle(request.ropID), offset: offset)
    }

    /// One ROP response (MS-OXCROPS 2.2.14.1.2, 2.2.14.2.1, 2.2.14.3.1, 2.2.15.1.1, 2.2.15.2.1).
    public static func describe(_ response: RopResponse, offset: Int? = nil, tableColumns: [PropertyTag] = []) -> InspectNode {
        var fields = ropHeader(response.ropID)
        switch response {
        case let .registerNotification(register):
            fields.append(InspectField("OutputHandleIndex", Scalar.number(register.outputHandleIndex)))
            fields += returnValue(register.returnValue)
        case let .notify(notify):
            fields.append(InspectField("NotificationHandle", Scalar.hex32(notify.notificationHandle)))
            fields.append(InspectField("LogonId", Scalar.number(notify.logonID)))
            fields.append(InspectField("NotificationData", describe(notify.notificationData, tableColumns: tableColumns)))
        case let .pending(pending):
            fields.append(InspectField("SessionIndex", Scalar.number(pending.sessionIndex)))
        case let .bufferTooSmall(tooSmall):
            fields.append(InspectField("SizeNeeded", Scalar.number(tooSmall.sizeNeeded, unit: "bytes")))
            fields.append(InspectField("RequestBuffers", Scalar.bytes(tooSmall.requestBuffers)))
            // The unprocessed requests, when Herald knows their layouts (text only: not a wire field).
            if !tooSmall.requestBuffers.isEmpty, let requests = try? RopRequestReader.decodeAll(tooSmall.requestBuffers) {
                fields.append(InspectField("RequestBuffers as requests", .items(requests.map { describe($0.request, offset: $0.range.lowerBound) }), .textOnly))
            }
        case let .backoff(backoff):
            fields.append(InspectField("LogonId", Scalar.number(backoff.logonID)))
            fields.append(InspectField("Duration", Scalar.number(backoff.duration, unit: "ms")))
            fields.append(InspectField("BackoffRopCount", Scalar.number(backoff.backoffRops.count)))
            fields.append(InspectField("BackoffRopData", .items(backoff.backoffRops.map { rop in
                .fields([
                    InspectField("RopIdBackoff", Scalar.hex8(rop.ropID.rawValue, rop.ropID.name)),
                    InspectField("Rop", Scalar.name(rop.ropID.description), .jsonOnly),
                    InspectField("Duration", Scalar.number(rop.duration, unit: "ms")),
                ], title: ropTitle(rop.ropID))
            })))
            fields.append(InspectField("AdditionalDataSize", Scalar.number(backoff.additionalData.count)))
            fields.append(InspectField("AdditionalData", Scalar.bytes(backoff.additionalData)))
        default:
            fields += reflectedFields(of: response)
        }
        return .fields(fields, title: ropTitle(response.ropID), offset: offset)
    }
}
