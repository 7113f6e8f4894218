import MAPIWire
import Testing

@Suite("Failure responses built from requests (MS-OXCROPS 2.2)")
struct RopFailureResponseTests {
    /// One request per implemented ROP (the vectors of the per-family suites).
    static let requests: [String] = [
        "FE 00 03 01 04 00 00 01 00 00 00 00 05 00 2F 6F 3D 78 00", "27 00 00 49 50 4D 00", "7B 00 00",
        "43 00 00 \(fidHex(1))", "44 00 00 \(String(repeating: "00 ", count: 24))", "02 00 00 01 \(fidHex(5)) 00",
        "1C 00 00 01 01 01 00 00 48 00 00 00 00 00", "1D 00 00 05 \(fidHex(0x20))",
        "30 00 00 05 00 08 1F 00 37 00 01 00 \(fidHex(5)) 02 00 00 00", "31 00 00 01 01 01",
        "33 00 01 02 01 00 \(fidHex(0x30)) 00 01", "35 00 01 02 00 01 \(fidHex(0x20)) 4E 00 00 00",
        "36 00 01 02 00 01 00 \(fidHex(0x20)) 58 00", "58 00 00 00 01", "92 00 00 00 00", "1E 00 00 00 01 00 00",
        "91 00 00 00 00 00 00", "04 00 00 01 04", "05 00 00 01 40", "12 00 01 00 01 00 14 00 4A 67",
        "13 00 01 00 00 00 00 00 00 00", "14 00 01 00 00 00", "15 00 00 00 01 32 00", "38 00 01", "16 00 01", "17 00 01",
        "18 00 01 01 FE FF FF FF 01", "19 00 01 00 00 05 00 00 00 00", "1A 00 01 01 00 00 00 02 00 00 00", "1B 00 01",
        "37 00 01", "4F 00 01 00 00 00 00 00 00", "89 00 01 00 00", "81 00 01", "59 00 01 00 00 08 07 06 05 04 03 02 01",
        "5A 00 01 08 07 06 05 04 03 02 01", "6B 00 01 08 07 06 05 04 03 02 01 02 00 00 00", "6C 00 01 00 00",
        "03 00 00 01 FF 0F \(fidHex(5)) 01 \(fidHex(0x9A))", "06 00 00 01 FF 0F \(fidHex(5)) 00", "0C 00 01 02 0A",
        "0D 00 02 00 00 00 00", "0E 00 02 00 00 00 00", "0F 00 02 00 00 00 00 00 00", "11 00 01 02 01",
        "66 00 01 00 04 00 00", "32 00 02 00", "07 00 01 00 00 01 00 00 00", "08 00 01 00 00 01 00", "09 00 01",
        "0A 00 01 02 00 00 00", "79 00 01 02 00 00 00", "0B 00 01 00 00", "7A 00 01 00 00",
        "29 00 01 02 04 00 01", "2B 00 01 02 1F 00 37 00 00",
    ]
    static let columnDependent: Set<UInt8> = [0x07, 0x0F, 0x15, 0x4F, 0x59]

    @Test("Every request's failure response decodes back with its code and echoed index")
    func everyFailureDecodes() throws {
        for text in Self.requests {
            var reader = ByteReader(hex(text))
            let request = try RopRequest.decode(from: &reader)
            #expect(reader.isAtEnd, "\(request.ropID)")
            var bytes: [UInt8] = []
            request.encodeFailureResponse(.notSupported, into: &bytes)
            #expect(bytes.count >= 6 && bytes[0] == request.ropID.rawValue, "\(request.ropID)")
            #expect(Array(bytes[2..<6]) == hex("02 01 04 80"), "\(request.ropID)")
            if Self.columnDependent.contains(request.ropID.rawValue) { continue }
            if case .unsupported = request { continue }
            var responseReader = ByteReader(bytes)
            let response = try RopResponse.decode(from: &responseReader)
            #expect(responseReader.isAtEnd && response.ropID == request.ropID, "\(request.ropID)")
        }
    }

    @Test("Index choice and trailing fields follow each ROP's layout")
    func layouts() throws {
        func failure(_ text: String, _ code: ErrorCode = .notSupported) throws -> String {
            var reader = ByteReader(hex(text))
            var bytes: [UInt8] = []
            try RopRequest.decode(from: &reader).encodeFailureResponse(code, into: &bytes)
            return hexString(bytes)
        }
        // OutputHandleIndex for object-creating ROPs (MS-OXCROPS 2.2.4.1.3).
        #expect(try failure("02 00 07 09 \(fidHex(5)) 00") == "02 09 02 01 04 80")
        // ResponseHandleIndex (MS-OXCROPS 2.2.6.3.3).
        #expect(try failure("0C 00 01 02 0A") == "0C 01 02 01 04 80")
        // PartialCompletion is sent whatever the ReturnValue (MS-OXCROPS 2.2.4.3.2).
        #expect(try failure("1D 00 04 05 \(fidHex(0x20))") == "1D 04 02 01 04 80 00")
        // ecDstNullObject carries DestHandleIndex as 4 bytes (MS-OXCROPS 2.2.4.6.3).
        #expect(try failure("33 00 01 02 00 00 00 01", .nullDestinationObject) == "33 01 03 05 00 00 02 00 00 00 00")
        #expect(try failure("33 00 01 02 00 00 00 01") == "33 01 02 01 04 80 00")
        // RopRelease has no response.
        #expect(try failure("01 00 02") == "")
    }
}
