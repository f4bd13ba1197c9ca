#!/usr/bin/env bash
# How a scan holds up when the corpus grows: the development benchmark's references alone, then
# with COUNT generated distractor images (Scripts/make_distractors.py) added as a second corpus.
# Prints µAP and precision of both scans (score.py), how far the scores of true pairs moved and
# which queries gained a false flag (score_shift.py), and each scan's CPU time and peak memory.
# Then the index level (palimpsest-bench --index-scale SIZES): synthetic references whose codes
# are the code panel's real codes with bits swapped, held as a scan holds them: bytes per
# reference, build time, retrieval time per query, and what the lists miss of what comparing
# every code finds; then the embedding cells alone (--embedding-scale SIZES), by cells probed.
#
# Usage: Scripts/bench-scale.sh PALIMPSEST PALIMPSEST_BENCH BENCH_DIR WORK [COUNT] [SIZES]
# WORK keeps the distractors and ledgers between runs (they take minutes to make).
set -euo pipefail
palimpsest=$1 bench_tool=$2 bench=$3 work=$4 count=${5:-32000} sizes=${6:-10000,100000}
mkdir -p "$work"
here=$(cd "$(dirname "$0")" && pwd)

if [ "$(find "$work/distractors" -type f 2>/dev/null | wc -l)" -lt "$count" ]; then
    echo "generating $count distractors in $work/distractors"
    python3 "$here/make_distractors.py" "$work/distractors" "$count"
fi

timed() {  # timed NAME COMMAND...: runs it, keeping user+system seconds and peak KB in $work/NAME.time
    local name=$1; shift
    /usr/bin/time -f "%U %S %M" -o "$work/$name.time" "$@"
}

if [ ! -f "$work/alone.sqlite" ]; then
    "$palimpsest" corpus add bench-refs --kind registry --ledger "$work/alone.sqlite" "$bench/refs" >/dev/null
fi
if [ ! -f "$work/crowded.sqlite" ]; then
    cp "$work/alone.sqlite" "$work/crowded.sqlite"
    timed ingest "$palimpsest" corpus add distractors --kind registry --ledger "$work/crowded.sqlite" "$work/distractors" >/dev/null || [ $? -eq 2 ]
fi

# Each corpus's persistent index, written by corpus add; compacted to one segment (or written, for
# ledgers made before there were indexes) so that both scans open theirs.
for name in alone crowded; do "$palimpsest" corpus compact --ledger "$work/$name.sqlite" >/dev/null; done

scan() {  # scan NAME CORPORA
    rm -rf "$work/reports-$1"
    timed "$1" "$palimpsest" scan "$bench/queries" --against "$2" --ledger "$work/$1.sqlite" --report-dir "$work/reports-$1" \
        >"$work/$1.txt" 2>/dev/null || [ $? -eq 3 ]
    sed -n 's/^report: //p' "$work/$1.txt"
}
alone=$(scan alone bench-refs)
crowded=$(scan crowded bench-refs,distractors)

echo "== end to end: $(ls "$bench/refs" | wc -l) benchmark references, then with $count distractors"
for name in alone crowded; do
    report=$([ $name = alone ] && echo "$alone" || echo "$crowded")
    echo "$name: $(python3 "$bench/score.py" "$bench/gt.tsv" "$report" | sed -n 's/^summary: //p')"
done
python3 - "$work" "$count" <<'PY'
import sys
work, count = sys.argv[1], int(sys.argv[2])
(u1, s1, m1), (u2, s2, m2) = ([float(x) for x in open(f"{work}/{n}.time").read().split()[-3:]] for n in ("alone", "crowded"))
print(f"CPU: {u1 + s1:.1f} s alone, {u2 + s2:.1f} s crowded (ratio {(u2 + s2) / (u1 + s1):.3f}); "
      f"peak memory {m1 / 1024:.0f} MB alone, {m2 / 1024:.0f} MB crowded ({(m2 - m1) * 1024 / count:.0f} bytes per added reference)")
PY
python3 "$here/score_shift.py" "$bench/gt.tsv" "$alone" "$crowded"

echo "== index level: synthetic references in memory ($sizes)"
"$bench_tool" --index-sizes "" --crossover-sizes "" --hash-references "" --index-scale "$sizes" --embedding-scale "$sizes"
