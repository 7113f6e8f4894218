import Crypto
import _CryptoExtras

/// Salted, slow password hashes: PBKDF2-HMAC-SHA256 with a random 16-byte salt, stored as the
/// self-describing string `pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>`.
///
/// The string carries its own parameters, so raising ``defaultIterations`` later does not break
/// stored hashes.
public struct PasswordHasher: Sendable {
    public static let scheme = "pbkdf2-sha256"
    /// OWASP's current figure for PBKDF2-HMAC-SHA256, and swift-crypto's checked minimum.
    public static let defaultIterations = 210_000
    /// Hashes are never produced with fewer iterations than this.
    public static let minimumIterations = 100_000
    static let saltByteCount = 16
    static let hashByteCount = 32

    public let iterations: Int

    public init(iterations: Int = PasswordHasher.defaultIterations) {
        self.iterations = max(iterations, Self.minimumIterations)
    }

    public func hash(password: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<Self.saltByteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let derived = Self.derive(password: password, salt: salt, iterations: iterations)
        return "\(Self.scheme)$\(iterations)$\(Hex.encode(salt))$\(Hex.encode(derived))"
    }

    /// Checks `password` against an encoded hash; malformed hashes never verify.
    public static func verify(password: String, against encoded: String) -> Bool {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == Self.scheme,
              let iterations = Int(parts[1]), iterations >= 1, iterations <= 100_000_000,
              let salt = Hex.decode(parts[2]), !salt.isEmpty,
              let expected = Hex.decode(parts[3]), expected.count == hashByteCount
        else { return false }
        let derived = derive(password: password, salt: salt, iterations: iterations)
        return constantTimeEquals(derived, expected)
    }

    static func derive(password: String, salt: [UInt8], iterations: Int) -> [UInt8] {
        // The only failure mode is an invalid parameter, which the callers above exclude.
        guard let key = try? KDF.Insecure.PBKDF2.deriveKey(
            from: Array(password.utf8), salt: salt, using: .sha256,
            outputByteCount: hashByteCount, unsafeUncheckedRounds: iterations
        ) else { return [] }
        return key.withUnsafeBytes { Array($0) }
    }
}

enum Hex {
    static func encode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func decode(_ text: Substring) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x61...0x66: c - 0x61 + 10
        case 0x41...0x46: c - 0x41 + 10
        default: nil
        }
    }
}
