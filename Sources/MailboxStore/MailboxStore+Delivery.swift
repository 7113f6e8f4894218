import MAPIWire
import NotificationEngine

// MARK: - Local delivery of a submitted message (MS-OXOMSG 3.2.5.1; rop-reference §7.9, §7.10)

extension Tags {
    public static let recipientEntryID = PropertyTag(0x0FFF_0102)
    // Sender and sent-representing (MS-OXOMSG 2.2.1.48–2.2.1.59): stamped on submit when absent.
    public static let senderEntryID = PropertyTag(0x0C19_0102)
    public static let senderName = PropertyTag(0x0C1A_001F)
    public static let senderAddressType = PropertyTag(0x0C1E_001F)
    public static let senderEmailAddress = PropertyTag(0x0C1F_001F)
    public static let senderSmtpAddress = PropertyTag(0x5D01_001F)
    public static let sentRepresentingEntryID = PropertyTag(0x0041_0102)
    public static let sentRepresentingName = PropertyTag(0x0042_001F)
    public static let sentRepresentingAddressType = PropertyTag(0x0064_001F)
    public static let sentRepresentingEmailAddress = PropertyTag(0x0065_001F)
    public static let sentRepresentingSmtpAddress = PropertyTag(0x5D02_001F)
    // Received-by and "me" flags set on each delivered copy (MS-OXOMSG 2.2.1.36–2.2.1.44, 2.2.1.19–2.2.1.21).
    public static let receivedByEntryID = PropertyTag(0x003F_0102)
    public static let receivedByName = PropertyTag(0x0040_001F)
    public static let receivedByAddressType = PropertyTag(0x0075_001F)
    public static let receivedByEmailAddress = PropertyTag(0x0076_001F)
    public static let receivedBySmtpAddress = PropertyTag(0x5D07_001F)
    public static let messageToMe = PropertyTag(0x0057_000B)
    public static let messageCcMe = PropertyTag(0x0058_000B)
    public static let messageRecipientMe = PropertyTag(0x0059_000B)
    /// PidTagSentMailEntryId: the Folder EntryID form of the sent-mail folder some clients set
    /// instead of PidTagSentMailSvrEID.
    public static let sentMailEntryID = PropertyTag(0x0E0A_0102)
    public static let trustSender = PropertyTag(0x0E79_0003)
}

extension MailboxStore {
    /// The local mailbox a recipient names, or nil (a remote or unresolvable recipient). Lock held.
    ///
    /// Tried in order: an SMTP address equal to a user name; an EX address (PidTagAddressType "EX")
    /// equal to a legacyExchangeDN (the ESSDN); the recipient's PidTagEntryId (Address Book EntryID
    /// with an X500 DN, or a One-Off EntryID with an SMTP address, MS-OXCDATA 2.2.5.1–2.2.5.2); and,
    /// only for a recipient that carries no address at all, a display name equal to a user name or
    /// its local part (an unresolved name the client typed).
    func localMailbox(for recipient: RecipientRecord) -> MailboxRecord? {
        let properties = recipient.properties
        func string(_ tag: PropertyTag) -> String? {
            switch PropertyAccess.stored(properties, tag.id) {
            case let .string(text)?: text
            case let .string8(bytes)?: String(decoding: bytes, as: UTF8.self)
            default: nil
            }
        }
        func byUserName(_ address: String) -> MailboxRecord? {
            let lowered = address.lowercased()
            return directory.values.first { $0.userName.lowercased() == lowered }
        }
        func byESSDN(_ dn: String) -> MailboxRecord? {
            let lowered = dn.lowercased()
            return directory.values.first { $0.legacyExchangeDN.lowercased() == lowered }
        }
        let addressType = string(Tags.addressType)?.uppercased()
        let emailAddress = string(Tags.emailAddress)
        if let smtp = string(Tags.smtpAddress), let found = byUserName(smtp) { return found }
        if let emailAddress {
            if addressType == "EX", let found = byESSDN(emailAddress) { return found }
            if addressType == nil || addressType == "SMTP", let found = byUserName(emailAddress) { return found }
        }
        if case let .binary(entryID)? = PropertyAccess.stored(properties, Tags.recipientEntryID.id) {
            switch Self.parseRecipientEntryID(entryID) {
            case let .x500(dn)?: if let found = byESSDN(dn) { return found }
            case let .oneOff(type, address)?:
                if type.uppercased() == "SMTP", let found = byUserName(address) { return found }
                if type.uppercased() == "EX", let found = byESSDN(address) { return found }
            case nil: break
            }
        }
        let hasAddress = emailAddress != nil || string(Tags.smtpAddress) != nil
            || PropertyAccess.stored(properties, Tags.recipientEntryID.id) != nil
        if !hasAddress, let name = string(Tags.displayName) ?? string(Tags.recipientDisplayName) {
            let lowered = name.lowercased()
            let matches = directory.values.filter { record in
                let user = record.userName.lowercased()
                return user == lowered || user.split(separator: "@").first.map(String.init) == lowered
            }
            // An ambiguous name resolves to nobody rather than to the wrong mailbox.
            if matches.count == 1 { return matches[0] }
        }
        return nil
    }

