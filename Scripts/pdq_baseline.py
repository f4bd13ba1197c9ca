#!/usr/bin/env python3
"""PDQ alone, as a baseline: Meta's C++ PDQ (the `pdqhash` bindings, pixels decoded by Pillow)
with its 8 dihedral hashes, brute-force matching at Meta's threshold (distance <= 31 flags).
Writes a report in the shape score.py reads.

usage: pdq_baseline.py BENCH_DIR OUT.json
"""
import json, os, sys
import numpy, pdqhash
from PIL import Image


def hashes(path):
    rgb = numpy.asarray(Image.open(path).convert('RGB'))
    dihedral, _ = pdqhash.compute_dihedral(rgb)
    return [numpy.packbits(h.astype(numpy.uint8)) for h in dihedral]


def main():
    bench, out = sys.argv[1], sys.argv[2]
    refs = sorted(os.listdir(os.path.join(bench, 'refs')))
    ref_hashes = numpy.array([hashes(os.path.join(bench, 'refs', r))[0] for r in refs])
    findings = []
    for q in sorted(os.listdir(os.path.join(bench, 'queries'))):
        variants = hashes(os.path.join(bench, 'queries', q))
        distances = numpy.min([numpy.unpackbits(ref_hashes ^ v, axis=1).sum(axis=1) for v in variants], axis=0)
        best = numpy.argsort(distances)[:5]
        findings.append({'query': {'path': q}, 'matches': [
            {'reference': {'path': refs[i]}, 'score': 1 - float(distances[i]) / 256,
             'grade': 'near-duplicate' if distances[i] <= 31 else 'none'} for i in best]})
    json.dump({'findings': findings}, open(out, 'w'))


main()
