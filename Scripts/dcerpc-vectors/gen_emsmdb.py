# EMSMDB / AsyncEMSMDB call stubs written from the MS-OXCRPC IDL (3.1.4.x, 3.3.4.1) with impacket's
# NDR engine, used to produce golden NDR stubs for DCERPCTests.
# Run: .venv/bin/python Scripts/dcerpc-vectors/gen_emsmdb.py
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

HANDLE = bytes(range(0x10, 0x20))
def cxh():
    c = CXH(); c['attributes'] = 0; c['uuid'] = HANDLE; return c

dn = b'/o=First Organization/ou=First Administrative Group/cn=recipients/cn=janedow'  # MS-OXCRPC 4.1
r = EcDoConnectEx()
r['szUserDN'] = dn + b'\x00'
r['ulFlags'] = 0; r['ulConMod'] = 0x12345678; r['cbLimit'] = 0; r['ulCpid'] = 1252
r['ulLcidString'] = 0x409; r['ulLcidSort'] = 0x409; r['ulIcxrLink'] = 0xFFFFFFFF; r['usFCanConvertCodePages'] = 1
r['rgwClientVersion0'] = 0x000C; r['rgwClientVersion1'] = 0x183E; r['rgwClientVersion2'] = 0x03E8
r['pulTimeStamp'] = 0; r['rgbAuxIn'] = list(b'\x00\x00\x04\x00\x03\x00\x03\x00abc'); r['cbAuxIn'] = 11; r['pcbAuxOut'] = 0x1008
print('connectex_request', r.getData().hex())

s = EcDoConnectExResponse()
s['pcxh'] = cxh(); s['pcmsPollsMax'] = 60000; s['pcRetry'] = 6; s['pcmsRetryDelay'] = 10000; s['picxr'] = 7
s['szDNPrefix'] = '/o=Herald/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)\x00'
s['szDisplayName'] = 'Jane Dow\x00'
s['rgwServerVersion0'] = 0x0F; s['rgwServerVersion1'] = 0x8000 | 1497; s['rgwServerVersion2'] = 0
s['rgwBestVersion0'] = 0x0C; s['rgwBestVersion1'] = 0x183E; s['rgwBestVersion2'] = 0x03E8
s['pulTimeStamp'] = 0xCAFE; s['rgbAuxOut'] = []; s['pcbAuxOut'] = 0; s['ErrorCode'] = 0
print('connectex_response', s.getData().hex())

r = EcDoRpcExt2()
r['pcxh'] = cxh(); r['pulFlags'] = 3; r['rgbIn'] = list(b'\x00\x00\x04\x00\x02\x00\x02\x00\x02\x00'); r['cbIn'] = 10
r['pcbOut'] = 0x18008; r['rgbAuxIn'] = []; r['cbAuxIn'] = 0; r['pcbAuxOut'] = 0x1008
print('rpcext2_request', r.getData().hex())

s = EcDoRpcExt2Response()
s['pcxh'] = cxh(); s['pulFlags'] = 0; s['rgbOut'] = list(b'\x00\x00\x04\x00\x03\x00\x03\x00\x02\x00\xaa'); s['pcbOut'] = 11
s['rgbAuxOut'] = list(b'\x01\x02'); s['pcbAuxOut'] = 2; s['pulTransTime'] = 5; s['ErrorCode'] = 0
print('rpcext2_response', s.getData().hex())

r = EcRRegisterPushNotification()
r['pcxh'] = cxh(); r['iRpc'] = 0; r['rgbContext'] = list(b'ctx'); r['cbContext'] = 3; r['grbitAdviseBits'] = 0xFFFFFFFF
r['rgbCallbackAddress'] = list(bytes([2, 0, 0x17, 0x70, 127, 0, 0, 1]) + bytes(8)); r['cbCallbackAddress'] = 16
print('register_push_request', r.getData().hex())

r = EcDoAsyncWaitEx(); r['acxh'] = cxh(); r['ulFlagsIn'] = 0
print('asyncwait_request', r.getData().hex())
