/// A binary min-heap of deadlines. Entries are never removed early: a superseded deadline carries
/// an old generation and is skipped when it surfaces (lazy deletion keeps every operation O(log n)).
struct TimerHeap {
    enum Purpose: UInt8 { case waitTimeout, pushResend }

    struct Entry {
        var time: EngineTime
        var purpose: Purpose
        var session: SessionIndex
        var generation: UInt64
    }

    private(set) var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }
    var first: Entry? { entries.first }

    mutating func insert(_ entry: Entry) {
        entries.append(entry)
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].time < entries[parent].time else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    mutating func removeFirst() -> Entry? {
        guard !entries.isEmpty else { return nil }
        entries.swapAt(0, entries.count - 1)
        let first = entries.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < entries.count, entries[left].time < entries[smallest].time { smallest = left }
            if right < entries.count, entries[right].time < entries[smallest].time { smallest = right }
            guard smallest != parent else { break }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
        return first
    }
}
