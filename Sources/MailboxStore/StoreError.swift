import MAPIWire

/// Why a store operation failed. Every failing operation leaves the store unchanged and publishes
/// no event.
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No such mailbox, folder, message, table, bookmark row or recipient.
    case notFound
    /// An id names an object of the other kind (a message id where a folder was expected, …).
    case wrongObjectKind
    /// A folder moved or copied into itself or its own subtree (MS-OXCFOLD: FolderCycle).
    case folderCycle
    /// A sibling folder already has that display name (ecDuplicateName).
    case collidingNames
    /// A special folder cannot be deleted, moved or renamed; read-only property.
    case accessDenied
    /// A value the store does not accept (bad flag, oversized property, empty name…).
    case invalidParameter(String)
    /// A property value above ``MailboxStore/Configuration/maximumPropertySize``.
    case propertyTooBig(PropertyTag)
    /// The operation does not apply to this kind of object or table.
    case notSupported
    /// Another handle saved the message since this one opened it (ecObjectModified).
    case objectChanged
    /// The object was deleted since it was opened.
    case objectDeleted
    /// The destination of a move/copy is a search folder (ecSearchFolder).
    case searchFolderDestination
    /// Search-criteria operation on a normal folder (ecNotSearchFolder).
    case notSearchFolder
    /// First RopSetSearchCriteria without restriction or scope (ecNotInitialized).
    case searchNotInitialized
    /// A search folder in its own scope (SearchFolderScopeViolation).
    case searchScopeViolation
    /// A restriction the evaluator does not support (ecTooComplex).
    case tooComplex
    /// A table used before RopSetColumns (ecNullObject).
    case noColumns
    /// A bookmark that was freed or invalidated (ecInvalidBookmark).
    case invalidBookmark
    /// A message is not in a state that allows the operation (submit of an unsaved message…).
    case invalidState(String)
    /// RopSubmitMessage of a message without recipients (NoRecipients 0x80040607).
    case noRecipients
    /// RopSubmitMessage of a message that carries mfSubmitted (Submitted 0x80040608).
    case alreadySubmitted
    /// The backend failed (I/O, corruption); the transaction was rolled back.
    case backend(String)
    /// A table the specification bounds is full (REPLIDs: ecParameterOverflow, MS-OXCSTOR 3.2.5.9).
    case parameterOverflow

    /// The MS-OXCDATA 2.4 error code a ROP answers with.
    public var errorCode: ErrorCode {
        switch self {
        case .notFound: .notFound
        case .wrongObjectKind: .notSupported
        case .folderCycle: .folderCycle
        case .collidingNames: .collidingNames
        case .accessDenied: .accessDenied
        case .invalidParameter: .invalidParameter
        case .propertyTooBig: .tooBig
        case .notSupported: .notSupported
        case .objectChanged: .objectChanged
        case .objectDeleted: .objectDeleted
        case .searchFolderDestination: .searchFolder
        case .notSearchFolder: .notSearchFolder
        case .searchNotInitialized: .notInitialized
        case .searchScopeViolation: .searchFolderScopeViolation
        case .tooComplex: .tooComplex
        case .noColumns: .nullObject
        case .invalidBookmark: .invalidBookmark
        case .invalidState: .generalFailure
        case .noRecipients: .noRecipients
        case .alreadySubmitted: .submitted
        case .backend: .generalFailure
        case .parameterOverflow: .parameterOverflow
        }
    }

    public var description: String {
        switch self {
        case let .invalidParameter(why): "invalidParameter(\(why))"
        case let .propertyTooBig(tag): "propertyTooBig(\(tag))"
        case let .invalidState(why): "invalidState(\(why))"
        case let .backend(why): "backend(\(why))"
        default: "\(errorCode)"
        }
    }
}
