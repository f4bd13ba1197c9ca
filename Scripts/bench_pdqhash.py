"""Per-core throughput of Meta's C++ PDQ via `pdqhash`, images decoded by Pillow, compared with
palimpsest-bench's decode + all fingerprints on the same files."""
import json, os, sys, time
import numpy, pdqhash
from PIL import Image

def main():
    ours = json.load(open(sys.argv[1]))
    args = sys.argv[2:]
    minimum = 0.0
    if args and args[0] == "--min-megapixels":
        minimum, args = float(args[1]), args[2:]
    files = []
    for folder in args:
        for root, _, names in os.walk(folder):
            files += [os.path.join(root, n) for n in sorted(names) if n.lower().endswith((".jpg", ".jpeg", ".png", ".webp"))]
    blobs = []
    for f in files:
        with Image.open(f) as im:
            if im.size[0] * im.size[1] / 1e6 >= minimum:
                blobs.append(open(f, "rb").read())
    import io
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for b in blobs:
            pdqhash.compute(numpy.asarray(Image.open(io.BytesIO(b)).convert("RGB")))
        best = min(best, time.perf_counter() - start)
    theirs = len(blobs) / best
    print(f"pdqhash (Meta C++ PDQ) + Pillow, one core: {theirs:.1f} images/s on {len(blobs)} images")
    print(f"palimpsest decode + all fingerprints is {ours['fingerprints_per_second'] / theirs:.2f}x faster per core")

main()
