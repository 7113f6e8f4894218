import MAPIWire

/// A protocol tower: floors of (left-hand side, right-hand side) octet strings, all lengths
/// little-endian u16 (C706 appendix L; MS-RPCE 2.2.1.1.x).
public struct ProtocolTower: Sendable, Hashable {
    public struct Floor: Sendable, Hashable {
        public var lhs: [UInt8]
        public var rhs: [UInt8]
        public init(lhs: [UInt8], rhs: [UInt8]) { self.lhs = lhs; self.rhs = rhs }
    }

    /// Protocol identifiers (C706 appendix I).
    public enum ProtocolID {
        public static let uuid: UInt8 = 0x0D
        public static let connectionOrientedRPC: UInt8 = 0x0B
        public static let tcp: UInt8 = 0x07
        public static let ip: UInt8 = 0x09
    }

    public var floors: [Floor]
    public init(floors: [Floor]) { self.floors = floors }

    /// The ncacn_ip_tcp tower for `interface` at `port` / `ipv4` (5 floors: interface, NDR 2.0,
    /// RPC CO v5.0, TCP port big-endian, IPv4 address big-endian).
    public static func tcp(interface: SyntaxIdentifier, port: UInt16, ipv4: (UInt8, UInt8, UInt8, UInt8)) -> ProtocolTower {
        func uuidFloor(_ syntax: SyntaxIdentifier) -> Floor {
            var lhs: [UInt8] = [ProtocolID.uuid]
            syntax.uuid.encode(into: &lhs)
            lhs.appendUInt16(syntax.majorVersion)
            var rhs: [UInt8] = []
            rhs.appendUInt16(syntax.minorVersion)
            return Floor(lhs: lhs, rhs: rhs)
        }
        return ProtocolTower(floors: [
            uuidFloor(interface), uuidFloor(.ndr20),
            Floor(lhs: [ProtocolID.connectionOrientedRPC], rhs: [0, 0]),
            Floor(lhs: [ProtocolID.tcp], rhs: [UInt8(port >> 8), UInt8(port & 0xFF)]),
            Floor(lhs: [ProtocolID.ip], rhs: [ipv4.0, ipv4.1, ipv4.2, ipv4.3]),
        ])
    }

    /// Floor 1 (or 2) as an interface identifier, when it is one.
    public func syntax(floor index: Int) -> SyntaxIdentifier? {
        guard index < floors.count else { return nil }
        let floor = floors[index]
        guard floor.lhs.count == 19, floor.lhs[0] == ProtocolID.uuid, floor.rhs.count == 2,
              let uuid = GUID(bytes: Array(floor.lhs[1..<17])) else { return nil }
        return SyntaxIdentifier(uuid: uuid, majorVersion: UInt16(floor.lhs[17]) | UInt16(floor.lhs[18]) << 8,
                                minorVersion: UInt16(floor.rhs[0]) | UInt16(floor.rhs[1]) << 8)
    }

    /// Whether floors 3 and 4 say ncacn_ip_tcp.
    public var isTCP: Bool {
        floors.count >= 4 && floors[2].lhs == [ProtocolID.connectionOrientedRPC] && floors[3].lhs == [ProtocolID.tcp]
    }

    public func encode() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendUInt16(UInt16(truncatingIfNeeded: floors.count))
        for floor in floors {
            bytes.appendUInt16(UInt16(truncatingIfNeeded: floor.lhs.count))
            bytes.append(contentsOf: floor.lhs)
            bytes.appendUInt16(UInt16(truncatingIfNeeded: floor.rhs.count))
            bytes.append(contentsOf: floor.rhs)
        }
        return bytes
    }

    public static func decode(_ bytes: [UInt8]) throws(WireError) -> ProtocolTower {
        var reader = ByteReader(bytes)
        let count = try reader.readUInt16("floor_count")
        guard count <= 16 else { throw reader.error("floor_count", .limitExceeded(limit: 16, actual: Int(count))) }
        var floors: [Floor] = []
        for _ in 0..<count {
            let lhs = try reader.readBytes(Int(try reader.readUInt16("lhs_length")), "lhs")
            let rhs = try reader.readBytes(Int(try reader.readUInt16("rhs_length")), "rhs")
            floors.append(Floor(lhs: lhs, rhs: rhs))
        }
        return ProtocolTower(floors: floors)
    }
}

