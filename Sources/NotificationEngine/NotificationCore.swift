import MAPIWire

/// What one ``NotificationCore/pack(session:into:budget:now:)`` call wrote.
public struct PackResult: Hashable, Sendable {
    /// RopNotify responses written.
    public var notifications = 0
    /// Bytes appended (RopNotify and RopPending).
    public var bytesWritten = 0
    /// Entries still queued for this session afterwards.
    public var remaining = 0
    /// A RopPending with this session's index was written.
    public var wrotePending = false
    /// RopPending responses written for linked sessions.
    public var linkedPendings = 0
}

/// The sans-I/O notification engine: session contexts, subscriptions, table subscriptions, per-
/// session queues, RopNotify/RopPending packing, waits and the UDP push schedule.
///
/// A plain value driven by inputs; it never reads a clock, opens a socket or starts a task. Every
/// input that can wake someone returns ``EngineAction``s for the caller to execute outside any lock.
/// ``NotificationHub`` wraps it for concurrent use.
public struct NotificationCore {
    public let configuration: EngineConfiguration
    public private(set) var metrics = EngineMetrics()

    private var sessions: [SessionIndex: SessionContext] = [:]
    private var mailboxes: [MailboxID: MailboxSubscriptions] = [:]
    private var tables: [TableID: TableSubscription] = [:]
    private var timers = TimerHeap()
    private var announcedDeadline: EngineTime?
    private var nextIndex: UInt16 = 1
    private var nextTimeStamp: UInt32
    private var nextGeneration: UInt64 = 1
    private var isShuttingDown = false
    private let limits: QueueLimits

    public init(configuration: EngineConfiguration = EngineConfiguration()) {
        self.configuration = configuration
        nextTimeStamp = configuration.firstTimeStamp
        limits = QueueLimits(
            maxEntries: max(1, configuration.maxQueuedEntries), maxBytes: max(1, configuration.maxQueuedBytes),
            tableRowThreshold: max(1, configuration.tableRowCollapseThreshold))
    }

    // MARK: - Session contexts

    /// Creates a session context (EcDoConnectEx, MAPI/HTTP Connect), linking it when `linkIndex`
    /// (`ulIcxrLink`) names a live session of the same user whose creation time stamp equals
    /// `linkTimeStamp` (MS-OXCRPC 3.1.4.1). Otherwise — including 0xFFFFFFFF, "no link" — the session
    /// is created unlinked. Returns nil only when all 65,535 indexes are in use.
    public mutating func createSession(
        user: String, cachedMode: Bool = false, linkIndex: UInt32 = 0xFFFF_FFFF, linkTimeStamp: UInt32 = 0
    ) -> SessionInfo? {
        guard sessions.count < 0xFFFF else { return nil }
        while sessions[SessionIndex(nextIndex)] != nil || nextIndex == SessionIndex.reserved.rawValue {
            nextIndex &+= 1
        }
        let index = SessionIndex(nextIndex)
        nextIndex &+= 1
        let timeStamp = nextTimeStamp
        nextTimeStamp &+= 1
        let session = SessionContext(index: index, user: user, timeStamp: timeStamp, cachedMode: cachedMode)
        sessions[index] = session
        metrics.sessions = sessions.count

        var linkedTo: SessionIndex?
        if linkIndex != 0xFFFF_FFFF, let target = sessions[SessionIndex(UInt16(truncatingIfNeeded: linkIndex))],
           target !== session, target.user == user, target.timeStamp == linkTimeStamp {
            let group = target.linkGroup ?? LinkGroup()
            if target.linkGroup == nil {
                group.insert(target)
                target.linkGroup = group
            }
            group.insert(session)
            session.linkGroup = group
            linkedTo = target.index
        }
        return SessionInfo(index: index, timeStamp: timeStamp, linkedTo: linkedTo)
    }

