import MAPIWire
import NotificationEngine

/// RopRegisterNotification and RopRelease (MS-OXCNOTIF, MS-OXCROPS 2.2.14.1, 2.2.15.3).
enum NotificationROPs {
    /// RopRegisterNotification (MS-OXCNOTIF 3.1.5.1): creates a subscription object whose handle is
    /// the output handle and the NotificationHandle of the RopNotify it causes. InputHandleIndex
    /// names the Logon object (MS-OXCROPS 2.2.14.1.1). NotificationTypes without any defined event
    /// bit → ecInvalidParameter.
    static func registerNotification(_ request: RopRegisterNotificationRequest, _ context: inout ROPContext) throws -> RopRegisterNotificationResponse {
        let logon = try context.object(at: request.inputHandleIndex, as: LogonObject.self)
        try context.checkOutputIndex(request.outputHandleIndex)
        guard !request.notificationTypes.intersection(.allEvents).isEmpty else { throw ROPError.invalidParameter }
        let handle = try context.setOutput(SubscriptionObject(logonID: request.logonID), at: request.outputHandleIndex)
        let subscribed = context.hub.subscribe(
            session: context.sessionIndex, handle: handle, logonID: request.logonID, mailbox: logon.mailboxID,
            types: request.notificationTypes, scope: SubscriptionScope(request.scope))
        guard subscribed else {
            context.releaseObject(at: request.outputHandleIndex)
            throw ROPError(.generalFailure)
        }
        return RopRegisterNotificationResponse(outputHandleIndex: request.outputHandleIndex)
    }

    /// RopRelease (MS-OXCROPS 3.2.5.3): no response, errors ignored. The object's release hook frees
    /// what it holds (subscription → unsubscribed, its queued notifications dropped); a Logon object
    /// takes every object opened under it along.
    static func release(_ request: RopReleaseRequest, _ context: inout ROPContext) {
        context.releaseObject(at: request.inputHandleIndex)
    }
}
