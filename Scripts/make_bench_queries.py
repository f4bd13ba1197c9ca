"""Makes the query images of `make bench-serve`, 1-megapixel JPEGs (quality 90):
`OUT_DIR/copies`, COUNT references rescaled and re-encoded, so that every check finds a
near-duplicate and goes through verification; and `OUT_DIR/unrelated`, COUNT of the
benchmark's queries that copy no reference, rescaled the same way: what most uploads to a
platform are. Also writes the random PDQ hash list of the large hash-only corpus.

Usage: make_bench_queries.py BENCH_DIR OUT_DIR COUNT [HASHES HASH_FILE]
"""
import csv
import os
import random
import sys

from PIL import Image


def one_megapixel(source, target):
    image = Image.open(source).convert("RGB")
    scale = (1_000_000 / (image.width * image.height)) ** 0.5
    size = (round(image.width * scale), round(image.height * scale))
    image.resize(size, Image.LANCZOS).save(target, quality=90)


def main():
    bench, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    refs = os.path.join(bench, "refs")
    for folder in ("copies", "unrelated"):
        os.makedirs(os.path.join(out, folder), exist_ok=True)
    names = sorted(n for n in os.listdir(refs) if n.lower().endswith((".jpg", ".jpeg", ".png", ".webp")))
    for name in random.Random(7).sample(names, count):
        one_megapixel(os.path.join(refs, name), os.path.join(out, "copies", os.path.splitext(name)[0] + "-1mp.jpg"))
    rows = csv.DictReader(open(os.path.join(bench, "gt.tsv")), delimiter="\t")
    unrelated = sorted(r["query"] for r in rows if not r["reference"])
    for name in random.Random(7).sample(unrelated, min(count, len(unrelated))):
        one_megapixel(os.path.join(bench, "queries", name), os.path.join(out, "unrelated", os.path.splitext(name)[0] + "-1mp.jpg"))
    if len(sys.argv) > 5:
        rng = random.Random(11)
        with open(sys.argv[5], "w") as f:
            for _ in range(int(sys.argv[4])):
                f.write("pdq %064x\n" % rng.getrandbits(256))


if __name__ == "__main__":
    main()
