#!/usr/bin/env python3
"""Builds a labelled set of references and queries from images of our own choosing, for fitting
the score models (`make calibrate`) and checking them on data the benchmark did not shape.

usage: make_calibration_set.py LIST OUT_DIR [--refs N] [--seed S] [--negatives F]

LIST holds image paths, one a line (`Scripts/make_panel.py` writes one of images from Debian
packages that are neither in the embedding panel nor in the development benchmark). OUT_DIR gets
`refs/`, `queries/` and `gt.tsv` in the benchmark's layout (query, reference, family, params,
hard_negative, kind, also), so `../shared/bench/score.py` grades a scan of it.

The references are a seeded sample of N images. Each gets one query made from it by one family
of transformations: exact, reencode, color, blur_noise, geometric, overlay, crop, partial, combo,
and image-to-image-like derivatives at three strengths (i2i_low/mid/high: geometry drift,
palette drift, texture re-synthesis and regenerated regions, classical stand-ins for a diffusion
model's image-to-image mode). Negatives (a share F of the queries) are transformed images that
are not references; half of them come from the same folder as some reference (the same game,
artist or clip-art set: `hard_negative` yes). Needs Pillow and NumPy.
"""
import argparse
import csv
import os
import random
import shutil
from multiprocessing import Pool

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageEnhance, ImageFilter, ImageFont, ImageOps

Image.MAX_IMAGE_PIXELS = 200_000_000

FAMILIES = [("reencode", 10), ("crop", 11), ("i2i_low", 7), ("i2i_mid", 7), ("i2i_high", 6), ("color", 9),
            ("blur_noise", 5), ("geometric", 10), ("overlay", 10), ("partial", 5), ("combo", 6), ("exact", 2)]
SIMPLE = ["reencode", "color", "blur_noise", "geometric", "overlay", "crop"]


