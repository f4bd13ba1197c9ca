#!/usr/bin/env bash
# Times Meta's C++ PDQ (the `pdqhash` Python bindings) fed by Pillow, on one core, over the same
# folders as palimpsest-bench, and prints the per-core speed ratio.
# Usage: Scripts/bench-pdqhash.sh BENCH_JSON [--min-megapixels X] FOLDER...
set -euo pipefail
if ! python3 -c "import PIL, pdqhash, numpy" 2>/dev/null; then
  echo "Installing the reference (pillow, pdqhash, numpy) from PyPI for the comparison..."
  python3 -m pip install --quiet pillow pdqhash numpy || { echo "pdqhash comparison skipped: pip install failed"; exit 0; }
fi
exec python3 "$(dirname "$0")/bench_pdqhash.py" "$@"
