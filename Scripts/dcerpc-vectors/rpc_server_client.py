# impacket (an independent DCE/RPC + NDR + NTLM client) against Herald's DCERPCServer on 127.0.0.1.
# Driven by Tests/DCERPCServerTests; prints one "key value..." line per result and "done 1" at the end.
# Usage: rpc_server_client.py <port> <scenario>
#   The server runs the ToyMailbox test double (one-byte commands 0xEF subscribe, 0xEE publish NewMail,
#   0xED echo): session, notify, linked, push, hostile, exiting, timeout.
#   Scenarios against the real ROP processor: emsmdb_scenarios.py.
import os, sys
sys.path.insert(0, os.path.dirname(__file__))
from rpc_client_lib import *

if SCENARIO == 'session':
    dce = connect()
    r = dce.request(EcDummyRpc()); out('dummy', r['ErrorCode'])
    r = logon(dce)
    handle = r['pcxh']
    version = (r['rgwServerVersion0'], r['rgwServerVersion1'], r['rgwServerVersion2'])
    out('connect', r['ErrorCode'], r['szDisplayName'].rstrip('\x00'), hex(version[0]), hex(version[1]), r['pulTimeStamp'] > 0)
    payload = ECHO + bytes((i * 13) % 7 for i in range(3000))   # compressible
    for compress in (False, True):
        for xor in (False, True):
            flags = (0 if compress else 1) | (0 if xor else 2)
            r, buffers = rpc(dce, handle, payload, flags=flags, compress=compress, xor=xor)
            header = buffers[0][0]
            out('ext_%d%d' % (compress, xor), r['ErrorCode'], rops_of(buffers) == payload,
                bool(header & COMPRESSED) == compress, bool(header & XORMAGIC) == xor)
    r, _ = rpc(dce, handle, raw_in=b'\x00\x00\x04\x00')   # cbIn < 8
    out('short_in', hex(r['ErrorCode']))
    r, _ = rpc(dce, handle, ECHO, max_out=7)
    out('short_out', hex(r['ErrorCode']))
    r = logon(dce, dn=BOB_DN); out('other_dn', hex(r['ErrorCode']), r['pcxh']['uuid'] == b'\x00' * 16)
    d = EcDoDisconnect(); d['pcxh'] = handle
    r = dce.request(d); out('disconnect', r['ErrorCode'], r['pcxh']['uuid'] == b'\x00' * 16)
    try:
        dce.request(d); out('stale', 'no_fault')
    except DCERPCException as e:
        out('stale', fault_name(e))

elif SCENARIO == 'notify':
    a = connect(); ra = logon(a); ha = ra['pcxh']; index_a = ra['picxr']
    rpc(a, ha, SUBSCRIBE)
    b = connect(); hb = logon(b)['pcxh']
    a2, acxh, code = async_channel(a, ha)
    out('asyncconnect', code)
    start_wait(a2, acxh)
    start_wait(a2, acxh)                      # a second concurrent wait on the same session
    out('second_wait', *finish_wait(a2))     # → Rejected, the first stays parked
    rpc(b, hb, PUBLISH)                       # a change made through another session
    out('wait', *finish_wait(a2))             # → NotificationPending
    r, buffers = rpc(a, ha)                   # empty EcDoRpcExt2 reads the details
    notifies, pendings = notify_handles(rops_of(buffers))
    out('notify', r['ErrorCode'], notifies, pendings)
    for _ in range(3): rpc(b, hb, PUBLISH)
    r, buffers = rpc(a, ha, max_out=8 + 2 + 4 + 3 + 4)    # room for RopPending, not for a RopNotify
    out('tiny', r['ErrorCode'], rops_of(buffers).hex(), index_a)
    start_wait(a2, acxh)
    out('wait_again', *finish_wait(a2))       # still pending: completes at once
    bogus = CXH(); bogus['attributes'] = 0; bogus['uuid'] = os.urandom(16)
    start_wait(a2, bogus)
    out('unknown_acxh', *finish_wait(a2))
    try:
        rpc(b, ha); out('foreign_handle', 'no_fault')
    except DCERPCException as e:
        out('foreign_handle', fault_name(e))

elif SCENARIO == 'linked':
    a = connect(); ra = logon(a); ha = ra['pcxh']
    b = connect(); rb = logon(b, link=ra['picxr'], stamp=ra['pulTimeStamp']); hb = rb['pcxh']
    out('indexes', ra['picxr'], rb['picxr'], ra['picxr'] != rb['picxr'])
    rpc(a, ha, SUBSCRIBE)
    r, buffers = rpc(b, hb, PUBLISH)          # B's change queues for A; B's response names A
    out('linked_pending', rops_of(buffers).hex(), 'ee6e' + struct.pack('<H', ra['picxr']).hex())
    c = connect(); hc = logon(c)['pcxh']      # not linked: no RopPending for A
    r, buffers = rpc(c, hc)
    out('unlinked', rops_of(buffers).hex() or '-')

