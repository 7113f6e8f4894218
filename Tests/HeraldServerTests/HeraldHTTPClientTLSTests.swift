import Foundation
import HeraldClient
import HeraldServer
import NIOSSL
import Testing

/// ``HeraldHTTPClient`` over TLS against `herald serve --tls-cert`: refused with the system trust
/// roots, accepted when the server's self-signed certificate is the trust root.
@Suite struct HeraldHTTPClientTLSTests {
    /// A self-signed P-256 certificate for IP 127.0.0.1 and DNS localhost, valid until 2126
    /// (`openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -days 36500 -nodes
    /// -subj "/CN=Herald test" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost"`). Test-only key.
    static let certificate = """
        -----BEGIN CERTIFICATE-----
        MIIBoDCCAUWgAwIBAgIUK9Q0rHNbjFQiWXXBw/Ek7k7kOY4wCgYIKoZIzj0EAwIw
        FjEUMBIGA1UEAwwLSGVyYWxkIHRlc3QwIBcNMjYxMTI5MTAzNjQ4WhgPMjEyNjEx
        MDUxMDM2NDhaMBYxFDASBgNVBAMMC0hlcmFsZCB0ZXN0MFkwEwYHKoZIzj0CAQYI
        KoZIzj0DAQcDQgAEPvUv7eReOzPbjx+22GlmHOJdrMjk9i71C5KtGj+X3HUJOQvR
        Uwtka+r3NfJU5h99OMZxknun444pye3bOZJE7aNvMG0wHQYDVR0OBBYEFFpVAtcP
        as2JKGkQhCnWes/aNIx3MB8GA1UdIwQYMBaAFFpVAtcPas2JKGkQhCnWes/aNIx3
        MA8GA1UdEwEB/wQFMAMBAf8wGgYDVR0RBBMwEYcEfwAAAYIJbG9jYWxob3N0MAoG
        CCqGSM49BAMCA0kAMEYCIQCqcVyXgijWLQDV+uqocxj3DaCPpUB88B+R45J6kSON
        xwIhALe/ZsyX3KaW3wkYgYzLnqTZbfiHCMPYbgoQ8IjWCk28
        -----END CERTIFICATE-----

        """
    static let privateKey = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgzeAtzdx5l54vrK4H
        XBveS7gaLeNoQ1eGyTSKRuemqPqhRANCAAQ+9S/t5F47M9uPH7bYaWYc4l2syOT2
        LvULkq0aP5fcdQk5C9FTC2Rr6vc18lTmH304xnGSe6fjjinJ7ds5kkTt
        -----END PRIVATE KEY-----

        """

    @Test func httpsTrustsOnlyTheGivenCertificate() async throws {
        let directory = temporaryDirectory("tls")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let certificatePath = directory + "/cert.pem"
        let keyPath = directory + "/key.pem"
        try Self.certificate.write(toFile: certificatePath, atomically: true, encoding: .utf8)
        try Self.privateKey.write(toFile: keyPath, atomically: true, encoding: .utf8)

        try await LiveHerald.with(users: ["alice"], { options in
            options.tlsCertificate = certificatePath
            options.tlsKey = keyPath
        }) { server in
            let url = "https://127.0.0.1:\(server.port)"
            let untrusted = HeraldHTTPClient(baseURL: url)
            await #expect {
                try await untrusted.get("/healthz")
            } throws: { error in
                if case .tlsFailed = error as? HTTPClientError { true } else { false }
            }

            var configuration = HeraldHTTPClient.Configuration()
            configuration.tls.trustRoots = .file(certificatePath)
            let trusted = HeraldHTTPClient(baseURL: url, configuration: configuration)
            #expect(try await trusted.get("/healthz").status == .ok)
            #expect(try await trusted.get("/healthz").status == .ok)
            #expect(trusted.statistics.connectionsOpened == 1)
            trusted.shutdown()

            let mapi = MAPIHTTPClient(baseURL: url, userName: "alice", password: LiveHerald.password, configuration: configuration)
            let discovered = try await mapi.autodiscover(emailAddress: "alice@herald.local")
            #expect(discovered.legacyDN.lowercased() == LiveHerald.essdn("alice").lowercased())
            let session = MailboxClientSession(client: mapi)
            try await session.connect(userDN: discovered.legacyDN)
            #expect(await mapi.hasSession)
            try await session.disconnect()
        }
    }
}
