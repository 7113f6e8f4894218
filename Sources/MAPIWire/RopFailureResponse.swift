extension RopRequest {
    /// Appends this request's failure response with `returnValue` (non-zero), in the layout its ROP
    /// prescribes (MS-OXCROPS 2.2): the 6-byte header echoing the right index (OutputHandleIndex,
    /// ResponseHandleIndex or SourceHandleIndex where the ROP has one), plus the fields some ROPs send
    /// whatever the ReturnValue (PartialCompletion; DestHandleIndex after 0x00000503 ecDstNullObject).
    /// RopRelease has no response, so nothing is appended for it. A RopLogon redirect (0x00000478) has
    /// its own layout: build it with ``RopLogonResponse`` instead.
    public func encodeFailureResponse(_ returnValue: ErrorCode, into buffer: inout [UInt8]) {
        switch self {
        case .release:
            return  // RopRelease has no response (MS-OXCROPS 2.2.15.3).
        case let .registerNotification(request):
            RopRegisterNotificationResponse(
                outputHandleIndex: request.outputHandleIndex, returnValue: returnValue
            ).encode(into: &buffer)
        case let .logon(request):
            RopLogonResponse(
                outputHandleIndex: request.outputHandleIndex, body: .failure(returnValue)
            ).encode(into: &buffer)
        case let .getReceiveFolder(request):
            RopGetReceiveFolderResponse(
                inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .getStoreState(request):
            RopGetStoreStateResponse(
                inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .longTermIdFromId(request):
            RopLongTermIdFromIdResponse(
                inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .idFromLongTermId(request):
            RopIdFromLongTermIdResponse(
                inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .openFolder(request):
            RopOpenFolderResponse(
                outputHandleIndex: request.outputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .createFolder(request):
            RopCreateFolderResponse(
                outputHandleIndex: request.outputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .deleteFolder(request):
            RopDeleteFolderResponse(
                inputHandleIndex: request.inputHandleIndex, returnValue: returnValue, partialCompletion: false
            ).encode(into: &buffer)
        case let .setSearchCriteria(request):
            RopSetSearchCriteriaResponse(
                inputHandleIndex: request.inputHandleIndex, returnValue: returnValue
            ).encode(into: &buffer)
        case let .getSearchCriteria(request):
            RopGetSearchCriteriaResponse(
                inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .moveCopyMessages(request):
            RopMoveCopyMessagesResponse(
                sourceHandleIndex: request.sourceHandleIndex, returnValue: returnValue,
                destHandleIndex: UInt32(request.destHandleIndex), partialCompletion: false).encode(into: &buffer)
        case let .moveFolder(request):
            RopMoveFolderResponse(
                sourceHandleIndex: request.sourceHandleIndex, returnValue: returnValue,
                destHandleIndex: UInt32(request.destHandleIndex), partialCompletion: false).encode(into: &buffer)
        case let .copyFolder(request):
            RopCopyFolderResponse(
                sourceHandleIndex: request.sourceHandleIndex, returnValue: returnValue,
                destHandleIndex: UInt32(request.destHandleIndex), partialCompletion: false).encode(into: &buffer)
        case let .emptyFolder(request):
            RopEmptyFolderResponse(
                inputHandleIndex: request.inputHandleIndex, returnValue: returnValue, partialCompletion: false
            ).encode(into: &buffer)
        case let .hardDeleteMessagesAndSubfolders(request):
            RopHardDeleteMessagesAndSubfoldersResponse(
                inputHandleIndex: request.inputHandleIndex, returnValue: returnValue, partialCompletion: false
            ).encode(into: &buffer)
        case let .deleteMessages(request):
            RopDeleteMessagesResponse(
                inputHandleIndex: request.inputHandleIndex, returnValue: returnValue, partialCompletion: false
            ).encode(into: &buffer)
        case let .hardDeleteMessages(request):
            RopHardDeleteMessagesResponse(
                inputHandleIndex: request.inputHandleIndex, returnValue: returnValue, partialCompletion: false
            ).encode(into: &buffer)
        case let .getHierarchyTable(request):
            RopGetHierarchyTableResponse(
                outputHandleIndex: request.outputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .getContentsTable(request):
            RopGetContentsTableResponse(
                outputHandleIndex: request.outputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .setColumns(request):
            RopSetColumnsResponse(
                inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .sortTable(request):
            RopSortTableResponse(
                inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .restrict(request):
            RopRestrictResponse(
                inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .queryRows(request):
            RopQueryRowsResponse(
                inputHandleIndex: request.inputHandleIndex, columns: [], outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .abort(request):
            RopAbortResponse(
                inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .getStatus(request):
            RopGetStatusResponse(
                inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .queryPosition(request):
            RopQueryPositionResponse(
                inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .seekRow(request):
            RopSeekRowResponse(
                inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .seekRowBookmark(request):
            RopSeekRowBookmarkResponse(
                inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .seekRowFractional(request):
            RopSeekRowFractionalResponse(
                inputHandleIndex: request.inputHandleIndex, returnValue: returnValue
            ).encode(into: &buffer)
        case let .createBookmark(request):
            RopCreateBookmarkResponse(
                inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .queryColumnsAll(request):
            RopQueryColumnsAllResponse(
                inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .findRow(request):
            RopFindRowResponse(
                inputHandleIndex: request.inputHandleIndex, columns: [], outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .freeBookmark(request):
            RopFreeBookmarkResponse(
                inputHandleIndex: request.inputHandleIndex, returnValue: returnValue
            ).encode(into: &buffer)
        case let .resetTable(request):
            RopResetTableResponse(
                inputHandleIndex: request.inputHandleIndex, returnValue: returnValue
            ).encode(into: &buffer)
        case let .expandRow(request):
            RopExpandRowResponse(
                inputHandleIndex: request.inputHandleIndex, columns: [], outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .collapseRow(request):
            RopCollapseRowResponse(
                inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .getCollapseState(request):
            RopGetCollapseStateResponse(
                inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .setCollapseState(request):
            RopSetCollapseStateResponse(
                inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .openMessage(request):
            RopOpenMessageResponse(
                outputHandleIndex: request.outputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .createMessage(request):
            RopCreateMessageResponse(
                outputHandleIndex: request.outputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .saveChangesMessage(request):
            RopSaveChangesMessageResponse(
                responseHandleIndex: request.responseHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .removeAllRecipients(request):
            RopRemoveAllRecipientsResponse(
                inputHandleIndex: request.inputHandleIndex, returnValue: returnValue
            ).encode(into: &buffer)
        case let .modifyRecipients(request):
            RopModifyRecipientsResponse(
                inputHandleIndex: request.inputHandleIndex, returnValue: returnValue
            ).encode(into: &buffer)
        case let .readRecipients(request):
            RopReadRecipientsResponse(
                inputHandleIndex: request.inputHandleIndex, columns: [], outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .setMessageReadFlag(request):
            RopSetMessageReadFlagResponse(
                responseHandleIndex: request.responseHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .setReadFlags(request):
            RopSetReadFlagsResponse(
                inputHandleIndex: request.inputHandleIndex, returnValue: returnValue, partialCompletion: false
            ).encode(into: &buffer)
        case let .submitMessage(request):
            RopSubmitMessageResponse(
                inputHandleIndex: request.inputHandleIndex, returnValue: returnValue
            ).encode(into: &buffer)
        case let .getPropertiesSpecific(request):
            RopGetPropertiesSpecificResponse(
                inputHandleIndex: request.inputHandleIndex, columns: [], outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .getPropertiesAll(request):
            RopGetPropertiesAllResponse(
                inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .getPropertiesList(request):
            RopGetPropertiesListResponse(
                inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .setProperties(request):
            RopSetPropertiesResponse(
                inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .setPropertiesNoReplicate(request):
            RopSetPropertiesNoReplicateResponse(
                inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .deleteProperties(request):
            RopDeletePropertiesResponse(
                inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .deletePropertiesNoReplicate(request):
            RopDeletePropertiesNoReplicateResponse(
                inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)
            ).encode(into: &buffer)
        case let .getAttachmentTable(request): RopGetAttachmentTableResponse(outputHandleIndex: request.outputHandleIndex, returnValue: returnValue).encode(into: &buffer)
        case let .openAttachment(request): RopOpenAttachmentResponse(outputHandleIndex: request.outputHandleIndex, returnValue: returnValue).encode(into: &buffer)
        case let .createAttachment(request): RopCreateAttachmentResponse(outputHandleIndex: request.outputHandleIndex, outcome: .failure(returnValue)).encode(into: &buffer)
        case let .deleteAttachment(request): RopDeleteAttachmentResponse(inputHandleIndex: request.inputHandleIndex, returnValue: returnValue).encode(into: &buffer)
        case let .saveChangesAttachment(request): RopSaveChangesAttachmentResponse(responseHandleIndex: request.responseHandleIndex, returnValue: returnValue).encode(into: &buffer)
        case let .openEmbeddedMessage(request): RopOpenEmbeddedMessageResponse(outputHandleIndex: request.outputHandleIndex, outcome: .failure(returnValue)).encode(into: &buffer)
        case let .openStream(request): RopOpenStreamResponse(outputHandleIndex: request.outputHandleIndex, outcome: .failure(returnValue)).encode(into: &buffer)
        case let .readStream(request): RopReadStreamResponse(inputHandleIndex: request.inputHandleIndex, returnValue: returnValue, data: []).encode(into: &buffer)
        case let .writeStream(request): RopWriteStreamResponse(inputHandleIndex: request.inputHandleIndex, returnValue: returnValue, writtenSize: 0).encode(into: &buffer)
        case let .writeStreamExtended(request): RopWriteStreamExtendedResponse(inputHandleIndex: request.inputHandleIndex, returnValue: returnValue, writtenSize: 0).encode(into: &buffer)
        case let .commitStream(request): RopCommitStreamResponse(inputHandleIndex: request.inputHandleIndex, returnValue: returnValue).encode(into: &buffer)
        case let .getStreamSize(request): RopGetStreamSizeResponse(inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)).encode(into: &buffer)
        case let .setStreamSize(request): RopSetStreamSizeResponse(inputHandleIndex: request.inputHandleIndex, returnValue: returnValue).encode(into: &buffer)
        case let .seekStream(request): RopSeekStreamResponse(inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)).encode(into: &buffer)
        case let .copyToStream(request): RopCopyToStreamResponse(sourceHandleIndex: request.sourceHandleIndex, returnValue: returnValue, destHandleIndex: UInt32(request.destHandleIndex), readByteCount: 0, writtenByteCount: 0).encode(into: &buffer)
        case let .getPropertyIdsFromNames(request): RopGetPropertyIdsFromNamesResponse(inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)).encode(into: &buffer)
        case let .getNamesFromPropertyIds(request): RopGetNamesFromPropertyIdsResponse(inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)).encode(into: &buffer)
        case let .queryNamedProperties(request): RopQueryNamedPropertiesResponse(inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)).encode(into: &buffer)
        case let .getPerUserLongTermIds(request): RopGetPerUserLongTermIdsResponse(inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)).encode(into: &buffer)
        case let .getPerUserGuid(request): RopGetPerUserGuidResponse(inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)).encode(into: &buffer)
        case let .readPerUserInformation(request): RopReadPerUserInformationResponse(inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)).encode(into: &buffer)
        case let .writePerUserInformation(request): RopWritePerUserInformationResponse(inputHandleIndex: request.inputHandleIndex, returnValue: returnValue).encode(into: &buffer)
        case let .setReceiveFolder(request): RopSetReceiveFolderResponse(inputHandleIndex: request.inputHandleIndex, returnValue: returnValue).encode(into: &buffer)
        case let .getReceiveFolderTable(request): RopGetReceiveFolderTableResponse(inputHandleIndex: request.inputHandleIndex, outcome: .failure(returnValue)).encode(into: &buffer)
        case let .copyProperties(request): RopCopyPropertiesResponse(sourceHandleIndex: request.sourceHandleIndex, body: .init(returnValue: returnValue, destHandleIndex: UInt32(request.destHandleIndex))).encode(into: &buffer)
        case let .copyTo(request): RopCopyToResponse(sourceHandleIndex: request.sourceHandleIndex, body: .init(returnValue: returnValue, destHandleIndex: UInt32(request.destHandleIndex))).encode(into: &buffer)
        case let .unsupported(request):
            request.encodeFailureResponse(returnValue, into: &buffer)
        }
    }
}
