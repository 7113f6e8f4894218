import MAPIWire

/// A decoded EMSMDB or AsyncEMSMDB call, chosen by interface and opnum (MS-OXCRPC 3.1.4, 3.3.4).
public enum EMSMDBCall: Sendable, Hashable {
    case disconnect(EcDoDisconnectRequest)
    case registerPushNotification(EcRRegisterPushNotificationRequest)
    case dummy
    case connectEx(EcDoConnectExRequest)
    case rpcExt2(EcDoRpcExt2Request)
    case asyncConnectEx(EcDoAsyncConnectExRequest)
    case asyncWaitEx(EcDoAsyncWaitExRequest)

    /// Unknown or reserved opnums → nca_s_op_rng_error; other interfaces → nca_s_unk_if; bad NDR →
    /// RPC_X_BAD_STUB_DATA.
    public static func decode(interface: SyntaxIdentifier, opnum: UInt16, stub: [UInt8]) throws(StubFault) -> EMSMDBCall {
        if interface.uuid == SyntaxIdentifier.emsmdb.uuid {
            switch opnum {
            case 1: return .disconnect(try .decode(stub))
            case 4: return .registerPushNotification(try .decode(stub))
            case 6: try EcDummyRpc.decode(stub); return .dummy
            case 10: return .connectEx(try .decode(stub))
            case 11: return .rpcExt2(try .decode(stub))
            case 14: return .asyncConnectEx(try .decode(stub))
            default: throw StubFault(.operationRangeError, "EMSMDB opnum \(opnum)")
            }
        }
        if interface.uuid == SyntaxIdentifier.asyncEMSMDB.uuid {
            guard opnum == 0 else { throw StubFault(.operationRangeError, "AsyncEMSMDB opnum \(opnum)") }
            return .asyncWaitEx(try .decode(stub))
        }
        throw StubFault(.unknownInterface, "interface \(interface)")
    }
}
