#!/usr/bin/env python3
"""Regenerates Tests/Fixtures/decode/ and prints the Pillow checksums the tests pin.

Run from anywhere: python3 Tests/Fixtures/decode/tools/make_fixtures.py
Needs Pillow, a C compiler and libjpeg-dev (for the YCCK file), and ../shared/samples beside
the repository for the photographic source (NASA, public domain).
"""
import os, random, struct, subprocess, sys, tempfile, zlib
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
REPO = os.path.abspath(os.path.join(OUT, "..", "..", ".."))
PHOTO = os.path.join(REPO, "..", "shared", "samples", "corpus", "nasa-00.jpg")


def path(name):
    full = os.path.join(OUT, name)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    return full


def write(name, data):
    with open(path(name), "wb") as f:
        f.write(data)


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


# ---------------------------------------------------------------- PNG writer (all bit depths, Adam7)

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def pack_row(samples, depth):
    """samples: flat list of sample values for one row."""
    if depth == 16:
        return b"".join(struct.pack(">H", s) for s in samples)
    if depth == 8:
        return bytes(samples)
    per = 8 // depth
    out = bytearray()
    for i in range(0, len(samples), per):
        byte = 0
        group = samples[i:i + per]
        for j in range(per):
            byte = (byte << depth) | (group[j] if j < len(group) else 0)
        out.append(byte)
    return bytes(out)


def png(width, height, depth, color_type, pixels, channels, interlace=False, extra=b"", palette=None, trns=None):
    """pixels[y][x] is a tuple of `channels` samples."""
    def scanlines(xs, ys):
        raw = b""
        for y in ys:
            flat = [s for x in xs for s in pixels[y][x]]
            raw += b"\0" + pack_row(flat, depth)
        return raw
    if interlace:
        raw = b""
        for x0, y0, dx, dy in ADAM7:
            xs, ys = list(range(x0, width, dx)), list(range(y0, height, dy))
            if xs and ys:
                raw += scanlines(xs, ys)
    else:
        raw = scanlines(range(width), range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, 1 if interlace else 0)
    body = chunk(b"IHDR", ihdr)
    if palette:
        body += chunk(b"PLTE", b"".join(bytes(c) for c in palette))
    if trns is not None:
        body += chunk(b"tRNS", trns)
    body += extra + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def make_pngs():
    rnd = random.Random(7)
    w, h = 13, 11  # odd sizes: partial bytes at low bit depths, partial Adam7 passes
    for depth in (1, 2, 4, 8, 16):
        top = (1 << depth) - 1
        px = [[((x * 3 + y * 5) * top // 40 % (top + 1),) for x in range(w)] for y in range(h)]
        write(f"png/gray-{depth}.png", png(w, h, depth, 0, px, 1))
    px = [[((x * 20) % 256, (y * 23) % 256) for x in range(w)] for y in range(h)]
    write("png/gray-alpha-8.png", png(w, h, 8, 4, px, 2))
    px = [[(x * 19 % 256, y * 23 % 256, (x * y * 7) % 256) for x in range(w)] for y in range(h)]
    write("png/rgb-8.png", png(w, h, 8, 2, px, 3))
    px = [[(x * 19 % 256, y * 23 % 256, (x * y * 7) % 256, (x * 17 + y * 11) % 256) for x in range(w)] for y in range(h)]
    write("png/rgba-8.png", png(w, h, 8, 6, px, 4))
    px = [[(rnd.randrange(65536), rnd.randrange(65536)) for x in range(w)] for y in range(h)]
    write("png/gray-alpha-16.png", png(w, h, 16, 4, px, 2))
    px = [[tuple(rnd.randrange(65536) for _ in range(4)) for x in range(w)] for y in range(h)]
    write("png/rgba-16.png", png(w, h, 16, 6, px, 4))
    palette = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0), (10, 20, 30)]
    px = [[((x + y) % 5,) for x in range(w)] for y in range(h)]
    write("png/palette-trns.png", png(w, h, 4, 3, px, 1, palette=palette, trns=bytes([0, 128, 255])))
    # Adam7: 8-bit RGB, and 16-bit RGB with the same pixels also stored without interlacing.
    W, H = 33, 27
    px8 = [[(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)) for x in range(W)] for y in range(H)]
    write("png/adam7-8.png", png(W, H, 8, 2, px8, 3, interlace=True))
    px16 = [[tuple(rnd.randrange(65536) for _ in range(3)) for x in range(W)] for y in range(H)]
    write("png/adam7-16.png", png(W, H, 16, 2, px16, 3, interlace=True))
    write("png/rgb-16.png", png(W, H, 16, 2, px16, 3))
    # Orientation in an eXIf chunk (raw TIFF, no "Exif" prefix, as the PNG specification has it).
    quad = quadrants()
    qpx = [[quad.getpixel((x, y)) for x in range(quad.width)] for y in range(quad.height)]
    write("png/exif-orientation-6.png", png(quad.width, quad.height, 8, 2, qpx, 3, extra=chunk(b"eXIf", tiff_orientation(6))))
    # Hostile: truncated inside IDAT, garbage after the signature, absurd dimensions.
    good = open(path("png/rgb-16.png"), "rb").read()
    write("png/truncated.png", good[: len(good) // 2])
    write("png/garbage-after-signature.png", b"\x89PNG\r\n\x1a\n" + bytes(rnd.randrange(256) for _ in range(200)))
    huge = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0))
    huge += chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    write("png/huge-dimensions.png", huge)


