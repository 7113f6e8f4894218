import MailboxStore
import NotificationEngine

/// The store→engine adapter: the store calls it synchronously after each commit, in commit order,
/// so every subscribed session's queue holds a change's notifications before the ROP that caused it
/// returns its response (issue 5, "Semantics that clients depend on").
public struct HubEventSink: MailboxEventSink {
    public let hub: NotificationHub
    public let relay: EngineActionRelay

    public init(hub: NotificationHub, relay: EngineActionRelay) {
        self.hub = hub
        self.relay = relay
    }

    public func publish(_ events: [MailboxEvent]) {
        relay.deliver(hub.publish(events))
    }
}
