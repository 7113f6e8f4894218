/// A 32-bit error code as carried in ROP ReturnValue fields, EMSMDB return values and MAPI/HTTP
/// StatusCode / ErrorCode fields (MS-OXCDATA 2.4.1, 2.4.2; MS-OXCRPC 3.1.4; MS-OXCNOTIF 3.1.5).
///
/// Every code Herald produces or interprets has exactly one name here.
public struct ErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    public var isSuccess: Bool { rawValue == 0 }

    // MS-OXCDATA 2.4.1 / 2.4.2 and MS-OXCRPC 3.1.4 (protocol-reference §8, rop-reference §3.11).
    public static let success = ErrorCode(0x0000_0000)
    public static let unknownUser = ErrorCode(0x0000_03EB)
    public static let exiting = ErrorCode(0x0000_03ED)
    public static let loginPermission = ErrorCode(0x0000_03F2)
    public static let parameterOverflow = ErrorCode(0x0000_0450)
    public static let searchFolder = ErrorCode(0x0000_0460)
    public static let notSearchFolder = ErrorCode(0x0000_0461)
    public static let wrongServer = ErrorCode(0x0000_0478)
    public static let bufferTooSmall = ErrorCode(0x0000_047D)
    public static let serverPaused = ErrorCode(0x0000_047F)
    public static let searchFolderScopeViolation = ErrorCode(0x0000_0490)
    public static let rpcFormat = ErrorCode(0x0000_04B6)
    public static let nullObject = ErrorCode(0x0000_04B9)
    public static let clientVersionDisallowed = ErrorCode(0x0000_04DF)
    public static let rpcHttpDisallowed = ErrorCode(0x0000_04E0)
    public static let cachedModeRequired = ErrorCode(0x0000_04E1)
    public static let notExpanded = ErrorCode(0x0000_04F7)
    public static let notCollapsed = ErrorCode(0x0000_04F8)
    public static let noCreateSubfolderRight = ErrorCode(0x0000_0502)
    public static let nullDestinationObject = ErrorCode(0x0000_0503)
    public static let mailboxInTransit = ErrorCode(0x0000_050C)
    public static let serverTooBusy = ErrorCode(0x0000_06BB)
    public static let badStubData = ErrorCode(0x0000_06F7)
    public static let protocolDisabled = ErrorCode(0x0000_07D8)
    public static let rejected = ErrorCode(0x0000_07EE)
    public static let mailboxDisabled = ErrorCode(0x0000_096C)
    public static let notEncrypted = ErrorCode(0x0000_0970)
    public static let errorsReturned = ErrorCode(0x0004_0380)
    public static let generalFailure = ErrorCode(0x8000_4005)
    public static let notSupported = ErrorCode(0x8004_0102)
    public static let invalidFlag = ErrorCode(0x8004_0106)
    public static let invalidObject = ErrorCode(0x8004_0108)
    public static let objectChanged = ErrorCode(0x8004_0109)
    public static let objectDeleted = ErrorCode(0x8004_010A)
    public static let notFound = ErrorCode(0x8004_010F)
    public static let versionMismatch = ErrorCode(0x8004_0110)
    public static let logonFailed = ErrorCode(0x8004_0111)
    public static let abortFailed = ErrorCode(0x8004_0114)
    public static let rpcFailed = ErrorCode(0x8004_0115)
    public static let tooComplex = ErrorCode(0x8004_0117)
    public static let badValue = ErrorCode(0x8004_0301)
    public static let invalidType = ErrorCode(0x8004_0302)
    public static let unsupportedType = ErrorCode(0x8004_0303)
    public static let unexpectedType = ErrorCode(0x8004_0304)
    public static let tooBig = ErrorCode(0x8004_0305)
    public static let unexpectedId = ErrorCode(0x8004_0307)
    public static let invalidBookmark = ErrorCode(0x8004_0405)
    public static let collidingNames = ErrorCode(0x8004_0604)
    public static let notInitialized = ErrorCode(0x8004_0605)
    /// RopSubmitMessage of a message without recipients (MAPI_E_NO_RECIPIENTS).
    public static let noRecipients = ErrorCode(0x8004_0607)
    /// RopSubmitMessage of a message already submitted (MAPI_E_SUBMITTED).
    public static let submitted = ErrorCode(0x8004_0608)
    public static let hasFolders = ErrorCode(0x8004_0609)
    public static let hasMessages = ErrorCode(0x8004_060A)
    public static let folderCycle = ErrorCode(0x8004_060B)
    public static let notImplemented = ErrorCode(0x8004_0FFF)
    public static let accessDenied = ErrorCode(0x8007_0005)
    public static let notEnoughMemory = ErrorCode(0x8007_000E)
    public static let invalidParameter = ErrorCode(0x8007_0057)

    /// Spec names, for diagnostics and `herald decode`.
    public static let names: [UInt32: String] = [
        0x0000_0000: "Success", 0x0000_03EB: "ecUnknownUser", 0x0000_03ED: "Exiting",
        0x0000_03F2: "ecLoginPerm", 0x0000_0450: "ecParameterOverflow", 0x0000_0460: "ecSearchFolder",
        0x0000_0461: "ecNotSearchFolder", 0x0000_0478: "ecWrongServer", 0x0000_047D: "ecBufferTooSmall",
        0x0000_047F: "ecServerPaused", 0x0000_0490: "SearchFolderScopeViolation", 0x0000_04B6: "ecRpcFormat",
        0x0000_04B9: "ecNullObject", 0x0000_04DF: "ecClientVerDisallowed", 0x0000_04E0: "ecRpcHttpDisallowed",
        0x0000_04E1: "ecCachedModeRequired", 0x0000_04F7: "ecNotExpanded", 0x0000_04F8: "ecNotCollapsed",
        0x0000_0502: "ecNoCreateSubfolderRight", 0x0000_0503: "ecDstNullObject", 0x0000_050C: "ecMailboxInTransit",
        0x0000_06BB: "RPC_S_SERVER_TOO_BUSY", 0x0000_06F7: "RPC_X_BAD_STUB_DATA", 0x0000_07D8: "ecProtocolDisabled",
        0x0000_07EE: "ecRejected", 0x0000_096C: "ecMailboxDisabled", 0x0000_0970: "ecNotEncrypted",
        0x0004_0380: "ErrorsReturned", 0x8000_4005: "GeneralFailure", 0x8004_0102: "NotSupported",
        0x8004_0106: "InvalidFlag", 0x8004_0108: "InvalidObject", 0x8004_0109: "ObjectChanged",
        0x8004_010A: "ObjectDeleted", 0x8004_010F: "NotFound", 0x8004_0110: "ecVersionMismatch",
        0x8004_0111: "LogonFailed", 0x8004_0114: "AbortFailed", 0x8004_0115: "ecRpcFailed",
        0x8004_0117: "TooComplex", 0x8004_0301: "BadValue", 0x8004_0302: "InvalidType",
        0x8004_0303: "UnsupportedType", 0x8004_0304: "UnexpectedType", 0x8004_0305: "TooBig",
        0x8004_0307: "UnexpectedId", 0x8004_0405: "InvalidBookmark", 0x8004_0604: "CollidingNames",
        0x8004_0605: "NotInitialized", 0x8004_0607: "NoRecipients", 0x8004_0608: "Submitted", 0x8004_0609: "HasFolders", 0x8004_060A: "HasMessages",
        0x8004_060B: "FolderCycle", 0x8004_0FFF: "NotImplemented", 0x8007_0005: "AccessDenied",
        0x8007_000E: "NotEnoughMemory", 0x8007_0057: "InvalidParameter",
    ]

    public var name: String? { Self.names[rawValue] }

    public var description: String {
        let hex = "0x" + String(rawValue, radix: 16, uppercase: true).leftPadded(to: 8)
        if let name { return "\(hex) (\(name))" }
        return hex
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
