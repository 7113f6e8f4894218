import MAPIWire
@testable import NotificationEngine
import Testing

/// Model-based property test of subscriptions, matching, coalescing, packing and linked RopPending
/// (MS-OXCNOTIF 3.1.5.5–3.1.5.7; MS-OXCROPS 3.1.5): a simple reference model computes what each
/// session must receive; the engine's packed buffers, decoded with RopResponseReader, must equal it
/// (no loss, duplication or reordering; only the order among one event's entries for one session is
/// free, since they come from different subscriptions of the same event).
@Suite struct PackingModelTests {
    struct ModelEntry: Equatable {
        var event: Int
        var handle: UInt32
        var logonID: UInt8
        var bytes: [UInt8]
        enum Role: Equatable { case plain, modified(UInt64), row, changed }
        var role: Role
    }

    struct ModelSubscription {
        var session: SessionIndex
        var handle: UInt32
        var logonID: UInt8
        var mailbox: MailboxID
        var types: NotificationTypes
        var scope: SubscriptionScope
    }

    struct ModelTable {
        var id: TableID
        var session: SessionIndex
        var handle: UInt32
        var logonID: UInt8
        var kind: TableKind
        var active = false
    }

    /// The reference model: obviously correct, linear-time.
    struct Model {
        var queues: [SessionIndex: [ModelEntry]] = [:]
        var subscriptions: [ModelSubscription] = []
        var tables: [ModelTable] = []
        var cached: [SessionIndex: Bool] = [:]
        var threshold: Int
        var configuration: EngineConfiguration

        func hears(_ sub: ModelSubscription, _ event: MailboxEvent) -> Bool {
            guard sub.mailbox == event.mailbox, sub.types.contains(event.type) else { return false }
            var folders: [FolderID] = []
            var messages: [MessageID] = []
            switch event.kind {
            case let .newMail(f, m, _, _): folders = [f]; messages = [m]
            case let .objectCreated(o, _, _), let .objectDeleted(o, _), let .objectModified(o, _, _, _):
                folders = [o.folderID]; messages = o.messageID.map { [$0] } ?? []
            case let .objectMoved(o, _, old, _), let .objectCopied(o, _, old, _):
                folders = [o.folderID, old.folderID]; messages = [o.messageID, old.messageID].compactMap { $0 }
            case let .searchCompleted(f): folders = [f]
            case .tableModified: return false
            }
            switch sub.scope {
            case .wholeMailbox: return true
            case let .folder(f): return folders.contains(f)
            case let .message(m): return messages.contains(m)
            }
        }

        mutating func removeTable(_ session: SessionIndex, _ handle: UInt32, _ logon: UInt8) {
            queues[session, default: []].removeAll { $0.handle == handle && $0.logonID == logon && ($0.role == .row || $0.role == .changed) }
        }

        mutating func publish(_ event: MailboxEvent, index: Int) {
            if case let .tableModified(tableID, data) = event.kind {
                guard let table = tables.first(where: { $0.id == tableID && $0.active }) else { return }
                let contents = table.kind == .contents
                let changed = encoded(.tableEvent(.tableChanged, contents: contents))
                let s = table.session
                func collapse() {
                    removeTable(s, table.handle, table.logonID)
                    queues[s, default: []].append(ModelEntry(event: index, handle: table.handle, logonID: table.logonID, bytes: changed, role: .changed))
                }
                switch data.tableEventType {
                case .tableChanged: collapse()
                case .tableRowAdded, .tableRowDeleted, .tableRowModified:
                    let mine = queues[s, default: []].filter { $0.handle == table.handle && $0.logonID == table.logonID }
                    if mine.contains(where: { $0.role == .changed }) || mine.filter({ $0.role == .row }).count >= threshold {
                        collapse()
                    } else {
                        queues[s, default: []].append(ModelEntry(event: index, handle: table.handle, logonID: table.logonID, bytes: encoded(data), role: .row))
                    }
                default:
                    queues[s, default: []].append(ModelEntry(event: index, handle: table.handle, logonID: table.logonID, bytes: encoded(data), role: .plain))
                }
                return
            }
            for sub in subscriptions where hears(sub, event) {
                let data = event.notificationData(tagCountPolicy: configuration.tagCountPolicy, newMailFlagsPolicy: configuration.newMailFlagsPolicy,
                                                  unicode: !(cached[sub.session] ?? false))
                var role = ModelEntry.Role.plain
                if case let .objectModified(o, _, _, _) = event.kind {
                    let key = (o.messageID ?? o.folderID).wireValue
                    role = .modified(key)
                    queues[sub.session, default: []].removeAll { $0.handle == sub.handle && $0.logonID == sub.logonID && $0.role == role }
                }
                queues[sub.session, default: []].append(ModelEntry(event: index, handle: sub.handle, logonID: sub.logonID, bytes: encoded(data), role: role))
            }
        }
    }

