/// The sorted row keys of one table, in chunks of at most ``chunkCapacity`` keys, so that an insert
/// or delete costs a binary search plus a copy within one chunk — not a shift of the whole table.
/// Positions (cursor, QueryPosition) are global indexes.
struct SortedRowList {
    static let chunkCapacity = 512
    private(set) var chunks: [[RowKey]] = []
    private(set) var count = 0

    init() {}

    init(sorted keys: [RowKey]) {
        var start = 0
        while start < keys.count {
            let end = min(keys.count, start + Self.chunkCapacity / 2)
            chunks.append(Array(keys[start..<end]))
            start = end
        }
        count = keys.count
    }

    var isEmpty: Bool { count == 0 }

    subscript(index: Int) -> RowKey {
        var remaining = index
        for chunk in chunks {
            if remaining < chunk.count { return chunk[remaining] }
            remaining -= chunk.count
        }
        preconditionFailure("SortedRowList index \(index) out of range \(count)")
    }

    /// Global index of the first key not ordered before `key`.
    func lowerBound(_ key: RowKey, _ compare: (RowKey, RowKey) -> Int) -> Int {
        let (chunkIndex, offset) = locate(key, compare)
        var index = offset
        for chunk in chunks[0..<chunkIndex] { index += chunk.count }
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

    /// Inserts and returns the global index.
    @discardableResult
    mutating func insert(_ key: RowKey, _ compare: (RowKey, RowKey) -> Int) -> Int {
        if chunks.isEmpty {
            chunks = [[key]]
            count = 1
            return 0
        }
        let (chunkIndex, offset) = locate(key, compare)
        var index = offset
        for chunk in chunks[0..<chunkIndex] { index += chunk.count }
        chunks[chunkIndex].insert(key, at: offset)
        if chunks[chunkIndex].count > Self.chunkCapacity {
            let half = chunks[chunkIndex].count / 2
            let tail = Array(chunks[chunkIndex][half...])
            chunks[chunkIndex].removeSubrange(half...)
            chunks.insert(tail, at: chunkIndex + 1)
        }
        count += 1
        return index
    }

    /// Removes the key equal to `key` (same id), returning its former global index.
    @discardableResult
    mutating func remove(_ key: RowKey, _ compare: (RowKey, RowKey) -> Int) -> Int? {
        let (chunkIndex, offset) = locate(key, compare)
        guard chunkIndex < chunks.count, offset < chunks[chunkIndex].count, chunks[chunkIndex][offset].id == key.id else { return nil }
        var index = offset
        for chunk in chunks[0..<chunkIndex] { index += chunk.count }
        chunks[chunkIndex].remove(at: offset)
        if chunks[chunkIndex].isEmpty { chunks.remove(at: chunkIndex) }
        count -= 1
        return index
    }

    func all() -> [RowKey] { chunks.flatMap { $0 } }
}
