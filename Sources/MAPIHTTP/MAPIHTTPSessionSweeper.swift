import ServiceLifecycle

/// Runs ``MAPIHTTPServer/runSessionSweeper()`` as a swift-service-lifecycle service: idle session
/// contexts are destroyed every `sessionSweepInterval`, and on graceful shutdown every remaining
/// session is released with ``MailboxSessionReleaseReason/shutdown`` (the endpoint then completes
/// the NotificationWaits it holds, so their HTTP responses finish before the server stops).
///
/// Add it to the Hummingbird `Application`'s services.
public struct MAPIHTTPSessionSweeper<Endpoint: MailboxEndpoint>: Service {
    public let server: MAPIHTTPServer<Endpoint>

    public init(server: MAPIHTTPServer<Endpoint>) {
        self.server = server
    }

    public func run() async throws {
        let server = self.server
        await cancelWhenGracefulShutdown {
            await server.runSessionSweeper()
        }
    }
}