    /// Destroys a session context (EcDoDisconnect, MAPI/HTTP Disconnect or expiry): releases its
    /// subscriptions, tables and queue, unlinks it, and completes its wait with NotificationPending
    /// set (as for an invalid ACXH, MS-OXCRPC 3.3.4.1) so the client's next call learns it is gone.
    public mutating func destroySession(_ index: SessionIndex) -> [EngineAction] {
        guard let session = sessions[index] else { return [] }
        var actions: [EngineAction] = []
        if let wait = session.wait { complete(session, wait, pending: true, error: .success, into: &actions) }
        for (handle, record) in session.subscriptions {
            removeFromIndex(session: session, handle: handle, record: record)
        }
        metrics.subscriptions -= session.subscriptions.count
        session.subscriptions = [:]
        for tableID in session.tableHandles.values {
            if tables.removeValue(forKey: tableID)?.active == true { metrics.activeTables -= 1 }
        }
        session.tableHandles = [:]
        metrics.queuedEntries -= session.queue.count
        metrics.queuedBytes -= session.queue.byteCount
        session.queue.removeAll()
        session.push = nil
        if let group = session.linkGroup {
            group.remove(session)
            if group.members.count == 1 { group.members[0].linkGroup = nil }
            session.linkGroup = nil
        }
        sessions[index] = nil
        metrics.sessions = sessions.count
        return actions
    }

    /// Changes the client mode (for the NewMail UnicodeFlag).
    public mutating func setCachedMode(_ cachedMode: Bool, session index: SessionIndex) {
        sessions[index]?.cachedMode = cachedMode
    }

    public func sessionExists(_ index: SessionIndex) -> Bool { sessions[index] != nil }

    /// The sessions linked with `index` (excluding itself), ascending.
    public func linkedSessions(of index: SessionIndex) -> [SessionIndex] {
        guard let group = sessions[index]?.linkGroup else { return [] }
        return group.members.map(\.index).filter { $0 != index }
    }

    /// Entries queued for the session.
    public func pendingCount(session index: SessionIndex) -> Int { sessions[index]?.queue.count ?? 0 }

    /// Anything queued for the session or a linked one — what a wait would report.
    public func hasPending(session index: SessionIndex) -> Bool { sessions[index]?.groupHasPending ?? false }

    // MARK: - Subscriptions (RopRegisterNotification, RopRelease)

    /// Adds the subscription created by RopRegisterNotification (MS-OXCNOTIF 3.1.5.1) under its
    /// server object handle. A second subscription under the same handle replaces the first.
    /// Returns false if the session does not exist.
    @discardableResult
    public mutating func subscribe(
        session index: SessionIndex, handle: UInt32, logonID: UInt8, mailbox: MailboxID,
        types: NotificationTypes, scope: SubscriptionScope
    ) -> Bool {
        guard let session = sessions[index] else { return false }
        if session.subscriptions[handle] != nil { release(session: index, handle: handle) }
        let record = SubscriptionRecord(logonID: logonID, mailbox: mailbox, types: types, scope: scope)
        session.subscriptions[handle] = record
        let subscriptions = mailboxes[mailbox] ?? {
            let created = MailboxSubscriptions()
            mailboxes[mailbox] = created
            return created
        }()
        subscriptions.insert(Subscriber(session: session, handle: handle, logonID: logonID, types: types),
                             key: SubscriberKey(session: index, handle: handle), scope: scope)
        metrics.subscriptions += 1
        return true
    }

    /// RopRelease of any object (MS-OXCROPS 2.2.15.3): if `handle` is a subscription or a table, it
    /// stops receiving and its queued notifications are dropped (protocol-reference §4.12 item 7) —
    /// the handle may be reused, and a stale RopNotify must never reach its new owner. Returns
    /// whether anything was released.
    @discardableResult
    public mutating func release(session index: SessionIndex, handle: UInt32) -> Bool {
        guard let session = sessions[index] else { return false }
        if let record = session.subscriptions.removeValue(forKey: handle) {
            removeFromIndex(session: session, handle: handle, record: record)
            metrics.subscriptions -= 1
            purge(session, handle: handle, logonID: record.logonID)
            return true
        }
        if let tableID = session.tableHandles[handle] {
            unregisterTable(tableID)
            return true
        }
        return false
    }

