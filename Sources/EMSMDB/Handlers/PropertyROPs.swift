import MAPIWire
import MailboxStore

/// A Server object the property ROPs work on (MS-OXCPRPT 2.2.2–2.2.8: Logon, Folder, Message and
/// Attachment objects). Each kind conforms in its own file; a handle naming anything else answers
/// ecNotSupported.
///
/// Problems use the store's `PropertyProblem` (index in the request, tag, `StoreError`); the handler
/// maps them to MS-OXCDATA 2.7 PropertyProblems.
public protocol PropertyObject: ServerObject {
    /// One cell per tag, in order (missing or unconvertible → NotFound; MS-OXCPRPT 3.2.5.1).
    func properties(_ tags: [PropertyTag], unicode: Bool, store: MailboxStore) throws -> [PropertyCell]
    /// Every property set on the object, computed ones included (MS-OXCPRPT 3.2.5.2).
    func allProperties(store: MailboxStore) throws -> [TaggedPropertyValue]
    /// RopSetProperties: immediate on Logon and Folder objects, pending until save on Message and
    /// Attachment objects (MS-OXCPRPT 3.2.5.4). Throws when the object cannot be written at all.
    func setProperties(_ values: [TaggedPropertyValue], store: MailboxStore) throws -> [StorePropertyProblem]
    /// RopDeleteProperties (MS-OXCPRPT 3.2.5.5).
    func deleteProperties(_ tags: [PropertyTag], store: MailboxStore) throws -> [StorePropertyProblem]
}

extension LogonObject: PropertyObject {
    public func properties(_ tags: [PropertyTag], unicode: Bool, store: MailboxStore) throws -> [PropertyCell] {
        try store.storeProperties(mailboxID, tags, unicode: unicode)
    }

    public func allProperties(store: MailboxStore) throws -> [TaggedPropertyValue] {
        try store.storePropertiesAll(mailboxID)
    }

    public func setProperties(_ values: [TaggedPropertyValue], store: MailboxStore) throws -> [StorePropertyProblem] {
        try store.setStoreProperties(mailboxID, values)
    }

    public func deleteProperties(_ tags: [PropertyTag], store: MailboxStore) throws -> [StorePropertyProblem] {
        try store.deleteStoreProperties(mailboxID, tags)
    }
}

extension FolderObject: PropertyObject {
    public func properties(_ tags: [PropertyTag], unicode: Bool, store: MailboxStore) throws -> [PropertyCell] {
        try store.folderProperties(mailboxID, folderID, tags, unicode: unicode)
    }

    public func allProperties(store: MailboxStore) throws -> [TaggedPropertyValue] {
        try store.folderPropertiesAll(mailboxID, folderID)
    }

    public func setProperties(_ values: [TaggedPropertyValue], store: MailboxStore) throws -> [StorePropertyProblem] {
        try store.setFolderProperties(mailboxID, folderID, values)
    }

    public func deleteProperties(_ tags: [PropertyTag], store: MailboxStore) throws -> [StorePropertyProblem] {
        try store.deleteFolderProperties(mailboxID, folderID, tags)
    }
}

extension MessageObject: PropertyObject {
    public func properties(_ tags: [PropertyTag], unicode: Bool, store: MailboxStore) throws -> [PropertyCell] {
        try store.properties(of: message, tags, unicode: unicode)
    }

    public func allProperties(store: MailboxStore) throws -> [TaggedPropertyValue] {
        try store.allProperties(of: message)
    }

    /// A message opened read-only takes no writes: ecAccessDenied (MAPI_E_NO_ACCESS, as
    /// IMAPIProp::SetProps on an unmodifiable object).
    public func setProperties(_ values: [TaggedPropertyValue], store: MailboxStore) throws -> [StorePropertyProblem] {
        guard !message.isReadOnly else { throw ROPError.accessDenied }
        return message.setProperties(values)
    }

    public func deleteProperties(_ tags: [PropertyTag], store: MailboxStore) throws -> [StorePropertyProblem] {
        guard !message.isReadOnly else { throw ROPError.accessDenied }
        return message.deleteProperties(tags)
    }
}

/// Property ROPs (MS-OXCPRPT) on Logon, Folder, Message and Attachment objects (any
/// ``PropertyObject``; embedded messages are Message objects).
enum PropertyROPs {
    /// The object in slot `index`, if it carries properties; other kinds → ecNotSupported.
    static func object(_ index: UInt8, _ context: ROPContext) throws(ROPError) -> any PropertyObject {
        guard let object = try context.anyObject(at: index) as? any PropertyObject else { throw ROPError.notSupported }
        return object
    }

    /// RopGetPropertiesSpecific (MS-OXCPRPT 3.2.5.1): one row over the requested tags. WantUnicode
    /// decides PtypUnspecified string columns; PropertySizeLimit is ignored (the SHOULD of 3.2.5.1).
    /// When the row does not fit the space left, the largest values become NotEnoughMemory cells
    /// (``PropertySizeLimit/fitRow(_:columns:budget:inlineLimit:)``; the client then uses
    /// RopOpenStream, MS-OXCDATA 2.4.2); when even that does not fit, the ROP goes to the next buffer.
    /// Values that fit are sent inline whatever their size.
    static func getPropertiesSpecific(_ request: RopGetPropertiesSpecificRequest, _ context: inout ROPContext) throws -> RopGetPropertiesSpecificResponse {
        let object = try object(request.inputHandleIndex, context)
        let cells = try object.properties(request.propertyTags, unicode: request.wantUnicode != 0, store: context.store)
        guard let fitted = PropertySizeLimit.fitRow(cells, columns: request.propertyTags, budget: context.responseBudget - 6, inlineLimit: .max) else {
            let smallest = cells.map { cell -> PropertyCell in
                if case .value = cell { return .error(.notEnoughMemory) }
                return cell
            }
            throw ROPError.responseDoesNotFit(sizeNeeded: 6 + PropertySizeLimit.rowSize(smallest, columns: request.propertyTags))
        }
        return RopGetPropertiesSpecificResponse(inputHandleIndex: request.inputHandleIndex, columns: request.propertyTags,
                                                outcome: .success(PropertyRow(cells: fitted)))
    }

