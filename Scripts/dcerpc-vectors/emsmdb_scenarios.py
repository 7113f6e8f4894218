# impacket against Herald's DCERPCServer backed by the real EMSMDB ROP processor. ROP requests are built
# here from MS-OXCROPS (independently of Herald's MAPIWire codecs). Prints "key value..." lines, "done 1".
# Usage: emsmdb_scenarios.py <port> <scenario>     scenarios: notify, linked, push, serve
# `serve` runs against `herald serve --rpc-listen` as HERALD_RPC_USER / HERALD_RPC_PASSWORD (environment);
# the test delivers a message while the EcDoAsyncWaitEx is parked, and creates HERALD_RPC_GO_FILE once a
# MAPI/HTTP session waits for the change this client then makes.
import os, socket, struct, sys, time
sys.path.insert(0, os.path.dirname(__file__))
from rpc_client_lib import *

INBOX = 4  # index of the Inbox in RopLogon's FolderIds (MS-OXCROPS 2.2.3.1.2)
ALL_EVENTS = 0x00FE  # NewMail | ObjectCreated | ObjectDeleted | ObjectModified | ObjectMoved | ObjectCopied | SearchComplete
NEW_MAIL = 0x0002    # NotificationType fnevNewMail (MS-OXCNOTIF 2.2.1.4.1.1)


def rop_logon(dn):
    """RopLogon (0xFE), private mailbox (MS-OXCROPS 2.2.3.1.1): LogonId 0, OutputHandleIndex 0."""
    essdn = dn.encode('ascii') + b'\x00'
    return struct.pack('<BBBBIIH', 0xFE, 0, 0, 0x01, 0x01000000, 0, len(essdn)) + essdn


def rop_register_notification(input_index, output_index, types=ALL_EVENTS):
    """RopRegisterNotification (0x29), WantWholeStore (MS-OXCROPS 2.2.14.1.1)."""
    return struct.pack('<BBBBHB', 0x29, 0, input_index, output_index, types, 1)


def rop_open_folder(input_index, output_index, folder_id):
    """RopOpenFolder (0x02) (MS-OXCROPS 2.2.4.1.1)."""
    return struct.pack('<BBBBQB', 0x02, 0, input_index, output_index, folder_id, 0)


def rop_create_folder(input_index, output_index, name):
    """RopCreateFolder (0x1C), generic folder, Unicode names (MS-OXCROPS 2.2.4.2.1)."""
    return (struct.pack('<BBBBBBBB', 0x1C, 0, input_index, output_index, 1, 1, 0, 0)
            + name.encode('utf-16le') + b'\x00\x00' + b'\x00\x00')


def ext(rops, handles):
    return ext_buffer(rop_buffer(rops, handles))


def logon_session(dce, dn=ALICE_DN, subscribe=False, link=0xFFFFFFFF, stamp=0, types=ALL_EVENTS):
    """EcDoConnectEx + RopLogon (+ RopRegisterNotification). Returns (connect response, handle, logon handle, folder ids)."""
    r = logon(dce, dn=dn, link=link, stamp=stamp)
    handle = r['pcxh']
    rops = rop_logon(dn) + (rop_register_notification(0, 1, types) if subscribe else b'')
    x, buffers = rpc(dce, handle, raw_in=ext(rops, [0xFFFFFFFF, 0xFFFFFFFF]))
    out_rops, table = split_rop_buffer(buffers[0][1])
    assert out_rops[0] == 0xFE and struct.unpack_from('<I', out_rops, 2)[0] == 0, out_rops[:6].hex()
    folders = struct.unpack_from('<13Q', out_rops, 7)
    if subscribe:
        register = out_rops[6 + 1 + 13 * 8 + 1 + 16 + 2 + 16 + 8 + 8 + 4:]
        assert register[0] == 0x29 and struct.unpack_from('<I', register, 2)[0] == 0, register[:6].hex()
    return r, handle, table[0], folders, (table[1] if subscribe else None)


def make_change(dce, handle, logon_handle, folders, name):
    """A change through this session: a new folder under the Inbox (RopOpenFolder + RopCreateFolder)."""
    rops = rop_open_folder(0, 1, folders[INBOX]) + rop_create_folder(1, 2, name)
    x, buffers = rpc(dce, handle, raw_in=ext(rops, [logon_handle, 0xFFFFFFFF, 0xFFFFFFFF]))
    out_rops, _ = split_rop_buffer(buffers[0][1])
    # RopOpenFolder response (0x02, index, ReturnValue, HasRules, IsGhosted), then RopCreateFolder's.
    create = out_rops[8:]
    result = (x['ErrorCode'], struct.unpack_from('<I', out_rops, 2)[0], create[0], struct.unpack_from('<I', create, 2)[0])
    return result


