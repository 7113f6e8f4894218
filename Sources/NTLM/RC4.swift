/// RC4 (ARCFOUR), the stream cipher NTLM uses for key exchange and sealing (MS-NLMP 3.4.3, 6).
/// The state persists across calls: NTLM's connection-oriented sealing keeps one keystream per direction.
public struct RC4: Sendable {
    private var state: [UInt8]
    private var i: UInt8 = 0
    private var j: UInt8 = 0

    public init(key: [UInt8]) {
        state = (0...255).map { UInt8($0) }
        guard !key.isEmpty else { return }
        var j: UInt8 = 0
        for i in 0..<256 {
            j = j &+ state[i] &+ key[i % key.count]
            state.swapAt(i, Int(j))
        }
    }

    public mutating func process(_ data: [UInt8]) -> [UInt8] {
        var output = data
        process(&output, range: 0..<output.count)
        return output
    }

    /// Encrypts or decrypts `range` of `data` in place.
    public mutating func process(_ data: inout [UInt8], range: Range<Int>) {
        for index in range {
            i = i &+ 1
            j = j &+ state[Int(i)]
            state.swapAt(Int(i), Int(j))
            data[index] ^= state[Int(state[Int(i)] &+ state[Int(j)])]
        }
    }

    /// RC4K(key, data): a one-shot encryption with a fresh key (MS-NLMP 6).
    public static func oneShot(key: [UInt8], _ data: [UInt8]) -> [UInt8] {
        var cipher = RC4(key: key)
        return cipher.process(data)
    }
}