def tiff_orientation(value):
    """A minimal big-endian TIFF block: IFD0 with one Orientation entry."""
    return b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1) + struct.pack(">HHIHH", 0x0112, 3, 1, value, 0) + struct.pack(">I", 0)


# ---------------------------------------------------------------- JPEG

def quadrants():
    """32 × 24: red top-left, green top-right, blue bottom-left, white bottom-right."""
    im = Image.new("RGB", (32, 24))
    for (x, y, c) in [(0, 0, (255, 0, 0)), (16, 0, (0, 255, 0)), (0, 12, (0, 0, 255)), (16, 12, (255, 255, 255))]:
        im.paste(c, (x, y, x + 16, y + 12))
    return im


def make_jpegs():
    photo = Image.open(PHOTO).convert("RGB")
    small = photo.resize((64, 48), Image.LANCZOS)
    small.save(path("jpeg/baseline.jpg"), quality=85)
    small.save(path("jpeg/progressive.jpg"), quality=85, progressive=True)
    small.convert("L").save(path("jpeg/grayscale.jpg"), quality=85)
    small.convert("CMYK").save(path("jpeg/cmyk-adobe.jpg"), quality=85)
    exif = Image.Exif()
    exif[0x0112] = 6
    small.convert("CMYK").save(path("jpeg/cmyk-orientation-6.jpg"), quality=85, exif=exif.tobytes())
    photo.resize((203, 151), Image.LANCZOS).save(path("jpeg/scaling-203x151.jpg"), quality=70)
    # YCCK through libjpeg directly; samples inverted as Adobe (and Pillow) store CMYK.
    with tempfile.TemporaryDirectory() as tmp:
        tool = os.path.join(tmp, "make_ycck")
        subprocess.run(["cc", os.path.join(HERE, "make_ycck.c"), "-ljpeg", "-o", tool], check=True)
        raw = os.path.join(tmp, "in.cmyk")
        with open(raw, "wb") as f:
            f.write(bytes(255 - v for v in small.convert("CMYK").tobytes()))
        subprocess.run([tool, "64", "48", raw, path("jpeg/ycck.jpg")], check=True)
    quad = quadrants()
    for n in range(1, 9):
        exif = Image.Exif()
        exif[0x0112] = n
        quad.save(path(f"jpeg/orientation-{n}.jpg"), quality=95, subsampling=0, exif=exif.tobytes())
    good = open(path("jpeg/baseline.jpg"), "rb").read()
    write("jpeg/truncated.jpg", good[: len(good) * 6 // 10])
    # Random bytes after FF D8 FF. (Seed 1 makes libjpeg meet a bogus marker; with some seeds the
    # first "segment" merely declares a length past the end, which reads as truncation instead.)
    rnd = random.Random(1)
    write("jpeg/garbage-after-soi.jpg", b"\xff\xd8\xff" + bytes(rnd.randrange(256) for _ in range(300)))
    sof = good.index(b"\xff\xc0")
    huge = bytearray(good)
    huge[sof + 5:sof + 9] = struct.pack(">HH", 60000, 60000)  # height, width
    write("jpeg/huge-dimensions.jpg", bytes(huge))
    twelve = bytearray(good)
    twelve[sof + 4] = 12  # sample precision
    write("jpeg/precision-12.jpg", bytes(twelve))
    write("jpeg/not-a-jpeg.jpg", b"This is a text file with a .jpg name, not an image.\n")


# ---------------------------------------------------------------- WebP

def make_webps():
    photo = Image.open(PHOTO).convert("RGB").resize((64, 48), Image.LANCZOS)
    photo.save(path("webp/lossy.webp"), quality=80)
    photo.save(path("webp/lossless.webp"), lossless=True)
    rgba = photo.convert("RGBA")
    alpha = Image.new("L", photo.size, 255)  # rows 0-15 transparent, 16-31 half, 32-47 opaque
    alpha.paste(0, (0, 0, 64, 16))
    alpha.paste(128, (0, 16, 64, 32))
    rgba.putalpha(alpha)
    rgba.save(path("webp/alpha-lossless.webp"), lossless=True, exact=True)
    rgba.save(path("webp/alpha-lossy.webp"), quality=80)
    exif = Image.Exif()
    exif[0x0112] = 8
    quadrants().save(path("webp/exif-orientation-8.webp"), lossless=True, exif=exif.tobytes())
    frames = [Image.new("RGB", (24, 16), c) for c in [(200, 30, 30), (30, 200, 30)]]
    frames[0].save(path("webp/animated.webp"), save_all=True, append_images=frames[1:], duration=100, lossless=True)
    good = open(path("webp/lossy.webp"), "rb").read()
    write("webp/truncated.webp", good[: len(good) // 2])
    # A VP8L header declaring 16384 × 16384 pixels, followed by no image data.
    bits = (16384 - 1) | ((16384 - 1) << 14)
    vp8l = b"\x2f" + struct.pack("<I", bits) + b"\0" * 8
    body = b"WEBP" + b"VP8L" + struct.pack("<I", len(vp8l)) + vp8l
    write("webp/huge-dimensions.webp", b"RIFF" + struct.pack("<I", len(body)) + body)


def checksums():
    names = ["jpeg/baseline.jpg", "jpeg/progressive.jpg", "jpeg/grayscale.jpg", "jpeg/cmyk-adobe.jpg",
             "jpeg/ycck.jpg", "png/gray-1.png", "png/gray-2.png", "png/gray-4.png", "png/gray-8.png",
             "png/gray-alpha-8.png", "png/rgb-8.png", "png/rgba-8.png", "png/rgb-16.png", "png/rgba-16.png",
             "png/gray-alpha-16.png", "png/palette-trns.png", "png/adam7-8.png", "png/adam7-16.png",
             "webp/lossy.webp", "webp/lossless.webp", "webp/alpha-lossless.webp", "webp/alpha-lossy.webp"]
    print("// Image.open(f).convert('RGB').tobytes(), FNV-1a 64")
    for name in names:
        im = Image.open(path(name))
        print(f'("{name}", 0x{fnv1a64(im.convert("RGB").tobytes()):016x}),  // {im.mode} {im.size}')
    gray16 = Image.open(path("png/gray-16.png"))  # Pillow clips I;16 to 255; we take the high byte
    high = bytes(v >> 8 for v in gray16.getdata() for _ in range(3))
    print(f'// gray-16.png high bytes replicated: 0x{fnv1a64(high):016x}')
    print("// scaling-203x151.jpg after Image.draft('RGB', (w // d, h // d))")
    for d in (1, 2, 4, 8):
        im = Image.open(path("jpeg/scaling-203x151.jpg"))
        im.draft("RGB", (203 // d, 151 // d))  # draft picks the largest scale with w // d, h // d
        rgb = im.convert("RGB")
        print(f"({d}, {rgb.size}, 0x{fnv1a64(rgb.tobytes()):016x}),")


if __name__ == "__main__":
    make_pngs()
    make_jpegs()
    make_webps()
    checksums()
