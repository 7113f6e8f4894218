import Testing
import MAPIWire
@testable import DCERPC

@Suite struct EndpointMapperTests {
    /// The ept_map stub impacket's `epm.hept_map(host, EMSMDB, protocol='ncacn_ip_tcp')` sends
    /// (`Scripts/dcerpc-vectors/gen_epm.py`): object referent 1 + nil UUID, tower referent 2, 75-byte
    /// 5-floor tower, NULL entry handle, max_towers 4.
    static let impacketRequest = hex("0100000000000000000000000000000000000000020000004b0000004b000000050013000d00dbf1a447ca6710b31f00dd010662da00000200510013000d045d888aeb1cc9119fe808002b10486002000200000001000b0200000001000702000000010009040000000000ab000000000000000000000000000000000000000004000000")
    /// Herald's answer; `gen_epm.py check <hex>` parses it with impacket's ept_mapResponse/EPMTower
    /// exactly as hept_map does and reads port 6001, IP 127.0.0.1, interface EMSMDB v0.81.
    static let heraldResponse = hex("000000000000000000000000000000000000000001000000040000000000000001000000000002004b0000004b000000050013000d00dbf1a447ca6710b31f00dd010662da00000200510013000d045d888aeb1cc9119fe808002b10486002000200000001000b020000000100070200177101000904007f0000010000000000")

    @Test func mapsEMSMDBToTCPPort() throws {
        let request = try EptMapRequest.decode(Self.impacketRequest)
        #expect(request.object == .zero && request.maxTowers == 4 && request.entryHandle.isNull)
        #expect(request.tower?.syntax(floor: 0) == .emsmdb && request.tower?.syntax(floor: 1) == .ndr20 && request.tower?.isTCP == true)
        let response = EndpointMapper.map(request, interfaces: [.emsmdb, .asyncEMSMDB], port: 6001, ipv4: (127, 0, 0, 1))
        #expect(response.status == 0)
        #expect(response.encode() == Self.heraldResponse)
        // The tower Herald sends is the same 75-byte shape the client proposed, with the port filled in.
        #expect(response.towers[0].encode().count == 75)
    }

    @Test func unknownInterfaceIsNotRegistered() throws {
        var request = try EptMapRequest.decode(Self.impacketRequest)
        request.tower = .tcp(interface: .endpointMapper, port: 0, ipv4: (0, 0, 0, 0))
        let response = EndpointMapper.map(request, interfaces: [.emsmdb], port: 6001, ipv4: (127, 0, 0, 1))
        #expect(response.status == EptMapResponse.notRegistered && response.towers.isEmpty)
        // An empty answer: handle, num_towers 0, array header (max 4, offset 0, actual 0), status.
        #expect(response.encode().count == 20 + 4 + 12 + 4)
    }

    @Test func hostileRequestsFault() {
        var rng = SplitMix64(seed: 135)
        for cut in 0..<Self.impacketRequest.count {
            #expect(throws: StubFault.self) { try EptMapRequest.decode(Array(Self.impacketRequest.prefix(cut))) }
        }
        for _ in 0..<2000 {
            var stub = Self.impacketRequest
            stub[Int(rng.next() % UInt64(stub.count))] = UInt8(truncatingIfNeeded: rng.next())
            if let request = try? EptMapRequest.decode(stub) {
                _ = EndpointMapper.map(request, interfaces: [.emsmdb], port: 1, ipv4: (127, 0, 0, 1)).encode()
            }
        }
    }
}
