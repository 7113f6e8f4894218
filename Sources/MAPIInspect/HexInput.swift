/// Hex text as `herald decode` accepts it: any whitespace between digits, and an optional `0x` /
/// `0X` prefix on each whitespace-separated group (`2A 03 00`, `0x2A0300`, `0x2A 0x03`).
public enum HexInput {
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    public static func parse(_ text: String) throws(ParseError) -> [UInt8] {
        var digits: [UInt8] = []
        for group in text.split(whereSeparator: \.isWhitespace) {
            var characters = Substring(group)
            if characters.hasPrefix("0x") || characters.hasPrefix("0X") { characters = characters.dropFirst(2) }
            for character in characters {
                guard let digit = character.hexDigitValue, character.isASCII else {
                    throw ParseError(description: "invalid hex input: '\(character)' is not a hex digit")
                }
                digits.append(UInt8(digit))
            }
        }
        guard digits.count % 2 == 0 else {
            throw ParseError(description: "invalid hex input: odd number of hex digits (\(digits.count))")
        }
        return stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }
}
