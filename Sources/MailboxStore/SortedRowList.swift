/// The sorted row keys of one table, in chunks of at most ``chunkCapacity`` keys, so that an insert
/// or delete costs a binary search plus a copy within one chunk — not a shift of the whole table.
/// Positions (cursor, QueryPosition) are global indexes.
struct SortedRowList {
    static let chunkCapacity = 512
    private(set) var chunks: [[RowKey]] = []
    /// `chunks[i].count`, kept apart so positions are sums over plain integers.
    private var sizes: [Int] = []
    private(set) var count = 0

    init() {}

    init(sorted keys: [RowKey]) {
        var start = 0
        while start < keys.count {
            let end = min(keys.count, start + Self.chunkCapacity / 2)
            chunks.append(Array(keys[start..<end]))
            sizes.append(end - start)
            start = end
        }
        count = keys.count
    }

    var isEmpty: Bool { count == 0 }

    subscript(index: Int) -> RowKey {
        var remaining = index
        for (chunkIndex, size) in sizes.enumerated() {
            if remaining < size { return chunks[chunkIndex][remaining] }
            remaining -= size
        }
        preconditionFailure("SortedRowList index \(index) out of range \(count)")
    }

    /// Global index of the first key not ordered before `key`.
    func lowerBound(_ key: RowKey, _ compare: (RowKey, RowKey) -> Int) -> Int {
        let (chunkIndex, offset) = locate(key, compare)
        return position(chunkIndex, offset)
    }

    private func position(_ chunkIndex: Int, _ offset: Int) -> Int {
        var index = offset
        for size in sizes[0..<chunkIndex] { index += size }
        return index
    }

    /// (chunk, index within chunk) of the lower bound.
    private func locate(_ key: RowKey, _ compare: (RowKey, RowKey) -> Int) -> (Int, Int) {
        guard !chunks.isEmpty else { return (0, 0) }
        // First chunk whose last key is not before `key`.
        var low = 0
        var high = chunks.count
        while low < high {
            let mid = (low + high) / 2
            if let last = chunks[mid].last, compare(last, key) < 0 { low = mid + 1 } else { high = mid }
        }
        if low == chunks.count { return (chunks.count - 1, chunks[chunks.count - 1].count) }
        let chunk = chunks[low]
        var l = 0
        var h = chunk.count
        while l < h {
            let mid = (l + h) / 2
            if compare(chunk[mid], key) < 0 { l = mid + 1 } else { h = mid }
        }
        return (low, l)
    }

    /// Inserts and returns the global index and the key now just before it.
    @discardableResult
    mutating func insert(_ key: RowKey, _ compare: (RowKey, RowKey) -> Int) -> (index: Int, predecessor: RowKey?) {
        if chunks.isEmpty {
            chunks = [[key]]
            sizes = [1]
            count = 1
            return (0, nil)
        }
        let (chunkIndex, offset) = locate(key, compare)
        let index = position(chunkIndex, offset)
        let predecessor = offset > 0 ? chunks[chunkIndex][offset - 1] : (chunkIndex > 0 ? chunks[chunkIndex - 1].last : nil)
        chunks[chunkIndex].insert(key, at: offset)
        sizes[chunkIndex] += 1
        if sizes[chunkIndex] > Self.chunkCapacity {
            let half = sizes[chunkIndex] / 2
            let tail = Array(chunks[chunkIndex][half...])
            chunks[chunkIndex].removeSubrange(half...)
            chunks.insert(tail, at: chunkIndex + 1)
            sizes[chunkIndex] = half
            sizes.insert(tail.count, at: chunkIndex + 1)
        }
        count += 1
        return (index, predecessor)
    }

    /// Removes the key equal to `key` (same id), returning its former global index.
    @discardableResult
    mutating func remove(_ key: RowKey, _ compare: (RowKey, RowKey) -> Int) -> Int? {
        let (chunkIndex, offset) = locate(key, compare)
        guard chunkIndex < chunks.count, offset < chunks[chunkIndex].count, chunks[chunkIndex][offset].id == key.id else { return nil }
        let index = position(chunkIndex, offset)
        chunks[chunkIndex].remove(at: offset)
        sizes[chunkIndex] -= 1
        if sizes[chunkIndex] == 0 {
            chunks.remove(at: chunkIndex)
            sizes.remove(at: chunkIndex)
        }
        count -= 1
        return index
    }

    func all() -> [RowKey] { chunks.flatMap { $0 } }
}
