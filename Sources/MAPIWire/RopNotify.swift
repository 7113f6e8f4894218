/// RopNotify response (MS-OXCROPS 2.2.14.2.1; MS-OXCNOTIF 2.2.1.4.1): RopId 0x2A,
/// NotificationHandle (the subscription's or table's 32-bit server object handle), LogonId,
/// NotificationData. There is no request.
public struct RopNotify: RopResponseCodec {
    public static let ropID = RopID.notify
    /// RopId + NotificationHandle + LogonId.
    public static let headerSize = 6

    public var notificationHandle: UInt32
    public var logonID: UInt8
    public var notificationData: NotificationData

    public init(notificationHandle: UInt32, logonID: UInt8, notificationData: NotificationData) {
        self.notificationHandle = notificationHandle
        self.logonID = logonID
        self.notificationData = notificationData
    }

    /// Appends the 6-byte header. A server encodes NotificationData once per event and shares those
    /// bytes between subscribers: only this header differs.
    @inline(__always)
    public static func encodeHeader(notificationHandle: UInt32, logonID: UInt8, into buffer: inout [UInt8]) {
        // One bulk append of the 6 bytes: RopId, NotificationHandle (LE), LogonId.
        let header = UInt64(ropID.rawValue) | UInt64(notificationHandle) << 8 | UInt64(logonID) << 40
        withUnsafeBytes(of: header.littleEndian) { raw in
            buffer.append(contentsOf: UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: headerSize))
        }
    }

    public func encode(into buffer: inout [UInt8]) {
        Self.encodeHeader(notificationHandle: notificationHandle, logonID: logonID, into: &buffer)
        notificationData.encode(into: &buffer)
    }

    public var encodedSize: Int { Self.headerSize + notificationData.encodedSize }

    /// Validated by ``RopNotifyView``, then materialized.
    public static func decode(from reader: inout ByteReader) throws(WireError) -> RopNotify {
        var value = RopNotify(notificationHandle: 0, logonID: 0, notificationData: NotificationData(flags: NotificationFlags(rawValue: 0)))
        try reader.readInPlace(into: &value) { buffer, start, end, value throws(WireError) in
            let view = try RopNotifyView.validate(buffer, from: start, to: end)
            value = RopNotify(view)
            return view.byteCount
        }
        return value
    }
}