    private mutating func removeFromIndex(session: SessionContext, handle: UInt32, record: SubscriptionRecord) {
        guard let subscriptions = mailboxes[record.mailbox] else { return }
        subscriptions.remove(key: SubscriberKey(session: session.index, handle: handle), scope: record.scope)
        if subscriptions.isEmpty { mailboxes[record.mailbox] = nil }
    }

    private mutating func purge(_ session: SessionContext, handle: UInt32, logonID: UInt8) {
        let (entries, bytes) = (session.queue.count, session.queue.byteCount)
        session.queue.purge(handle: handle, logonID: logonID, metrics: &metrics)
        metrics.queuedEntries += session.queue.count - entries
        metrics.queuedBytes += session.queue.byteCount - bytes
    }

    // MARK: - Table subscriptions (MS-OXCNOTIF 3.1.4.3)

    /// Registers the implicit TableModified subscription of a table opened by RopGetContentsTable /
    /// RopGetHierarchyTable (and other table-creating ROPs). It stays inactive until
    /// ``tableViewCreated(_:)``. Tables opened with NoNotifications (0x10) are never subscribed.
    /// Returns whether a subscription now exists.
    @discardableResult
    public mutating func registerTable(
        _ tableID: TableID, session index: SessionIndex, logonID: UInt8, handle: UInt32, kind: TableKind,
        searchFolder: Bool = false, noNotifications: Bool
    ) -> Bool {
        guard !noNotifications, let session = sessions[index] else { return false }
        if tables[tableID] != nil { unregisterTable(tableID) }
        if let previous = session.tableHandles[handle] { unregisterTable(previous) }
        tables[tableID] = TableSubscription(session: index, logonID: logonID, handle: handle, kind: kind,
                                            searchFolder: searchFolder && kind.isContents, active: false)
        session.tableHandles[handle] = tableID
        return true
    }

    /// A view-creating ROP ran on the table (RopQueryRows, RopSeekRow, RopSeekRowBookmark,
    /// RopSeekRowFractional, RopQueryPosition, RopFindRow, RopExpandRow, RopCollapseRow,
    /// RopQueryColumnsAll): TableModified notifications flow from now on.
    public mutating func tableViewCreated(_ tableID: TableID) {
        guard var table = tables[tableID], !table.active else { return }
        table.active = true
        tables[tableID] = table
        metrics.activeTables += 1
    }

    /// RopResetTable: notifications stop until the next view-creating ROP. Queued ones are dropped
    /// too — they describe the view (columns, sort, restriction) the client just discarded.
    public mutating func tableReset(_ tableID: TableID) {
        guard var table = tables[tableID] else { return }
        if table.active {
            table.active = false
            tables[tableID] = table
            metrics.activeTables -= 1
        }
        if let session = sessions[table.session] { purge(session, handle: table.handle, logonID: table.logonID) }
    }

    /// RopSetColumns, RopSortTable or RopRestrict changed the table's view: row events still queued
    /// carry the old columns or anchors of the old order, so they become one TableChanged (only if
    /// the table has row events pending; an idle table gets nothing).
    public mutating func tableViewChanged(_ tableID: TableID) {
        guard let table = tables[tableID], let session = sessions[table.session] else { return }
        let (entries, bytes) = (session.queue.count, session.queue.byteCount)
        session.queue.supersedePendingRows(handle: table.handle, logonID: table.logonID, flavor: table.flavor, metrics: &metrics)
        metrics.queuedEntries += session.queue.count - entries
        metrics.queuedBytes += session.queue.byteCount - bytes
    }

    /// The table was released (RopRelease) or its session ended.
    public mutating func unregisterTable(_ tableID: TableID) {
        guard let table = tables.removeValue(forKey: tableID) else { return }
        if table.active { metrics.activeTables -= 1 }
        guard let session = sessions[table.session] else { return }
        if session.tableHandles[table.handle] == tableID { session.tableHandles[table.handle] = nil }
        purge(session, handle: table.handle, logonID: table.logonID)
    }

    /// Whether TableModified notifications currently flow for the table.
    public func isTableActive(_ tableID: TableID) -> Bool { tables[tableID]?.active ?? false }

    // MARK: - Publishing

