import Foundation
import MAPIWire
import MailboxStore

/// Store ROPs (MS-OXCSTOR): RopLogon, RopGetReceiveFolder, RopGetStoreState.
enum StoreROPs {
    /// ResponseFlags of a private logon: Reserved (MUST be set), OwnerRight, SendAsRight — the
    /// user always owns the mailbox they may log on to (MS-OXCSTOR 2.2.1.1.3).
    static let privateResponseFlags: UInt8 = RopLogonResponse.ResponseFlags.reserved
        | RopLogonResponse.ResponseFlags.ownerRight | RopLogonResponse.ResponseFlags.sendAsRight

    /// RopLogon (MS-OXCSTOR 3.2.5.1.1): only the authenticated user's own private mailbox.
    /// - Essdn unknown, or the user has no mailbox → ecUnknownUser.
    /// - Essdn of another user's mailbox → ecAccessDenied ("the user does not have sufficient
    ///   permissions to the mailbox", 3.2.5.1.3; Herald has no delegate rights).
    /// - Public folder logon (Private clear) → ecLoginFailure: Herald hosts no public folders.
    /// An active LogonId is released, with every object under it, and replaced (MS-OXCROPS 2.2.3.1.1).
    static func logon(_ request: RopLogonRequest, _ context: inout ROPContext) throws -> RopLogonResponse {
        try context.checkOutputIndex(request.outputHandleIndex)
        guard request.isPrivate else { throw ROPError(.logonFailed) }
        guard let own = context.store.mailbox(userName: context.session.userName) else { throw ROPError(.unknownUser) }
        guard let target = context.store.mailbox(legacyExchangeDN: request.distinguishedName) else { throw ROPError(.unknownUser) }
        guard target.id == own.id else { throw ROPError(.accessDenied) }
        let folderIDs = try context.store.logonFolderIDs(own.id)
        guard folderIDs.count == 13 else { throw ROPError(.logonFailed) }

        context.releaseLogon(request.logonID)
        guard context.canAllocateHandle else { throw ROPError(.notEnoughMemory) }
        let logon = LogonObject(logonID: request.logonID, mailbox: own, logonFlags: request.logonFlags, openFlags: request.openFlags)
        try context.setLogon(logon, at: request.outputHandleIndex)

        let echoedFlags = request.logonFlags
            & (RopLogonRequest.LogonFlags.private | RopLogonRequest.LogonFlags.undercover | RopLogonRequest.LogonFlags.ghosted)
        return RopLogonResponse(
            outputHandleIndex: request.outputHandleIndex,
            body: .privateMailbox(.init(
                logonFlags: echoedFlags,
                folderIDs: .init(folderIDs),
                responseFlags: privateResponseFlags,
                mailboxGuid: own.mailboxGuid,
                replID: own.replicaID,
                replGuid: own.replGuid,
                logonTime: logonTime(context.configuration.clock()),
                gwartTime: 0,
                storeState: 0)))
    }

    /// LogonTime: the server's current UTC time (MS-OXCSTOR 2.2.1.1.3).
    static func logonTime(_ secondsSince1970: Double) -> LogonTime {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.second, .minute, .hour, .weekday, .day, .month, .year], from: Date(timeIntervalSince1970: secondsSince1970))
        return LogonTime(
            seconds: UInt8(clamping: parts.second ?? 0), minutes: UInt8(clamping: parts.minute ?? 0),
            hour: UInt8(clamping: parts.hour ?? 0), dayOfWeek: UInt8(clamping: (parts.weekday ?? 1) - 1),
            day: UInt8(clamping: parts.day ?? 1), month: UInt8(clamping: parts.month ?? 1), year: UInt16(clamping: parts.year ?? 1970))
    }

    /// RopGetReceiveFolder (MS-OXCSTOR 3.2.5.2): on a Logon object; the MessageClass must be at most
    /// 255 ASCII characters 32–126, no leading period, no empty component (ecInvalidParameter).
    static func getReceiveFolder(_ request: RopGetReceiveFolderRequest, _ context: inout ROPContext) throws -> RopGetReceiveFolderResponse {
        let logon = try context.object(at: request.inputHandleIndex, as: LogonObject.self)
        let messageClass = request.messageClass
        guard isValidMessageClass(messageClass) else { throw ROPError.invalidParameter }
        let (folderID, explicitClass) = try context.store.receiveFolder(logon.mailboxID, messageClass: String(decoding: messageClass, as: UTF8.self))
        let response = RopGetReceiveFolderResponse(
            inputHandleIndex: request.inputHandleIndex,
            outcome: .success(.init(folderID: folderID, explicitMessageClass: Array(explicitClass.utf8))))
        let size = 6 + 8 + explicitClass.utf8.count + 1
        guard size <= context.responseBudget else { throw ROPError.responseDoesNotFit(sizeNeeded: size) }
        return response
    }

    static func isValidMessageClass(_ bytes: [UInt8]) -> Bool {
        if bytes.isEmpty { return true }
        guard bytes.count <= 255, bytes.allSatisfy({ (32...126).contains($0) }) else { return false }
        guard bytes.first != UInt8(ascii: "."), bytes.last != UInt8(ascii: ".") else { return false }
        return !zip(bytes, bytes.dropFirst()).contains { $0 == UInt8(ascii: ".") && $1 == UInt8(ascii: ".") }
    }

    /// StoreState flag of RopGetStoreState (MS-OXCSTOR 2.2.1.5.2): the mailbox has active search folders.
    static let storeHasSearches: UInt32 = 0x0100_0000

    /// RopGetStoreState (MS-OXCSTOR 2.2.1.5, 3.2.5.5): on a Logon object. StoreState is
    /// STORE_HAS_SEARCHES when a search folder of the mailbox has search criteria (its search is
    /// then live: Herald populates synchronously and keeps the search running), else 0.
    static func getStoreState(_ request: RopGetStoreStateRequest, _ context: inout ROPContext) throws -> RopGetStoreStateResponse {
        let logon = try context.object(at: request.inputHandleIndex, as: LogonObject.self)
        let state = try context.store.hasActiveSearches(logon.mailboxID) ? storeHasSearches : 0
        return RopGetStoreStateResponse(inputHandleIndex: request.inputHandleIndex, outcome: .success(.init(storeState: state)))
    }
}
