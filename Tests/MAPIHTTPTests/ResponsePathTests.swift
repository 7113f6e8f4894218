import NIOCore
import NIOEmbedded
import Testing

@testable import MAPIHTTP

/// The pieces of the MAPI/HTTP response path that replace the per-response task group: the
/// meeting point of an operation and its body writer, the keep-alive queue, and flush coalescing.
@Suite("MAPI/HTTP response path")
struct ResponsePathTests {
    // MARK: InFlightOperation

    @Test("A result that arrives before the writer asks is returned at once, and only the first result counts")
    func finishBeforeNext() async {
        let operation = InFlightOperation()
        operation.finish(.success([1, 2, 3]))
        operation.finish(.success([9]))
        guard case .finished(.success(let body)) = await operation.next() else {
            Issue.record("expected the result")
            return
        }
        #expect(body == [1, 2, 3])
        #expect(operation.isFinished)
    }

    @Test("A writer waiting for the result is resumed by it")
    func finishWakesWaiter() async {
        let operation = InFlightOperation()
        async let event = operation.next()
        // Finish from another task once the writer may be suspended; either order must work.
        Task { operation.finish(.failure(MAPIHTTPFailure(.contextNotFound, "gone"))) }
        guard case .finished(.failure(let failure)) = await event else {
            Issue.record("expected the failure")
            return
        }
        #expect(failure.code == .contextNotFound)
    }

    @Test("A keep-alive that comes due before the writer asks is not lost, and is reported once")
    func keepAliveRemembered() async {
        let operation = InFlightOperation()
        operation.keepAliveIsDue()
        guard case .keepAliveDue = await operation.next() else {
            Issue.record("expected the keep-alive")
            return
        }
        operation.finish(.success([]))
        guard case .finished = await operation.next() else {
            Issue.record("expected the result, not a second keep-alive")
            return
        }
    }

    @Test("The result is handed over once: the operation stays finished but no longer holds its bytes")
    func resultHandedOverOnce() async {
        let operation = InFlightOperation()
        operation.finish(.success([UInt8](repeating: 7, count: 1_000)))
        guard case .success(let bytes) = operation.takeOutcome() else {
            Issue.record("expected a success")
            return
        }
        #expect(bytes.count == 1_000)
        #expect(operation.isFinished)
        #expect(operation.takeOutcome() == nil)
    }

    @Test("After the result, keep-alives are ignored")
    func keepAliveAfterFinish() async {
        let operation = InFlightOperation()
        operation.finish(.success([7]))
        operation.keepAliveIsDue()
        guard case .finished = await operation.next() else {
            Issue.record("expected the result")
            return
        }
    }

    @Test("Cancelling the writer's task ends its wait")
    func cancellation() async {
        let operation = InFlightOperation()
        let writer = Task { await operation.next() }
        writer.cancel()
        guard case .cancelled = await writer.value else {
            Issue.record("expected cancelled")
            return
        }
    }

    // MARK: KeepAliveScheduler

    @Test("A scheduled operation is told each keep-alive as it comes due, and the queue empties afterwards")
    func schedulerTicks() async throws {
        let scheduler = KeepAliveScheduler(period: .milliseconds(20))
        let waiting = InFlightOperation()
        let finished = InFlightOperation()
        scheduler.schedule(finished)
        scheduler.schedule(waiting)
        finished.finish(.success([]))
        guard case .keepAliveDue = await waiting.next() else {
            Issue.record("expected a keep-alive for the waiting operation")
            return
        }
        // Rescheduled after each keep-alive, like the body writer does.
        scheduler.schedule(waiting)
        guard case .keepAliveDue = await waiting.next() else {
            Issue.record("expected a second keep-alive")
            return
        }
        var spins = 0
        while scheduler.queuedCount > 0, spins < 500 {
            try await Task.sleep(for: .milliseconds(10))
            spins += 1
        }
        #expect(scheduler.queuedCount == 0)
    }

    // MARK: FlushCoalescingHandler

    private func bytes(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    @Test("Flushes requested back to back leave as one flush, in order, after the queued writes")
    func coalescesFlushes() throws {
        let channel = EmbeddedChannel(handler: FlushCoalescingHandler())
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        channel.write(bytes("head"), promise: nil)
        channel.flush()
        channel.write(bytes("body"), promise: nil)
        channel.flush()
        channel.write(bytes("end"), promise: nil)
        channel.flush()
        // Nothing has reached the socket until the deferred flush runs.
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        channel.embeddedEventLoop.run()
        #expect(try channel.readOutbound(as: ByteBuffer.self) == bytes("head"))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == bytes("body"))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == bytes("end"))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        _ = try channel.finish()
    }

    @Test("A close right after a write flushes it first: nothing written is dropped")
    func closeFlushesFirst() throws {
        let channel = EmbeddedChannel(handler: FlushCoalescingHandler())
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        channel.write(bytes("last response"), promise: nil)
        channel.flush()
        let closed = channel.close()
        channel.embeddedEventLoop.run()
        try closed.wait()
        #expect(try channel.readOutbound(as: ByteBuffer.self) == bytes("last response"))
    }

    @Test("A write without a flush is not sent by the coalescer")
    func noFlushNoSend() throws {
        let channel = EmbeddedChannel(handler: FlushCoalescingHandler())
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        channel.write(bytes("unflushed"), promise: nil)
        channel.embeddedEventLoop.run()
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        channel.flush()
        channel.embeddedEventLoop.run()
        #expect(try channel.readOutbound(as: ByteBuffer.self) == bytes("unflushed"))
        _ = try channel.finish()
    }
}