    /// Queues the notifications for a batch of events, in order, synchronously: when this returns,
    /// every matching session's queue holds them. Returns the waits to complete and datagrams to send.
    public mutating func publish(_ events: [MailboxEvent], now: EngineTime) -> [EngineAction] {
        var actions: [EngineAction] = []
        for event in events { publish(event, now: now, into: &actions) }
        return actions
    }

    public mutating func publish(_ event: MailboxEvent, now: EngineTime) -> [EngineAction] {
        var actions: [EngineAction] = []
        publish(event, now: now, into: &actions)
        return actions
    }

    private mutating func publish(_ event: MailboxEvent, now: EngineTime, into actions: inout [EngineAction]) {
        metrics.eventsPublished += 1
        if case let .tableModified(tableID, data) = event.kind {
            publishTableEvent(tableID, data, now: now, into: &actions)
            return
        }
        guard let subscriptions = mailboxes[event.mailbox] else { return }
        let type = event.type
        var encoder = EventEncoder(event: event, configuration: configuration, publishedAt: now)
        let kind: EntryKind
        switch event.kind {
        case let .objectModified(object, _, _, _):
            kind = .objectModified(object: (object.messageID ?? object.folderID).wireValue)
        default:
            kind = .plain
        }

        deliver(subscriptions.wholeMailbox, type: type, kind: kind, encoder: &encoder, now: now, into: &actions)
        let locations = event.locations
        for folderID in [locations.folder, locations.oldFolder] {
            if let folderID, let bucket = subscriptions.folders[folderID] {
                deliver(bucket, type: type, kind: kind, encoder: &encoder, now: now, into: &actions)
            }
        }
        for messageID in [locations.message, locations.oldMessage] {
            if let messageID, let bucket = subscriptions.messages[messageID] {
                deliver(bucket, type: type, kind: kind, encoder: &encoder, now: now, into: &actions)
            }
        }
        metrics.payloadsEncoded += encoder.encodings
        metrics.oversizeDegraded += encoder.degraded
    }

    private mutating func deliver(
        _ bucket: SubscriberBucket, type: NotificationTypes, kind: EntryKind, encoder: inout EventEncoder,
        now: EngineTime, into actions: inout [EngineAction]
    ) {
        for subscriber in bucket.values where subscriber.types.contains(type) {
            let payload = encoder.payload(unicode: !subscriber.session.cachedMode)
            enqueue(payload, to: subscriber.session, handle: subscriber.handle, logonID: subscriber.logonID,
                    kind: kind, now: now, into: &actions)
        }
    }

    private mutating func publishTableEvent(_ tableID: TableID, _ data: NotificationData, now: EngineTime, into actions: inout [EngineAction]) {
        guard let table = tables[tableID], table.active, let session = sessions[table.session] else { return }
        let flavor = table.flavor
        var payload: EncodedNotification
        var kind: EntryKind
        switch data.tableEventType {
        case .tableChanged:
            payload = EncodedNotification.tableChanged(flavor, publishedAt: now)
            kind = .tableChanged(flavor)
        case .tableRowAdded, .tableRowDeleted, .tableRowModified:
            if data.encodedSize > configuration.maxNotificationSize {
                // One row too large for a client buffer must not block the queue: re-read instead.
                metrics.oversizeDegraded += 1
                payload = EncodedNotification.tableChanged(flavor, publishedAt: now)
                kind = .tableChanged(flavor)
            } else {
                payload = EncodedNotification(data, publishedAt: now)
                metrics.payloadsEncoded += 1
                kind = .tableRow(flavor)
            }
        default:
            payload = EncodedNotification(data, publishedAt: now)
            metrics.payloadsEncoded += 1
            kind = .plain
        }
        enqueue(payload, to: session, handle: table.handle, logonID: table.logonID, kind: kind, now: now, into: &actions)
    }