    enum RecipientEntryID: Equatable {
        case x500(String)
        case oneOff(addressType: String, address: String)
    }

    /// Reads an Address Book EntryID (MS-OXCDATA 2.2.5.2) or a One-Off EntryID (2.2.5.1). Hostile
    /// bytes give nil, never a trap.
    static func parseRecipientEntryID(_ bytes: [UInt8]) -> RecipientEntryID? {
        let addressBookProvider: [UInt8] = [0xDC, 0xA7, 0x40, 0xC8, 0xC0, 0x42, 0x10, 0x1A, 0xB4, 0xB9, 0x08, 0x00, 0x2B, 0x2F, 0xE1, 0x82]
        let oneOffProvider: [UInt8] = [0x81, 0x2B, 0x1F, 0xA4, 0xBE, 0xA3, 0x10, 0x19, 0x9D, 0x6E, 0x00, 0xDD, 0x01, 0x0F, 0x54, 0x02]
        guard bytes.count >= 20 else { return nil }
        let provider = Array(bytes[4..<20])
        if provider == addressBookProvider {
            // Version (4) and Type (4), then the NUL-terminated 8-bit X500 DN.
            guard bytes.count > 28 else { return nil }
            let dn = bytes[28...].prefix { $0 != 0 }
            return dn.isEmpty ? nil : .x500(String(decoding: dn, as: UTF8.self))
        }
        guard provider == oneOffProvider, bytes.count >= 24 else { return nil }
        let flags = UInt16(bytes[22]) | UInt16(bytes[23]) << 8
        let unicode = flags & 0x8000 != 0
        var strings: [String] = []
        var index = 24
        // Each string must end with its NUL inside the EntryID; an unterminated one makes it invalid.
        while strings.count < 3 {
            if unicode {
                var units: [UInt16] = []
                var terminated = false
                while index + 1 < bytes.count {
                    let unit = UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8
                    index += 2
                    if unit == 0 { terminated = true; break }
                    units.append(unit)
                }
                guard terminated else { return nil }
                strings.append(String(decoding: units, as: UTF16.self))
            } else {
                let start = index
                while index < bytes.count, bytes[index] != 0 { index += 1 }
                guard index < bytes.count else { return nil }
                strings.append(String(decoding: bytes[start..<index], as: UTF8.self))
                index += 1
            }
        }
        // DisplayName, AddressType, EmailAddress.
        guard strings.count == 3 else { return nil }
        return .oneOff(addressType: strings[1], address: strings[2])
    }

    /// Delivers `source` to every local mailbox its recipients name (each mailbox once, even when
    /// named several times). Lock held, inside the submit transaction.
    func deliverLocally(_ tx: Transaction, _ source: MessageRecord, from sender: MailboxState) throws(StoreError) -> [SubmitResult.Delivery] {
        var targets: [(MailboxRecord, types: Set<UInt8>)] = []
        for recipient in source.recipients {
            guard let target = localMailbox(for: recipient) else { continue }
            if let index = targets.firstIndex(where: { $0.0.id == target.id }) {
                targets[index].types.insert(recipient.recipientType & 0x0F)
            } else {
                targets.append((target, [recipient.recipientType & 0x0F]))
            }
        }
        var deliveries: [SubmitResult.Delivery] = []
        for (target, types) in targets {
            let targetState = try state(target.id)
            deliveries.append(deliver(tx, source, from: sender, to: targetState, recipientTypes: types))
        }
        return deliveries
    }

