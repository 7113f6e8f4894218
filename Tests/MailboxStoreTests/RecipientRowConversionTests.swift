import MAPIWire
@testable import MailboxStore
import Testing

/// RecipientRow (MS-OXCDATA 2.8.3.2) to stored recipient properties and back.
@Suite struct RecipientRowConversionTests {
    static let objectType = PropertyTag(0x0FFE_0003)

    @Test func smtpRowRoundTripsThroughTheStore() throws {
        // Type SMTP | E | D | U, columns [PidTagObjectType, PidTagSmtpAddress].
        let row = RecipientRow(
            flags: RecipientRow.Flags(rawValue: 0x021B), emailAddress: .unicode("bob@example.com"), displayName: .unicode("Bob"),
            properties: PropertyRow(values: [.integer32(6), .string("bob@example.com")]))
        let columns = [Self.objectType, Tags.smtpAddress]
        let bag = RecipientRecord.properties(from: row, columns: columns, essdnPrefixSource: "")
        #expect(bag[Tags.addressType] == .string("SMTP"))
        #expect(bag[Tags.emailAddress] == .string("bob@example.com"))
        #expect(bag[Tags.displayName] == .string("Bob"))
        #expect(bag[Self.objectType] == .integer32(6))
        let record = RecipientRecord(rowID: 0, recipientType: 1, properties: bag)
        #expect(RecipientRecord.columns(for: [record]) == [Self.objectType, Tags.smtpAddress, Tags.sendRichInfo])
        let back = record.recipientRow(columns: columns)
        #expect(back == row)
    }

    @Test func x500RowTakesItsPrefixFromTheLogonESSDN() throws {
        let logon = "/o=Herald/ou=First/cn=Recipients/cn=alice"
        // AddressPrefixUsed 26 = "/o=Herald/ou=First/cn=Reci", the rest on the wire.
        let row = RecipientRow(
            flags: RecipientRow.Flags(rawValue: 0x0011 | 0x0040),
            x500: .init(addressPrefixUsed: 26, displayType: 0, x500DN: Array("pients/cn=bob".utf8)),
            displayName: .eightBit(Array("Bob".utf8)), properties: PropertyRow(cells: []))
        let bag = RecipientRecord.properties(from: row, columns: [], essdnPrefixSource: logon)
        #expect(bag[Tags.addressType] == .string("EX"))
        #expect(bag[Tags.emailAddress] == .string("/o=Herald/ou=First/cn=Recipients/cn=bob"))
        #expect(bag[Tags.transmittableDisplayName] == .string("Bob"))
        // Back out: full DN with AddressPrefixUsed 0, Unicode strings, S flag (same as display name).
        let out = RecipientRecord(rowID: 3, recipientType: 2, properties: bag).recipientRow(columns: [])
        #expect(out.x500 == .init(addressPrefixUsed: 0, displayType: 0, x500DN: Array("/o=Herald/ou=First/cn=Recipients/cn=bob".utf8)))
        #expect(out.flags.type == RecipientRow.AddressType.x500DN)
        #expect(out.flags.contains([.unicode, .displayName, .transmittableDisplayNameSameAsDisplayName]))
        #expect(!out.flags.contains(.emailAddress))
        var encoded: [UInt8] = []
        out.encode(columns: [], into: &encoded)
        var reader = ByteReader(encoded)
        #expect(try RecipientRow.decode(columns: [], from: &reader) == out)
    }

    @Test func missingColumnsAreNotFoundCellsAndMistypedCellsAreDropped() {
        let record = RecipientRecord(rowID: 0, recipientType: 1, properties: [Tags.displayName: .string("X"), Tags.addressType: .string("X-CUSTOM")])
        let row = record.recipientRow(columns: [Self.objectType])
        #expect(row.properties == PropertyRow(cells: [.error(.notFound)]))
        #expect(row.addressType == Array("X-CUSTOM".utf8) && row.flags.contains(.nonStandardAddressType))
        // A PtypUnspecified column takes the cell's own type; a cell of the wrong type is ignored.
        let incoming = RecipientRow(flags: [], properties: PropertyRow(values: [.integer32(6), .boolean(true)]))
        let bag = RecipientRecord.properties(from: incoming, columns: [PropertyTag(id: 0x0FFE, type: .unspecified), Tags.smtpAddress], essdnPrefixSource: "")
        #expect(bag[Self.objectType] == .integer32(6))
        #expect(bag[Tags.smtpAddress] == nil)
    }
}