    /// Enqueue, then wake: the entry is in the queue before any wait is completed.
    private mutating func enqueue(
        _ payload: EncodedNotification, to session: SessionContext, handle: UInt32, logonID: UInt8, kind: EntryKind,
        now: EngineTime, into actions: inout [EngineAction]
    ) {
        let (entries, bytes) = (session.queue.count, session.queue.byteCount)
        session.queue.enqueue(payload, handle: handle, logonID: logonID, kind: kind, limits: limits, metrics: &metrics)
        metrics.queuedEntries += session.queue.count - entries
        metrics.queuedBytes += session.queue.byteCount - bytes
        guard !session.queue.isEmpty else { return }

        if let group = session.linkGroup {
            for member in group.members { if let wait = member.wait { complete(member, wait, pending: true, error: .success, into: &actions) } }
        } else if let wait = session.wait {
            complete(session, wait, pending: true, error: .success, into: &actions)
        }
        if entries == 0, var push = session.push, push.armedGeneration == nil {
            actions.append(.sendDatagram(session: session.index, context: push.context, address: push.address))
            metrics.datagramsSent += 1
            push.armedGeneration = schedule(.pushResend, session: session.index, at: now + configuration.pushInterval, into: &actions)
            session.push = push
        }
    }

    // MARK: - Packing (MS-OXCNOTIF 3.1.5.5–3.1.5.7; MS-OXCROPS 3.1.5)

    /// Appends this session's pending notifications to a ROP output buffer that already holds the
    /// responses to the request's own ROPs, using at most `budget` bytes:
    ///
    /// 1. whole RopNotify responses in queue order while they fit, keeping 3 bytes in reserve while
    ///    more remain (an entry leaves the queue only once written);
    /// 2. if entries remain, one RopPending with this session's index;
    /// 3. one RopPending per linked session with pending notifications, as space allows.
    ///
    /// Never a RopPending when nothing remains. The caller must not call this after writing
    /// RopBufferTooSmall. An unknown session writes nothing.
    ///
    /// `now` (the clock of ``publish(_:now:)``) dates the delivery: each entry written records its
    /// commit-to-delivery latency in ``EngineMetrics/deliveryLatency``.
    @discardableResult
    public mutating func pack(session index: SessionIndex, into output: inout [UInt8], budget: Int, now: EngineTime) -> PackResult {
        var result = PackResult()
        guard let session = sessions[index] else { return result }
        result.remaining = session.queue.count
        guard budget > 0 else { return result }
        let (entries, bytes) = (session.queue.count, session.queue.byteCount)
        let written = session.queue.pack(into: &output, budget: budget, reserve: RopPending.encodedSize, now: now, metrics: &metrics)
        metrics.queuedEntries += session.queue.count - entries
        metrics.queuedBytes += session.queue.byteCount - bytes
        result.notifications = written.entries
        var used = written.bytes
        result.remaining = session.queue.count
        if !session.queue.isEmpty, used + RopPending.encodedSize <= budget {
            RopPending.encode(sessionIndex: index.rawValue, into: &output)
            used += RopPending.encodedSize
            result.wrotePending = true
        }
        if let group = session.linkGroup {
            for member in group.members where member !== session && !member.queue.isEmpty {
                guard used + RopPending.encodedSize <= budget else { break }
                RopPending.encode(sessionIndex: member.index.rawValue, into: &output)
                used += RopPending.encodedSize
                result.linkedPendings += 1
            }
        }
        result.bytesWritten = used
        return result
    }

    // MARK: - Waits (EcDoAsyncWaitEx, NotificationWait)

    /// Starts a wait (MS-OXCNOTIF 3.1.5.3; MS-OXCMAPIHTTP 3.1.5.5). Completes at once with pending =
    /// true if the session or a linked one has notifications queued; with Rejected (0x7EE) if another
    /// wait is outstanding on the session; with Exiting during shutdown; with pending = true for an
    /// unknown session (as for an invalid ACXH, MS-OXCRPC 3.3.4.1). Otherwise parks it until an
    /// enqueue, ``cancelWait(session:id:)``, or the timeout (a ``EngineAction/scheduleTick(at:)``).
    public mutating func beginWait(session index: SessionIndex, id: WaitID, now: EngineTime) -> [EngineAction] {
        if isShuttingDown { return [.completeWait(id, pending: false, error: .exiting)] }
        guard let session = sessions[index] else { return [.completeWait(id, pending: true, error: .success)] }
        if session.wait != nil {
            metrics.waitsRejected += 1
            return [.completeWait(id, pending: false, error: .rejected)]
        }
        if session.groupHasPending {
            metrics.waitsCompletedPending += 1
            return [.completeWait(id, pending: true, error: .success)]
        }
        var actions: [EngineAction] = []
        let generation = schedule(.waitTimeout, session: index, at: now + configuration.waitTimeout, into: &actions)
        session.wait = ParkedWait(id: id, generation: generation)
        metrics.parkedWaits += 1
        return actions
    }

