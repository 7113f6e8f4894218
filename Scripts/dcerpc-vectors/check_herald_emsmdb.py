# Parses Herald-encoded EMSMDB response stubs with impacket (independent NDR engine) and prints the
# fields, so the golden bytes in HeraldNDRVectors.swift are confirmed by a second implementation.
# Usage: .venv/bin/python Scripts/dcerpc-vectors/check_herald_emsmdb.py <name> <hex> ...
import sys, os
sys.path.insert(0, os.path.dirname(__file__))
from emsmdb_idl import EcDoConnectExResponse, EcDoRpcExt2Response
import contextlib, io
args = sys.argv[1:]
for name, data in zip(args[::2], args[1::2]):
    cls = {'connectex_response': EcDoConnectExResponse, 'rpcext2_response': EcDoRpcExt2Response}[name]
    r = cls(bytes.fromhex(data))
    assert len(r.getData()) == len(bytes.fromhex(data)), 'length mismatch'
    print(name, {k: (r[k] if not hasattr(r[k], 'fields') else r[k].fields) for k in r.fields})
