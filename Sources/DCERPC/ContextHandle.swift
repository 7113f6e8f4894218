import MAPIWire

/// ndr_context_handle: 4 bytes of attributes and a 16-byte UUID (C706 14.3.11; MS-RPCE 2.2.5.3.4.1).
/// An all-zero handle is the NULL handle.
public struct ContextHandle: Sendable, Hashable {
    public static let size = 20
    public var attributes: UInt32
    public var uuid: GUID

    public init(attributes: UInt32 = 0, uuid: GUID) {
        self.attributes = attributes
        self.uuid = uuid
    }

    public static let null = ContextHandle(uuid: .zero)
    public var isNull: Bool { self == .null }

    /// A handle whose UUID comes from the system CSPRNG (getrandom / arc4random via
    /// `SystemRandomNumberGenerator`), shaped as a version-4 UUID so it cannot be guessed.
    public static func random() -> ContextHandle {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[7] = bytes[7] & 0x0F | 0x40  // Data3 high nibble = version 4 (packet order: byte 7 is Data3's high byte)
        bytes[8] = bytes[8] & 0x3F | 0x80  // variant
        return ContextHandle(uuid: GUID(bytes: bytes)!)
    }

    public func encode(into buffer: inout [UInt8]) {
        buffer.appendUInt32(attributes)
        uuid.encode(into: &buffer)
    }

    public static func decode(from reader: inout NDRReader, _ field: String) throws(WireError) -> ContextHandle {
        try reader.align(4, field)
        let attributes = try reader.readUInt32(field + ".attributes")
        let uuid = try reader.readGUID(field + ".uuid")
        return ContextHandle(attributes: attributes, uuid: uuid)
    }
}

/// The context handles one association owns (MS-RPCE 3.3.1.4: a handle is valid only on the
/// association that created it). A handle minted elsewhere — another connection, a guess, a stale
/// value — is not in this table and resolves to nca_s_fault_context_mismatch.
public struct ContextHandleTable<Value: Sendable>: Sendable {
    private var entries: [ContextHandle: Value] = [:]
    public let capacity: Int

    public init(capacity: Int = 1024) { self.capacity = capacity }

    public var count: Int { entries.count }

    /// Mints a fresh handle for `value`; nil when the table is full.
    public mutating func insert(_ value: Value) -> ContextHandle? {
        guard entries.count < capacity else { return nil }
        var handle = ContextHandle.random()
        while entries[handle] != nil || handle.isNull { handle = .random() }
        entries[handle] = value
        return handle
    }

    public func lookup(_ handle: ContextHandle) -> Result<Value, ContextHandleError> {
        guard !handle.isNull else { return .failure(.null) }
        guard let value = entries[handle] else { return .failure(.mismatch) }
        return .success(value)
    }

    public mutating func update(_ handle: ContextHandle, _ value: Value) -> Bool {
        guard entries[handle] != nil else { return false }
        entries[handle] = value
        return true
    }

    @discardableResult
    public mutating func remove(_ handle: ContextHandle) -> Value? { entries.removeValue(forKey: handle) }

    /// Everything the association held, for the rundown when the connection ends (C706 ch.5 context rundown).
    public mutating func removeAll() -> [Value] {
        defer { entries = [:] }
        return Array(entries.values)
    }
}

public enum ContextHandleError: Error, Sendable, Hashable {
    case null
    case mismatch

    /// Both fault with nca_s_fault_context_mismatch (C706 appendix E; MS-RPCE 3.1.1.5.3.2.2.2 for NULL [in] handles).
    public var faultStatus: FaultStatus { .contextMismatch }
}
