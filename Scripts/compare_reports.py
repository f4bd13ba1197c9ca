#!/usr/bin/env python3
"""Compares two report.json files of the same queries finding by finding and signal by signal:
grade, score, every candidate's reference, rank, grade, score and signals, and the query's
fingerprints. Paths are compared from their `queries/` or `refs/` folder on, so reports made in
different temporary folders compare. For checking that a change keeps behaviour
(`make bench-quality` before and after).

Usage: compare_reports.py BEFORE.json AFTER.json [--new-key NAME ...]
Keys named with --new-key may appear in AFTER's signals without counting as a difference.
Exits 1 when anything differs.
"""
import json
import sys


def tail(path):
    return path.split("/queries/")[-1].split("/refs/")[-1]


def main():
    before, after = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
    new = {sys.argv[i + 1] for i, arg in enumerate(sys.argv) if arg == "--new-key" and i + 1 < len(sys.argv)}
    fa = {tail(f["query"]["path"]): f for f in before["findings"]}
    fb = {tail(f["query"]["path"]): f for f in after["findings"]}
    if fa.keys() != fb.keys():
        sys.exit(f"compare: the reports are of different queries ({len(fa.keys() ^ fb.keys())} differ)")
    differences, pairs, seen_new = [], 0, set()
    for query, x in fa.items():
        y = fb[query]
        if (x["grade"], x["score"], len(x["matches"])) != (y["grade"], y["score"], len(y["matches"])):
            differences.append(f"{query}: grade or score")
            continue
        for m, n in zip(x["matches"], y["matches"]):
            pairs += 1
            seen_new |= set(n["signals"]) & new
            kept = {k: v for k, v in n["signals"].items() if k not in new}
            if (tail(m["reference"]["path"]), m["rank"], m["grade"], m["score"], m["signals"]) != \
                    (tail(n["reference"]["path"]), n["rank"], n["grade"], n["score"], kept):
                differences.append(f"{query}: candidate {tail(m['reference']['path'])}")
        old_prints, new_prints = x["query"].get("fingerprints") or {}, y["query"].get("fingerprints") or {}
        if any(old_prints[k] != new_prints.get(k) for k in old_prints):
            differences.append(f"{query}: fingerprints")
    for line in differences[:20]:
        print("differs:", line)
    print(f"{len(fa)} findings, {pairs} candidates compared signal by signal: {len(differences)} differ; "
          f"summary {'identical' if before['summary'] == after['summary'] else 'differs'}; "
          f"new keys seen: {', '.join(sorted(seen_new)) or 'none'}")
    sys.exit(1 if differences or before["summary"] != after["summary"] else 0)


if __name__ == "__main__":
    main()