    static func randomEvent(_ rng: inout SplitMix64, tables: [ModelTable], sequence: UInt64) -> MailboxEvent {
        let mailbox = Int.random(in: 0..<8, using: &rng) == 0 ? mailboxB : mailboxA
        func f() -> FolderID { fid(UInt64.random(in: 1...4, using: &rng)) }
        func m() -> MessageID { mid(UInt64.random(in: 1...6, using: &rng)) }
        func object() -> ObjectRef { Bool.random(using: &rng) ? .folder(f()) : .message(m(), in: f(), inSearchFolder: Int.random(in: 0..<5, using: &rng) == 0) }
        let tags = [PropertyTag(rawValue: 0x0E07_0003)]
        let kind: MailboxEvent.Kind
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: kind = .newMail(folderID: f(), messageID: m(), messageFlags: 0x1, messageClass: "IPM.Note")
        case 1: kind = .objectCreated(object(), parentFolderID: f(), tags: tags)
        case 2: kind = .objectDeleted(object(), parentFolderID: f())
        case 3, 4:
            let o = object()
            kind = .objectModified(o, tags: tags, totalMessageCount: o.isMessage ? nil : UInt32.random(in: 0...9, using: &rng),
                                   unreadMessageCount: o.isMessage ? nil : UInt32.random(in: 0...9, using: &rng))
        case 5:
            if Bool.random(using: &rng) { kind = .objectMoved(.message(m(), in: f()), parentFolderID: .zero, old: .message(m(), in: f()), oldParentFolderID: .zero) }
            else { kind = .objectCopied(.folder(f()), parentFolderID: f(), old: .folder(f()), oldParentFolderID: f()) }
        case 6: kind = .searchCompleted(folderID: f())
        default:
            guard let table = tables.randomElement(using: &rng) else { return randomEvent(&rng, tables: tables, sequence: sequence) }
            let contents = table.kind == .contents
            let data: NotificationData
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: data = .tableEvent(.tableChanged, contents: contents)
            case 1: data = .tableEvent(.tableRestrictionChanged, contents: contents)
            case 2, 3: data = .tableRowDeleted(contents: contents, folderID: f(), messageID: contents ? m() : .zero)
            default:
                let rowData = (0..<Int.random(in: 0...40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                data = .tableRow(Bool.random(using: &rng) ? .tableRowAdded : .tableRowModified, contents: contents, folderID: f(),
                                 messageID: contents ? m() : .zero, insertAfterFolderID: f(), rowData: rowData)
            }
            kind = .tableModified(table.id, data)
        }
        return MailboxEvent(mailbox: mailbox, sequence: sequence, kind: kind)
    }

