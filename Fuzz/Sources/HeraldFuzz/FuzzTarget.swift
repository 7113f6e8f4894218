// libFuzzer entry points for the ROP input path (Scripts/fuzz.sh).
//
// Each input is fed to:
//  1. ROPInput.decode(rgbIn:) — RPC_HEADER_EXT chain, un-XOR, LZ77 decompression, RopBuffer,
//     RopRequestReader. It must return or throw WireError; anything else (a trap, an ASan report)
//     is a bug.
//  2. RopResponseReader over the same bytes; decoded responses must re-encode to their bytes.
//     RopResponseIndex must accept the same responses (same ranges, RopIds) and stop with the
//     same error; every view made from the index must match the reader's materialized RopNotify.
//  3. LZ77.decompress — the first two bytes (LE) are the expected size, the rest the stream.
//  4. Round trips: LZ77.compress then decompress, and ExtendedBuffer.encode then decodeChain, must
//     give the input back.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CFuzzerDriver
import MAPIWire

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    exercise(bytes)
    return 0
}

/// The program's entry point. SwiftPM links an executable's `main` under the name
/// `<Target>_main`, which keeps libFuzzer's `main` out of the link; this hands control to libFuzzer.
///
/// When HERALD_FUZZ_WRITE_SEEDS names a directory, it writes the seed corpus there instead, so one
/// build serves both purposes.
@main
enum HeraldFuzz {
    static func main() {
        if let directory = getenv("HERALD_FUZZ_WRITE_SEEDS").map({ String(cString: $0) }) {
            for (index, seed) in SeedCorpus.seeds().enumerated() {
                let path = "\(directory)/seed-\(index)"
                guard let file = fopen(path, "wb") else { fatalError("cannot write \(path)") }
                _ = seed.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
                fclose(file)
            }
            exit(0)
        }
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzTestOneInput(data, size) })
    }
}

func exercise(_ bytes: [UInt8]) {
    do {
        let segments = try ROPInput.decode(rgbIn: bytes)
        // Whatever decoded must re-encode to the same restored payloads.
        for segment in segments {
            var reencoded: [UInt8] = []
            segment.ropBuffer.encode(into: &reencoded)
            if reencoded != segment.payload.bytes { fatalError("RopBuffer re-encode differs") }
        }
    } catch {
        _ = error.errorCode
    }

    // Response lists (RopNotify, RopPending, ...), as a test client or `herald decode` reads them:
    // whatever decodes must re-encode to bytes that decode to the same value. Re-encoding is
    // canonical (a BOOL byte other than 0x01 goes out as 0x01; an unpaired UTF-16 surrogate is
    // repaired), so the canonical bytes must then be a fixed point.
    var responses = RopResponseReader(ropsList: bytes)
    while true {
        do {
            guard let element = try responses.next() else { break }
            var reencoded: [UInt8] = []
            element.response.encode(into: &reencoded)
            var again = ByteReader(reencoded)
            let redecoded = try? RopResponse.decode(from: &again)
            // A value holding a NaN (PtypFloating32/64, PtypFloatingTime) is not equal even to a
            // second decode of its own bytes (`x == x` may pass on array identity alone); for those
            // only the byte fixed point below can be checked.
            var original = ByteReader(Array(bytes[element.range]))
            let comparable = (try? RopResponse.decode(from: &original)) == element.response
            if comparable && redecoded != element.response && !isRepairedUTF16(element.response) {
                fatalError("response re-encode does not decode to the same value at \(element.range)")
            }
            if let redecoded {
                var canonical: [UInt8] = []
                redecoded.encode(into: &canonical)
                if canonical != reencoded { fatalError("canonical response re-encode is not a fixed point at \(element.range)") }
            }
        } catch {
            break
        }
    }

    checkResponseIndex(bytes)

    if bytes.count >= 2 {
        let expected = Int(bytes[0]) | Int(bytes[1]) << 8
        do {
            let output = try LZ77.decompress(Array(bytes[2...]), expectedSize: expected)
            if output.count != expected { fatalError("decompress returned \(output.count) bytes, expected \(expected)") }
        } catch {
            if error.kind != .corruptCompressedStream { fatalError("unexpected error \(error)") }
        }
    }

    let compressed = LZ77.compress(bytes)
    do {
        let restored = try LZ77.decompress(compressed, expectedSize: bytes.count)
        if restored != bytes { fatalError("LZ77 round trip differs") }
    } catch {
        fatalError("LZ77 round trip failed: \(error)")
    }

    if bytes.count <= ExtendedBuffer.maximumPayloadSize {
        let flags = bytes.first ?? 0
        var chain: [UInt8] = []
        ExtendedBuffer.encode(payload: bytes, compress: flags & 1 != 0, obfuscate: flags & 2 != 0, last: true, into: &chain)
        do {
            let payloads = try ExtendedBuffer.decodeChain(chain)
            if payloads.count != 1 || payloads[0].bytes != bytes { fatalError("extended buffer round trip differs") }
        } catch {
            fatalError("extended buffer round trip failed: \(error)")
        }
    }
}

/// A UTF-16 MessageClass with unpaired surrogates decodes with U+FFFD in their place (lossy by
/// design: Swift strings hold valid Unicode), so such a NewMail cannot re-encode to its bytes.
func isRepairedUTF16(_ response: RopResponse) -> Bool {
    guard case let .notify(notify) = response, notify.notificationData.unicode else { return false }
    return notify.notificationData.messageClass.unicodeScalars.contains("\u{FFFD}")
}

/// Differential check of the one-pass decoder against the materializing reader.
func checkResponseIndex(_ bytes: [UInt8]) {
    var reader = RopResponseReader(ropsList: bytes)
    var expected: [(RopID, Range<Int>, RopResponse)] = []
    var readerError: WireError?
    while true {
        do {
            guard let element = try reader.next() else { break }
            expected.append((element.response.ropID, element.range, element.response))
        } catch {
            readerError = error
            break
        }
    }
    var index = RopResponseIndex()
    var indexError: WireError?
    do { try index.validate(bytes) } catch { indexError = error }
    if indexError != readerError { fatalError("RopResponseIndex error \(String(describing: indexError)) ≠ reader \(String(describing: readerError))") }
    if index.count != expected.count { fatalError("RopResponseIndex found \(index.count) responses, the reader \(expected.count)") }
    for position in 0..<index.count {
        let (ropID, range, response) = expected[position]
        if index.ropID(at: position) != ropID || index.range(at: position) != range {
            fatalError("RopResponseIndex response \(position) differs from the reader's")
        }
        guard case .notify(let notify) = response else { continue }
        let fromView: RopNotify? = index.withElements { elements in elements[position].notify.map { RopNotify($0) } }
        // Values holding a NaN are not equal to themselves (see above): compare only when a second
        // decode of the same bytes equals the first.
        var again = ByteReader(Array(bytes[range]))
        let comparable = (try? RopResponse.decode(from: &again)) == response
        if comparable && fromView != notify {
            fatalError("a view from RopResponseIndex materializes differently at \(range)")
        }
    }
}
