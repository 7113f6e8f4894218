# Extended buffers (RPC_HEADER_EXT, MS-OXCRPC 2.2.2.1) with XorMagic (3.1.4.1.1.3) and LZ77 + DIRECT2
# compression (3.1.4.1.1.2), written from the specification for the DCE/RPC server tests, independently of
# Herald's Swift codecs. Also ROP buffer helpers (MS-OXCROPS 2.2.1).
import struct

COMPRESSED, XORMAGIC, LAST = 0x1, 0x2, 0x4


def xor_magic(data):
    return bytes(b ^ 0xA5 for b in data)


def lz77_compress(data):
    """Greedy LZ77 with matches of 3..9 bytes (no length nibbles needed), 8 KB window."""
    tokens = []  # (is_match, bytes)
    i, n = 0, len(data)
    while i < n:
        best_len, best_dist = 0, 0
        start = max(0, i - 8192)
        for j in range(i - 1, start - 1, -1):
            length = 0
            while length < 9 and i + length < n and data[j + length] == data[i + length]:
                length += 1
            if length > best_len:
                best_len, best_dist = length, i - j
                if length == 9:
                    break
        if best_len >= 3:
            tokens.append((True, struct.pack('<H', ((best_dist - 1) << 3) | (best_len - 3))))
            i += best_len
        else:
            tokens.append((False, data[i:i + 1]))
            i += 1
    out = bytearray()
    groups = [tokens[k:k + 32] for k in range(0, len(tokens), 32)]
    if len(tokens) % 32 == 0:
        groups.append([])  # a full last flag word needs one more word of end marker bits
    for index, group in enumerate(groups):
        flags = 0
        for bit, (is_match, _) in enumerate(group):
            if is_match:
                flags |= 1 << (31 - bit)
        if index == len(groups) - 1:
            for bit in range(len(group), 32):
                flags |= 1 << (31 - bit)  # set flags after the last token end the stream
        out += struct.pack('<I', flags)
        for _, token in group:
            out += token
    return bytes(out)


def lz77_decompress(data, expected):
    out = bytearray()
    i, flags, left, nibble_at = 0, 0, 0, None
    while True:
        if left == 0:
            flags = struct.unpack_from('<I', data, i)[0]
            i += 4
            left = 32
        left -= 1
        if not flags & (1 << left):
            out.append(data[i])
            i += 1
            continue
        if i == len(data):
            break
        meta = struct.unpack_from('<H', data, i)[0]
        i += 2
        dist, length = (meta >> 3) + 1, meta & 7
        if length == 7:
            if nibble_at is None:
                nib = data[i] & 0x0F
                nibble_at = i
                i += 1
            else:
                nib = data[nibble_at] >> 4
                nibble_at = None
            if nib == 15:
                b = data[i]
                i += 1
                if b == 255:
                    length = struct.unpack_from('<H', data, i)[0] + 3
                    i += 2
                else:
                    length = b + 25
            else:
                length = nib + 10
        else:
            length += 3
        for _ in range(length):
            out.append(out[-dist])
    assert len(out) == expected, (len(out), expected)
    return bytes(out)


def ext_buffer(payload, compress=False, xor=False, last=True):
    flags = LAST if last else 0
    body = payload
    if compress:
        packed = lz77_compress(payload)
        if len(packed) < len(payload):
            body, flags = packed, flags | COMPRESSED
    if xor:
        body, flags = xor_magic(body), flags | XORMAGIC
    return struct.pack('<HHHH', 0, flags, len(body), len(payload)) + body


def parse_ext_buffers(data):
    """Returns [(flags, payload)] for a chain of extended buffers."""
    out, i = [], 0
    while True:
        version, flags, size, actual = struct.unpack_from('<HHHH', data, i)
        i += 8
        body = data[i:i + size]
        i += size
        if flags & XORMAGIC:
            body = xor_magic(body)
        if flags & COMPRESSED:
            body = lz77_decompress(body, actual)
        out.append((flags, body))
        if flags & LAST:
            assert i == len(data), 'bytes after the Last buffer'
            return out


def rop_buffer(rops, handles=(0xFFFFFFFF,)):
    """RopSize + RopsList + ServerObjectHandleTable (MS-OXCROPS 2.2.1)."""
    return struct.pack('<H', 2 + len(rops)) + rops + b''.join(struct.pack('<I', h) for h in handles)


def split_rop_buffer(payload):
    size = struct.unpack_from('<H', payload, 0)[0]
    rops = payload[2:size]
    table = payload[size:]
    return rops, [struct.unpack_from('<I', table, k)[0] for k in range(0, len(table) - 3, 4)]
