@_exported import PalimpsestCore
@_exported import PalimpsestDecode
@_exported import PalimpsestMetadata
@_exported import PalimpsestFingerprint
@_exported import PalimpsestIndex
@_exported import PalimpsestMatch
@_exported import PalimpsestLedger
@_exported import PalimpsestReport
