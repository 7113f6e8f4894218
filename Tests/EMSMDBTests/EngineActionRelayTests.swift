import EMSMDB
import Foundation
import MAPIWire
import NotificationEngine
import Testing

/// One processor, two transports: every engine action reaches exactly the handler that owns it
/// (no lost and no doubled completions), actions nobody owns yet are kept for their owner.
@Suite struct EngineActionRelayTests {
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var batches: [[EngineAction]] = []
        func record(_ actions: [EngineAction]) { lock.withLock { batches.append(actions) } }
        var actions: [EngineAction] { lock.withLock { batches.flatMap { $0 } } }
    }

    static let datagram = EngineAction.sendDatagram(session: SessionIndex(3), context: [1, 2], address: [2, 0, 0, 1, 127, 0, 0, 1])
    static let ownWait = EngineAction.completeWait(WaitID(7), pending: true, error: .success)
    static let otherWait = EngineAction.completeWait(WaitID(8), pending: false, error: .exiting)
    static let tick = EngineAction.scheduleTick(at: EngineTime(rawValue: 5))

    static func isDatagram(_ action: EngineAction) -> Bool {
        if case .sendDatagram = action { return true } else { return false }
    }

    static func isWait(_ id: UInt64) -> @Sendable (EngineAction) -> Bool {
        { action in
            if case let .completeWait(wait, _, _) = action { return wait == WaitID(id) } else { return false }
        }
    }

    @Test func eachActionGoesToItsOwnerOnly() {
        let relay = EngineActionRelay()
        let rpc = Recorder(), http = Recorder()
        relay.addHandler(owning: Self.isDatagram, rpc.record)
        relay.addHandler(owning: Self.isWait(7), http.record)
        relay.deliver([Self.datagram, Self.ownWait, Self.tick, Self.datagram])
        #expect(rpc.actions == [Self.datagram, Self.datagram])
        #expect(http.actions == [Self.ownWait])
        #expect(relay.takeActions().isEmpty)                  // the tick is dropped: the timer polls nextDeadline
    }

    @Test func unownedActionsWaitForTheirOwner() {
        let relay = EngineActionRelay()
        let http = Recorder()
        relay.addHandler(owning: Self.isWait(7), http.record)
        relay.deliver([Self.datagram, Self.otherWait, Self.ownWait])
        #expect(http.actions == [Self.ownWait])
        let rpc = Recorder()
        let registration = relay.addHandler(owning: Self.isDatagram, rpc.record)
        #expect(rpc.actions == [Self.datagram])               // the backlog it owns, at once
        relay.removeHandler(registration)
        relay.deliver([Self.datagram])
        #expect(rpc.actions == [Self.datagram])               // removed: no longer called
        #expect(relay.takeActions() == [Self.otherWait, Self.datagram])
        #expect(relay.takeActions().isEmpty)
    }

    @Test func firstOwnerWinsWhenTwoClaimAnAction() {
        let relay = EngineActionRelay()
        let first = Recorder(), second = Recorder()
        relay.addHandler(owning: Self.isDatagram, first.record)
        relay.addHandler(owning: { _ in true }, second.record)
        relay.deliver([Self.datagram, Self.otherWait])
        #expect(first.actions == [Self.datagram])
        #expect(second.actions == [Self.otherWait])
    }
}