    /// One delivered copy: a new MID in the target's receive folder, unread, with delivery time,
    /// received-by properties and the "me" flags; ObjectCreated then NewMail (MS-OXCNOTIF 2.2.1.4.1.2).
    func deliver(_ tx: Transaction, _ source: MessageRecord, from sender: MailboxState, to target: MailboxState, recipientTypes: Set<UInt8>) -> SubmitResult.Delivery {
        var messageClass = "IPM.Note"
        if let value = source.properties[Tags.messageClass], let text = PropertyOrdering.text(value) { messageClass = text }
        let folder = deliveryFolder(target, source)
        var record = source
        record.id = tx.allocate(target)
        record.folderID = folder
        record.isAssociated = false
        record.isSoftDeleted = false
        record.creationTime = tx.now
        record.lastModificationTime = tx.now
        record.changeNumber = tx.allocate(target)
        for tag in [Tags.sentMailSvrEID, Tags.sentMailEntryID, Tags.deleteAfterSubmit, Tags.localCommitTime] {
            for stored in record.properties.keys where stored.id == tag.id { record.properties[stored] = nil }
        }
        var flags = source.flags
        flags.remove([.unsent, .submitted, .read, .everRead, .unmodified, .resend, .associated])
        if sender.record.id == target.record.id { flags.insert(.fromMe) }
        record.properties[Tags.messageFlags] = .integer32(Int32(bitPattern: flags.rawValue))
        record.properties[Tags.messageDeliveryTime] = .time(tx.now)
        let owner = target.record
        record.properties[Tags.receivedByName] = .string(owner.userName)
        record.properties[Tags.receivedByAddressType] = .string("EX")
        record.properties[Tags.receivedByEmailAddress] = .string(owner.legacyExchangeDN)
        record.properties[Tags.receivedByEntryID] = .binary(MailboxState.addressBookEntryID(x500DN: owner.legacyExchangeDN))
        if owner.userName.contains("@") { record.properties[Tags.receivedBySmtpAddress] = .string(owner.userName) }
        record.properties[Tags.messageToMe] = .boolean(recipientTypes.contains(1))
        record.properties[Tags.messageCcMe] = .boolean(recipientTypes.contains(2))
        record.properties[Tags.messageRecipientMe] = .boolean(!recipientTypes.isDisjoint(with: [1, 2, 3]))
        tx.putMessage(target, record)
        let folderID = target.objectID(folder)
        let messageID = target.objectID(record.id)
        tx.emit(target, .objectCreated(.message(messageID, in: folderID), parentFolderID: folderID,
                                       tags: InternalProperties.eventTags(Set(record.properties.keys))))
        tx.emit(target, .newMail(folderID: folderID, messageID: messageID, messageFlags: flags.rawValue, messageClass: messageClass))
        return SubmitResult.Delivery(mailbox: target.record.id, folderID: folderID, messageID: messageID)
    }

