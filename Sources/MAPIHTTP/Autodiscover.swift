/// The Outlook 2006 ("POX") Autodiscover exchange: request parsing and response rendering.
///
/// MS-OXDSCLI 2.2.3 (request: `Autodiscover/Request/EMailAddress`), 2.2.4 and example 4.4
/// (MapiHttp response: `Protocol Type="mapiHttp" Version="1"` with `MailStore` and
/// `AddressBook`, each with `InternalUrl` / `ExternalUrl`); the error response is
/// `Response/Error` with `ErrorCode` 500 for an unknown address.
public enum Autodiscover {
    public static let responseNamespace = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"
    public static let outlookResponseNamespace = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"

    /// The text of the first `EMailAddress` element (namespace prefix allowed), entity-decoded.
    public static func emailAddress(inRequest xml: String) -> String? {
        guard let open = xml.firstRange(of: "EMailAddress>") else { return nil }
        let rest = xml[open.upperBound...]
        guard let close = rest.firstRange(of: "</") else { return nil }
        let value = unescape(String(rest[..<close.lowerBound])).trimmed()
        return value.isEmpty ? nil : value
    }

    public struct MailboxSettings: Sendable {
        public var emailAddress: String
        public var user: MailboxUser
        public var internalBaseURL: String
        public var externalBaseURL: String

        public init(emailAddress: String, user: MailboxUser, internalBaseURL: String, externalBaseURL: String) {
            self.emailAddress = emailAddress
            self.user = user
            self.internalBaseURL = internalBaseURL
            self.externalBaseURL = externalBaseURL
        }
    }

    /// MS-OXDSCLI 4.4: the MapiHttp response.
    public static func settingsResponse(_ settings: MailboxSettings) -> String {
        let mailbox = percentEncodeQueryValue(settings.emailAddress)
        func url(_ base: String, _ endpoint: String) -> String {
            escape("\(trimSlash(base))/mapi/\(endpoint)/?MailboxId=\(mailbox)")
        }
        return """
        <?xml version="1.0" encoding="utf-8"?>
        <Autodiscover xmlns="\(responseNamespace)">
          <Response xmlns="\(outlookResponseNamespace)">
            <User>
              <DisplayName>\(escape(settings.user.displayName))</DisplayName>
              <LegacyDN>\(escape(settings.user.essdn))</LegacyDN>
              <AutoDiscoverSMTPAddress>\(escape(settings.emailAddress))</AutoDiscoverSMTPAddress>
            </User>
            <Account>
              <AccountType>email</AccountType>
              <Action>settings</Action>
              <Protocol Type="mapiHttp" Version="1">
                <MailStore>
                  <InternalUrl>\(url(settings.internalBaseURL, "emsmdb"))</InternalUrl>
                  <ExternalUrl>\(url(settings.externalBaseURL, "emsmdb"))</ExternalUrl>
                </MailStore>
                <AddressBook>
                  <InternalUrl>\(url(settings.internalBaseURL, "nspi"))</InternalUrl>
                  <ExternalUrl>\(url(settings.externalBaseURL, "nspi"))</ExternalUrl>
                </AddressBook>
              </Protocol>
            </Account>
          </Response>
        </Autodiscover>

        """
    }

    /// The Autodiscover error response (`Response/Error`, ErrorCode 500 for an unknown address).
    public static func errorResponse(code: Int = 500, message: String, debugData: String = "", time: String = "00:00:00.0000000", id: UInt32 = 0) -> String {
        """
        <?xml version="1.0" encoding="utf-8"?>
        <Autodiscover xmlns="\(responseNamespace)">
          <Response>
            <Error Time="\(escape(time))" Id="\(id)">
              <ErrorCode>\(code)</ErrorCode>
              <Message>\(escape(message))</Message>
              <DebugData>\(escape(debugData))</DebugData>
            </Error>
          </Response>
        </Autodiscover>

        """
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }

    static func unescape(_ text: String) -> String {
        text.replacingAll("&lt;", "<").replacingAll("&gt;", ">").replacingAll("&quot;", "\"")
            .replacingAll("&apos;", "'").replacingAll("&amp;", "&")
    }

    static func trimSlash(_ base: String) -> String {
        var base = Substring(base)
        while base.last == "/" { base = base.dropLast() }
        return String(base)
    }

    static func percentEncodeQueryValue(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "@"), UInt8(ascii: "."),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                out += "%" + Hex.encode([byte]).uppercased()
            }
        }
        return out
    }
}

extension String {
    func replacingAll(_ target: String, _ replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }

    func trimmed() -> String {
        var s = self[...]
        while let first = s.first, first.isWhitespace { s = s.dropFirst() }
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
