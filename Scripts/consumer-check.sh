#!/usr/bin/env bash
# `make consumer-check`: Palimpsest as a dependency. Copies this checkout (its working tree, as
# git sees it) into a temporary repository tagged with the current version, then builds and
# runs a throwaway package that depends on it by version (`from:`, a file:// URL) through the
# decode and fingerprint products only, and hashes a fixture with PDQHasher, whose hash must
# equal the reference's. It also checks that no target of the package has unsafe flags (SwiftPM
# refuses those in any dependency) and that the consumer built none of the ledger's, the
# service's or the evidence bundles' dependencies.
# Usage: Scripts/consumer-check.sh VERSION
set -euo pipefail
version=$1
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap '[ -n "${KEEP_CONSUMER:-}" ] || rm -rf "$work"' EXIT

echo "consumer-check: a package depending on Palimpsest $version by version"
mkdir "$work/palimpsest"
(cd "$root" && git ls-files -z --cached --others --exclude-standard \
  | tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$work/palimpsest"
git -C "$work/palimpsest" init -q
git -C "$work/palimpsest" add -A
git -C "$work/palimpsest" -c user.name=check -c user.email=check@localhost commit -q -m "Palimpsest $version"
git -C "$work/palimpsest" tag "$version"

fixture=misc-images__wee
expected=$(awk -F'\t' -v f="originals/$fixture.jpg" '$1 == f { print $5 }' "$root/Tests/Fixtures/conformance/expected.tsv")
mkdir -p "$work/consumer/Sources/Consumer"
cat > "$work/consumer/Package.swift" <<SWIFT
// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Consumer",
    dependencies: [.package(url: "file://$work/palimpsest", from: "$version")],
    targets: [.executableTarget(name: "Consumer", dependencies: [
        .product(name: "PalimpsestDecode", package: "palimpsest"),
        .product(name: "PalimpsestFingerprint", package: "palimpsest"),
    ])]
)
SWIFT
cat > "$work/consumer/Sources/Consumer/main.swift" <<'SWIFT'
import PalimpsestDecode
import PalimpsestFingerprint

// Hashes the decoded pixels of the file named on the command line.
let bytes = try ImageDecoder.readFile(CommandLine.arguments[1], limit: 1 << 26)
let image = try ImageDecoder().decode(bytes)
let fingerprint = PDQHasher().fingerprint(image.raster)
print(fingerprint.hash.hex)
SWIFT
(cd "$work/consumer" && swift build 2>&1 | grep -E "error|warning: .*unsafe|Compiling Consumer|Build" || true)
[ -x "$work/consumer/.build/debug/Consumer" ] || { echo "consumer-check: FAILED, the consumer package did not build"; exit 1; }
got=$("$work/consumer/.build/debug/Consumer" "$root/Tests/Fixtures/conformance/pixels/$fixture.png")
if [ "$got" != "$expected" ]; then
  echo "consumer-check: FAILED, PDQ of $fixture is $got, the reference's is $expected"
  exit 1
fi
unsafe=$(cd "$work/palimpsest" && swift package dump-package | grep -c '"unsafeFlags"' || true)
if [ "$unsafe" != "0" ]; then
  echo "consumer-check: FAILED, $unsafe setting(s) of the package use unsafe flags; a package depending on it by version is refused"
  exit 1
fi
for heavy in GRDB PostgresNIO ZIPFoundation Hummingbird; do
  if [ -n "$(find "$work/consumer/.build/debug/$heavy.build" -name '*.o' 2>/dev/null | head -1)" ]; then
    echo "consumer-check: FAILED, a package that only hashes images built $heavy"
    exit 1
  fi
done
echo "consumer-check: passed (PDQ $got, as the reference; no unsafe flags; GRDB, PostgresNIO, ZIPFoundation, Hummingbird not built)"
