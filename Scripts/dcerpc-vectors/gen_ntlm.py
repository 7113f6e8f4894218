# impacket as the NTLM client against Herald's CHALLENGE (the hex given on the command line, produced by
# NTLMServer with fixed inputs in NTLMTests): prints impacket's parse of the CHALLENGE, the
# AUTHENTICATE it answers with (user "alice", domain "HERALD", password "Secret#1"), the exported
# session key, and a sealed + a signed message under the client-to-server keys.
# Run: .venv/bin/python Scripts/dcerpc-vectors/gen_ntlm.py <challenge hex>
import sys
from impacket import ntlm
from Cryptodome.Cipher import ARC4

t1 = ntlm.getNTLMSSPType1('', '', signingRequired=True, use_ntlmv2=True)
challenge = bytes.fromhex(sys.argv[1])
parsed = ntlm.NTLMAuthChallenge(challenge)
print('# impacket parsed challenge: flags', hex(parsed['flags']), 'challenge', parsed['challenge'].hex(),
      'target_info', ntlm.AV_PAIRS(parsed['TargetInfoFields'])[ntlm.NTLMSSP_AV_HOSTNAME][1].decode('utf-16le'))
t3, exported = ntlm.getNTLMSSPType3(t1, challenge, 'alice', 'Secret#1', 'HERALD', use_ntlmv2=True)
print('negotiate', t1.getData().hex())
print('authenticate', t3.getData().hex())
print('exported', exported.hex())
flags = t3['flags']
sign = ntlm.SIGNKEY(flags, exported, 'Client'); seal = ntlm.SEALKEY(flags, exported, 'Client')
handle = ARC4.new(seal).encrypt
msg = b'sealed by impacket'
sealed, sig = ntlm.SEAL(flags, sign, seal, msg, msg, 0, handle)
print('sealed', sealed.hex()); print('sealsig', sig.getData().hex())
msg2 = b'signed by impacket'
sig2 = ntlm.SIGN(flags, sign, msg2, 1, handle)
print('signsig', sig2.getData().hex())
