import Foundation

/// Parses serialized inspector output with Foundation, independently of MAPIInspect's serializer.
enum JSONText {
    static func parse(_ text: String) throws -> JSON {
        try JSONDecoder().decode(JSON.self, from: Data(text.utf8))
    }
}
