#!/usr/bin/env bash
# Browser check of the HTML report: scans the sample images plus copies whose file names and
# PNG text chunks hold HTML and script, then opens the report in headless Chromium (see
# Scripts/report_check.py), which fails on console errors or anything injected that ran.
# Usage: Scripts/report-check.sh PALIMPSEST OUTPUT-DIR
set -euo pipefail
palimpsest=$1
out=$2
rm -rf "$out"
mkdir -p "$out/queries"
ledger="$out/check.sqlite"

"$palimpsest" corpus add sample --kind training --ledger "$ledger" Corpora/sample/corpus >/dev/null
cp Corpora/sample/generated/*.jpg "$out/queries/"
cp Corpora/sample/corpus/birds-12.png "$out/queries/<img src=x onerror=alert(1)>.png"
python3 Scripts/report_check.py hostile-png Corpora/sample/corpus/toys-15.png "$out/queries/\"><svg onload=alert(2)>.png"

status=0
"$palimpsest" scan "$out/queries" --against sample --ledger "$ledger" --report-dir "$out/Reports" >"$out/scan.txt" || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
  cat "$out/scan.txt"
  echo "report-check: the scan failed (exit $status)" >&2
  exit 1
fi
page=$(sed -n 's/^page: //p' "$out/scan.txt")
"$palimpsest" ledger verify --ledger "$ledger"
python3 Scripts/report_check.py check "$page" "$out/screenshots"