    /// The waiting client went away (connection closed, task cancelled): completes the wait with
    /// pending = false if it is still parked.
    public mutating func cancelWait(session index: SessionIndex, id: WaitID) -> [EngineAction] {
        guard let session = sessions[index], let wait = session.wait, wait.id == id else { return [] }
        var actions: [EngineAction] = []
        complete(session, wait, pending: false, error: .success, into: &actions)
        return actions
    }

    private mutating func complete(_ session: SessionContext, _ wait: ParkedWait, pending: Bool, error: ErrorCode, into actions: inout [EngineAction]) {
        session.wait = nil
        metrics.parkedWaits -= 1
        if pending { metrics.waitsCompletedPending += 1 }
        actions.append(.completeWait(wait.id, pending: pending, error: error))
    }

    /// Server shutdown: completes every parked wait with Exiting (0x3ED) and rejects later ones.
    public mutating func shutdown() -> [EngineAction] {
        isShuttingDown = true
        var actions: [EngineAction] = []
        for session in sessions.values.sorted(by: { $0.index < $1.index }) {
            if let wait = session.wait { complete(session, wait, pending: false, error: .exiting, into: &actions) }
        }
        return actions
    }

    // MARK: - UDP push (MS-OXCNOTIF 3.1.2, 3.1.5.4)

    /// Saves the callback of EcRRegisterPushNotification (address validation is the transport's).
    /// If notifications are already pending, the first datagram goes out at once.
    public mutating func registerPush(session index: SessionIndex, context: [UInt8], address: [UInt8], now: EngineTime) -> [EngineAction] {
        guard let session = sessions[index] else { return [] }
        session.push = PushRegistration(context: context, address: address, armedGeneration: nil)
        var actions: [EngineAction] = []
        if !session.queue.isEmpty {
            actions.append(.sendDatagram(session: index, context: context, address: address))
            metrics.datagramsSent += 1
            session.push?.armedGeneration = schedule(.pushResend, session: index, at: now + configuration.pushInterval, into: &actions)
        }
        return actions
    }

    // MARK: - Timers

    /// The earliest pending deadline (possibly one already superseded; ticking early is harmless).
    public var nextDeadline: EngineTime? { timers.first?.time }

    /// Fires every deadline at or before `now`: wait timeouts (pending = false) and push resends
    /// (another datagram while the queue is not drained). Ends with a ``EngineAction/scheduleTick(at:)``
    /// for the next live deadline, if any.
    public mutating func tick(now: EngineTime) -> [EngineAction] {
        var actions: [EngineAction] = []
        while let first = timers.first, first.time <= now {
            _ = timers.removeFirst()
            guard let session = sessions[first.session] else { continue }
            switch first.purpose {
            case .waitTimeout:
                if let wait = session.wait, wait.generation == first.generation {
                    metrics.waitsTimedOut += 1
                    complete(session, wait, pending: false, error: .success, into: &actions)
                }
            case .pushResend:
                guard var push = session.push, push.armedGeneration == first.generation else { continue }
                push.armedGeneration = nil
                if !session.queue.isEmpty {
                    actions.append(.sendDatagram(session: session.index, context: push.context, address: push.address))
                    metrics.datagramsSent += 1
                    let generation = nextGeneration
                    nextGeneration += 1
                    timers.insert(.init(time: now + configuration.pushInterval, purpose: .pushResend, session: session.index, generation: generation))
                    push.armedGeneration = generation
                }
                session.push = push
            }
        }
        dropStaleTimers()
        announcedDeadline = timers.first?.time
        if let deadline = announcedDeadline { actions.append(.scheduleTick(at: deadline)) }
        return actions
    }

