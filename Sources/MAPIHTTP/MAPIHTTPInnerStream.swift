import NIOCore

/// The inner stream of a MAPI over HTTP response body: meta-tags, the additional headers that
/// follow `DONE`, an empty line, then the request-type body.
///
/// MS-OXCMAPIHTTP 2.2.7 (meta-tags), 2.2.3.3.9 (X-ElapsedTime), 2.2.3.3.10 (X-StartTime),
/// 3.2.5.2 (PROCESSING sent immediately, PENDING every X-PendingPeriod). Every meta-tag and
/// header line ends in CRLF, as in the example of 4.2.
public enum MAPIHTTPInnerStream {
    /// MS-OXCMAPIHTTP 2.2.7: the request was received and is being processed.
    public static let processing: [UInt8] = Array("PROCESSING\r\n".utf8)
    /// MS-OXCMAPIHTTP 2.2.7: keep-alive while the request is still being processed.
    public static let pending: [UInt8] = Array("PENDING\r\n".utf8)
    /// MS-OXCMAPIHTTP 2.2.7: processing has finished; the additional headers follow.
    public static let done: [UInt8] = Array("DONE\r\n".utf8)

    /// `DONE`, the additional headers and the empty line that precede the response body.
    ///
    /// - Parameter failure: set when the request failed after the initial response (whose
    ///   `X-ResponseCode` header already said 0) had been sent; 2.2.7 then repeats
    ///   `X-ResponseCode` after `DONE`.
    public static func completion(
        elapsedMilliseconds: Int64,
        startTime: String,
        failure: MAPIHTTPResponseCode? = nil
    ) -> [UInt8] {
        var buffer = ByteBuffer()
        writeCompletion(elapsedMilliseconds: elapsedMilliseconds, startTime: startTime, failure: failure, into: &buffer)
        return Array(buffer.readableBytesView)
    }

    /// ``completion(elapsedMilliseconds:startTime:failure:)`` written straight into `buffer`.
    public static func writeCompletion(
        elapsedMilliseconds: Int64,
        startTime: String,
        failure: MAPIHTTPResponseCode? = nil,
        into buffer: inout ByteBuffer
    ) {
        buffer.writeBytes(done)
        if let failure {
            buffer.writeStaticString("X-ResponseCode: ")
            buffer.writeString(String(failure.rawValue))
            buffer.writeStaticString("\r\n")
        }
        buffer.writeStaticString("X-ElapsedTime: ")
        buffer.writeString(String(elapsedMilliseconds))
        buffer.writeStaticString("\r\nX-StartTime: ")
        buffer.writeString(startTime)
        buffer.writeStaticString("\r\n\r\n")
    }
}

/// RFC 1123 dates ("Sun, 06 Nov 1994 08:49:37 GMT") as used by X-StartTime (MS-OXCMAPIHTTP
/// 2.2.3.3.10, which points at RFC 2616's preferred HTTP-date form).
public enum HTTPDate {
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public static func rfc1123(unixSeconds: Int64) -> String {
        let days = unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400
        let secondsOfDay = unixSeconds - days * 86_400
        let weekday = weekdays[Int(((days % 7) + 7) % 7)]
        // Civil-from-days (proleptic Gregorian), era-based so it holds for any Int64 day count in range.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let hour = secondsOfDay / 3_600
        let minute = (secondsOfDay % 3_600) / 60
        let second = secondsOfDay % 60
        return "\(weekday), \(twoDigits(day)) \(months[Int(month - 1)]) \(year) \(twoDigits(hour)):\(twoDigits(minute)):\(twoDigits(second)) GMT"
    }

    private static func twoDigits(_ value: Int64) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