    /// A non-delivery report (message class REPORT.IPM.Note.NDR, MS-OXOMSG report messages) for the
    /// recipients of `source` that name no local mailbox: Herald has no remote transport, so rather
    /// than drop the message for them it tells the sender. Delivered like any incoming mail to the
    /// sender's receive folder (unread, ObjectCreated + NewMail) from outside every mailbox; its
    /// recipient table lists the unreachable recipients, its body names them. Lock held, inside the
    /// submit transaction.
    func reportNonDelivery(_ tx: Transaction, _ source: MessageRecord, unreachable: [RecipientRecord], to sender: MailboxState) -> SubmitResult.Delivery {
        func text(_ recipient: RecipientRecord, _ tags: [PropertyTag]) -> String? {
            for tag in tags {
                if let value = recipient.properties[tag], let text = PropertyOrdering.text(value), !text.isEmpty { return text }
            }
            return nil
        }
        var subject = ""
        if let value = source.properties[Tags.subject], let text = PropertyOrdering.text(value) { subject = text }
        var body = "Your message could not be delivered to the following recipients: Herald delivers only to its own mailboxes and has no route to them.\r\n"
        for recipient in unreachable {
            let name = text(recipient, [Tags.displayName, Tags.recipientDisplayName]) ?? ""
            let address = text(recipient, [Tags.smtpAddress, Tags.emailAddress]) ?? ""
            body += "\r\n    " + (address.isEmpty || address == name ? name : "\(name) <\(address)>")
        }
        let report = MessageRecord(
            id: 0, folderID: 0, isAssociated: false, creationTime: tx.now, lastModificationTime: tx.now, changeNumber: 0,
            properties: [
                Tags.messageClass: .string("REPORT.IPM.Note.NDR"),
                Tags.subject: .string("Undeliverable: " + subject),
                Tags.body: .string(body),
                Tags.messageFlags: .integer32(0),
            ],
            recipients: unreachable.enumerated().map { index, recipient in
                RecipientRecord(rowID: UInt32(index), recipientType: recipient.recipientType, properties: recipient.properties)
            })
        return deliver(tx, report, from: Self.outsideSender(), to: sender, recipientTypes: [])
    }

    /// Sender and sent-representing properties from the submitting mailbox, where the client did
    /// not set them (a delegate's client sets sent-representing itself).
    static func stampSender(_ record: inout MessageRecord, _ owner: MailboxRecord) {
        func setIfAbsent(_ tag: PropertyTag, _ value: PropertyValue) {
            if PropertyAccess.stored(record.properties, tag.id) == nil { record.properties[tag] = value }
        }
        let entryID = MailboxState.addressBookEntryID(x500DN: owner.legacyExchangeDN)
        for (name, type, address, entry, smtp) in [
            (Tags.senderName, Tags.senderAddressType, Tags.senderEmailAddress, Tags.senderEntryID, Tags.senderSmtpAddress),
            (Tags.sentRepresentingName, Tags.sentRepresentingAddressType, Tags.sentRepresentingEmailAddress,
             Tags.sentRepresentingEntryID, Tags.sentRepresentingSmtpAddress),
        ] {
            setIfAbsent(name, .string(owner.userName))
            setIfAbsent(type, .string("EX"))
            setIfAbsent(address, .string(owner.legacyExchangeDN))
            setIfAbsent(entry, .binary(entryID))
            if owner.userName.contains("@") { setIfAbsent(smtp, .string(owner.userName)) }
        }
    }

    /// Where the sender's copy goes after submit: PidTagSentMailSvrEID (a ServerId), else
    /// PidTagSentMailEntryId (a Folder EntryID of this mailbox); nil when neither names a normal
    /// folder of this mailbox (the copy then stays).
    static func sentMailFolder(_ record: MessageRecord, _ state: MailboxState) -> UInt64? {
        var candidate: UInt64?
        if case let .serverID(entry)? = PropertyAccess.stored(record.properties, Tags.sentMailSvrEID.id) {
            candidate = folderCounter(fromServerID: entry)
        } else if case let .binary(entry)? = PropertyAccess.stored(record.properties, Tags.sentMailEntryID.id) {
            candidate = state.folderCounter(fromEntryID: entry)
        }
        guard let target = candidate, let folder = state.folders[target], !folder.isSearchFolder else { return nil }
        return target
    }
}

extension MailboxState {
    /// The folder counter of a Folder EntryID of this mailbox (MS-OXCDATA 2.2.4.1): ProviderUID =
    /// this MailboxGuid, FolderType 0x0001, DatabaseGuid = ReplGuid, 6-byte big-endian counter.
    func folderCounter(fromEntryID bytes: [UInt8]) -> UInt64? {
        guard bytes.count == 46, Array(bytes[4..<20]) == record.mailboxGuid.array, bytes[20] == 0x01, bytes[21] == 0x00,
              Array(bytes[22..<38]) == record.replGuid.array else { return nil }
        return bytes[38..<44].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }
}
