# Generates golden DCE/RPC PDUs with impacket (independent implementation) for DCERPCTests.
# Run: .venv/bin/python Scripts/dcerpc-vectors/gen_pdus.py
from impacket.dcerpc.v5 import rpcrt
from impacket.uuid import uuidtup_to_bin
from impacket.dcerpc.v5.rpcrt import MSRPCBind, CtxItem, MSRPCHeader, MSRPCRequestHeader, MSRPCRespHeader

NDR = ('8a885d04-1ceb-11c9-9fe8-08002b104860', '2.0')
NDR64 = ('71710533-BEBA-4937-8319-B5DBEF9CCC36', '1.0')
EMSMDB = ('A4F1DB00-CA47-1067-B31F-00DD010662DA', '0.81')
ASYNC = ('5261574A-4572-206E-B268-6B199213B4E4', '0.01')
FEAT = ('6CB71C2C-9812-4540-0300-000000000000', '1.0')

def bind(items, call_id, ptype=rpcrt.MSRPC_BIND):
    b = MSRPCBind()
    b['max_tfrag'] = 4280; b['max_rfrag'] = 4280; b['assoc_group'] = 0
    for i, (abs_, ts) in enumerate(items):
        c = CtxItem(); c['ContextID'] = i; c['TransItems'] = 1
        c['AbstractSyntax'] = uuidtup_to_bin(abs_); c['TransferSyntax'] = uuidtup_to_bin(ts)
        b.addCtxItem(c)
    p = MSRPCHeader(); p['type'] = ptype; p['flags'] = 3; p['call_id'] = call_id; p['pduData'] = b.getData()
    return p.get_packet()

print('bind_emsmdb', bind([(EMSMDB, NDR)], 1).hex())
print('bind_three', bind([(EMSMDB, NDR), (EMSMDB, NDR64), (EMSMDB, FEAT)], 2).hex())
print('alter_async', bind([(ASYNC, NDR)], 3, rpcrt.MSRPC_ALTERCTX).hex())

r = MSRPCRequestHeader(); r['type'] = rpcrt.MSRPC_REQUEST; r['flags'] = 3; r['call_id'] = 4
r['ctx_id'] = 0; r['op_num'] = 6; r['alloc_hint'] = 0; r['pduData'] = b''
print('request_dummy', r.get_packet().hex())
r = MSRPCRequestHeader(); r['type'] = rpcrt.MSRPC_REQUEST; r['flags'] = 3; r['call_id'] = 5
r['ctx_id'] = 1; r['op_num'] = 11; r['alloc_hint'] = 8; r['pduData'] = bytes(range(8))
print('request_stub8', r.get_packet().hex())