elif SCENARIO == 'push':
    a = connect(); ha = logon(a)['pcxh']
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); udp.bind(('127.0.0.1', 0))
    context = b'herald-push-ctx!'
    out('register', *register_push(a, ha, context, sockaddr_in(udp.getsockname()[1])))
    out('too_big', hex(register_push(a, ha, context + b'x', sockaddr_in(1))[0]))
    out('bad_family', hex(register_push(a, ha, context, struct.pack('<H', 99) + bytes(14))[0]))
    out('bad_size', hex(register_push(a, ha, context, sockaddr_in(1)[:15])[0]))
    out('other_host', hex(register_push(a, ha, context, sockaddr_in(udp.getsockname()[1], '10.1.2.3'))[0]))
    out('v6_size', hex(register_push(a, ha, context, struct.pack('<H', 23) + bytes(14))[0]))
    rpc(a, ha, SUBSCRIBE)
    b = connect(); hb = logon(b)['pcxh']
    rpc(b, hb, PUBLISH)
    published = time.monotonic()
    udp.settimeout(2.5)                       # sent when the notification is queued, not at the first resend (3 s)
    first = udp.recv(100)
    received = time.monotonic()
    udp.settimeout(10)
    second = udp.recv(100)                    # resent after the (shortened) interval while not drained
    gap = time.monotonic() - received
    out('datagrams', first == context, second == context, received - published < 2.5, gap >= 2.0)
    rpc(a, ha)                                # drained
    time.sleep(0.3)
    udp.setblocking(False)
    try:
        while udp.recv(100): pass             # datagrams already in flight
    except BlockingIOError:
        pass
    udp.settimeout(4.0)                       # more than one interval
    try:
        udp.recv(100); out('after_drain', 'datagram')
    except socket.timeout:
        out('after_drain', 'quiet')

elif SCENARIO == 'hostile':
    survivor = connect(); hs = logon(survivor)['pcxh']

    def raw(data):
        s = socket.create_connection(('127.0.0.1', PORT)); s.settimeout(5)
        s.sendall(data)
        try:
            reply = s.recv(4096)
        except socket.timeout:
            reply = b'timeout'
        s.close()
        return reply

    def fault_status(reply):
        if len(reply) >= 28 and reply[2] == 3:
            return hex(struct.unpack_from('<I', reply, 24)[0])
        return 'none:' + reply[:4].hex()

    header = lambda ptype, frag, call=1: struct.pack('<BBBB4sHHI', 5, 0, ptype, 3, b'\x10\x00\x00\x00', frag, 0, call)
    out('tiny_frag', fault_status(raw(header(11, 10) + bytes(20))))          # frag_length < 16
    out('huge_frag', fault_status(raw(header(0, 0xFFF0) + bytes(64))))       # above max_recv_frag
    out('bad_version', fault_status(raw(b'\x04' + header(11, 72)[1:] + bytes(56))))
    s = socket.create_connection(('127.0.0.1', PORT)); s.sendall(header(11, 100) + bytes(20)); s.close()  # truncated, then gone
    out('request_before_bind', fault_status(raw(header(0, 24) + bytes(8))))
    # Authenticated hostile calls on their own connection.
    h = connect(); hh = logon(h)['pcxh']
    try:
        h.request(Opnum7()); out('opnum7', 'no_fault')
    except DCERPCException as e:
        out('opnum7', fault_name(e))
    h.call(10, b'\x01\x02\x03')
    try:
        h.recv(); out('bad_ndr', 'no_fault')
    except DCERPCException as e:
        out('bad_ndr', fault_name(e))
    try:
        rpc(h, hh, ECHO, max_out=0x40001); out('range', 'no_fault')
    except DCERPCException as e:
        out('range', fault_name(e))
    big = connect()
    try:
        big.call(11, b'\x00' * 0x42000); big.recv(); out('oversized', 'no_fault')
    except Exception as e:
        out('oversized', fault_name(e) if isinstance(e, DCERPCException) else 'closed')
    r = survivor.request(EcDummyRpc()); out('survivor_dummy', r['ErrorCode'])
    r, buffers = rpc(survivor, hs, ECHO + b'ok'); out('survivor_rpc', r['ErrorCode'], rops_of(buffers))
    try:
        rpc(h, hs); out('cross_connection', 'no_fault')
    except DCERPCException as e:
        out('cross_connection', fault_name(e))
    try:
        connect(password='wrong').request(EcDummyRpc()); out('wrong_password', 'no_fault')
    except DCERPCException as e:
        out('wrong_password', fault_name(e))

elif SCENARIO in ('exiting', 'timeout'):
    a = connect(); ha = logon(a)['pcxh']
    a2, acxh, _ = async_channel(a, ha)
    start_wait(a2, acxh)
    out('parked', 1)
    try:
        out('wait', *finish_wait(a2))
    except Exception as e:
        out('wait_error', str(e).replace(' ', '_'))

else:
    out('unknown_scenario', SCENARIO); sys.exit(2)

out('done', 1)
