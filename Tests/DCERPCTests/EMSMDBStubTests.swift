import Testing
import MAPIWire
@testable import DCERPC

let testHandle = ContextHandle(attributes: 0, uuid: GUID(bytes: Array(0x10..<0x20))!)
let janeDN = Array("/o=First Organization/ou=First Administrative Group/cn=recipients/cn=janedow".utf8) // MS-OXCRPC 4.1

@Suite struct EMSMDBStubTests {
    @Test func decodesImpacketConnectEx() throws {
        let request = try EcDoConnectExRequest.decode(ImpacketNDRVectors.connectExRequest)
        #expect(request == EcDoConnectExRequest(userDN: janeDN, flags: 0, connectionModulus: 0x1234_5678, limit: 0, codePage: 1252,
                                                lcidString: 0x409, lcidSort: 0x409, icxrLink: 0xFFFF_FFFF, canConvertCodePages: 1,
                                                clientVersion: [0x000C, 0x183E, 0x03E8], timeStamp: 0,
                                                auxIn: Array("\0\0\u{4}\0\u{3}\0\u{3}\0abc".utf8), maxAuxOut: 0x1008))
        // Herald's own marshalling decodes to the same value (zero padding instead of impacket's 0xBF).
        #expect(try EcDoConnectExRequest.decode(request.encode()) == request)
        #expect(request.encode().count == ImpacketNDRVectors.connectExRequest.count)
    }

    static let connectExResponse = EcDoConnectExResponse(
        handle: testHandle, pollsMax: 60_000, retryCount: 6, retryDelay: 10_000, sessionIndex: 7,
        dnPrefix: Array("/o=Herald/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)".utf8), displayName: Array("Jane Dow".utf8),
        serverVersion: [0x0F, 0x8000 | 1497, 0], bestVersion: [0x0C, 0x183E, 0x03E8], timeStamp: 0xCAFE, auxOut: [], returnValue: 0)

    @Test func connectExResponseMatchesImpacket() throws {
        // impacket's bytes decode to the value Herald encodes, and both have the same layout and length.
        #expect(try EcDoConnectExResponse.decode(ImpacketNDRVectors.connectExResponse) == Self.connectExResponse)
        let ours = Self.connectExResponse.encode()
        #expect(ours.count == ImpacketNDRVectors.connectExResponse.count)
        #expect(ours == HeraldNDRVectors.connectExResponse)
    }

    @Test func rpcExt2MatchesImpacket() throws {
        let request = try EcDoRpcExt2Request.decode(ImpacketNDRVectors.rpcExt2Request)
        #expect(request == EcDoRpcExt2Request(handle: testHandle, flags: 3, ropIn: [0, 0, 4, 0, 2, 0, 2, 0, 2, 0], maxRopOut: 0x18008, auxIn: [], maxAuxOut: 0x1008))
        let response = EcDoRpcExt2Response(handle: testHandle, flags: 0, ropOut: [0, 0, 4, 0, 3, 0, 3, 0, 2, 0, 0xAA], auxOut: [1, 2], transactionTime: 5, returnValue: 0)
        #expect(try EcDoRpcExt2Response.decode(ImpacketNDRVectors.rpcExt2Response) == response)
        #expect(response.encode() == HeraldNDRVectors.rpcExt2Response)
    }

    @Test func smallCallsDecodeImpacket() throws {
        let push = try EcRRegisterPushNotificationRequest.decode(ImpacketNDRVectors.registerPushRequest)
        #expect(push.context == Array("ctx".utf8) && push.adviseBits == 0xFFFF_FFFF && push.callbackAddress.count == 16)
        #expect(try EcRRegisterPushNotificationRequest.decode(push.encode()) == push)
        let wait = try EcDoAsyncWaitExRequest.decode(ImpacketNDRVectors.asyncWaitRequest)
        #expect(wait == EcDoAsyncWaitExRequest(asyncHandle: testHandle, flagsIn: 0))
        #expect(try EMSMDBCall.decode(interface: .asyncEMSMDB, opnum: 0, stub: ImpacketNDRVectors.asyncWaitRequest) == .asyncWaitEx(wait))
        #expect(try EMSMDBCall.decode(interface: .emsmdb, opnum: 6, stub: []) == .dummy)
        #expect(EcDummyRpc.encodeResponse() == [0, 0, 0, 0])
        #expect(EcDoDisconnectRequest.encodeResponse() == Array(repeating: 0, count: 24))
    }

    @Test func rangeViolationsAreBadStubData() {
        func status(_ body: () throws -> Void) -> FaultStatus? {
            do { try body(); return nil } catch { return (error as? StubFault)?.status ?? FaultStatus(0xDEAD) }
        }
        var big = EcDoRpcExt2Request(handle: testHandle, flags: 0, ropIn: [], maxRopOut: 0x40001)
        #expect(status { _ = try EcDoRpcExt2Request.decode(big.encode()) } == .badStubData)
        big.maxRopOut = 0x40000
        #expect(status { _ = try EcDoRpcExt2Request.decode(big.encode()) } == nil)
        big.maxAuxOut = 0x1009
        #expect(status { _ = try EcDoRpcExt2Request.decode(big.encode()) } == .badStubData)
        big.maxAuxOut = 0x1008
        big.auxIn = Array(repeating: 0, count: 0x1009)
        #expect(status { _ = try EcDoRpcExt2Request.decode(big.encode()) } == .badStubData)
        big.auxIn = []
        big.ropIn = Array(repeating: 0, count: 0x40001)
        #expect(status { _ = try EcDoRpcExt2Request.decode(big.encode()) } == .badStubData)
        // size_is mismatch: cbIn differs from the array's max_count.
        var mismatched = EcDoRpcExt2Request(handle: testHandle, flags: 0, ropIn: [1, 2, 3], maxRopOut: 100).encode()
        mismatched[32] = 4  // cbIn follows handle(20) + flags(4) + max_count(4) + 3 bytes + 1 pad
        #expect(status { _ = try EcDoRpcExt2Request.decode(mismatched) } == .badStubData)
        var connect = EcDoConnectExRequest(userDN: janeDN, maxAuxOut: 0x1009)
        #expect(status { _ = try EcDoConnectExRequest.decode(connect.encode()) } == .badStubData)
        connect.maxAuxOut = 0x1008
        connect.auxIn = Array(repeating: 0, count: 0x1009)
        #expect(status { _ = try EcDoConnectExRequest.decode(connect.encode()) } == .badStubData)
    }

    @Test func unknownOpnumsAndInterfaces() {
        for opnum: UInt16 in [0, 2, 3, 5, 7, 8, 9, 12, 13, 15, 0xFFFF] {
            #expect(throws: StubFault(.operationRangeError, "EMSMDB opnum \(opnum)")) { try EMSMDBCall.decode(interface: .emsmdb, opnum: opnum, stub: []) }
        }
        #expect(throws: StubFault(.operationRangeError, "AsyncEMSMDB opnum 1")) { try EMSMDBCall.decode(interface: .asyncEMSMDB, opnum: 1, stub: []) }
        #expect((try? EMSMDBCall.decode(interface: .endpointMapper, opnum: 3, stub: [])) == nil)
    }

    @Test func hostileStubsFaultNeverTrap() {
        var rng = SplitMix64(seed: 0x0C4)
        let seeds: [(UInt16, [UInt8])] = [(10, ImpacketNDRVectors.connectExRequest), (11, ImpacketNDRVectors.rpcExt2Request),
                                          (4, ImpacketNDRVectors.registerPushRequest), (1, Array(testHandle.uuid.array + [0, 0, 0, 0]))]
        for iteration in 0..<4000 {
            let (opnum, seed) = seeds[iteration % seeds.count]
            var stub = seed
            if rng.next() % 3 == 0 {
                stub = Array(stub.prefix(Int(rng.next() % UInt64(stub.count))))
            } else {
                for _ in 0..<(1 + Int(rng.next() % 4)) { stub[Int(rng.next() % UInt64(stub.count))] = UInt8(truncatingIfNeeded: rng.next()) }
            }
            do { _ = try EMSMDBCall.decode(interface: .emsmdb, opnum: opnum, stub: stub) } catch {
                #expect(error.status == .badStubData)
            }
        }
    }

    @Test func contextHandleTableIsPerAssociation() {
        var first = ContextHandleTable<Int>()
        var second = ContextHandleTable<Int>()
        guard let handle = first.insert(42), let other = second.insert(7) else { Issue.record("table full"); return }
        #expect(handle != other && !handle.isNull)
        #expect(first.lookup(handle) == .success(42))
        #expect(second.lookup(handle) == .failure(.mismatch))
        #expect(first.lookup(.null) == .failure(.null))
        #expect(ContextHandleError.mismatch.faultStatus == .contextMismatch)
        #expect(first.remove(handle) == 42 && first.lookup(handle) == .failure(.mismatch))
        var tiny = ContextHandleTable<Int>(capacity: 1)
        #expect(tiny.insert(1) != nil && tiny.insert(2) == nil)
    }
}
