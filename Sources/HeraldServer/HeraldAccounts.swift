import DCERPCServer
import Foundation
import MAPIHTTP
import MAPIWire
import MailboxStore
import NTLM
import NotificationEngine

/// Users, their passwords and their mailboxes, and local delivery: what `herald user …` and
/// `herald deliver` do, run either inside the server (admin API) or by the CLI on the database
/// directly when no server runs.
public final class HeraldAccounts: Sendable {
    public let backend: SQLiteBackend
    public let store: MailboxStore
    public let domain: String
    public let hasher: PasswordHasher
    /// The DCE/RPC transport's view of these accounts (NT hashes, cached in memory); every change
    /// made through this object refreshes it.
    public let ntlm: HeraldNTLMAccounts

    public init(backend: SQLiteBackend, store: MailboxStore, domain: String, hasher: PasswordHasher = PasswordHasher()) {
        self.backend = backend
        self.store = store
        self.domain = domain.lowercased()
        self.hasher = hasher
        ntlm = HeraldNTLMAccounts(backend: backend, store: store)
    }

    /// The legacyExchangeDN Herald gives a user's mailbox: the form Exchange uses, which clients
    /// parse (the `/cn=Recipients/cn=` tail names the mailbox).
    public static func essdn(for canonicalName: String) -> String {
        "/o=Herald/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=\(canonicalName)"
    }

    /// Logon names: letters, digits, `.`, `_`, `-`; stored lower-case.
    public static func canonicalName(_ raw: String) throws(HeraldError) -> String {
        let name = raw.lowercased()
        guard !name.isEmpty, name.count <= 64,
              name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "_" || $0 == "-" })
        else { throw HeraldError("invalid user name \"\(raw)\": use letters, digits, '.', '_' or '-'") }
        return name
    }

    public struct UserSummary: Codable, Sendable, Equatable {
        public var name: String
        public var displayName: String
        public var address: String
        public var essdn: String
        public var hasMailbox: Bool

        public init(name: String, displayName: String, address: String, essdn: String, hasMailbox: Bool) {
            self.name = name
            self.displayName = displayName
            self.address = address
            self.essdn = essdn
            self.hasMailbox = hasMailbox
        }
    }

    /// Adds a user and provisions the mailbox (an existing mailbox of that name is kept).
    @discardableResult
    public func addUser(_ rawName: String, password: String, displayName: String? = nil) throws(HeraldError) -> UserSummary {
        let name = try Self.canonicalName(rawName)
        guard !password.isEmpty else { throw HeraldError("the password must not be empty") }
        if (try? backend.account(named: name)) ?? nil != nil { throw HeraldError("user \(name) already exists") }
        if store.mailbox(userName: name) == nil {
            do {
                try store.createMailbox(userName: name, legacyExchangeDN: Self.essdn(for: name))
            } catch {
                throw HeraldError("cannot create the mailbox of \(name): \(error)")
            }
        }
        do {
            try backend.saveAccount(UserAccount(name: name, passwordHash: hasher.hash(password: password), displayName: displayName ?? name,
                                                ntHash: NTLMCrypto.ntHash(password: password)))
        } catch {
            throw HeraldError("cannot save user \(name): \(error)")
        }
        ntlm.refresh(name)
        return try summary(of: name)
    }

    public func setPassword(_ rawName: String, password: String) throws(HeraldError) {
        let name = try Self.canonicalName(rawName)
        guard !password.isEmpty else { throw HeraldError("the password must not be empty") }
        guard var account = (try? backend.account(named: name)) ?? nil else { throw HeraldError("no user \(name)") }
        account.passwordHash = hasher.hash(password: password)
        // Setting the password is the only moment Herald can compute the NT hash (and so the way
        // an account created before Herald stored it gains DCE/RPC access).
        account.ntHash = NTLMCrypto.ntHash(password: password)
        do { try backend.saveAccount(account) } catch { throw HeraldError("cannot save user \(name): \(error)") }
        ntlm.refresh(name)
    }

    /// Removes the user's account: nobody can log on as them any more. The mailbox's contents are
    /// kept (the store has no mailbox deletion yet); adding the user again reattaches it.
    public func removeUser(_ rawName: String) throws(HeraldError) {
        let name = try Self.canonicalName(rawName)
        let removed: Bool
        do { removed = try backend.removeAccount(named: name) } catch { throw HeraldError("cannot remove user \(name): \(error)") }
        ntlm.refresh(name)
        guard removed else { throw HeraldError("no user \(name)") }
    }

    public func listUsers() throws(HeraldError) -> [UserSummary] {
        let accounts: [UserAccount]
        do { accounts = try backend.accounts() } catch { throw HeraldError("cannot read users: \(error)") }
        return accounts.map { account in
            let mailbox = store.mailbox(userName: account.name)
            return UserSummary(name: account.name, displayName: account.displayName, address: "\(account.name)@\(domain)",
                               essdn: mailbox?.legacyExchangeDN ?? Self.essdn(for: account.name), hasMailbox: mailbox != nil)
        }
    }

    func summary(of name: String) throws(HeraldError) -> UserSummary {
        guard let user = try listUsers().first(where: { $0.name == name }) else { throw HeraldError("no user \(name)") }
        return user
    }

    /// A message for `herald deliver`.
    public struct Delivery: Codable, Sendable, Equatable {
        public var to: String
        public var from: String
        public var subject: String
        public var body: String
        public var messageClass: String

        public init(to: String, from: String = "herald@localhost", subject: String = "", body: String = "", messageClass: String = "IPM.Note") {
            self.to = to
            self.from = from
            self.subject = subject
            self.body = body
            self.messageClass = messageClass
        }
    }

    public struct DeliveryReceipt: Codable, Sendable, Equatable {
        /// FolderId and MessageId as `ObjectID.description` prints them.
        public var folderID: String
        public var messageID: String
    }

    /// Local delivery into the recipient's Inbox (NewMail, ObjectCreated, counts and table rows
    /// for every subscribed session of a running server).
    public func deliver(_ delivery: Delivery) throws(HeraldError) -> DeliveryReceipt {
        var recipient = delivery.to.lowercased()
        if let at = recipient.lastIndex(of: "@") {
            guard recipient[recipient.index(after: at)...] == domain else { throw HeraldError("\(delivery.to) is not in the domain \(domain)") }
            recipient = String(recipient[..<at])
        }
        let name = try Self.canonicalName(recipient)
        guard let mailbox = store.mailbox(userName: name) else { throw HeraldError("no mailbox for \(name)") }
        let senderName = delivery.from.split(separator: "@").first.map(String.init) ?? delivery.from
        let properties: PropertyBag = [
            Tags.messageClass: .string(delivery.messageClass),
            Tags.subject: .string(delivery.subject),
            Tags.normalizedSubject: .string(delivery.subject),
            Tags.body: .string(delivery.body),
            DeliveryTags.senderName: .string(senderName),
            DeliveryTags.senderEmailAddress: .string(delivery.from),
            DeliveryTags.senderAddressType: .string("SMTP"),
            DeliveryTags.sentRepresentingName: .string(senderName),
            DeliveryTags.sentRepresentingEmailAddress: .string(delivery.from),
            DeliveryTags.importance: .integer32(1),
        ]
        do {
            // The To recipient, so PidTagDisplayTo (computed from recipients) names the user.
            let to = RecipientRecord(rowID: 0, recipientType: 1, properties: [
                Tags.displayName: .string(name), Tags.emailAddress: .string("\(name)@\(domain)"),
                Tags.addressType: .string("SMTP"), Tags.smtpAddress: .string("\(name)@\(domain)"),
            ])
            let delivered = try store.deliverLocal(to: mailbox.id, properties: properties, recipients: [to])
            return DeliveryReceipt(folderID: delivered.folderID.description, messageID: delivered.messageID.description)
        } catch {
            throw HeraldError("delivery to \(name) failed: \(error)")
        }
    }
}

