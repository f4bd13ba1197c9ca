#!/usr/bin/env bash
# `make bench-serve`: load acceptance of `palimpsest serve`. Serves the benchmark's references
# plus a hash-only corpus of HASHES random PDQ hashes (when `corpus import-hashes` exists),
# then POSTs 1-megapixel JPEGs to /v1/check with wrk (2 threads, 2 connections, DURATION on
# loopback), in two phases: copies (QUERIES references rescaled and re-encoded, sent in turn)
# and unrelated images (QUERIES benchmark queries that copy no reference), every body made a
# file the ledger has not seen (bench-serve.lua). Passes when both phases have p99 < 100 ms with
# no errors. Prints each phase's per-stage mean time from /metrics, and in how many checks a
# stage took over 20 ms.
# Usage: Scripts/bench-serve.sh PALIMPSEST BENCH_DIR [HASHES] [DURATION] [QUERIES]
set -euo pipefail
palimpsest=$1 bench=$2 hashes=${3:-1000000} duration=${4:-30s} count=${5:-8}
scripts=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
ledger="$work/ledger.sqlite"

echo "== corpora"
"$palimpsest" corpus add bench-refs --kind registry --ledger "$ledger" "$bench/refs" | tail -1
corpora=bench-refs
python3 "$scripts/make_bench_queries.py" "$bench" "$work/queries" "$count" "$hashes" "$work/hashes.txt"
if "$palimpsest" corpus --help 2>/dev/null | grep -q import-hashes; then
  start=$(date +%s%N)
  "$palimpsest" corpus import-hashes million --ledger "$ledger" "$work/hashes.txt" | tail -1
  echo "imported $hashes hashes in $(( ($(date +%s%N) - start) / 1000000 )) ms"
  corpora=bench-refs,million
else
  echo "NOTE: this build has no \`corpus import-hashes\`: measuring with the $(ls "$bench/refs" | wc -l) references only."
fi
for query in "$work"/queries/*/*.jpg; do
  echo "query: $(basename "$query"), $(stat -c %s "$query") bytes, $(python3 -c "from PIL import Image; i=Image.open('$query'); print('%dx%d' % i.size)")"
done

echo "== server"
openssl rand -hex 32 >"$work/tokens"
token=$(cat "$work/tokens")
port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
start=$(date +%s%N)
"$palimpsest" serve --against "$corpora" --tokens "$work/tokens" --ledger "$ledger" --port "$port" \
  --report-dir "$work/reports" --refresh-interval 5 >"$work/serve.log" 2>&1 &
server=$!
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
  sleep 0.2
done
echo "$(head -1 "$work/serve.log") (ready after $(( ($(date +%s%N) - start) / 1000000 )) ms)"
for query in "$work"/queries/*/*.jpg; do
  status=$(curl -s -o "$work/verdict.json" -w '%{http_code}' -H "Authorization: Bearer $token" --data-binary @"$query" \
    "http://127.0.0.1:$port/v1/check")
  [ "$status" = 200 ] || { echo "warm-up check answered $status: $(cat "$work/verdict.json")"; exit 1; }
  python3 -c "
import json; v = json.load(open('$work/verdict.json')); m = v['finding']['matches'][:1]
print('verdict for $(basename "$query"): grade %s, score %.3f, best match %s' % (v['finding']['grade'], v['finding']['score'], m[0]['reference']['path'].split('/')[-1] if m else '-'))"
done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
metrics() { curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/metrics"; }

# One phase: the images of $work/queries/$1 in turn for DURATION; prints its latencies, the
# server's CPU time per check and each stage's mean time; records its verdict in $failed.
failed=()
phase() {
  local name=$1 queries=("$work/queries/$1"/*.jpg)
  metrics >"$work/metrics-before.txt"
  local cpu_before; cpu_before=$(cpu_ticks)
  echo "== $name: wrk -t2 -c2 -d$duration --latency (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
  BENCH_BODIES=$(IFS=:; echo "${queries[*]}") BENCH_TOKEN=$token wrk -t2 -c2 -d"$duration" --latency -s "$scripts/bench-serve.lua" \
    "http://127.0.0.1:$port/v1/check" | tee "$work/wrk.txt"
  local requests; requests=$(sed -n 's/^bench requests //p' "$work/wrk.txt")
  echo "server CPU per check: $(( ($(cpu_ticks) - cpu_before) * 1000 / $(getconf CLK_TCK) / (requests > 0 ? requests : 1) )) ms (user + system, all threads)"
  echo "-- time per stage of a check (mean over the phase, from /metrics)"
  metrics >"$work/metrics-after.txt"
  python3 - "$work/metrics-before.txt" "$work/metrics-after.txt" <<'PY'
import re, sys
def read(path):
    sums, counts, fast = {}, {}, {}
    for line in open(path):
        m = re.match(r'palimpsest_check_stage_duration_seconds_(sum|count)\{stage="([^"]+)"\} (\S+)', line)
        if m:
            (sums if m.group(1) == "sum" else counts)[m.group(2)] = float(m.group(3))
        m = re.match(r'palimpsest_check_stage_duration_seconds_bucket\{stage="([^"]+)",le="0\.02"\} (\S+)', line)
        if m:
            fast[m.group(1)] = float(m.group(2))
    return sums, counts, fast
(s0, c0, f0), (s1, c1, f1) = read(sys.argv[1]), read(sys.argv[2])
sums = {k: v - s0.get(k, 0) for k, v in s1.items()}
counts = {k: v - c0.get(k, 0) for k, v in c1.items()}
# Checks in which a stage took over 20 ms: where the tail comes from (disk stalls show here).
slow = {k: counts[k] - (v - f0.get(k, 0)) for k, v in f1.items()}
# Stages that run for some checks only (pasted parts) count over all checks.
checks = max(counts.values(), default=0)
total = 0.0
for stage in sums:
    if not counts[stage]:
        continue
    mean = sums[stage] / checks * 1000
    total += mean
    share = "" if counts[stage] == checks else "  (in %d of %d checks)" % (counts[stage], checks)
    tail = "  (over 20 ms in %d)" % slow[stage] if slow.get(stage) else ""
    print("  %-17s %7.2f ms%s%s" % (stage, mean, share, tail))
print("  %-17s %7.2f ms" % ("total", total))
PY
  local p99 errors
  p99=$(sed -n 's/^bench p99_ms //p' "$work/wrk.txt")
  errors=$(sed -n 's/^bench errors //p' "$work/wrk.txt")
  echo "-- $name: p50 $(sed -n 's/^bench p50_ms //p' "$work/wrk.txt") ms, p99 $p99 ms, $(sed -n 's/^bench throughput //p' "$work/wrk.txt") checks/s, $errors errors"
  if [ "$errors" != 0 ] || ! python3 -c "import sys; sys.exit(0 if $p99 < 100 else 1)"; then failed+=("$name (p99 $p99 ms, $errors errors)"); fi
}
phase copies
phase unrelated

if [ ${#failed[@]} -gt 0 ]; then
  echo "FAIL: needs p99 < 100 ms and no errors; missed by: ${failed[*]}"
  exit 1
fi
echo "PASS: p99 < 100 ms, no errors, for copies and unrelated images"