    @Test(arguments: 0..<40)
    func engineMatchesModel(seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(seed) &* 0x1234_5678_9ABC)
        var configuration = EngineConfiguration()
        configuration.maxQueuedEntries = 1 << 20
        configuration.maxQueuedBytes = 1 << 30
        configuration.tableRowCollapseThreshold = Int.random(in: 2...6, using: &rng)
        configuration.tagCountPolicy = Bool.random(using: &rng) ? .none : .realTags
        var core = NotificationCore(configuration: configuration)
        var model = Model(threshold: configuration.tableRowCollapseThreshold, configuration: configuration)

        // Sessions: two linked of "alice", one linked to them later, one of "bob".
        let a = core.makeSession(user: "alice")
        let b = core.makeSession(user: "alice", cachedMode: true, linkTo: a)
        let c = core.makeSession(user: "alice", linkTo: b)
        let d = core.makeSession(user: "bob")
        #expect(b.linkedTo == a.index && c.linkedTo == b.index && d.linkedTo == nil)
        let sessions = [a.index, b.index, c.index, d.index]
        model.cached[b.index] = true
        var linked: [SessionIndex: [SessionIndex]] = [:]
        for s in [a.index, b.index, c.index] { linked[s] = [a.index, b.index, c.index].filter { $0 != s }.sorted() }

        var nextHandle: UInt32 = 0x100
        for _ in 0..<Int.random(in: 3...12, using: &rng) {
            let session = sessions.randomElement(using: &rng)!
            let scope: SubscriptionScope = switch Int.random(in: 0..<3, using: &rng) {
            case 0: .wholeMailbox
            case 1: .folder(fid(UInt64.random(in: 1...4, using: &rng)))
            default: .message(mid(UInt64.random(in: 1...6, using: &rng)))
            }
            var types = NotificationTypes(rawValue: UInt16.random(in: 0...0xFF, using: &rng) << 1)
            if types.isEmpty { types = .allEvents }
            let sub = ModelSubscription(session: session, handle: nextHandle, logonID: UInt8.random(in: 0...3, using: &rng),
                                        mailbox: Bool.random(using: &rng) ? mailboxA : mailboxB, types: types, scope: scope)
            nextHandle += 1
            core.subscribe(session: sub.session, handle: sub.handle, logonID: sub.logonID, mailbox: sub.mailbox, types: sub.types, scope: sub.scope)
            model.subscriptions.append(sub)
        }
        for t in 0..<Int.random(in: 0...4, using: &rng) {
            let table = ModelTable(id: TableID(UInt64(t + 1)), session: sessions.randomElement(using: &rng)!, handle: nextHandle,
                                   logonID: UInt8.random(in: 0...3, using: &rng), kind: Bool.random(using: &rng) ? .contents : .hierarchy)
            nextHandle += 1
            let registered = core.registerTable(table.id, session: table.session, logonID: table.logonID, handle: table.handle, kind: table.kind, noNotifications: false)
            #expect(registered)
            model.tables.append(table)
        }