    private mutating func dropStaleTimers() {
        while let first = timers.first {
            let session = sessions[first.session]
            let live = switch first.purpose {
            case .waitTimeout: session?.wait?.generation == first.generation
            case .pushResend: session?.push?.armedGeneration == first.generation
            }
            if live { return }
            _ = timers.removeFirst()
        }
    }

    private mutating func schedule(_ purpose: TimerHeap.Purpose, session: SessionIndex, at time: EngineTime, into actions: inout [EngineAction]) -> UInt64 {
        let generation = nextGeneration
        nextGeneration += 1
        timers.insert(.init(time: time, purpose: purpose, session: session, generation: generation))
        if announcedDeadline.map({ time < $0 }) ?? true {
            announcedDeadline = time
            actions.append(.scheduleTick(at: time))
        }
        return generation
    }

    // MARK: - Diagnostics

    /// The queued entries of a session, oldest first, as (handle, logon id, NotificationData bytes).
    public func queuedEntries(session index: SessionIndex) -> [(handle: UInt32, logonID: UInt8, payload: [UInt8])] {
        guard let session = sessions[index] else { return [] }
        return session.queue.entries.map { ($0.handle, $0.logonID, $0.payload.bytes) }
    }
}

/// Encodes one event lazily, at most once per UnicodeFlag value.
struct EventEncoder {
    let event: MailboxEvent
    let configuration: EngineConfiguration
    /// When the commit was published; every encoding of the event carries it.
    let publishedAt: EngineTime
    private var unicodePayload: EncodedNotification?
    private var ansiPayload: EncodedNotification?
    private(set) var encodings: UInt64 = 0
    private(set) var degraded: UInt64 = 0
    private let dependsOnUnicode: Bool

    init(event: MailboxEvent, configuration: EngineConfiguration, publishedAt: EngineTime) {
        self.event = event
        self.configuration = configuration
        self.publishedAt = publishedAt
        if case .newMail = event.kind { dependsOnUnicode = true } else { dependsOnUnicode = false }
    }

    @inline(__always)
    mutating func payload(unicode requested: Bool) -> EncodedNotification {
        let unicode = dependsOnUnicode ? requested : true
        if unicode, let unicodePayload { return unicodePayload }
        if !unicode, let ansiPayload { return ansiPayload }
        var data = event.notificationData(
            tagCountPolicy: configuration.tagCountPolicy, newMailFlagsPolicy: configuration.newMailFlagsPolicy, unicode: unicode)
        if data.encodedSize > configuration.maxNotificationSize, !data.tags.isEmpty {
            // Too many tags for one entry: "no tags" is always a valid TagCount (MS-OXCNOTIF 2.2.1.4.1.2).
            data.tags = []
            data.tagCount = 0
            degraded += 1
        }
        let payload = EncodedNotification(data, publishedAt: publishedAt)
        encodings += 1
        if unicode { unicodePayload = payload } else { ansiPayload = payload }
        return payload
    }
}

/// The folders and messages an event is about (docs/ENGINE.md "Matching"). The old location is
/// set only for moves and copies, and only when it differs from the new one, so no subscription is
/// reached twice.
struct EventLocations {
    var folder: FolderID?
    var oldFolder: FolderID?
    var message: MessageID?
    var oldMessage: MessageID?
}

extension MailboxEvent {
    /// The object's folder (the folder itself, or the message's folder) and message, plus the old
    /// location for moves and copies.
    var locations: EventLocations {
        switch kind {
        case let .newMail(folderID, messageID, _, _):
            return EventLocations(folder: folderID, message: messageID)
        case let .objectCreated(object, _, _), let .objectDeleted(object, _), let .objectModified(object, _, _, _):
            return EventLocations(folder: object.folderID, message: object.messageID)
        case let .objectMoved(object, _, old, _), let .objectCopied(object, _, old, _):
            return EventLocations(
                folder: object.folderID, oldFolder: old.folderID == object.folderID ? nil : old.folderID,
                message: object.messageID, oldMessage: old.messageID == object.messageID ? nil : old.messageID)
        case let .searchCompleted(folderID):
            return EventLocations(folder: folderID)
        case .tableModified:
            return EventLocations()
        }
    }
}
