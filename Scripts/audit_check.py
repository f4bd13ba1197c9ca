#!/usr/bin/env python3
"""Builds a synthetic model-output batch from a benchmark and checks `palimpsest audit` on it.

usage: audit_check.py PALIMPSEST BENCH_DIR [--seed N] [--flag-score S] [--keep]

The batch: training data = the benchmark's refs; outputs = copies of training images (the
benchmark's near-identical and image-to-image-like queries, one per training image), unrelated
images, and groups of near-identical outputs made here from unrelated images (resized, re-encoded,
brightness-jittered variants: memorization's signature when the training image is not at hand).
Prints the true and reported memorization rates and the pairwise F1 of the reported clusters,
and exits non-zero when the rate is off by more than 2 points or F1 is below 0.9.
Needs Pillow (pip install pillow).
"""
import csv, json, os, random, shutil, subprocess, sys, tempfile
from PIL import Image, ImageEnhance

COPY_FAMILIES = ['exact', 'reencode', 'color', 'blur_noise', 'i2i_low', 'i2i_mid', 'i2i_high']


def main():
    palimpsest, bench = sys.argv[1], sys.argv[2]
    seed = int(sys.argv[sys.argv.index('--seed') + 1]) if '--seed' in sys.argv else 1
    flag_score = sys.argv[sys.argv.index('--flag-score'):][:2] if '--flag-score' in sys.argv else []
    rng = random.Random(seed)
    rows = list(csv.DictReader(open(os.path.join(bench, 'gt.tsv')), delimiter='\t'))
    copies, used = [], set()
    for r in sorted(rows, key=lambda r: r['query']):
        if r['family'] in COPY_FAMILIES and r['reference'] and r['reference'] not in used:
            copies.append(r)
            used.add(r['reference'])
    rng.shuffle(copies)
    copies = copies[:40]
    negatives = [r for r in rows if not r['reference']]
    rng.shuffle(negatives)
    plain, seeds = negatives[:70], negatives[70:76]

    work = tempfile.mkdtemp(prefix='palimpsest-audit-')
    out = os.path.join(work, 'outputs')
    os.makedirs(out)
    for r in copies + plain:
        shutil.copy(os.path.join(bench, 'queries', r['query']), out)
    groups = []
    for g, r in enumerate(seeds):
        base = Image.open(os.path.join(bench, 'queries', r['query'])).convert('RGB')
        members = []
        for v in range(4):
            im = base.resize((int(base.width * (0.8 + 0.1 * v)), int(base.height * (0.8 + 0.1 * v))))
            im = ImageEnhance.Brightness(im).enhance(0.94 + 0.04 * v)
            name = f'group{g}-v{v}.jpg'
            im.save(os.path.join(out, name), quality=70 + 8 * v)
            members.append(name)
        groups.append(members)
    total = len(copies) + len(plain) + sum(len(m) for m in groups)
    truth_rate = len(copies) / total

    ledger = os.path.join(work, 'ledger.sqlite')
    subprocess.run([palimpsest, 'corpus', 'add', 'training', '--kind', 'training', '--ledger', ledger,
                    os.path.join(bench, 'refs')], check=True, stdout=subprocess.DEVNULL)
    run = subprocess.run([palimpsest, 'audit', out, '--training', 'training', '--ledger', ledger,
                          '--report-dir', os.path.join(work, 'reports')] + flag_score, capture_output=True, text=True)
    if run.returncode not in (0, 3):
        sys.exit(f'audit failed ({run.returncode}): {run.stderr}')
    report = [l[8:] for l in run.stdout.splitlines() if l.startswith('report: ')][0]
    audit = json.load(open(report))['audit']

    truth_pairs = {frozenset((a, b)) for m in groups for a in m for b in m if a < b}
    found_pairs = {frozenset((os.path.basename(a), os.path.basename(b)))
                   for c in audit['clusters'] for a in c['outputs'] for b in c['outputs'] if a < b}
    tp = len(truth_pairs & found_pairs)
    precision = tp / len(found_pairs) if found_pairs else 0
    recall = tp / len(truth_pairs)
    f1 = 2 * precision * recall / (precision + recall) if tp else 0
    print(f'outputs {total}: memorization rate true {truth_rate:.3f}, reported {audit["memorization_rate"]:.3f} '
          f'(by grade {audit["memorized_by_grade"]})')
    print(f'clusters: {len(groups)} true groups, {len(audit["clusters"])} reported; pairwise precision {precision:.3f} '
          f'recall {recall:.3f} F1 {f1:.3f}')
    memorized = {os.path.basename(m['output']) for m in audit['memorized_outputs']}
    missed = [f"{r['query']} ({r['family']})" for r in copies if r['query'] not in memorized]
    wrong = sorted(memorized - {r['query'] for r in copies})
    print(f'copies not counted: {", ".join(missed) or "none"}; counted but not copies: {", ".join(wrong) or "none"}')
    print(f'best-match score mean: outputs {audit["output_scores"]["mean"]:.3f}, '
          f'training background {audit["training_background"]["mean"]:.3f}')
    if '--keep' in sys.argv:
        print(f'kept: {work}')
    else:
        shutil.rmtree(work)
    ok = abs(audit['memorization_rate'] - truth_rate) <= 0.02 and f1 >= 0.9
    print('audit check:', 'passed' if ok else 'FAILED')
    sys.exit(0 if ok else 1)


main()
