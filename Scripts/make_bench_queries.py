"""Makes the query images of `make bench-serve`: references rescaled to one megapixel and
re-encoded as JPEG (quality 90), so that every check finds a near-duplicate and goes through
verification. Also writes the random PDQ hash list of the large hash-only corpus.

Usage: make_bench_queries.py REFS_DIR OUT_DIR COUNT [HASHES HASH_FILE]
"""
import os
import random
import sys

from PIL import Image


def main():
    refs, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    os.makedirs(out, exist_ok=True)
    names = sorted(n for n in os.listdir(refs) if n.lower().endswith((".jpg", ".jpeg", ".png", ".webp")))
    for name in random.Random(7).sample(names, count):
        image = Image.open(os.path.join(refs, name)).convert("RGB")
        scale = (1_000_000 / (image.width * image.height)) ** 0.5
        size = (round(image.width * scale), round(image.height * scale))
        image.resize(size, Image.LANCZOS).save(os.path.join(out, os.path.splitext(name)[0] + "-1mp.jpg"), quality=90)
    if len(sys.argv) > 5:
        rng = random.Random(11)
        with open(sys.argv[5], "w") as f:
            for _ in range(int(sys.argv[4])):
                f.write("pdq %064x\n" % rng.getrandbits(256))


if __name__ == "__main__":
    main()