    /// RopGetPropertiesAll (MS-OXCPRPT 3.2.5.2): every property, strings per WantUnicode; PtypObject
    /// properties are omitted; a value that does not fit the space left is sent as PtypErrorCode
    /// NotEnoughMemory (``PropertySizeLimit/fitTaggedValues(_:budget:inlineLimit:)``).
    static func getPropertiesAll(_ request: RopGetPropertiesAllRequest, _ context: inout ROPContext) throws -> RopGetPropertiesAllResponse {
        let object = try object(request.inputHandleIndex, context)
        let unicode = request.wantUnicode != 0
        let values = try object.allProperties(store: context.store).compactMap { tagged -> TaggedPropertyValue? in
            guard tagged.tag.type != .object else { return nil }
            let value = MailboxStore.clientValue(tagged.value, unicode: unicode)
            return TaggedPropertyValue(tag: tagged.tag.with(type: value.type), value: value)
        }
        // The budget counts PropertyValueCount; the 6 bytes before it are the response header.
        guard let fitted = PropertySizeLimit.fitTaggedValues(values, budget: context.responseBudget - 6, inlineLimit: .max) else {
            let smallest = values.reduce(0) { $0 + 4 + min(PropertySizeLimit.valueSize($1.value), 4) }
            throw ROPError.responseDoesNotFit(sizeNeeded: 8 + smallest)
        }
        return RopGetPropertiesAllResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(propertyValues: fitted)))
    }

    /// RopGetPropertiesList (MS-OXCPRPT 3.2.5.3): the tags of every property on the object.
    static func getPropertiesList(_ request: RopGetPropertiesListRequest, _ context: inout ROPContext) throws -> RopGetPropertiesListResponse {
        let object = try object(request.inputHandleIndex, context)
        let tags = try object.allProperties(store: context.store).map(\.tag).filter { $0.type != .object }
        let size = 8 + 4 * tags.count
        guard size <= context.responseBudget else { throw ROPError.responseDoesNotFit(sizeNeeded: size) }
        return RopGetPropertiesListResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(propertyTags: tags)))
    }

    /// RopSetProperties (MS-OXCPRPT 3.2.5.4): properties that cannot be set are PropertyProblems and
    /// the ROP still succeeds.
    static func setProperties(_ request: RopSetPropertiesRequest, _ context: inout ROPContext) throws -> RopSetPropertiesResponse {
        let problems = try set(request.inputHandleIndex, request.propertyValues, &context)
        return RopSetPropertiesResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(propertyProblems: problems)))
    }

    /// RopSetPropertiesNoReplicate (MS-OXCPRPT 2.2.6): as RopSetProperties; Herald does not replicate.
    static func setPropertiesNoReplicate(_ request: RopSetPropertiesNoReplicateRequest, _ context: inout ROPContext) throws -> RopSetPropertiesNoReplicateResponse {
        let problems = try set(request.inputHandleIndex, request.propertyValues, &context)
        return RopSetPropertiesNoReplicateResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(propertyProblems: problems)))
    }

    /// RopDeleteProperties (MS-OXCPRPT 3.2.5.5).
    static func deleteProperties(_ request: RopDeletePropertiesRequest, _ context: inout ROPContext) throws -> RopDeletePropertiesResponse {
        let problems = try delete(request.inputHandleIndex, request.propertyTags, &context)
        return RopDeletePropertiesResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(propertyProblems: problems)))
    }

    /// RopDeletePropertiesNoReplicate (MS-OXCPRPT 2.2.8).
    static func deletePropertiesNoReplicate(_ request: RopDeletePropertiesNoReplicateRequest, _ context: inout ROPContext) throws -> RopDeletePropertiesNoReplicateResponse {
        let problems = try delete(request.inputHandleIndex, request.propertyTags, &context)
        return RopDeletePropertiesNoReplicateResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(propertyProblems: problems)))
    }

    /// The response carries at most one PropertyProblem per property: checked before anything
    /// changes, so a write never happens without its answer.
    static func set(_ index: UInt8, _ values: [TaggedPropertyValue], _ context: inout ROPContext) throws -> [MAPIWire.PropertyProblem] {
        let object = try object(index, context)
        try reserveProblems(values.count, context)
        return wire(try object.setProperties(values, store: context.store))
    }

    static func delete(_ index: UInt8, _ tags: [PropertyTag], _ context: inout ROPContext) throws -> [MAPIWire.PropertyProblem] {
        let object = try object(index, context)
        try reserveProblems(tags.count, context)
        return wire(try object.deleteProperties(tags, store: context.store))
    }

    static func reserveProblems(_ count: Int, _ context: ROPContext) throws(ROPError) {
        let worst = 8 + MAPIWire.PropertyProblem.encodedSize * count
        guard worst <= context.responseBudget else { throw ROPError.responseDoesNotFit(sizeNeeded: worst) }
    }

    static func wire(_ problems: [StorePropertyProblem]) -> [MAPIWire.PropertyProblem] {
        problems.map { MAPIWire.PropertyProblem(index: UInt16(truncatingIfNeeded: $0.index), propertyTag: $0.tag, errorCode: $0.error.errorCode) }
    }
}
