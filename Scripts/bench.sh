#!/usr/bin/env bash
# `make bench`: PDQ lookups by brute force and through the multi-index over 1 and 10 million
# synthetic hashes (with the size from which the multi-index wins) and a million hash-only
# references imported, loaded and queried; then release throughput on the benchmark folder and
# on the large conformance photos, each next to Meta's PDQ via pdqhash on the same files.
# Usage: Scripts/bench.sh BENCH_BINARY SHARED_DIR [FOLDER]
set -euo pipefail
bench=$1 shared=$2 folder=${3:-$2/bench}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "== PDQ index: brute force vs multi-index; hash-only references"
"$bench" --json "$out/index.json"
echo
if [ ! -d "$folder" ]; then
  echo "make bench: $folder is absent (it lives in ../shared); pass BENCH_IMAGES=FOLDER to time images too."
  exit 1
fi
echo "== $folder"
"$bench" "$folder" --index-sizes 0 --crossover-sizes 0 --hash-references 0 --json "$out/small.json"
"$(dirname "$0")/bench-pdqhash.sh" "$out/small.json" "$folder"
large="$shared/conformance/originals"
if [ -d "$large" ]; then
  echo
  echo "== $large (0.5 megapixels and up)"
  "$bench" "$large" --min-megapixels 0.5 --index-sizes 0 --crossover-sizes 0 --hash-references 0 --json "$out/large.json"
  "$(dirname "$0")/bench-pdqhash.sh" "$out/large.json" --min-megapixels 0.5 "$large"
fi
