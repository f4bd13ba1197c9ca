#!/usr/bin/env bash
# `make consumer-check`: Palimpsest as a dependency. Copies this checkout (its working tree, as
# git sees it) into a temporary repository tagged with the current version, then builds and
# runs a throwaway package that depends on it by version (`from:`, a file:// URL) and hashes a
# fixture with PDQHasher, whose hash must equal the reference's.
# Usage: Scripts/consumer-check.sh VERSION
set -euo pipefail
version=$1
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

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
    targets: [.executableTarget(name: "Consumer", dependencies: [.product(name: "Palimpsest", package: "palimpsest")])]
)
SWIFT
cat > "$work/consumer/Sources/Consumer/main.swift" <<'SWIFT'
import Palimpsest

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
echo "consumer-check: passed (PDQ $got, as the reference)"
