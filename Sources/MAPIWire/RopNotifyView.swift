/// A RopNotify response (MS-OXCROPS 2.2.14.2.1; MS-OXCNOTIF 2.2.1.4.1) validated in place: the
/// 6-byte header read, its NotificationData a ``NotificationDataView``.
///
/// Like every view it points into a buffer it does not own and is valid only inside the closure that
/// produced it; ``RopNotify/init(_:)`` materializes it.
public struct RopNotifyView {
    public let notificationHandle: UInt32
    public let logonID: UInt8
    public let notificationData: NotificationDataView

    /// Header and NotificationData.
    public var byteCount: Int { RopNotify.headerSize + notificationData.bytes.count }

    /// Validates the RopNotify at `start` in `buffer[start..<end]`, with the errors of
    /// ``RopNotify/decode(from:)`` (which is built on this). Requires `0 <= start <= end <= buffer.count`.
    @inline(__always)
    static func validate(
        _ buffer: UnsafeRawBufferPointer, from start: Int, to end: Int,
        tables: NotificationDataView.Shape.Tables = NotificationDataView.Shape.tables
    ) throws(WireError) -> RopNotifyView {
        try validateHeader(buffer, from: start, to: end)
        let extent = try NotificationDataView.validate(
            buffer, flags: NotificationDataView.load16(buffer, start &+ RopNotify.headerSize), from: start &+ RopNotify.headerSize, to: end, tables)
        return RopNotifyView(buffer, from: start, extent, tables)
    }

    /// Throws unless the RopId is RopNotify's and the header and NotificationFlags (8 bytes) are
    /// there: the first field missing or wrong, in wire order.
    @inline(__always)
    static func validateHeader(_ buffer: UnsafeRawBufferPointer, from start: Int, to end: Int) throws(WireError) {
        guard end &- start >= RopNotify.headerSize &+ 2, buffer.load(fromByteOffset: start, as: UInt8.self) == RopID.notify.rawValue else {
            throw headerError(buffer, from: start, to: end)
        }
    }

    /// The first header field, in wire order, that is missing or wrong, NotificationFlags included.
    @inline(never)
    private static func headerError(_ buffer: UnsafeRawBufferPointer, from start: Int, to end: Int) -> WireError {
        guard end > start else { return WireError(offset: start, field: "RopId", kind: .truncated(needed: 1, available: 0)) }
        let id = buffer.load(fromByteOffset: start, as: UInt8.self)
        guard id == RopID.notify.rawValue else { return WireError(offset: start, field: "RopId", kind: .invalidValue(UInt64(id))) }
        guard end - start >= 5 else {
            return WireError(offset: start + 1, field: "NotificationHandle", kind: .truncated(needed: 4, available: end - start - 1))
        }
        guard end - start >= RopNotify.headerSize else {
            return WireError(offset: start + 5, field: "LogonId", kind: .truncated(needed: 1, available: end - start - 5))
        }
        return NotificationDataView.flagsTruncated(at: start + RopNotify.headerSize, to: end)
    }
}

@available(*, unavailable, message: "a view points into a buffer valid only in the closure that produced it")
extension RopNotifyView: Sendable {}

extension RopNotifyView {
    /// A view of a RopNotify already validated as `extent`; nothing is checked again.
    @inline(__always)
    init(_ buffer: UnsafeRawBufferPointer, from start: Int, _ extent: NotificationDataView.Extent, _ tables: NotificationDataView.Shape.Tables) {
        // RopId, NotificationHandle, LogonId and NotificationFlags in one load.
        let header = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: start, as: UInt64.self))
        self.init(
            notificationHandle: UInt32(truncatingIfNeeded: header &>> 8), logonID: UInt8(truncatingIfNeeded: header &>> 40),
            notificationData: NotificationDataView(
                buffer, from: start &+ RopNotify.headerSize, extent, flags: UInt16(truncatingIfNeeded: header &>> 48), tables))
    }
}

extension RopNotify {
    /// Materializes a validated view.
    public init(_ view: RopNotifyView) {
        self.init(notificationHandle: view.notificationHandle, logonID: view.logonID, notificationData: NotificationData(view.notificationData))
    }
}
