# Produces golden NDR stubs for DCERPCTests with impacket's NDR engine and emsmdb_idl.py.
# Run: .venv/bin/python Scripts/dcerpc-vectors/gen_emsmdb.py
import os, sys
sys.path.insert(0, os.path.dirname(__file__))
from emsmdb_idl import *

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
