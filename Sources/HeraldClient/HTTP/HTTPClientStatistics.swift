extension HeraldHTTPClient {
    /// Connection counts of one client, for tests and load tools.
    public struct Statistics: Sendable, Equatable {
        /// Connections established since the client was made.
        public var connectionsOpened: Int
        /// Connections open or being opened now (idle or carrying a request).
        public var openConnections: Int
        /// Open connections waiting in the pool for the next request.
        public var idleConnections: Int
        /// Requests waiting for a connection because all ``Configuration/maximumConnections`` are busy.
        public var waitingRequests: Int

        public init(connectionsOpened: Int, openConnections: Int, idleConnections: Int, waitingRequests: Int = 0) {
            self.connectionsOpened = connectionsOpened
            self.openConnections = openConnections
            self.idleConnections = idleConnections
            self.waitingRequests = waitingRequests
        }
    }
}
