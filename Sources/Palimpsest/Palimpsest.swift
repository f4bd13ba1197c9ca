// Palimpsest, every stage in one import. A package that needs one stage only can depend on its
// product instead (`PalimpsestFingerprint` for PDQ and ImageHash, `PalimpsestLedger` for the
// ledger, …) and build nothing else.
@_exported import PalimpsestCore
@_exported import PalimpsestDecode
@_exported import PalimpsestMetadata
@_exported import PalimpsestFingerprint
@_exported import PalimpsestIndex
@_exported import PalimpsestMatch
@_exported import PalimpsestLedger
@_exported import PalimpsestSearch
@_exported import PalimpsestReport
@_exported import PalimpsestEvidence
@_exported import PalimpsestJobs
