#!/usr/bin/env python3
"""Prints the reference table Tests/Fixtures/conformance/dhash_vertical.tsv.

For every image file in the given folders of originals, one row
``originals/<name><TAB><hash>``, where the hash is
``str(imagehash.dhash_vertical(Image.open(path)))`` exactly as ImageHash computes it on the
file: no EXIF transpose and no conversion beforehand (ImageHash converts to "L" itself). Rows
are named as in shared/conformance/imagehash.tsv and expected.tsv (the folder's name, a slash,
the file's name, i.e. relative to the conformance folder) and sorted by that path. A name found
in several folders is written once; its hashes must agree, or the script fails.

What ImageHash 4.3.2 computes (read from inspect.getsource(imagehash.dhash_vertical)):
image.convert("L").resize((hash_size, hash_size + 1), ANTIALIAS), i.e. 8 wide by 9 high,
where ANTIALIAS is Image.Resampling.LANCZOS; then diff = pixels[1:, :] > pixels[:-1, :] (bit
set where the pixel below is strictly brighter than the one above); str() flattens the 8 x 8
bits row-major, first bit most significant, as 16 lower-case hex digits.

The committed table was produced by ImageHash 4.3.2 with Pillow 13.0.0 (numpy 2.4.6,
scipy 1.17.1, PyWavelets 1.9.0, CPython 3.11.7) over the six committed originals and the 83
of shared/conformance/originals. To regenerate it, from the repository's root:

    python3 -m venv /tmp/ihenv
    /tmp/ihenv/bin/pip install imagehash==4.3.2 pillow==13.0.0
    /tmp/ihenv/bin/python Tests/Fixtures/conformance/tools/dhash_vertical.py \\
        Tests/Fixtures/conformance/originals ../shared/conformance/originals \\
        > Tests/Fixtures/conformance/dhash_vertical.tsv

With no folder given, it reads Tests/Fixtures/conformance/originals only. It refuses to run
under other versions of ImageHash or Pillow unless given --any-version.
"""
import argparse
import os
import sys

import imagehash
import PIL
from PIL import Image

IMAGEHASH_VERSION = "4.3.2"
PILLOW_VERSION = "13.0.0"
EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff"}

HERE = os.path.dirname(os.path.abspath(__file__))
CONFORMANCE = os.path.dirname(HERE)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", default=[os.path.join(CONFORMANCE, "originals")],
                        help="folders of originals (default: the committed ones)")
    parser.add_argument("--any-version", action="store_true",
                        help="run even under other versions of ImageHash or Pillow")
    args = parser.parse_args()

    versions = (imagehash.__version__, PIL.__version__)
    if versions != (IMAGEHASH_VERSION, PILLOW_VERSION):
        message = "ImageHash %s and Pillow %s found; the table is made with ImageHash %s and Pillow %s" % (
            versions + (IMAGEHASH_VERSION, PILLOW_VERSION))
        if not args.any_version:
            sys.exit(message + " (pass --any-version to run anyway)")
        print("warning: " + message, file=sys.stderr)

    rows = {}
    for folder in args.folders:
        folder = os.path.abspath(folder)
        prefix = os.path.basename(folder.rstrip(os.sep))
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if not os.path.isfile(path) or os.path.splitext(name)[1].lower() not in EXTENSIONS:
                continue
            with Image.open(path) as image:
                value = str(imagehash.dhash_vertical(image))
            key = prefix + "/" + name
            if key in rows and rows[key][0] != value:
                sys.exit("%s: %s from %s but %s from %s" % (key, rows[key][0], rows[key][1], value, path))
            rows.setdefault(key, (value, path))

    out = sys.stdout
    out.write("original\tdhash_vertical\n")
    for key in sorted(rows):
        out.write("%s\t%s\n" % (key, rows[key][0]))


if __name__ == "__main__":
    main()
