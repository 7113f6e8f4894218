import MAPIWire
import NotificationEngine
import Testing

@Suite struct MailboxEventTests {
    @Test func typeBitMatchesSpecValues() {
        let folder = FolderID(replicaID: 1, globalCounter: 5)
        #expect(MailboxEvent(mailbox: MailboxID(1), sequence: 1, kind: .searchCompleted(folderID: folder)).type.rawValue == 0x0080)
        #expect(MailboxEvent(mailbox: MailboxID(1), sequence: 2, kind: .objectDeleted(.folder(folder), parentFolderID: .zero)).type.rawValue == 0x0008)
    }
}
