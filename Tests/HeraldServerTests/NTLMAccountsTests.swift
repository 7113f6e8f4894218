import Foundation
import HeraldServer
import MAPIHTTP
import MailboxStore
import NTLM
import Testing

/// The NT hashes the DCE/RPC transport's NTLM logon needs: stored with the account whenever the
/// password is set, durable, absent for accounts from before (until `herald user passwd`), and
/// the in-memory lookup follows add / passwd / remove.
@Suite struct NTLMAccountsTests {
    func open(_ path: String) throws -> HeraldAccounts {
        let directory = HeraldDataDirectory(path: path)
        try directory.create()
        let backend = try SQLiteBackend(path: directory.databasePath)
        let store = try MailboxStore(backend: backend, sink: DiscardingEventSink())
        return HeraldAccounts(backend: backend, store: store, domain: "herald.local", hasher: PasswordHasher(iterations: PasswordHasher.minimumIterations))
    }

    @Test func ntHashIsStoredWithThePasswordAndFollowsChanges() throws {
        let path = temporaryDirectory("ntlm")
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let accounts = try open(path)
            try accounts.addUser("Alice", password: "s3cret", displayName: "Alice Liddell")
            // MS-NLMP 4.2.2.1.2 computes NTOWFv1 from "Password": the same function, checked there.
            #expect(try accounts.backend.account(named: "alice")?.ntHash == NTLMCrypto.ntHash(password: "s3cret"))
            let entry = try #require(accounts.ntlm.account(named: "ALICE"))
            #expect(entry.ntHash == NTLMCrypto.ntHash(password: "s3cret"))
            #expect(entry.essdn == HeraldAccounts.essdn(for: "alice") && entry.displayName == "Alice Liddell")
            try accounts.setPassword("alice", password: "changed")
            #expect(accounts.ntlm.account(named: "alice")?.ntHash == NTLMCrypto.ntHash(password: "changed"))
            try accounts.addUser("bob", password: "b")
            try accounts.removeUser("bob")
            #expect(accounts.ntlm.account(named: "bob") == nil)
        }
        // Durable: a fresh process loads it.
        let accounts = try open(path)
        #expect(accounts.ntlm.account(named: "alice") == nil)          // nothing cached before reload()
        #expect(try accounts.ntlm.reload().isEmpty)
        #expect(accounts.ntlm.account(named: "alice")?.ntHash == NTLMCrypto.ntHash(password: "changed"))
    }

    @Test func accountsFromBeforeHaveNoNTHashUntilPasswd() throws {
        let path = temporaryDirectory("legacy")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let accounts = try open(path)
        try accounts.addUser("old", password: "x")
        // As migrated from accounts-v1: the nt_hash column is NULL.
        var legacy = try #require(try accounts.backend.account(named: "old"))
        legacy.ntHash = nil
        try accounts.backend.saveAccount(legacy)
        #expect(try accounts.ntlm.reload() == ["old"])
        #expect(accounts.ntlm.account(named: "old") == nil)
        try accounts.setPassword("old", password: "new")
        #expect(accounts.ntlm.account(named: "old")?.ntHash == NTLMCrypto.ntHash(password: "new"))
        #expect(try accounts.ntlm.reload().isEmpty)
    }
}
