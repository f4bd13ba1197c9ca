#!/usr/bin/env python3
"""Generates distractor images: pictures that copy nothing, for measuring how a corpus behaves
when it grows (`make bench-scale`'s end-to-end part).

usage: make_distractors.py OUT_DIR COUNT [--seed S] [--jobs N]

Each image is drawn from its own seed: a gradient or two-tone ground, then a random mix of
filled polygons, ellipses, strokes, blotches of noise and a repeated texture tile, in a palette
of 3 to 6 colours, 240 to 720 pixels a side, saved as JPEG (quality 70 to 95) or PNG. They have
the hash, keypoint and colour statistics of clip art, game art and flat illustration closely
enough to crowd an index, and none of them is derived from any image. Needs Pillow.
"""
import argparse
import os
import random
from multiprocessing import Pool

from PIL import Image, ImageDraw, ImageFilter


def palette(rng):
    return [tuple(rng.randrange(256) for _ in range(3)) for _ in range(rng.randint(3, 6))]


def draw(seed):
    rng = random.Random(seed)
    width, height = rng.randint(240, 720), rng.randint(240, 720)
    colours = palette(rng)
    top, bottom = rng.choice(colours), rng.choice(colours)
    ground = Image.new("RGB", (1, 2))
    ground.putpixel((0, 0), top)
    ground.putpixel((0, 1), bottom)
    image = ground.resize((width, height), Image.BILINEAR)
    if rng.random() < 0.5:
        image = image.rotate(rng.choice([90, 45, 30]), expand=False, fillcolor=top)
    d = ImageDraw.Draw(image)
    for _ in range(rng.randint(3, 40)):
        kind = rng.random()
        colour = rng.choice(colours)
        x, y = rng.randrange(width), rng.randrange(height)
        size = rng.randint(8, max(9, min(width, height) // 2))
        if kind < 0.35:
            points = [(x + rng.randint(-size, size), y + rng.randint(-size, size)) for _ in range(rng.randint(3, 7))]
            d.polygon(points, fill=colour, outline=rng.choice(colours) if rng.random() < 0.5 else None)
        elif kind < 0.65:
            d.ellipse([x - size, y - size // 2, x + size, y + size // 2], fill=colour)
        elif kind < 0.85:
            d.line([(x, y), (rng.randrange(width), rng.randrange(height))], fill=colour, width=rng.randint(1, 12))
        else:
            w, h = rng.randint(8, 40), rng.randint(8, 40)
            tile = Image.effect_noise((w, h), rng.randint(20, 90)).convert("RGB")
            tile = Image.blend(tile, Image.new("RGB", (w, h), colour), 0.6)
            for tx in range(x, min(width, x + size), w):
                for ty in range(y, min(height, y + size), h):
                    image.paste(tile, (tx, ty))
    if rng.random() < 0.4:
        image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 2.5)))
    return image, rng


def make(job):
    out, index, seed = job
    image, rng = draw(seed)
    if rng.random() < 0.6:
        image.save(os.path.join(out, f"distractor-{index:06d}.jpg"), quality=rng.randint(70, 95))
    else:
        image.save(os.path.join(out, f"distractor-{index:06d}.png"))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("count", type=int)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--jobs", type=int, default=os.cpu_count())
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    jobs = [(a.out, i, a.seed * 1_000_003 + i) for i in range(a.count)]
    with Pool(a.jobs) as pool:
        for _ in pool.imap_unordered(make, jobs, chunksize=64):
            pass
    print(f"{a.count} distractors in {a.out}")


if __name__ == "__main__":
    main()
