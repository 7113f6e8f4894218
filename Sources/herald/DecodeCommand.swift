import ArgumentParser
import Foundation
import MAPIInspect
import MAPIWire

/// `herald decode`: prints an rgbIn / rgbOut buffer or a bare RopsList field by field.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode an rgbIn/rgbOut buffer (RPC_HEADER_EXT chain) or, with --rops, a bare RopsList.",
        discussion: """
            HEX comes from the arguments or, when there are none, from standard input. Whitespace and \
            0x prefixes are ignored, so `2A 03 00 00 00`, `0x2A03000000` and a pasted hex dump all work.

            An extended buffer is printed header by header (Version, Flags, Size, SizeActual), then the \
            restored (un-XORed, decompressed) payload, its RopSize, every ROP by name with its fields, \
            and the server object handle table. --rops takes the ROPs alone, without RopSize or handle \
            table.

            Direction: --request reads ROP requests (rgbIn), --response ROP responses (rgbOut). Without \
            either, the input is read as requests when it decodes that way and as responses otherwise.

            --json prints one JSON document whose keys are the specification's field names, in wire \
            order. Malformed input prints one line, `error: offset N (0xN): <field>: <what>`, on \
            standard error and exits with status 1.
            """
    )

    enum DirectionFlag: String, EnumerableFlag {
        case request
        case response

        static func help(for value: DirectionFlag) -> ArgumentHelp? {
            switch value {
            case .request: "Read ROP requests (rgbIn)."
            case .response: "Read ROP responses (rgbOut)."
            }
        }
    }

    @Flag(exclusivity: .exclusive)
    var direction: DirectionFlag?

    @Flag(help: "Print one JSON document instead of the text tree.")
    var json = false

    @Flag(help: "The input is a bare RopsList, not an extended buffer.")
    var rops = false

    @Option(help: ArgumentHelp(
        "Property tags of the table's columns (its last RopSetColumns), e.g. 0x674A0014,0x0037001F: each TableRowData that decodes with them is also shown as a PropertyRow in the text tree.",
        valueName: "tags"))
    var columns: String?

    @Argument(help: "The bytes in hex (default: read standard input).")
    var hex: [String] = []

    func run() throws {
        let text = hex.isEmpty ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : hex.joined(separator: " ")
        let bytes: [UInt8]
        do {
            bytes = try HexInput.parse(text)
        } catch {
            Self.fail("\(error)")
        }
        var tableColumns: [PropertyTag] = []
        for tag in (columns ?? "").split(whereSeparator: { $0 == "," || $0.isWhitespace }) {
            let digits = tag.hasPrefix("0x") || tag.hasPrefix("0X") ? tag.dropFirst(2) : tag[...]
            guard let value = UInt32(digits, radix: 16) else { Self.fail("invalid property tag in --columns: \(tag)") }
            tableColumns.append(PropertyTag(value))
        }
        do {
            let inspection = try Inspector.inspect(
                bytes, input: rops ? .ropsList : .extendedBuffer,
                direction: direction.map { $0 == .request ? .request : .response }, tableColumns: tableColumns)
            print(json ? inspection.json.serialized() : inspection.text)
        } catch {
            Self.fail(error.description)
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        Foundation.exit(1)
    }
}
