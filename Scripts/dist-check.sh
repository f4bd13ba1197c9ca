#!/usr/bin/env bash
# `make dist-check`: the packed release runs where no Swift toolchain is: unpacked in a
# temporary folder, its binary links no Swift shared library (ldd), and it runs `hash` and a
# `scan` of the sample corpus with an empty environment (env -i PATH=/usr/bin:/bin).
# Usage: Scripts/dist-check.sh TARBALL
set -euo pipefail
tarball=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xzf "$tarball"
release=$(find "$work" -mindepth 1 -maxdepth 1 -type d)
binary=$release/bin/palimpsest
for f in bin/palimpsest share/man/man1/palimpsest.1 share/bash-completion/completions/palimpsest \
         share/zsh/site-functions/_palimpsest share/fish/vendor_completions.d/palimpsest.fish; do
  [ -s "$release/$f" ] || { echo "dist-check: FAILED, $f is missing from the tarball"; exit 1; }
done
if ldd "$binary" | grep -E 'libswift|libFoundation|libdispatch|libBlocksRuntime|/opt/swift'; then
  echo "dist-check: FAILED, the binary links the Swift libraries above"
  exit 1
fi
run() { (cd "$work" && env -i PATH=/usr/bin:/bin "$binary" "$@"); }
run hash "$root/Corpora/sample/corpus" > "$work/hashes.txt"
[ "$(wc -l < "$work/hashes.txt")" -eq "$(find "$root/Corpora/sample/corpus" -type f ! -name '*.tsv' | wc -l)" ] \
  || { echo "dist-check: FAILED, hash did not print one line per sample image"; exit 1; }
run corpus add sample --kind training --ledger "$work/ledger.sqlite" "$root/Corpora/sample/corpus" > /dev/null
status=0
run scan "$root/Corpora/sample/generated" --against sample --ledger "$work/ledger.sqlite" --report-dir "$work/reports" \
  > "$work/scan.txt" || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
  echo "dist-check: FAILED, scan exited with status $status"
  cat "$work/scan.txt"
  exit 1
fi
grep -q '^report: ' "$work/scan.txt" || { echo "dist-check: FAILED, scan wrote no report"; exit 1; }
echo "dist-check: passed ($(basename "$tarball"): no Swift shared library; hash and scan ran with env -i)"
