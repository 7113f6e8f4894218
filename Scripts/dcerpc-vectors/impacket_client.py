# impacket's DCE/RPC client (ncacn_ip_tcp, NTLM) against a Herald DCERPC test server on 127.0.0.1.
# Used by DCERPCNTLMInteropTests; prints one "key value" line per result, exits non-zero on failure.
# Usage: impacket_client.py <port> <auth level 0=none|2=connect|5=integrity|6=privacy> [password]
#        impacket_client.py <port> epm
import os, sys
sys.path.insert(0, os.path.dirname(__file__))
from impacket.dcerpc.v5 import transport, rpcrt
from impacket.dcerpc.v5.rpcrt import DCERPCException
from impacket.uuid import uuidtup_to_bin
from emsmdb_idl import *

if sys.argv[2] == 'epm':
    # impacket's own endpoint-mapper lookup (epm.hept_map), pointed at the test server instead of port 135.
    from impacket.dcerpc.v5 import epm
    t = transport.DCERPCTransportFactory('ncacn_ip_tcp:127.0.0.1[%s]' % sys.argv[1])
    dce = t.get_dce_rpc(); dce.connect()
    print('epm', epm.hept_map('127.0.0.1', uuidtup_to_bin(EMSMDB), protocol='ncacn_ip_tcp', dce=dce))
    # A second bind on one association is a protocol error (C706 12.6.3.1), so the unknown-interface
    # lookup uses the raw ept_map call on the already-bound connection.
    from struct import unpack
    request = epm.ept_map()
    tower = epm.EPMTower()
    iface = epm.EPMRPCInterface(); unknown = uuidtup_to_bin(('12345678-1234-ABCD-EF00-0123456789AB', '1.0'))
    iface['InterfaceUUID'] = unknown[:16]; iface['MajorVersion'] = 1; iface['MinorVersion'] = 0
    ndr = epm.EPMRPCDataRepresentation(); ndr_bin = uuidtup_to_bin(('8a885d04-1ceb-11c9-9fe8-08002b104860', '2.0'))
    ndr['DataRepUuid'] = ndr_bin[:16]; ndr['MajorVersion'] = 2; ndr['MinorVersion'] = 0
    prot = epm.EPMProtocolIdentifier(); prot['ProtIdentifier'] = epm.FLOOR_RPCV5_IDENTIFIER
    portAddr = epm.EPMPortAddr(); portAddr['IpPort'] = 0
    hostAddr = epm.EPMHostAddr(); hostAddr['Ip4addr'] = b'\x00\x00\x00\x00'
    tower['NumberOfFloors'] = 5
    tower['Floors'] = iface.getData() + ndr.getData() + prot.getData() + portAddr.getData() + hostAddr.getData()
    request['max_towers'] = 4
    request['map_tower']['tower_length'] = len(tower)
    request['map_tower']['tower_octet_string'] = tower.getData()
    resp = dce.request(request, checkError=False)
    print('epm_unknown', hex(resp['status']), resp['num_towers'])
    print('done 1')
    sys.exit(0)

port, level = int(sys.argv[1]), int(sys.argv[2])
password = sys.argv[3] if len(sys.argv) > 3 else 'Secret#1'
t = transport.DCERPCTransportFactory('ncacn_ip_tcp:127.0.0.1[%d]' % port)
if level:
    t.set_credentials('alice', password, 'HERALD')
dce = t.get_dce_rpc()
if level:
    dce.set_auth_type(rpcrt.RPC_C_AUTHN_WINNT)
    dce.set_auth_level(level)
dce.connect()
try:
    dce.bind(uuidtup_to_bin(EMSMDB))
except Exception as e:
    print('bind_error', str(e).replace(' ', '_')); sys.exit(0)
print('bound 1')

try:
    r = dce.request(EcDummyRpc())
except DCERPCException as e:
    print('dummy_error', str(e).split()[0]); sys.exit(0)
print('dummy', r['ErrorCode'])

c = EcDoConnectEx()
c['szUserDN'] = '/o=Herald/cn=alice\x00'
c['ulFlags'] = 0; c['ulConMod'] = 1; c['cbLimit'] = 0; c['ulCpid'] = 1252; c['ulLcidString'] = 0x409; c['ulLcidSort'] = 0x409
c['ulIcxrLink'] = 0xFFFFFFFF; c['usFCanConvertCodePages'] = 1
c['rgwClientVersion0'] = 0x0F; c['rgwClientVersion1'] = 0x8000 | 4000; c['rgwClientVersion2'] = 0
c['pulTimeStamp'] = 0; c['rgbAuxIn'] = []; c['cbAuxIn'] = 0; c['pcbAuxOut'] = 0x1008
r = dce.request(c)
print('connect', r['ErrorCode'], r['picxr'], r['szDisplayName'].rstrip('\x00'))
handle = r['pcxh']

# A 9000-byte rgbIn forces request fragmentation; Herald echoes it as rgbOut, forcing response fragmentation.
payload = bytes((i * 7) % 251 for i in range(9000))
x = EcDoRpcExt2()
x['pcxh'] = handle; x['pulFlags'] = 3; x['rgbIn'] = list(payload); x['cbIn'] = len(payload)
x['pcbOut'] = 0x40000; x['rgbAuxIn'] = []; x['cbAuxIn'] = 0; x['pcbAuxOut'] = 0x1008
r = dce.request(x)
print('rpcext2', r['ErrorCode'], r['pcbOut'], b''.join(r['rgbOut']) == payload)

x['pcbOut'] = 0x40001
try:
    dce.request(x); print('range no_fault')
except DCERPCException as e:
    print('range', str(e).split()[0])

try:
    dce.request(Opnum7()); print('opnum7 no_fault')
except DCERPCException as e:
    print('opnum7', str(e).split()[0])

# EcDoAsyncConnectEx on EMSMDB, then EcDoAsyncWaitEx on AsyncEMSMDB through alter_context. impacket's
# alter_ctx starts a second NTLM exchange on a new auth_context_id (security context multiplexing).
a = EcDoAsyncConnectEx(); a['cxh'] = handle
r = dce.request(a)
print('asyncconnect', r['ErrorCode'])
dce2 = dce.alter_ctx(uuidtup_to_bin(ASYNC_EMSMDB))
w = EcDoAsyncWaitEx(); w['acxh'] = r['pacxh']; w['ulFlagsIn'] = 0
r = dce2.request(w)
print('asyncwait', r['ErrorCode'], r['pulFlagsOut'])
r = dce.request(EcDummyRpc())
print('dummy_after_alter', r['ErrorCode'])

d = EcDoDisconnect(); d['pcxh'] = handle
r = dce.request(d)
print('disconnect', r['ErrorCode'], r['pcxh']['uuid'] == b'\x00' * 16)
try:
    dce.request(d); print('stale no_fault')
except DCERPCException as e:
    print('stale', str(e).split()[0])
dce.disconnect()
print('done 1')