if SCENARIO == 'notify':
    a = connect(); ra, ha, la, folders, notification_handle = logon_session(a, subscribe=True)
    out('logon', ra['ErrorCode'], folders[INBOX] != 0)
    b = connect(); rb, hb, lb, folders_b, _ = logon_session(b)
    a2, acxh, code = async_channel(a, ha)
    start_wait(a2, acxh)
    out('change', *make_change(b, hb, lb, folders_b, 'From session B'))
    out('wait', *finish_wait(a2))
    r, buffers = rpc(a, ha)                   # empty EcDoRpcExt2 reads the details
    notifies, pendings = notify_handles(rops_of(buffers))
    out('notify', r['ErrorCode'], notifies == [notification_handle], pendings)
    make_change(b, hb, lb, folders_b, 'Second')
    r, buffers = rpc(a, ha, max_out=8 + 2 + 3 + 8)  # RopPending fits, a RopNotify does not
    out('tiny', r['ErrorCode'], rops_of(buffers).hex(), struct.pack('<BH', 0x6E, ra['picxr']).hex())
    for compress, xor in ((True, True), (True, False), (False, True)):
        make_change(b, hb, lb, folders_b, 'Packed %d%d' % (compress, xor))
        flags = (0 if compress else 1) | (0 if xor else 2)
        rgb_in = ext_buffer(rop_buffer(b'', [0xFFFFFFFF]), compress, xor)
        r, buffers = rpc(a, ha, flags=flags, raw_in=rgb_in)
        header = buffers[0][0]
        notifies, _ = notify_handles(rops_of(buffers))
        out('packed_%d%d' % (compress, xor), r['ErrorCode'], notifies == [notification_handle], bool(header & XORMAGIC) == xor)

elif SCENARIO == 'linked':
    a = connect(); ra, ha, la, folders, notification_handle = logon_session(a, subscribe=True)
    b = connect(); rb, hb, lb, folders_b, _ = logon_session(b, link=ra['picxr'], stamp=ra['pulTimeStamp'])
    out('indexes', ra['picxr'] != rb['picxr'])
    make_change(b, hb, lb, folders_b, 'Linked change')
    r, buffers = rpc(b, hb)                   # B polls: A's pending notifications are named by RopPending
    out('linked_pending', rops_of(buffers).hex(), struct.pack('<BH', 0x6E, ra['picxr']).hex())
    r, buffers = rpc(a, ha)
    notifies, pendings = notify_handles(rops_of(buffers))
    out('linked_read', notifies == [notification_handle], pendings)

elif SCENARIO == 'push':
    a = connect(); ra, ha, la, folders, notification_handle = logon_session(a, subscribe=True)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); udp.bind(('127.0.0.1', 0))
    context = b'outlook-ctx-0001'
    out('register', *register_push(a, ha, context, sockaddr_in(udp.getsockname()[1])))
    b = connect(); rb, hb, lb, folders_b, _ = logon_session(b)
    make_change(b, hb, lb, folders_b, 'Pushed')
    udp.settimeout(10)
    out('datagrams', udp.recv(100) == context, udp.recv(100) == context)
    r, buffers = rpc(a, ha)
    notifies, _ = notify_handles(rops_of(buffers))
    out('drained', notifies == [notification_handle])

elif SCENARIO == 'serve':
    user, password = os.environ['HERALD_RPC_USER'], os.environ['HERALD_RPC_PASSWORD']
    dn = ALICE_DN[:-len('alice')] + user
    try:
        connect(user=user, password=password + '-wrong').request(EcDummyRpc()); out('wrong_password', 'no_fault')
    except DCERPCException as e:
        out('wrong_password', fault_name(e))
    if 'HERALD_RPC_OLD_PASSWORD' in os.environ:   # replaced by `herald user passwd` while serving
        try:
            connect(user=user, password=os.environ['HERALD_RPC_OLD_PASSWORD']).request(EcDummyRpc()); out('old_password', 'no_fault')
        except DCERPCException as e:
            out('old_password', fault_name(e))
    a = connect(user=user, password=password)
    ra, ha, la, folders, notification_handle = logon_session(a, dn=dn, subscribe=True, types=NEW_MAIL)
    out('logon', ra['ErrorCode'], folders[INBOX] != 0)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); udp.bind(('127.0.0.1', 0))
    context = b'serve-push-ctx'
    out('register', *register_push(a, ha, context, sockaddr_in(udp.getsockname()[1])))
    a2, acxh, code = async_channel(a, ha)
    out('async', code)
    start_wait(a2, acxh)
    out('parked', 1)
    out('wait', *finish_wait(a2))             # the test delivers a message now
    # The delivery's commit sends the first datagram; the server's timer resends it (short interval
    # in the test) while the notification stays unread.
    udp.settimeout(10)
    out('datagrams', udp.recv(100) == context, udp.recv(100) == context)
    r, buffers = rpc(a, ha)                   # empty EcDoRpcExt2 reads the RopNotify
    rops = rops_of(buffers)
    notifies, pendings = notify_handles(rops)
    # RopNotify: RopId, NotificationHandle (4), LogonId (1), then NotificationData's NotificationFlags (2).
    kind = struct.unpack_from('<H', rops, 6)[0] & 0x0FFF if rops[:1] == b'\x2a' else None
    out('notify', r['ErrorCode'], notifies == [notification_handle], kind == NEW_MAIL, pendings)
    # A change over DCE/RPC for a MAPI/HTTP session of the same user, once the test says it waits.
    go = os.environ.get('HERALD_RPC_GO_FILE')
    if go:
        deadline = time.time() + 30
        while not os.path.exists(go) and time.time() < deadline:
            time.sleep(0.02)
        out('change', *make_change(a, ha, la, folders, 'From DCE/RPC'))
    # A second wait parks again; graceful shutdown (the test stops the server) answers it with Exiting.
    start_wait(a2, acxh)
    out('parked_again', 1)
    try:
        out('exiting', *finish_wait(a2))
    except Exception as e:
        out('exiting_error', str(e).replace(' ', '_'))

else:
    out('unknown_scenario', SCENARIO); sys.exit(2)

out('done', 1)
