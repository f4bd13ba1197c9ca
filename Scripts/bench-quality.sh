#!/usr/bin/env bash
# Ingests the benchmark's references, scans its queries and grades the report with score.py.
# Usage: Scripts/bench-quality.sh PALIMPSEST BENCH_DIR
set -euo pipefail
palimpsest=$1 bench=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s%N)
"$palimpsest" corpus add bench-refs --kind registry --ledger "$work/bench.sqlite" "$bench/refs" >/dev/null
"$palimpsest" scan "$bench/queries" --against bench-refs --ledger "$work/bench.sqlite" --report-dir "$work/reports" >"$work/scan.txt" || [ $? -eq 3 ]
end=$(date +%s%N)
report=$(sed -n 's/^report: //p' "$work/scan.txt")
python3 "$bench/score.py" "$bench/gt.tsv" "$report"
echo "wall time (ingest + scan): $(( (end - start) / 1000000 )) ms"
mkdir -p Reports
cp "$report" Reports/bench-quality-report.json
echo "report copied to Reports/bench-quality-report.json"
