@_exported import MAPIWire
