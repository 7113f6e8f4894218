# EMSMDB / AsyncEMSMDB call definitions written from the MS-OXCRPC IDL (3.1.4.x, 3.3.4.1, Appendix A)
# for impacket's NDR engine. Shared by gen_emsmdb.py, check_herald_emsmdb.py and impacket_client.py.
from impacket.dcerpc.v5.ndr import NDRCALL, NDRSTRUCT, NDRUniConformantArray, NDRUniConformantVaryingArray
from impacket.dcerpc.v5.dtypes import ULONG, USHORT, STR, LPSTR, NULL
from impacket.uuid import string_to_bin

class CXH(NDRSTRUCT):
    structure = (('attributes', ULONG), ('uuid', '16s=b""'))
    def getAlignment(self): return 4

class BYTES(NDRUniConformantArray):
    item = 'c'

class BYTES_CV(NDRUniConformantVaryingArray):
    item = 'c'

class EcDoConnectEx(NDRCALL):
    opnum = 10
    structure = (
        ('szUserDN', STR), ('ulFlags', ULONG), ('ulConMod', ULONG), ('cbLimit', ULONG), ('ulCpid', ULONG),
        ('ulLcidString', ULONG), ('ulLcidSort', ULONG), ('ulIcxrLink', ULONG), ('usFCanConvertCodePages', USHORT),
        ('rgwClientVersion0', USHORT), ('rgwClientVersion1', USHORT), ('rgwClientVersion2', USHORT),
        ('pulTimeStamp', ULONG), ('rgbAuxIn', BYTES), ('cbAuxIn', ULONG), ('pcbAuxOut', ULONG),
    )

class EcDoConnectExResponse(NDRCALL):
    structure = (
        ('pcxh', CXH), ('pcmsPollsMax', ULONG), ('pcRetry', ULONG), ('pcmsRetryDelay', ULONG), ('picxr', USHORT),
        ('szDNPrefix', LPSTR), ('szDisplayName', LPSTR),
        ('rgwServerVersion0', USHORT), ('rgwServerVersion1', USHORT), ('rgwServerVersion2', USHORT),
        ('rgwBestVersion0', USHORT), ('rgwBestVersion1', USHORT), ('rgwBestVersion2', USHORT),
        ('pulTimeStamp', ULONG), ('rgbAuxOut', BYTES_CV), ('pcbAuxOut', ULONG), ('ErrorCode', ULONG),
    )

class EcDoRpcExt2(NDRCALL):
    opnum = 11
    structure = (
        ('pcxh', CXH), ('pulFlags', ULONG), ('rgbIn', BYTES), ('cbIn', ULONG), ('pcbOut', ULONG),
        ('rgbAuxIn', BYTES), ('cbAuxIn', ULONG), ('pcbAuxOut', ULONG),
    )

class EcDoRpcExt2Response(NDRCALL):
    structure = (
        ('pcxh', CXH), ('pulFlags', ULONG), ('rgbOut', BYTES_CV), ('pcbOut', ULONG),
        ('rgbAuxOut', BYTES_CV), ('pcbAuxOut', ULONG), ('pulTransTime', ULONG), ('ErrorCode', ULONG),
    )

class EcRRegisterPushNotification(NDRCALL):
    opnum = 4
    structure = (
        ('pcxh', CXH), ('iRpc', ULONG), ('rgbContext', BYTES), ('cbContext', USHORT), ('grbitAdviseBits', ULONG),
        ('rgbCallbackAddress', BYTES), ('cbCallbackAddress', USHORT),
    )

class EcDoAsyncWaitEx(NDRCALL):
    opnum = 0
    structure = (('acxh', CXH), ('ulFlagsIn', ULONG))

class EcDummyRpc(NDRCALL):
    opnum = 6
    structure = ()

class EcDummyRpcResponse(NDRCALL):
    structure = (('ErrorCode', ULONG),)

class EcDoAsyncWaitExResponse(NDRCALL):
    structure = (('pulFlagsOut', ULONG), ('ErrorCode', ULONG))

class EcDoDisconnect(NDRCALL):
    opnum = 1
    structure = (('pcxh', CXH),)

class EcDoDisconnectResponse(NDRCALL):
    structure = (('pcxh', CXH), ('ErrorCode', ULONG))

class EcRRegisterPushNotificationResponse(NDRCALL):
    structure = (('pcxh', CXH), ('hNotification', ULONG), ('ErrorCode', ULONG))

class Opnum7(NDRCALL):
    """Reserved EMSMDB opnum: the server must fault with nca_s_op_rng_error."""
    opnum = 7
    structure = ()

class Opnum7Response(NDRCALL):
    structure = ()

EMSMDB = ('A4F1DB00-CA47-1067-B31F-00DD010662DA', '0.81')
ASYNC_EMSMDB = ('5261574A-4572-206E-B268-6B199213B4E4', '0.01')

class EcDoAsyncConnectEx(NDRCALL):
    opnum = 14
    structure = (('cxh', CXH),)

class EcDoAsyncConnectExResponse(NDRCALL):
    structure = (('pacxh', CXH), ('ErrorCode', ULONG))