/// ept_map [in] parameters (C706 appendix O, endpoint mapper opnum 3): `[in, ptr] uuid_p_t object,
/// [in, ptr] twr_p_t map_tower, [in, out] ept_lookup_handle_t *entry_handle, [in] unsigned32 max_towers`.
public struct EptMapRequest: Sendable, Hashable {
    public static let opnum: UInt16 = 3

    public var object: GUID?
    public var tower: ProtocolTower?
    public var entryHandle: ContextHandle
    public var maxTowers: UInt32

    public static func decode(_ stub: [UInt8]) throws(StubFault) -> EptMapRequest {
        try decodeStub(stub) { (reader: inout NDRReader) throws(WireError) in
            let object = try reader.readReferentID("object") == 0 ? nil : try reader.readGUID("object")
            var tower: ProtocolTower? = nil
            if try reader.readReferentID("map_tower") != 0 {
                // twr_t is a conformant structure: its max_count is hoisted before tower_length (C706 14.3.7.1).
                let maxCount = try reader.readCount("map_tower.max_count", limit: 0x1000)
                let length = try reader.readUInt32("tower_length")
                guard Int(length) == maxCount else { throw WireError(offset: reader.offset, field: "tower_length", kind: .invalidValue(UInt64(length))) }
                tower = try ProtocolTower.decode(try reader.readBytes(maxCount, "tower_octet_string"))
            }
            let handle = try ContextHandle.decode(from: &reader, "entry_handle")
            let maxTowers = try reader.readUInt32("max_towers")
            return EptMapRequest(object: object, tower: tower, entryHandle: handle, maxTowers: maxTowers)
        }
    }
}

/// ept_map [out] parameters: entry_handle, num_towers, `[out, ptr, size_is(max_towers),
/// length_is(*num_towers)] twr_p_t towers[]`, status.
public struct EptMapResponse: Sendable, Hashable {
    /// ept_s_not_registered.
    public static let notRegistered: UInt32 = 0x16C9_A0D6

    public var entryHandle: ContextHandle
    public var towers: [ProtocolTower]
    public var maxTowers: UInt32
    public var status: UInt32

    public func encode() -> [UInt8] {
        var writer = NDRWriter()
        writer.writeContextHandle(entryHandle)
        writer.writeUInt32(UInt32(truncatingIfNeeded: towers.count))
        writer.writeUInt32(maxTowers)           // max_count = max_towers
        writer.writeUInt32(0)                   // offset
        writer.writeUInt32(UInt32(truncatingIfNeeded: towers.count))
        for _ in towers { writer.writeReferentID() }
        for tower in towers {
            let octets = tower.encode()
            writer.writeUInt32(UInt32(truncatingIfNeeded: octets.count))   // hoisted max_count
            writer.writeUInt32(UInt32(truncatingIfNeeded: octets.count))   // tower_length
            writer.writeBytes(octets)
        }
        writer.writeUInt32(status)
        return writer.bytes
    }
}

/// The endpoint mapper answer for the interfaces Herald serves over ncacn_ip_tcp.
public enum EndpointMapper {
    /// Maps `request` to a TCP tower for one of `interfaces` at `port`/`ipv4`, or ept_s_not_registered.
    /// The entry handle comes back NULL: Herald returns every match in one call, so there is no lookup to resume.
    public static func map(_ request: EptMapRequest, interfaces: [SyntaxIdentifier], port: UInt16,
                           ipv4: (UInt8, UInt8, UInt8, UInt8)) -> EptMapResponse {
        let maxTowers = min(request.maxTowers, 500)
        guard maxTowers > 0, let tower = request.tower, tower.isTCP, let wanted = tower.syntax(floor: 0),
              tower.syntax(floor: 1) == .ndr20,
              let offered = interfaces.first(where: { $0.uuid == wanted.uuid && $0.majorVersion == wanted.majorVersion && wanted.minorVersion <= $0.minorVersion })
        else {
            return EptMapResponse(entryHandle: .null, towers: [], maxTowers: maxTowers, status: EptMapResponse.notRegistered)
        }
        return EptMapResponse(entryHandle: .null, towers: [.tcp(interface: offered, port: port, ipv4: ipv4)], maxTowers: maxTowers, status: 0)
    }
}