        var eventIndex = 0
        var sequence: UInt64 = 0
        for _ in 0..<250 {
            switch Int.random(in: 0..<20, using: &rng) {
            case 0..<11:
                sequence += 1
                let batch = (0..<Int.random(in: 1...3, using: &rng)).map { _ in Self.randomEvent(&rng, tables: model.tables, sequence: sequence) }
                _ = core.publish(batch, now: .zero)
                for event in batch { eventIndex += 1; model.publish(event, index: eventIndex) }
            case 11:
                // Toggle a table's view state (view ROP / RopResetTable).
                guard !model.tables.isEmpty else { continue }
                let t = Int.random(in: 0..<model.tables.count, using: &rng)
                if model.tables[t].active && Bool.random(using: &rng) {
                    core.tableReset(model.tables[t].id)
                    model.tables[t].active = false
                    let table = model.tables[t]
                    model.queues[table.session, default: []].removeAll { $0.handle == table.handle && $0.logonID == table.logonID }
                } else {
                    core.tableViewCreated(model.tables[t].id)
                    model.tables[t].active = true
                }
            case 12:
                // RopRelease of a subscription: it stops hearing and its queued entries go.
                guard Int.random(in: 0..<4, using: &rng) == 0, !model.subscriptions.isEmpty else { continue }
                let sub = model.subscriptions.remove(at: Int.random(in: 0..<model.subscriptions.count, using: &rng))
                let released = core.release(session: sub.session, handle: sub.handle)
                #expect(released)
                model.queues[sub.session, default: []].removeAll { $0.handle == sub.handle && $0.logonID == sub.logonID }
            default:
                let session = sessions.randomElement(using: &rng)!
                let budget = Bool.random(using: &rng) ? Int.random(in: 0...120, using: &rng) : Int.random(in: 121...0x10008, using: &rng)
                try poll(core: &core, model: &model, session: session, budget: budget, linked: linked[session] ?? [])
            }
            for s in sessions where core.pendingCount(session: s) != model.queues[s, default: []].count {
                #expect(core.pendingCount(session: s) == model.queues[s, default: []].count)
            }
        }
        // Drain everything with large polls: every session ends with an empty queue and no RopPending.
        for session in sessions {
            var polls = 0
            while core.pendingCount(session: session) > 0 {
                try poll(core: &core, model: &model, session: session, budget: 0x10008, linked: linked[session] ?? [])
                polls += 1
                #expect(polls < 100)
            }
            #expect(model.queues[session, default: []].isEmpty)
        }
        #expect(core.metrics.entriesDelivered > 0)
        for session in sessions {
            var output: [UInt8] = []
            let result = core.pack(session: session, into: &output, budget: 0x10008, now: .zero)
            #expect(output.isEmpty && result == PackResult())
        }
    }

    func poll(core: inout NotificationCore, model: inout Model, session: SessionIndex, budget: Int, linked: [SessionIndex]) throws {
        // The buffer already holds the request's own responses; pack appends after them.
        let prefix: [UInt8] = [0x01, 0x02, 0x03]
        var output = prefix
        let result = core.pack(session: session, into: &output, budget: budget, now: .zero)
        #expect(Array(output.prefix(3)) == prefix)
        let written = Array(output.dropFirst(3))
        #expect(written.count <= budget)
        #expect(written.count == result.bytesWritten)
        let decoded = try decodePoll(written)
        // Placement: every RopNotify before every RopPending.
        if let firstPending = decoded.order.firstIndex(of: .pending) {
            #expect(!decoded.order[firstPending...].contains(.notify))
        }
        var used = 0
        var queue = model.queues[session, default: []]
        for notify in decoded.notifies {
            let bytes = encoded(notify.notificationData)
            let headEvent = try #require(queue.first).event
            let run = queue.prefix { $0.event == headEvent }
            let at = try #require(run.firstIndex { $0.handle == notify.notificationHandle && $0.logonID == notify.logonID && $0.bytes == bytes },
                                  "received an entry the model does not expect next")
            used += 6 + queue[at].bytes.count
            queue.remove(at: at)
        }
        model.queues[session] = queue
        // As many as fit: the next entry would not fit with the 3-byte reserve.
        if let next = queue.first {
            #expect(used + 6 + next.bytes.count + (queue.count > 1 ? 3 : 0) > budget)
        }
        // Own RopPending exactly when entries remain (and 3 bytes were available, which the reserve guarantees).
        let ownPending = !queue.isEmpty && budget >= 3
        var expectedPendings: [UInt16] = ownPending ? [session.rawValue] : []
        var space = budget - used - (ownPending ? 3 : 0)
        for other in linked where !(model.queues[other] ?? []).isEmpty {
            guard space >= 3 else { break }
            expectedPendings.append(other.rawValue)
            space -= 3
        }
        #expect(decoded.pendings == expectedPendings)
        #expect(result.wrotePending == ownPending)
        #expect(result.remaining == queue.count)
    }
}