def rgb(image):
    """Flattens transparency onto white, as a picture is seen."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        ground = Image.new("RGB", image.size, (255, 255, 255))
        ground.paste(image, mask=image.getchannel("A"))
        return ground
    return image.convert("RGB")


def bounded(image, side=1024):
    if max(image.size) > side:
        scale = side / max(image.size)
        image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))), Image.LANCZOS)
    return image


def font(size):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:
        return ImageFont.load_default()


def reencode(im, rng):
    s = rng.uniform(0.45, 0.9)
    return im.resize((max(8, round(im.width * s)), max(8, round(im.height * s))), Image.LANCZOS), f"scale={s:.2f}"


def color(im, rng):
    kind = rng.choice(["gray", "sat", "jitter", "bright", "contrast", "hue", "invert_tone"])
    if kind == "gray":
        return ImageOps.grayscale(im).convert("RGB"), kind
    if kind == "sat":
        return ImageEnhance.Color(im).enhance(rng.choice([rng.uniform(0.2, 0.6), rng.uniform(1.5, 2.2)])), kind
    if kind == "bright":
        return ImageEnhance.Brightness(im).enhance(rng.choice([rng.uniform(0.6, 0.8), rng.uniform(1.2, 1.4)])), kind
    if kind == "contrast":
        return ImageEnhance.Contrast(im).enhance(rng.choice([rng.uniform(0.5, 0.75), rng.uniform(1.3, 1.7)])), kind
    if kind == "jitter":
        a = np.asarray(im).astype(np.float32)
        a = a * np.array([rng.uniform(0.8, 1.2) for _ in range(3)]) + np.array([rng.uniform(-20, 20) for _ in range(3)])
        return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)), kind
    if kind == "hue":
        h, s, v = im.convert("HSV").split()
        shift = rng.randint(20, 110)
        h = h.point(lambda x: (x + shift) % 256)
        return Image.merge("HSV", (h, s, v)).convert("RGB"), kind
    return ImageOps.invert(im), kind


def blur_noise(im, rng):
    kind = rng.choice(["median", "pixelize", "noise", "jpeg_blocky", "blur", "sharpen"])
    if kind == "median":
        return im.filter(ImageFilter.MedianFilter(rng.choice([3, 5]))), kind
    if kind == "pixelize":
        f = rng.randint(5, 10)
        small = im.resize((max(4, im.width // f), max(4, im.height // f)), Image.BILINEAR)
        return small.resize(im.size, Image.NEAREST), kind
    if kind == "noise":
        a = np.asarray(im).astype(np.float32)
        a += np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(8, 22), a.shape)
        return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)), kind
    if kind == "jpeg_blocky":
        return im, "jpeg_blocky"  # saved at quality 8-15 below
    if kind == "blur":
        return im.filter(ImageFilter.GaussianBlur(rng.uniform(1.5, 3))), kind
    return im.filter(ImageFilter.UnsharpMask(3, 200, 2)), kind


def geometric(im, rng):
    kind = rng.choice(["rot90", "rot180", "rot270", "hflip", "vflip", "pad", "aspect", "skew", "rotate", "perspective"])
    if kind in ("rot90", "rot180", "rot270"):
        return im.rotate(int(kind[3:]), expand=True), kind
    if kind == "hflip":
        return ImageOps.mirror(im), kind
    if kind == "vflip":
        return ImageOps.flip(im), kind
    if kind == "pad":
        p = rng.uniform(0.05, 0.25)
        return ImageOps.expand(im, border=(round(im.width * p), round(im.height * p * rng.uniform(0.3, 1))),
                               fill=tuple(rng.randrange(256) for _ in range(3))), kind
    if kind == "aspect":
        f = rng.choice([rng.uniform(0.65, 0.85), rng.uniform(1.2, 1.45)])
        return im.resize((max(8, round(im.width * f)), im.height), Image.LANCZOS), kind
    if kind == "skew":
        k = rng.uniform(0.1, 0.3) * rng.choice([-1, 1])
        return im.transform((im.width + round(abs(k) * im.height), im.height), Image.AFFINE,
                            (1, k, -abs(k) * im.height if k > 0 else 0, 0, 1, 0), Image.BICUBIC, fillcolor=(255, 255, 255)), kind
    if kind == "rotate":
        angle = rng.uniform(5, 20) * rng.choice([-1, 1])
        return im.rotate(angle, expand=True, resample=Image.BICUBIC, fillcolor=(255, 255, 255)), f"rotate({angle:.1f})"
    w, h = im.size
    d = [rng.uniform(0, 0.12) for _ in range(8)]
    quad = (w * d[0], h * d[1], w * d[2], h * (1 - d[3]), w * (1 - d[4]), h * (1 - d[5]), w * (1 - d[6]), h * d[7])
    return im.transform((w, h), Image.QUAD, quad, Image.BICUBIC), kind


def overlay(im, rng, donor):
    kind = rng.choice(["stripes", "screenshot", "emoji", "meme", "text", "opacity_image", "watermark"])
    im = im.copy()
    w, h = im.size
    d = ImageDraw.Draw(im, "RGBA")
    if kind == "stripes":
        for _ in range(rng.randint(2, 4)):
            y = rng.randrange(h)
            d.rectangle([0, y, w, y + max(2, h // rng.randint(12, 30))], fill=tuple(rng.randrange(256) for _ in range(3)) + (255,))
        return im, kind
    if kind == "screenshot":
        bar = max(12, h // 10)
        frame = Image.new("RGB", (w + w // 5, h + 2 * bar), (rng.randint(200, 245),) * 3)
        frame.paste(im, (w // 10, bar))
        fd = ImageDraw.Draw(frame)
        fd.rectangle([0, 0, frame.width, bar - 2], fill=(40, 44, 52))
        fd.text((8, 2), "image.png - Viewer", fill=(230, 230, 230), font=font(max(10, bar // 2)))
        return frame, kind
    if kind == "emoji":
        r = min(w, h) // rng.randint(5, 8)
        x, y = rng.randrange(r, max(r + 1, w - r)), rng.randrange(r, max(r + 1, h - r))
        d.ellipse([x - r, y - r, x + r, y + r], fill=(255, 204, 51, 255))
        d.ellipse([x - r // 2, y - r // 3, x - r // 5, y], fill=(60, 40, 20, 255))
        d.ellipse([x + r // 5, y - r // 3, x + r // 2, y], fill=(60, 40, 20, 255))
        d.arc([x - r // 2, y, x + r // 2, y + r // 2], 0, 180, fill=(60, 40, 20, 255), width=max(2, r // 10))
        return im, kind
    if kind in ("meme", "text"):
        size = max(12, h // (8 if kind == "meme" else 14))
        words = rng.sample(["WHEN", "THE", "CODE", "FINALLY", "WORKS", "MONDAY", "AGAIN", "NOBODY", "ASKED", "BUT", "HERE"], 4)
        for row in range(2 if kind == "meme" else rng.randint(1, 3)):
            y = 4 if row == 0 else h - size - 8 if kind == "meme" else rng.randrange(h)
            d.text((w // 10, y), " ".join(words), fill=(255, 255, 255, 255), font=font(size), stroke_width=2, stroke_fill=(0, 0, 0, 255))
        return im, kind
    if kind == "opacity_image":
        return Image.blend(im, donor.resize(im.size), rng.uniform(0.2, 0.4)), kind
    size = max(10, h // 12)
    for y in range(0, h, size * 3):
        d.text((rng.randrange(max(1, w // 3)), y), "© SAMPLE", fill=(255, 255, 255, 110), font=font(size))
    return im, kind


def crop(im, rng):
    area = rng.uniform(0.25, 0.7)
    aspect = rng.uniform(0.7, 1.4)
    cw = max(16, min(im.width, round((area * im.width * im.height * aspect) ** 0.5)))
    ch = max(16, min(im.height, round(area * im.width * im.height / cw)))
    x, y = rng.randint(0, im.width - cw), rng.randint(0, im.height - ch)
    return im.crop((x, y, x + cw, y + ch)), f"area={cw * ch / (im.width * im.height):.2f}"


def partial(im, rng, donor):
    page = donor.copy()
    whole = rng.random() < 0.45
    part, params = (im, "whole") if whole else crop(im, rng)
    scale = rng.uniform(0.4, 0.8)
    s = min(page.width * scale / part.width, page.height * scale / part.height)
    part = part.resize((max(8, round(part.width * s)), max(8, round(part.height * s))), Image.LANCZOS)
    page.paste(part, (rng.randint(0, page.width - part.width), rng.randint(0, page.height - part.height)))
    return page, f"{params};paste_scale={scale:.2f}"


def i2i(im, rng, strength):
    """An image-to-image-like derivative: the picture redrawn with drift in geometry, palette and
    texture, and some regions regenerated, more of each as `strength` grows."""
    steps = []
    w, h = im.size
    # Geometry drift: a smooth random displacement field.
    grid = 8
    amplitude = strength * 0.02 * min(w, h)
    mesh = []
    offsets = {(i, j): (rng.uniform(-amplitude, amplitude), rng.uniform(-amplitude, amplitude)) for i in range(grid + 1) for j in range(grid + 1)}
    for i in range(grid):
        for j in range(grid):
            box = (w * i // grid, h * j // grid, w * (i + 1) // grid, h * (j + 1) // grid)
            corners = [(i, j), (i, j + 1), (i + 1, j + 1), (i + 1, j)]
            quad = []
            for (ci, cj) in corners:
                dx, dy = offsets[(ci, cj)] if 0 < ci < grid and 0 < cj < grid else (0, 0)
                quad += [w * ci / grid + dx, h * cj / grid + dy]
            mesh.append((box, quad))
    im = im.transform(im.size, Image.MESH, mesh, Image.BICUBIC)
    style = rng.choice(["stylize", "oil", "quantize", "cartoon"])
    steps.append(style)
    if style == "oil":
        im = im.filter(ImageFilter.ModeFilter(max(3, round(3 + 8 * strength))))
    elif style == "quantize":
        im = im.quantize(colors=max(6, round(64 * (1 - strength))), method=Image.Quantize.MEDIANCUT).convert("RGB")
    elif style == "cartoon":
        smooth = im.filter(ImageFilter.MedianFilter(5)).filter(ImageFilter.SMOOTH_MORE)
        edges = ImageOps.invert(im.convert("L").filter(ImageFilter.FIND_EDGES).point(lambda x: 255 if x > 40 else 0))
        im = ImageChops.multiply(smooth, edges.convert("RGB"))
    else:
        im = Image.blend(im, im.filter(ImageFilter.EDGE_ENHANCE_MORE).filter(ImageFilter.SMOOTH), strength)
    if rng.random() < 0.7:
        shift = strength * rng.uniform(0.1, 0.5)
        steps.append(f"palette{shift:.2f}")
        a = np.asarray(im).astype(np.float32)
        mix = np.eye(3) * (1 - shift) + np.array([[rng.random() for _ in range(3)] for _ in range(3)]) * shift
        a = a @ mix.T / mix.sum(1)
        im = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    if strength >= 0.5 or rng.random() < 0.5:
        steps.append("regen")
        for _ in range(rng.randint(1, 3)):
            rw, rh = round(w * rng.uniform(0.15, 0.35) * strength * 2), round(h * rng.uniform(0.15, 0.35) * strength * 2)
            rw, rh = max(8, min(w, rw)), max(8, min(h, rh))
            x, y = rng.randint(0, w - rw), rng.randint(0, h - rh)
            # Redrawn: the region blurred and blended with texture from elsewhere in the picture,
            # feathered into its surroundings.
            sx, sy = rng.randint(0, w - rw), rng.randint(0, h - rh)
            patch = Image.blend(im.crop((x, y, x + rw, y + rh)).filter(ImageFilter.GaussianBlur(4 * strength + 1)),
                                im.crop((sx, sy, sx + rw, sy + rh)), 0.3 + 0.4 * strength)
            mask = Image.new("L", (rw, rh), 0)
            ImageDraw.Draw(mask).ellipse([0, 0, rw, rh], fill=255)
            im.paste(patch, (x, y), mask.filter(ImageFilter.GaussianBlur(max(2, min(rw, rh) // 8))))
    return im, f"s={strength};" + ",".join(steps)


def transform(im, family, rng, donor):
    if family == "exact":
        return im, ""
    if family == "reencode":
        return reencode(im, rng)
    if family == "color":
        return color(im, rng)
    if family == "blur_noise":
        return blur_noise(im, rng)
    if family == "geometric":
        return geometric(im, rng)
    if family == "overlay":
        return overlay(im, rng, donor)
    if family == "crop":
        return crop(im, rng)
    if family == "partial":
        return partial(im, rng, donor)
    if family.startswith("i2i"):
        return i2i(im, rng, {"i2i_low": 0.3, "i2i_mid": 0.5, "i2i_high": 0.7}[family])
    parts = []
    for f in rng.sample(SIMPLE, rng.randint(2, 3)):
        im, p = transform(im, f, rng, donor)
        parts.append(f"{f}:{p.split(';')[0]}")
    return im, "+".join(parts)


def make(job):
    name, source, family, donor_path, seed, out = job
    rng = random.Random(seed)
    if family == "exact":
        ext = os.path.splitext(source)[1].lower()
        shutil.copyfile(source, os.path.join(out, name + ext))
        return name + ext, ""
    im = bounded(rgb(Image.open(source)))
    donor = bounded(rgb(Image.open(donor_path)))
    im, params = transform(im, family, rng, donor)
    if params.startswith("jpeg_blocky") or "jpeg_blocky" in params:
        file = name + ".jpg"
        im.save(os.path.join(out, file), quality=rng.randint(8, 15))
    elif rng.random() < 0.7:
        file = name + ".jpg"
        im.save(os.path.join(out, file), quality=rng.randint(60, 92))
    else:
        file = name + ".png"
        im.save(os.path.join(out, file))
    return file, params


def has_content(im):
    """Whether at least a sixth of the flattened picture differs from its plain ground (a small
    sprite on a large transparent canvas is left out: it would be a test of nothing)."""
    small = rgb(im.copy()).resize((64, 64))
    a = np.asarray(small).astype(np.int16)
    ground = a[0, 0]
    return (np.abs(a - ground).sum(axis=2) > 30).mean() > 1 / 6


def folder(path):
    return os.path.dirname(path)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("list")
    p.add_argument("out")
    p.add_argument("--refs", type=int, default=400)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--negatives", type=float, default=0.45)
    a = p.parse_args()
    rng = random.Random(a.seed)
    pool = [line.strip() for line in open(a.list) if line.strip()]
    usable = []
    for path in pool:
        try:
            with Image.open(path) as im:
                if min(im.size) >= 96 and has_content(im):
                    usable.append(path)
        except Exception:
            pass
    rng.shuffle(usable)
    refs, rest = usable[:a.refs], usable[a.refs:]
    os.makedirs(os.path.join(a.out, "refs"), exist_ok=True)
    os.makedirs(os.path.join(a.out, "queries"), exist_ok=True)
    ref_names = {}
    for i, path in enumerate(refs):
        name = f"c{a.seed}r-{i:05d}" + os.path.splitext(path)[1].lower()
        shutil.copyfile(path, os.path.join(a.out, "refs", name))
        ref_names[path] = name
    ref_folders = {folder(p) for p in refs}
    hard = [p for p in rest if folder(p) in ref_folders]
    easy = [p for p in rest if folder(p) not in ref_folders]
    families, weights = zip(*FAMILIES)
    jobs, rows = [], []
    for i, path in enumerate(refs):
        family = rng.choices(families, weights)[0]
        jobs.append((f"c{a.seed}q-{i:05d}", path, family, rng.choice(rest), rng.randrange(1 << 30), os.path.join(a.out, "queries")))
        rows.append((ref_names[path], family, "no"))
    negatives = round(a.refs * a.negatives)
    for k in range(negatives):
        source_pool = hard if (k % 2 == 0 and hard) else easy or hard
        path = source_pool.pop(rng.randrange(len(source_pool)))
        family = rng.choices([f for f in families if f not in ("exact", "partial")],
                             [w for f, w in FAMILIES if f not in ("exact", "partial")])[0]
        jobs.append((f"c{a.seed}q-{len(refs) + k:05d}", path, family, rng.choice(easy or hard), rng.randrange(1 << 30),
                     os.path.join(a.out, "queries")))
        rows.append(("", family, "yes" if folder(path) in ref_folders else "no"))
    with Pool() as workers:
        made = workers.map(make, jobs, chunksize=8)
    with open(os.path.join(a.out, "gt.tsv"), "w", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["query", "reference", "family", "params", "hard_negative", "kind", "also"])
        for (file, params), (reference, family, hard_negative) in zip(made, rows):
            w.writerow([file, reference, family, params, hard_negative, "", ""])
    print(f"{len(refs)} references, {len(refs)} copies and {negatives} negatives in {a.out}")


if __name__ == "__main__":
    main()
