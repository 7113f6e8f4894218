import Testing
@testable import MAPIWire

/// ObjectModified on a folder with Tags and T/U (MS-OXCNOTIF 2.2.1.4.1.2): TotalMessageCount and
/// UnreadMessageCount follow a variable-length Tags array. Found by the notification property tests:
/// the bulk encoder ran out of scratch space after 13 tags and trapped.
@Suite("ObjectModified with Tags then TotalMessageCount/UnreadMessageCount")
struct ObjectModifiedEncodeTests {
    @Test("every Tags length from 0 to 40 encodes field by field", arguments: 0...40)
    func tagsThenCounts(_ tagCount: Int) throws {
        let tags = (0..<tagCount).map { PropertyTag(0x3602_0003 &+ UInt32($0) << 16) }
        let data = NotificationData.folderEvent(
            .objectModified, folderID: ObjectID(replicaID: 1, globalCounter: 5), tags: tags,
            totalMessageCount: 0x0102_0304, unreadMessageCount: 0x0A0B_0C0D)
        var expected: [UInt8] = [0x10, 0x30, 0x01, 0, 0, 0, 0, 0, 0, 0x05, UInt8(tagCount), 0]
        for tag in tags { expected += [UInt8(tag.rawValue & 0xFF), UInt8(tag.rawValue >> 8 & 0xFF), UInt8(tag.rawValue >> 16 & 0xFF), UInt8(tag.rawValue >> 24)] }
        expected += [0x04, 0x03, 0x02, 0x01, 0x0D, 0x0C, 0x0B, 0x0A]
        var encoded: [UInt8] = []
        data.encode(into: &encoded)
        #expect(encoded == expected)
        #expect(data.encodedSize == expected.count)
        var reader = ByteReader(encoded)
        #expect(try NotificationData.decode(from: &reader) == data)
    }
}
