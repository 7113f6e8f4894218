import MAPIInspect
import MAPIWire
import Testing

@Suite("Inspector text tree and JSON serializer")
struct InspectorTextTests {
    @Test("protocol-reference §9.4 notifications-only rgbOut as a text tree")
    func notificationsOnlyText() throws {
        let bytes = try HexInput.parse("0000 0400 1300 1300 0F00 2A 03000000 00 0001 0100 6E 0300 44332211")
        let text = try Inspector.inspect(bytes, input: .extendedBuffer, direction: .response).text
        #expect(text == """
            rgbOut: 27 bytes, 1 payload, ROP responses (ROP offsets within each restored payload)
              Buffers
                0x0000  payload 1 of 1
                        RPC_HEADER_EXT
                          Version     0x0000
                          Flags       0x0004  Last
                          Size        19 bytes as sent
                          SizeActual  19 bytes restored
                        Payload
                          [as sent] (19 bytes)
                          0x0000  0F 00 2A 03 00 00 00 00 00 01 01 00 6E 03 00 44  ..*.........n..D
                          0x0010  33 22 11                                         3".
                        RopSize  15
                        RopsList
                          0x0002  RopNotify (0x2A)
                                  NotificationHandle  0x00000003
                                  LogonId             0
                                  NotificationData
                                    NotificationFlags  0x0100  TableModified
                                    TableEventType     0x0001  TableChanged
                          0x000C  RopPending (0x6E)
                                  SessionIndex  3
                        ServerObjectHandleTable
                          [0]  0x11223344
            """)
    }

    @Test("text tree of a RopsList: offsets, aligned names, decoded names next to raw values")
    func ropsListText() throws {
        let bytes = try HexInput.parse("29 01 0F010480 FF 0400 01 00 01")
        let text = try Inspector.inspect(bytes, input: .ropsList, direction: .response).text
        #expect(text == """
            RopsList: 12 bytes of ROP responses (offsets within the RopsList)
              RopsList
                0x0000  RopRegisterNotification (0x29)
                        OutputHandleIndex  1
                        ReturnValue        0x8004010F  NotFound
                0x0006  RopBufferTooSmall (0xFF)
                        SizeNeeded      4 bytes
                        RequestBuffers  01 00 01  (3 bytes)
                        RequestBuffers as requests
                          0x0000  RopRelease (0x01)
                                  LogonId           0
                                  InputHandleIndex  1
            """)
    }

    @Test("with the table's columns, TableRowData is also shown as a PropertyRow (text only)")
    func tableColumns() throws {
        let bytes = try HexInput.parse("2A 07000000 00 0001 0300 0100000000000005 0100000000000001 0800 00 0A000000 0B00 01")
        let columns = [PropertyTag(0x3602_0003), PropertyTag(0x0E1B_0000)]
        let inspection = try Inspector.inspect(bytes, input: .ropsList, direction: .response, tableColumns: columns)
        #expect(inspection.text.hasSuffix("""
                          TableRowDataSize             8
                          TableRowData                 00 0A 00 00 00 0B 00 01  (8 bytes)
                          TableRowData as PropertyRow
                            Flag  0x00  StandardPropertyRow
                            ValueArray
                              [0]
                                   PropertyTag    0x36020003  PtypInteger32
                                   PropertyValue  10
                              [1]
                                   PropertyTag    0x0E1B0000  PtypUnspecified
                                   PropertyType   0x000B  PtypBoolean
                                   PropertyValue  true
            """))
        // JSON keeps to the wire fields; columns that do not fit the row add nothing.
        #expect(inspection.json == (try Inspector.inspect(bytes, input: .ropsList, direction: .response)).json)
        let mismatched = try Inspector.inspect(bytes, input: .ropsList, direction: .response, tableColumns: [PropertyTag(0x3001_001F)])
        #expect(!mismatched.text.contains("as PropertyRow"))
    }

    @Test("JSON serializer: wire order, escaping, compact and pretty forms")
    func serializer() throws {
        let value = JSONValue.object([
            .init("b", .int(-1)), .init("a", .string("q\"\\\n\u{01}é")), .init("c", .array([.bool(true), .null])),
            .init("d", .array([.object([.init("x", .double(1.5))])])), .init("e", .object([])), .init("f", .array([])),
        ])
        #expect(value.serialized(pretty: false) == #"{"b":-1,"a":"q\"\\\n\u0001é","c":[true,null],"d":[{"x":1.5}],"e":{},"f":[]}"#)
        #expect(value.serialized() == """
            {
              "b": -1,
              "a": "q\\"\\\\\\n\\u0001é",
              "c": [true, null],
              "d": [
                {
                  "x": 1.5
                }
              ],
              "e": {},
              "f": []
            }
            """)
        #expect(try JSONText.parse(value.serialized()) == JSON(value))
        #expect(try JSONText.parse(value.serialized(pretty: false)) == JSON(value))
    }
}
