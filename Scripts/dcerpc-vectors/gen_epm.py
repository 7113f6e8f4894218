# Builds the ept_map request impacket's epm.hept_map() sends for EMSMDB over ncacn_ip_tcp (same code
# path, minus the socket), and with "check <hex>" parses a Herald ept_map response with impacket.
# Run: .venv/bin/python Scripts/dcerpc-vectors/gen_epm.py [check <hex>]
import sys, socket
from struct import unpack
from impacket.dcerpc.v5 import epm
from impacket.uuid import uuidtup_to_bin

if len(sys.argv) > 2 and sys.argv[1] == 'check':
    resp = epm.ept_mapResponse(bytes.fromhex(sys.argv[2]))
    print('num_towers', resp['num_towers'], 'status', resp['status'])
    tower = epm.EPMTower(b''.join(resp['ITowers'][0]['Data']['tower_octet_string']))
    print('floors', tower['NumberOfFloors'])
    print('port', epm.EPMPortAddr(tower['Floors'][3].getData())['IpPort'])
    print('ip', socket.inet_ntoa(epm.EPMHostAddr(tower['Floors'][4].getData())['Ip4addr']))
    print('interface', epm.EPMRPCInterface(tower['Floors'][0].getData()))
    sys.exit(0)

remoteIf = uuidtup_to_bin(('A4F1DB00-CA47-1067-B31F-00DD010662DA', '0.81'))
dataRepresentation = uuidtup_to_bin(('8a885d04-1ceb-11c9-9fe8-08002b104860', '2.0'))
tower = epm.EPMTower()
interface = epm.EPMRPCInterface()
interface['InterfaceUUID'] = remoteIf[:16]
interface['MajorVersion'] = unpack('<H', remoteIf[16:][:2])[0]
interface['MinorVersion'] = unpack('<H', remoteIf[18:])[0]
dataRep = epm.EPMRPCDataRepresentation()
dataRep['DataRepUuid'] = dataRepresentation[:16]
dataRep['MajorVersion'] = unpack('<H', dataRepresentation[16:][:2])[0]
dataRep['MinorVersion'] = unpack('<H', dataRepresentation[18:])[0]
protId = epm.EPMProtocolIdentifier()
protId['ProtIdentifier'] = epm.FLOOR_RPCV5_IDENTIFIER
portAddr = epm.EPMPortAddr(); portAddr['IpPort'] = 0
hostAddr = epm.EPMHostAddr(); hostAddr['Ip4addr'] = socket.inet_aton('0.0.0.0')
tower['NumberOfFloors'] = 5
tower['Floors'] = interface.getData() + dataRep.getData() + protId.getData() + portAddr.getData() + hostAddr.getData()
request = epm.ept_map()
request['max_towers'] = 4
request['map_tower']['tower_length'] = len(tower)
request['map_tower']['tower_octet_string'] = tower.getData()
request.fields['obj'].fields['ReferentID'] = 1
request.fields['map_tower'].fields['ReferentID'] = 2
print('ept_map_request', request.getData().hex())
