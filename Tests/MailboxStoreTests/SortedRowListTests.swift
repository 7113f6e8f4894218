@testable import MailboxStore
import Testing

/// The chunked row list against a plain sorted array, across chunk splits and merges.
@Suite struct SortedRowListTests {
    static func compare(_ a: RowKey, _ b: RowKey) -> Int {
        let x = a.id, y = b.id
        return x < y ? -1 : (x == y ? 0 : 1)
    }

    @Test func matchesASortedArray() {
        var random = SplitMix64(seed: 7)
        var list = SortedRowList()
        var reference: [UInt64] = []
        var present = Set<UInt64>()
        for step in 0..<6000 {
            if random.chance(70) || reference.isEmpty {
                var value = random.next() % 1_000_000 + 1
                while present.contains(value) { value += 1 }
                present.insert(value)
                let (index, predecessor) = list.insert(RowKey(values: [], path: [], id: value), Self.compare)
                let expected = reference.firstIndex { $0 > value } ?? reference.count
                reference.insert(value, at: expected)
                #expect(index == expected, "step \(step)")
                #expect(predecessor?.id == (expected > 0 ? reference[expected - 1] : nil))
            } else {
                let value = reference[random.below(reference.count)]
                let index = list.remove(RowKey(values: [], path: [], id: value), Self.compare)
                #expect(index == reference.firstIndex(of: value))
                reference.removeAll { $0 == value }
                present.remove(value)
            }
        }
        #expect(list.count == reference.count)
        #expect(list.all().map(\.id) == reference)
        #expect(list.chunks.count > 2)
        for probe in stride(from: 0, to: reference.count, by: 97) {
            #expect(list[probe].id == reference[probe])
            #expect(list.lowerBound(RowKey(values: [], path: [], id: reference[probe]), Self.compare) == probe)
        }
    }
}

@Suite struct TableSortTests {
    /// The integer fast path of the default order sorts exactly like the general comparator.
    @Test func defaultOrderFastPathMatchesComparator() {
        var random = SplitMix64(seed: 11)
        let keys = (0..<2000).map { index in
            RowKey(values: [.time(random.next() % 50)], path: [], id: UInt64(index + 1))
        }
        let compare = TableState.makeComparator(isContents: true, sortOrders: [])
        let fast = TableState.sortedKeys(keys, newestFirst: true, compare: compare)
        let general = keys.sorted { compare($0, $1) < 0 }
        #expect(fast == general)
        // A key that is not a time falls back to the comparator.
        let mixed = keys + [RowKey(values: [.integer32(5)], path: [], id: 9999)]
        #expect(TableState.sortedKeys(mixed, newestFirst: true, compare: compare) == mixed.sorted { compare($0, $1) < 0 })
    }
}
