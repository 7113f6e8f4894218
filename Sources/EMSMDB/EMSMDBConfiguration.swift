import Foundation
import MAPIWire
import NotificationEngine

/// Tunables of the ROP processor. Notification policies (TagCount, NewMail MessageFlags) live in the
/// engine's ``EngineConfiguration`` because the engine encodes each event once; see docs/EMSMDB.md.
public struct EMSMDBConfiguration: Sendable {
    /// Most live Server objects one session context may hold (MS-OXCROPS 3.2.5.1 leaves the limit to
    /// the server). Generous: Outlook opens thousands of folders and messages during a full sync
    /// without releasing them promptly. Beyond it, object-creating ROPs fail with
    /// ``ErrorCode/notEnoughMemory`` (MAPI_E_NOT_ENOUGH_MEMORY) and the session keeps working.
    public var maximumHandlesPerSession = 16_384

    /// The largest ROP output buffer (RopSize + RopsList + handle table) one response carries,
    /// whatever the client allows: 32 KB (MS-OXCRPC 3.1.4.2.1.2.2; MS-OXCMAPIHTTP MaxRopOut).
    public var maximumRopOutputSize = RopBuffer.maximumSize

    /// The server's UTC clock for RopLogon's LogonTime, in seconds since 1970 (tests pin it).
    public var clock: @Sendable () -> Double = { Date().timeIntervalSince1970 }

    public init() {}
}
