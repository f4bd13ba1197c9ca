#!/usr/bin/env python3
"""Chooses the images of the embedding background panel, and a disjoint set of real
distractors, from freely licensed images in Debian packages.

usage: make_panel.py ROOT PANEL_LIST DISTRACTOR_LIST [--panel N] [--seed S] [--exclude NOTICE.tsv]

ROOT is a folder the packages were unpacked into (`apt-get download PKG; dpkg -x PKG.deb ROOT`);
`make panel` names the packages. Images at least 160 pixels on their shorter side are kept: one
file of each picture (by its bytes and by a 12x12 thumbnail: placeholders and re-saved copies
recur), and at most two per group of files that differ only in digits or a recolour suffix (a
template family is one picture, not many). Files of a family (by name, in any folder) of which a
NOTICE.tsv names an original path (the development benchmark's sources) are left out, and so
are files with the bytes or the thumbnail of such a source. Of what is left, a seeded sample of N (and a few spares,
in the order they were drawn), in equal shares per package, goes to the panel list, the rest to
the distractor list: the two never share a file, so measuring with the distractors does not
measure the panel against itself.
Needs Pillow.
"""
import argparse
import csv
import hashlib
import os
import random
import re

from PIL import Image

EXTENSIONS = (".png", ".jpg", ".jpeg", ".webp")


PER_FAMILY = 2
SPARES = 64
# The folders of the packages' pictures (documentation screenshots and icon themes are left out).
PACKAGES = ("games/wesnoth", "games/endless-sky", "openclipart", "tuxpaint")


def package(relative):
    """The folder under usr/share naming the package an unpacked file came from."""
    parts = relative.split(os.sep)
    at = parts.index("share") + 1 if "share" in parts else 0
    return "/".join(parts[at:at + 2]) if parts[at] in ("games", "doc") else parts[at]


def family(path):
    """Files of one template family: the name without digits and recolour/variant suffixes."""
    stem = os.path.splitext(os.path.basename(path))[0].lower()
    stem = re.sub(r"[-_ ]?(\d+|left|right|red|blue|green|yellow|purple|black|white|orange|brown|teal|small|large|alt)\b", "", stem)
    return os.path.dirname(path), re.sub(r"\d+", "", stem)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("root")
    p.add_argument("panel_list")
    p.add_argument("distractor_list")
    p.add_argument("--panel", type=int, default=1024)
    p.add_argument("--seed", type=int, default=20261207)
    p.add_argument("--exclude")
    p.add_argument("--min-side", type=int, default=160)
    a = p.parse_args()

    # Every file of a family the benchmark drew from is left out, not only the file it took:
    # clip-art sets hold the same drawing as name_01.png and name_02.png.
    # The same drawing also recurs in other categories and under other names, so the
    # benchmark's own files are fingerprinted too (their bytes and thumbnails block copies).
    root = os.path.abspath(a.root)
    excluded, seen = set(), set()
    if a.exclude and os.path.exists(a.exclude):
        for row in csv.DictReader(open(a.exclude), delimiter="\t"):
            original = row.get("original_path", "")
            excluded.add(family(original)[1])
            path = os.path.join(root, original.lstrip("/"))
            if os.path.isfile(path):
                try:
                    with Image.open(path) as image:
                        seen.add(image.convert("L").resize((12, 12)).tobytes())
                    seen.add(hashlib.sha256(open(path, "rb").read()).hexdigest())
                except Exception:
                    pass

    chosen = {}
    for folder, _, names in os.walk(root):
        for name in sorted(names):
            if not name.lower().endswith(EXTENSIONS):
                continue
            path = os.path.join(folder, name)
            original = "/" + os.path.relpath(path, root)
            if family(original)[1] in excluded or package(original) not in PACKAGES:
                continue
            try:
                with Image.open(path) as image:
                    if min(image.size) < a.min_side:
                        continue
                    # One file of each picture: the same bytes, or the same 12x12 thumbnail
                    # (placeholder images and re-saved copies recur across a package).
                    thumbnail = image.convert("L").resize((12, 12)).tobytes()
            except Exception:
                continue
            digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
            if digest in seen or thumbnail in seen:
                continue
            seen.update((digest, thumbnail))
            members = chosen.setdefault(family(original), [])
            if len(members) < PER_FAMILY:
                members.append(path)

    # Equal shares per package, so that one package's thousands of clip-art files do not make
    # the panel a panel of clip art; a package with too few fills up from the others.
    rng = random.Random(a.seed)
    by_package = {}
    for members in chosen.values():
        for path in members:
            by_package.setdefault(package(os.path.relpath(path, root)), []).append(path)
    for paths in by_package.values():
        paths.sort()
        rng.shuffle(paths)
    # A few spares, in the same order, for images that cannot be embedded (palimpsest-bench
    # --make-panel takes the first N it can).
    wanted = a.panel + SPARES
    panel, queues = [], sorted(by_package.items())
    while len(panel) < wanted and any(q for _, q in queues):
        for _, q in queues:
            if q and len(panel) < wanted:
                panel.append(q.pop())
    rest = [path for _, q in queues for path in q]
    with open(a.panel_list, "w") as f:
        f.writelines(path + "\n" for path in panel)
    with open(a.distractor_list, "w") as f:
        f.writelines(path + "\n" for path in sorted(rest))
    shares = {name: sum(1 for p in panel if package(os.path.relpath(p, root)) == name) for name in by_package}
    print(f"{len(panel) + len(rest)} images after filtering: {len(panel)} in the panel {shares}, {len(rest)} distractors")


if __name__ == "__main__":
    main()
