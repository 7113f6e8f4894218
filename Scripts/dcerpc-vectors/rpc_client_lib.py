# Shared by rpc_server_client.py and emsmdb_scenarios.py: impacket EMSMDB / AsyncEMSMDB client helpers
# for Herald's DCERPCServer on 127.0.0.1 (argv: <port> <scenario>).
import os, socket, struct, sys, time
sys.path.insert(0, os.path.dirname(__file__))
from impacket.dcerpc.v5 import transport, rpcrt
from impacket.dcerpc.v5.rpcrt import DCERPCException
from impacket.uuid import uuidtup_to_bin
from emsmdb_idl import *
from emsmdb_ext import *

PORT = int(sys.argv[1])
SCENARIO = sys.argv[2]
ALICE_DN = '/o=Herald/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=alice'
BOB_DN = '/o=Herald/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=bob'
SUBSCRIBE, PUBLISH, ECHO = b'\xef', b'\xee', b'\xed'


def out(key, *values):
    print(key, *values, flush=True)


def fault_name(error):
    return str(error).split()[0]


def connect(user='alice', password='Secret#1', level=rpcrt.RPC_C_AUTHN_LEVEL_CONNECT):
    t = transport.DCERPCTransportFactory('ncacn_ip_tcp:127.0.0.1[%d]' % PORT)
    t.set_credentials(user, password, 'HERALD')
    dce = t.get_dce_rpc()
    dce.set_auth_type(rpcrt.RPC_C_AUTHN_WINNT)
    dce.set_auth_level(level)
    dce.connect()
    dce.bind(uuidtup_to_bin(EMSMDB))
    return dce


def logon(dce, dn=ALICE_DN, link=0xFFFFFFFF, stamp=0):
    c = EcDoConnectEx()
    c['szUserDN'] = dn + '\x00'
    c['ulFlags'] = 0; c['ulConMod'] = 1; c['cbLimit'] = 0; c['ulCpid'] = 1252; c['ulLcidString'] = 0x409; c['ulLcidSort'] = 0x409
    c['ulIcxrLink'] = link; c['usFCanConvertCodePages'] = 1
    c['rgwClientVersion0'] = 0x0C; c['rgwClientVersion1'] = 0x183E; c['rgwClientVersion2'] = 0x03E8
    c['pulTimeStamp'] = stamp; c['rgbAuxIn'] = []; c['cbAuxIn'] = 0; c['pcbAuxOut'] = 0x1008
    return dce.request(c, checkError=False)


def rpc(dce, handle, rops=b'', flags=3, max_out=0x40000, compress=False, xor=False, raw_in=None):
    """EcDoRpcExt2; returns (response, [(header flags, payload)])."""
    rgb_in = raw_in if raw_in is not None else ext_buffer(rop_buffer(rops), compress, xor)
    x = EcDoRpcExt2()
    x['pcxh'] = handle; x['pulFlags'] = flags; x['rgbIn'] = list(rgb_in); x['cbIn'] = len(rgb_in); x['pcbOut'] = max_out
    x['rgbAuxIn'] = []; x['cbAuxIn'] = 0; x['pcbAuxOut'] = 0x1008
    r = dce.request(x, checkError=False)
    data = b''.join(r['rgbOut'])
    return r, (parse_ext_buffers(data) if data else [])


def rops_of(buffers):
    return split_rop_buffer(buffers[0][1])[0]


def async_channel(dce, handle, first_call_id=1000):
    a = EcDoAsyncConnectEx(); a['cxh'] = handle
    r = dce.request(a, checkError=False)
    dce2 = dce.alter_ctx(uuidtup_to_bin(ASYNC_EMSMDB))
    # Parked waits and later calls overlap on one connection: keep their call_ids apart.
    dce2._DCERPC_v5__callid = first_call_id
    return dce2, r['pacxh'], r['ErrorCode']


def start_wait(dce2, acxh):
    w = EcDoAsyncWaitEx(); w['acxh'] = acxh; w['ulFlagsIn'] = 0
    dce2.call(w.opnum, w)


def finish_wait(dce2):
    r = EcDoAsyncWaitExResponse(dce2.recv())
    return r['pulFlagsOut'], r['ErrorCode']


def register_push(dce, handle, context, address):
    p = EcRRegisterPushNotification()
    p['pcxh'] = handle; p['iRpc'] = 0; p['rgbContext'] = list(context); p['cbContext'] = len(context)
    p['grbitAdviseBits'] = 0xFFFFFFFF; p['rgbCallbackAddress'] = list(address); p['cbCallbackAddress'] = len(address)
    r = dce.request(p, checkError=False)
    return r['ErrorCode'], r['hNotification']


def sockaddr_in(port, host='127.0.0.1'):
    return struct.pack('<H', 2) + struct.pack('>H', port) + socket.inet_aton(host) + bytes(8)


def notify_handles(rops):
    """RopNotify (0x2A) notification handles and RopPending (0x6E) session indexes at the start of rops."""
    notifies, pendings, i = [], [], 0
    while i < len(rops):
        if rops[i] == 0x6E:
            pendings.append(struct.unpack_from('<H', rops, i + 1)[0]); i += 3
        elif rops[i] == 0x2A:
            notifies.append(struct.unpack_from('<I', rops, i + 1)[0]); break  # NotificationData length varies
        else:
            i += 1
    return notifies, pendings


