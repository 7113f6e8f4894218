// Writer process for the durability test: creates a mailbox in the database at argv[1], then saves
// messages forever, printing "committed <mid> <n>" after each commit returns. The test kills it
// with SIGKILL mid-stream.
import Foundation
import MAPIWire
import MailboxStore

/// Writes a line straight to fd 1 (no stdio buffering), so the parent sees it before the next commit.
func report(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
}
let path = CommandLine.arguments[1]
let store = try MailboxStore(backend: try SQLiteBackend(path: path))
let mailbox = try store.createMailbox(userName: "crash@example.com", legacyExchangeDN: "/cn=crash")
let inbox = try store.specialFolderID(mailbox.id, .inbox)
report("ready \(inbox.wireValue)")
var n = 0
while true {
    n += 1
    var message = try store.createMessage(mailbox.id, folder: inbox)
    // Every message carries its own number three times: a partial message would show a mismatch.
    message.setProperties([
        TaggedPropertyValue(tag: Tags.subject, value: .string("message \(n)")),
        TaggedPropertyValue(tag: PropertyTag(id: 0x8001, type: .integer32), value: .integer32(Int32(n))),
        TaggedPropertyValue(tag: Tags.body, value: .string(String(repeating: "\(n) ", count: 200))),
    ])
    try message.modifyRecipients([.init(rowID: 0, recipientType: 1, properties: [Tags.displayName: .string("r\(n)")])])
    let mid = try store.saveMessage(&message)
    report("committed \(mid.wireValue) \(n)")
}