/// MS-OXPROPS tags `herald deliver` sets besides the store's own.
enum DeliveryTags {
    /// PidTagSenderName
    static let senderName = PropertyTag(0x0C1A_001F)
    /// PidTagSenderEmailAddress
    static let senderEmailAddress = PropertyTag(0x0C1F_001F)
    /// PidTagSenderAddressType
    static let senderAddressType = PropertyTag(0x0C1E_001F)
    /// PidTagSentRepresentingName
    static let sentRepresentingName = PropertyTag(0x0042_001F)
    /// PidTagSentRepresentingEmailAddress
    static let sentRepresentingEmailAddress = PropertyTag(0x0065_001F)
    /// PidTagImportance (1 = normal)
    static let importance = PropertyTag(0x0017_0003)
}

/// Accounts from the database, identities from the mailbox directory: the transport's view of users.
public struct SQLiteCredentialStore: CredentialStore {
    public let accounts: HeraldAccounts

    public init(accounts: HeraldAccounts) {
        self.accounts = accounts
    }

    public func credential(forUser name: String) async -> StoredCredential? {
        guard let account = (try? accounts.backend.account(named: name)) ?? nil else { return nil }
        let essdn = accounts.store.mailbox(userName: account.name)?.legacyExchangeDN ?? HeraldAccounts.essdn(for: account.name)
        return StoredCredential(name: account.name.lowercased(), passwordHash: account.passwordHash, essdn: essdn, displayName: account.displayName)
    }
}
