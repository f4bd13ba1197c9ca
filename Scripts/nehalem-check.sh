#!/usr/bin/env bash
# `make nehalem-check`: the release binary on an x86-64 processor without AVX2 (qemu-user
# emulating a Nehalem: SSE4.2 and POPCNT, no AVX) gives byte for byte the output it gives
# natively, so the kernels' portable versions agree with the fast ones: every hash (`hash
# --json`, scaled and exact decoding) of the conformance fixtures (and of ../shared's when it is
# there), and every finding of a scan of the sample corpus (local features, matching, grades).
# Usage: Scripts/nehalem-check.sh PALIMPSEST [SHARED_DIR]
set -euo pipefail
binary=$(realpath "$1")
shared=${2:-../shared}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
images=("$root/Tests/Fixtures/conformance/originals")
if [ -d "$shared/conformance/originals" ]; then
  images+=("$(realpath "$shared/conformance/originals")")
else
  echo "nehalem-check: $shared/conformance is absent; hashing the package's own fixtures only."
fi
for mode in native nehalem; do
  run=("$binary")
  [ "$mode" = nehalem ] && run=(qemu-x86_64 -cpu Nehalem "$binary")
  "${run[@]}" hash --json --jobs 2 "${images[@]}" > "$work/$mode-hash.jsonl"
  "${run[@]}" hash --json --pixels-exact --jobs 2 "${images[@]}" > "$work/$mode-exact.jsonl"
  ledger=$work/$mode.sqlite
  "${run[@]}" corpus add sample --kind training --ledger "$ledger" "$root/Corpora/sample/corpus" > /dev/null
  "${run[@]}" scan "$root/Corpora/sample/generated" --against sample --ledger "$ledger" --report-dir "$work/$mode" \
    > "$work/$mode-scan.txt" || [ $? -eq 3 ]
  # The findings, without the run's own identity and times.
  python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(json.dumps([r["findings"], r["summary"], r["errors"]], sort_keys=True))' \
    "$(sed -n 's/^report: //p' "$work/$mode-scan.txt")" > "$work/$mode-findings.json"
done
for part in hash exact findings; do
  extension=jsonl; [ "$part" = findings ] && extension=json
  if ! cmp -s "$work/native-$part.$extension" "$work/nehalem-$part.$extension"; then
    echo "nehalem-check: FAILED, the $part output differs without AVX2:"
    diff <(tr ',' '\n' < "$work/native-$part.$extension") <(tr ',' '\n' < "$work/nehalem-$part.$extension") | head -20
    exit 1
  fi
done
echo "nehalem-check: passed ($(wc -l < "$work/native-hash.jsonl") images hashed two ways and $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))[0]))' "$work/native-findings.json") findings of the sample scan, identical under qemu -cpu Nehalem)"
