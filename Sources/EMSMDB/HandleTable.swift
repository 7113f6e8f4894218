import MAPIWire

/// The Server Object Map of one session context (MS-OXCROPS 3.2.5.1): handle → Server object.
///
/// Handles survive across requests until released. Values are issued in increasing order from 1,
/// so a released value is not reused until the 32-bit space wraps; that lets a lookup tell "released"
/// (ecInvalidObject) from "never issued" (ecNullObject) (MS-OXCROPS 3.2.5.4). 0xFFFFFFFF — what
/// clients put in output-only slots — is never issued (MS-OXCROPS 3.1.4.1).
public struct HandleTable {
    public enum Lookup {
        case object(any ServerObject)
        /// Issued earlier and released since.
        case released
        /// Never issued (or 0xFFFFFFFF).
        case unknown
    }

    /// The most live objects (``EMSMDBConfiguration/maximumHandlesPerSession``).
    public let limit: Int
    private var objects: [UInt32: any ServerObject] = [:]
    private var nextHandle: UInt32 = 1
    private var wrapped = false

    public init(limit: Int) {
        self.limit = max(0, limit)
    }

    public var count: Int { objects.count }
    public var isFull: Bool { objects.count >= limit }

    public func lookup(_ handle: UInt32) -> Lookup {
        if let object = objects[handle] { return .object(object) }
        if handle == RopBuffer.unusedHandle { return .unknown }
        if wrapped || (handle != 0 && handle < nextHandle) { return .released }
        return .unknown
    }

    public subscript(handle: UInt32) -> (any ServerObject)? { objects[handle] }

    /// Stores `object` under a fresh handle; nil when the table is full.
    public mutating func insert(_ object: any ServerObject) -> UInt32? {
        guard objects.count < limit else { return nil }
        while true {
            let handle = nextHandle
            if nextHandle == RopBuffer.unusedHandle - 1 {
                nextHandle = 1
                wrapped = true
            } else {
                nextHandle += 1
            }
            if handle != RopBuffer.unusedHandle, handle != 0, objects[handle] == nil {
                objects[handle] = object
                return handle
            }
        }
    }

    /// Removes and returns the object under `handle`.
    public mutating func remove(_ handle: UInt32) -> (any ServerObject)? {
        objects.removeValue(forKey: handle)
    }

    /// Handles of every live object opened under `logonID`, ascending.
    public func handles(logonID: UInt8) -> [UInt32] {
        objects.filter { $0.value.logonID == logonID }.keys.sorted()
    }

    /// Every live handle, ascending.
    public var allHandles: [UInt32] { objects.keys.sorted() }
}
