#!/usr/bin/env python3
"""How far the scores of a benchmark's true pairs moved between two reports of the same queries
(for example, a scan against the benchmark's references alone and one against them plus
thousands of distractors), and which queries gained a flag on a pair that is not true.

usage: score_shift.py GT.tsv BEFORE.json AFTER.json [--tolerance 0.02]

A true pair is (query, its `reference` in GT.tsv); a pair absent from a report scores 0. A new
false flag is a flagged match in AFTER, not flagged in BEFORE, whose reference is neither the
query's reference nor one of its `also` references. Prints the share of true pairs within the
tolerance, the largest moves, and the new false flags. Python 3 standard library only.
"""
import argparse
import csv
import json
import os


def matches(report):
    out = {}
    for finding in json.load(open(report))["findings"]:
        query = os.path.basename(finding["query"]["path"])
        out[query] = {os.path.basename(m["reference"]["path"]): m for m in finding["matches"]}
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("gt")
    p.add_argument("before")
    p.add_argument("after")
    p.add_argument("--tolerance", type=float, default=0.02)
    a = p.parse_args()
    gt = {r["query"]: r for r in csv.DictReader(open(a.gt), delimiter="\t")}
    before, after = matches(a.before), matches(a.after)
    moves = []
    for query, row in gt.items():
        if not row["reference"] or query not in before:
            continue
        x = before[query].get(row["reference"], {}).get("score", 0.0)
        y = after.get(query, {}).get(row["reference"], {}).get("score", 0.0)
        moves.append((abs(y - x), y - x, query, row["reference"], x, y))
    within = sum(1 for m in moves if m[0] <= a.tolerance)
    print(f"true pairs: {len(moves)}; within {a.tolerance} of their score before: {within} ({within / max(1, len(moves)):.4f})")
    for move in sorted(moves, reverse=True)[:8]:
        if move[0] > 0:
            print(f"  {move[2]} ~ {move[3]}: {move[4]:.3f} -> {move[5]:.3f}")
    new_flags = []
    for query, found in after.items():
        row = gt.get(query, {"reference": "", "also": ""})
        allowed = {row["reference"]} | {x for x in (row.get("also") or "").split("|") if x}
        for reference, m in found.items():
            if m["grade"] == "none" or reference in allowed:
                continue
            if before.get(query, {}).get(reference, {}).get("grade", "none") == "none":
                new_flags.append((query, reference, m["grade"], m["score"]))
    print(f"new false flags: {len(new_flags)}")
    for flag in new_flags[:20]:
        print(f"  {flag[0]} ~ {flag[1]}: {flag[2]} at {flag[3]:.3f}")


if __name__ == "__main__":
    main()
