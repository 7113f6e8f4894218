/// Stream error codes (MS-OXCPRPT 3.2.5.13–3.2.5.20; MS-OXCDATA 2.4.2): the STG_E values the stream
/// ROPs answer with.
extension ErrorCode {
    /// Write to a stream opened read-only (STG_E_ACCESSDENIED).
    public static let streamAccessDenied = ErrorCode(0x8003_0005)
    /// Seek before the start or beyond the maximum stream size (STG_E_SEEKERROR).
    public static let streamSeekError = ErrorCode(0x8003_0019)
    /// An invalid Origin (STG_E_INVALIDPARAMETER).
    public static let streamInvalidParameter = ErrorCode(0x8003_0057)
    /// The stream would exceed its maximum size (STG_E_MEDIUMFULL).
    public static let streamSizeError = ErrorCode(0x8003_0070)
}
