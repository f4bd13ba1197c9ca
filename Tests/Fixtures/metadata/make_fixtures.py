#!/usr/bin/env python3
"""Writes the metadata fixtures of Tests/MetadataTests, byte for byte, the way each generator
writes its files (see Tests/Fixtures/NOTICE.md, section `metadata/`).

Run from anywhere: `python3 Tests/Fixtures/metadata/make_fixtures.py`. Needs Pillow only;
EXIF, XMP, JUMBF and CBOR are assembled by hand below, since piexif and cbor2 are not needed
for such small structures. Every picture is synthetic, drawn here.
"""
import hashlib
import io
import json
import os
import random
import struct
import zlib

from PIL import Image, ImageDraw
from PIL.PngImagePlugin import PngInfo

HERE = os.path.dirname(os.path.abspath(__file__))


def out(name):
    return os.path.join(HERE, name)


# MARK: pictures

def picture(seed, size=(64, 64)):
    """A deterministic synthetic picture: a gradient with a few shapes."""
    rng = random.Random(seed)
    w, h = size
    im = Image.new("RGB", size)
    px = im.load()
    a, b = rng.randrange(256), rng.randrange(256)
    for y in range(h):
        for x in range(w):
            px[x, y] = ((a + 3 * x) % 256, (b + 3 * y) % 256, (x * y) % 256)
    draw = ImageDraw.Draw(im)
    for _ in range(4):
        x0, y0 = rng.randrange(w - 8), rng.randrange(h - 8)
        draw.ellipse([x0, y0, x0 + rng.randrange(8, 24), y0 + rng.randrange(8, 24)],
                     fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    return im


def noise(seed, size=(96, 96)):
    """Random pixels: looks like nothing else, so only metadata can tie it to a reference."""
    rng = random.Random(seed)
    return Image.frombytes("RGB", size, bytes(rng.randrange(256) for _ in range(size[0] * size[1] * 3)))


def png_bytes(im, info=None):
    buf = io.BytesIO()
    im.save(buf, "PNG", pnginfo=info)
    return buf.getvalue()


def write(name, data):
    with open(out(name), "wb") as f:
        f.write(data)


# MARK: PNG chunk surgery (for what Pillow cannot write: caBX, hostile chunks)

def chunk(kind, data, length=None):
    length = len(data) if length is None else length
    return struct.pack(">I", length) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def insert_after_ihdr(png, *chunks):
    ihdr_end = 8 + 8 + 13 + 4
    return png[:ihdr_end] + b"".join(chunks) + png[ihdr_end:]


def insert_before_iend(png, *chunks):
    return png[:-12] + b"".join(chunks) + png[-12:]


# MARK: EXIF (TIFF) by hand, as piexif.dump does for Automatic1111

def exif_user_comment(comment, big_endian):
    """A TIFF block with IFD0 holding only the Exif IFD pointer, and the Exif IFD holding
    UserComment (UNDEFINED), in the given byte order."""
    e = ">" if big_endian else "<"
    header = (b"MM" if big_endian else b"II") + struct.pack(e + "HI", 42, 8)
    exif_ifd = 8 + 2 + 12 + 4
    ifd0 = struct.pack(e + "H", 1) + struct.pack(e + "HHII", 0x8769, 4, 1, exif_ifd) + struct.pack(e + "I", 0)
    data_at = exif_ifd + 2 + 12 + 4
    sub = struct.pack(e + "H", 1) + struct.pack(e + "HHII", 0x9286, 7, len(comment), data_at) + struct.pack(e + "I", 0)
    return header + ifd0 + sub + comment


def exif_loop():
    """IFD0 whose Exif IFD pointer points back at IFD0."""
    return b"MM" + struct.pack(">HI", 42, 8) + struct.pack(">H", 1) + struct.pack(">HHII", 0x8769, 4, 1, 8) + struct.pack(">I", 0)


def insert_jpeg_segments(jpeg, *segments):
    """Inserts segments after SOI and the APP0 (JFIF) segment Pillow writes first."""
    assert jpeg[2:4] == b"\xff\xe0"
    app0_end = 4 + struct.unpack(">H", jpeg[4:6])[0]
    return jpeg[:app0_end] + b"".join(segments) + jpeg[app0_end:]


def segment(marker, payload):
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def jpeg_bytes(im, **kw):
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=90, **kw)
    return buf.getvalue()


# MARK: CBOR and JUMBF by hand, as c2pa-rs writes a manifest store

class Tag:
    def __init__(self, number, value):
        self.number, self.value = number, value


def cbor(v):
    def head(major, n):
        if n < 24:
            return bytes([major << 5 | n])
        for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
            if n < 1 << (8 * struct.calcsize(fmt)):
                return bytes([major << 5 | info]) + struct.pack(fmt, n)
        raise ValueError(n)
    if v is None:
        return b"\xf6"
    if v is True or v is False:
        return b"\xf5" if v else b"\xf4"
    if isinstance(v, int):
        return head(0, v) if v >= 0 else head(1, -1 - v)
    if isinstance(v, bytes):
        return head(2, len(v)) + v
    if isinstance(v, str):
        b = v.encode()
        return head(3, len(b)) + b
    if isinstance(v, list):
        return head(4, len(v)) + b"".join(cbor(x) for x in v)
    if isinstance(v, dict):
        return head(5, len(v)) + b"".join(cbor(k) + cbor(x) for k, x in v.items())
    if isinstance(v, Tag):
        return head(6, v.number) + cbor(v.value)
    raise TypeError(v)


UUID_SUFFIX = bytes.fromhex("00110010800000AA00389B71")


def box(kind, payload):
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def superbox(type4, label, *children):
    # Toggles 0x03: requestable, label present.
    description = box(b"jumd", type4 + UUID_SUFFIX + b"\x03" + label.encode() + b"\x00")
    return box(b"jumb", description + b"".join(children))


def c2pa_store(fmt):
    actions = superbox(b"cbor", "c2pa.actions.v2", box(b"cbor", cbor({"actions": [{
        "action": "c2pa.created",
        "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
        "softwareAgent": {"name": "Example Image Generator", "version": "2.1"},
    }]})))
    ingredient = superbox(b"cbor", "c2pa.ingredient.v3", box(b"cbor", cbor({
        "dc:title": "sketch.png", "dc:format": "image/png", "relationship": "inputTo",
    })))
    hashed = superbox(b"cbor", "c2pa.hash.data", box(b"cbor", cbor({
        "exclusions": [{"start": 20, "length": 4000}], "name": "jumbf manifest", "alg": "sha256", "hash": bytes(32),
    })))
    assertions = superbox(b"c2as", "c2pa.assertions", actions, ingredient, hashed)
    claim = superbox(b"c2cl", "c2pa.claim", box(b"cbor", cbor({
        "claim_generator": "Example Image Generator/2.1 c2pa-rs/0.49.0",
        "claim_generator_info": [{"name": "Example Image Generator", "version": "2.1"}],
        "dc:title": "lighthouse." + fmt, "dc:format": "image/" + fmt,
        "instanceID": "xmp:iid:5b1c3b1e-9a61-4b5e-8f63-0c2a6a3f0d11",
        "signature": "self#jumbf=c2pa.signature",
        "assertions": [{"url": "self#jumbf=c2pa.assertions/c2pa.actions.v2", "hash": bytes(32)},
                       {"url": "self#jumbf=c2pa.assertions/c2pa.ingredient.v3", "hash": bytes(32)},
                       {"url": "self#jumbf=c2pa.assertions/c2pa.hash.data", "hash": bytes(32)}],
        "alg": "sha256",
    })))
    signature = superbox(b"c2cs", "c2pa.signature", box(b"cbor", cbor(Tag(18, [bytes(4), {}, None, bytes(64)]))))
    manifest = superbox(b"c2ma", "urn:uuid:0f6a1c52-7d1e-4a4f-9a0e-3f5b2f1d9c77", assertions, claim, signature)
    return superbox(b"c2pa", "c2pa", manifest)


def app11_segments(store, size):
    """JPEG XT APP11 segments: CI 'JP', instance 1, sequence 1…; every segment repeats the
    superbox's LBox/TBox before its share of the rest."""
    head, rest = store[:8], store[8:]
    parts = [rest[i:i + size] for i in range(0, len(rest), size)]
    return [segment(0xEB, b"JP" + struct.pack(">HI", 1, n + 1) + head + part) for n, part in enumerate(parts)]


# MARK: XMP

def xmp_attribute(source_type, tool):
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
            ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
            '  <rdf:Description rdf:about=""\n'
            '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"\n'
            '    xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"\n'
            f'    xmp:CreatorTool="{tool}"\n'
            f'    Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/{source_type}"/>\n'
            ' </rdf:RDF>\n'
            '</x:xmpmeta>\n'
            '<?xpacket end="w"?>')


def xmp_element(source_type, tool):
    return ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
            'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">'
            f'<xmp:CreatorTool>{tool}</xmp:CreatorTool>'
            f'<Iptc4xmpExt:DigitalSourceType>http://cv.iptc.org/newscodes/digitalsourcetype/{source_type}'
            '</Iptc4xmpExt:DigitalSourceType>'
            '</rdf:Description></rdf:RDF></x:xmpmeta>')


# MARK: Generator texts

A1111_TXT2IMG = (
    "masterpiece, a lighthouse on a cliff at dusk, oil painting\n"
    "Negative prompt: blurry, lowres, watermark\n"
    "Steps: 28, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7, Seed: 1234567890, Size: 512x768, "
    "Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Denoising strength: 0.7, Hires upscale: 2, Hires steps: 10, "
    "Hires upscaler: Latent, Lora hashes: \"detail: 1a2b3c4d5e6f, style: 0f9e8d7c6b5a\", Version: v1.10.1"
)


def a1111_img2img(init_hash, size):
    return (
        "a lighthouse, watercolor\n"
        "Negative prompt: lowres\n"
        f"Steps: 20, Sampler: Euler a, Schedule type: Automatic, CFG scale: 7, Seed: 42, Size: {size[0]}x{size[1]}, "
        f"Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Denoising strength: 0.45, Init image hash: {init_hash}, "
        "Version: v1.10.1"
    )


def comfy_api(img2img, hires=False):
    graph = {
        "3": {"inputs": {"seed": 156680208700286, "steps": 20, "cfg": 8, "sampler_name": "euler", "scheduler": "normal",
                         "denoise": 0.6 if img2img else 1, "model": ["4", 0], "positive": ["6", 0], "negative": ["7", 0],
                         "latent_image": ["12", 0] if img2img else ["5", 0]},
              "class_type": "KSampler", "_meta": {"title": "KSampler"}},
        "4": {"inputs": {"ckpt_name": "v1-5-pruned-emaonly.safetensors"}, "class_type": "CheckpointLoaderSimple",
              "_meta": {"title": "Load Checkpoint"}},
        "6": {"inputs": {"text": "beautiful scenery nature glass bottle landscape, purple galaxy bottle", "clip": ["4", 1]},
              "class_type": "CLIPTextEncode", "_meta": {"title": "CLIP Text Encode (Prompt)"}},
        "7": {"inputs": {"text": "text, watermark", "clip": ["4", 1]}, "class_type": "CLIPTextEncode",
              "_meta": {"title": "CLIP Text Encode (Prompt)"}},
        "8": {"inputs": {"samples": ["3", 0], "vae": ["4", 2]}, "class_type": "VAEDecode", "_meta": {"title": "VAE Decode"}},
        "9": {"inputs": {"filename_prefix": "ComfyUI", "images": ["8", 0]}, "class_type": "SaveImage",
              "_meta": {"title": "Save Image"}},
    }
    if img2img:
        graph["10"] = {"inputs": {"image": "example.png", "upload": "image"}, "class_type": "LoadImage",
                       "_meta": {"title": "Load Image"}}
        graph["12"] = {"inputs": {"pixels": ["10", 0], "vae": ["4", 2]}, "class_type": "VAEEncode",
                       "_meta": {"title": "VAE Encode"}}
    else:
        graph["5"] = {"inputs": {"width": 512, "height": 512, "batch_size": 1}, "class_type": "EmptyLatentImage",
                      "_meta": {"title": "Empty Latent Image"}}
    if hires:
        # Hires fix in pixel space: decode, upscale, encode again, sample at denoise 0.5.
        graph["20"] = {"inputs": {"upscale_method": "nearest-exact", "width": 1024, "height": 1024, "crop": "disabled",
                                  "image": ["8", 0]}, "class_type": "ImageScale"}
        graph["21"] = {"inputs": {"pixels": ["20", 0], "vae": ["4", 2]}, "class_type": "VAEEncode"}
        graph["22"] = {"inputs": {"seed": 7, "steps": 12, "cfg": 8, "sampler_name": "euler", "scheduler": "normal",
                                  "denoise": 0.5, "model": ["4", 0], "positive": ["6", 0], "negative": ["7", 0],
                                  "latent_image": ["21", 0]}, "class_type": "KSampler"}
        graph["9"]["inputs"]["images"] = ["23", 0]
        graph["23"] = {"inputs": {"samples": ["22", 0], "vae": ["4", 2]}, "class_type": "VAEDecode"}
    return graph


WIDGETS = {
    "KSampler": ["seed", "control_after_generate", "steps", "cfg", "sampler_name", "scheduler", "denoise"],
    "CheckpointLoaderSimple": ["ckpt_name"],
    "CLIPTextEncode": ["text"],
    "EmptyLatentImage": ["width", "height", "batch_size"],
    "LoadImage": ["image", "upload"],
    "SaveImage": ["filename_prefix"],
}


def comfy_workflow(graph):
    """The editor's workflow for an API graph, as the ComfyUI front end serialises it: nodes
    with positional widgets_values and inputs by link id, and a links table."""
    nodes, links = [], []
    for node_id, node in graph.items():
        inputs = []
        for name, value in node["inputs"].items():
            if isinstance(value, list):
                link_id = len(links) + 1
                links.append([link_id, int(value[0]), value[1], int(node_id), len(inputs), "*"])
                inputs.append({"name": name, "type": "*", "link": link_id})
        widgets = [("randomize" if w == "control_after_generate" else node["inputs"].get(w))
                   for w in WIDGETS.get(node["class_type"], [])]
        nodes.append({"id": int(node_id), "type": node["class_type"], "pos": [0, 0], "size": [300, 100],
                      "inputs": inputs, "widgets_values": widgets})
    return {"last_node_id": max(int(k) for k in graph), "last_link_id": len(links), "nodes": nodes, "links": links,
            "groups": [], "config": {}, "extra": {}, "version": 0.4}


NOVELAI_COMMENT = {
    "prompt": "1girl, lighthouse, night sky, best quality", "steps": 28, "height": 64, "width": 64, "scale": 5.0,
    "uncond_scale": 0.0, "cfg_rescale": 0.0, "seed": 3216549870, "n_samples": 1, "hide_debug_overlay": False,
    "noise_schedule": "karras", "sampler": "k_euler_ancestral", "strength": 0.7, "noise": 0.0,
    "controlnet_strength": 1.0, "dynamic_thresholding": False, "sm": False, "sm_dyn": False,
    "uc": "lowres, bad anatomy, bad hands", "request_type": "PromptGenerateRequest", "version": 1,
}

INVOKEAI_METADATA = {
    "generation_mode": "img2img", "positive_prompt": "a lighthouse in fog, photograph", "negative_prompt": "cartoon",
    "width": 64, "height": 64, "seed": 987654321, "rand_device": "cpu", "cfg_scale": 7.5, "cfg_rescale_multiplier": 0,
    "steps": 30, "scheduler": "dpmpp_2m",
    "model": {"key": "8d1a0a5e", "hash": "blake3:3f1c", "name": "stable-diffusion-v1-5", "base": "sd-1", "type": "main"},
    "strength": 0.55, "init_image": "b3c1e8f0-init.png", "app_version": "4.2.9",
}


def main():
    # Automatic1111: PNG `parameters` through Pillow's PngInfo, as modules/images.py does.
    info = PngInfo()
    info.add_text("parameters", A1111_TXT2IMG)
    write("a1111-txt2img.png", png_bytes(picture(1), info))

    info = PngInfo()
    info.add_text("parameters", "一座灯塔, 夕暮れ, 🌅\nSteps: 20, Sampler: Euler, CFG scale: 6, Seed: 7, Size: 64x64")
    write("a1111-unicode-itxt.png", png_bytes(picture(2), info))  # not Latin-1: Pillow writes iTXt

    info = PngInfo()
    info.add_text("parameters", A1111_TXT2IMG, zip=True)
    write("a1111-ztxt.png", png_bytes(picture(3), info))

    # The init-image-hash pair: a reference, and an "img2img output" that looks nothing like
    # it but whose parameters name it. A1111 hashes `hashlib.md5(img.tobytes())` of the init
    # image: RGB bytes in <= 1.5 and through the API, RGBA (alpha 255) from 1.6's img2img tab.
    reference = picture(42, (96, 96))
    write("init-reference.png", png_bytes(reference))
    rgb_md5 = hashlib.md5(reference.tobytes()).hexdigest()
    rgba_md5 = hashlib.md5(reference.convert("RGBA").tobytes()).hexdigest()
    info = PngInfo()
    info.add_text("parameters", a1111_img2img(rgb_md5, (96, 96)))
    write("a1111-img2img.png", png_bytes(noise(7), info))
    info = PngInfo()
    info.add_text("parameters", a1111_img2img(rgba_md5.upper(), (96, 96)))
    write("a1111-img2img-rgba.png", png_bytes(noise(8), info))

    # Automatic1111 JPEG/WebP: EXIF UserComment, `UNICODE\0` + UTF-16BE in a big-endian TIFF,
    # as piexif.helper.UserComment.dump(..., encoding="unicode") and piexif.dump write it.
    comment_be = b"UNICODE\x00" + A1111_TXT2IMG.encode("utf-16-be")
    write("a1111.jpg", jpeg_bytes(picture(4), exif=b"Exif\x00\x00" + exif_user_comment(comment_be, True)))
    buf = io.BytesIO()
    picture(4).save(buf, "WEBP", quality=80, exif=b"Exif\x00\x00" + exif_user_comment(comment_be, True))
    write("a1111.webp", buf.getvalue())
    # The other byte order, as tools writing little-endian TIFF do.
    comment_le = b"UNICODE\x00" + A1111_TXT2IMG.encode("utf-16-le")
    write("a1111-utf16le.jpg", jpeg_bytes(picture(5), exif=b"Exif\x00\x00" + exif_user_comment(comment_le, False)))
    # ASCII user comment that is not generator parameters.
    write("exif-ascii-comment.jpg",
          jpeg_bytes(picture(6), exif=b"Exif\x00\x00" + exif_user_comment(b"ASCII\x00\x00\x00holiday snapshot", False)))

    # ComfyUI: SaveImage writes `prompt` and `workflow` as tEXt with json.dumps.
    for name, img2img, hires in (("comfyui-txt2img.png", False, False), ("comfyui-img2img.png", True, False),
                                 ("comfyui-hires.png", False, True)):
        graph = comfy_api(img2img, hires)
        info = PngInfo()
        info.add_text("prompt", json.dumps(graph))
        info.add_text("workflow", json.dumps(comfy_workflow(graph)))
        write(name, png_bytes(picture(10), info))
    info = PngInfo()
    info.add_text("workflow", json.dumps(comfy_workflow(comfy_api(True))))
    write("comfyui-workflow-only.png", png_bytes(picture(11), info))

    # NovelAI: Title, Description, Software, Source, Generation time, Comment (JSON).
    for name, request in (("novelai.png", "PromptGenerateRequest"), ("novelai-img2img.png", "Img2ImgRequest")):
        info = PngInfo()
        info.add_text("Title", "AI generated image")
        info.add_text("Description", NOVELAI_COMMENT["prompt"])
        info.add_text("Software", "NovelAI")
        info.add_text("Source", "NovelAI Diffusion V4.5 4BDE2A90")
        info.add_text("Generation time", "5.21")
        info.add_text("Comment", json.dumps(dict(NOVELAI_COMMENT, request_type=request)))
        write(name, png_bytes(picture(12), info))

    # InvokeAI: invokeai_metadata (and the graph, which nobody interprets).
    info = PngInfo()
    info.add_text("invokeai_metadata", json.dumps(INVOKEAI_METADATA))
    info.add_text("invokeai_graph", json.dumps({"id": "graph", "nodes": {}, "edges": []}))
    write("invokeai.png", png_bytes(picture(13), info))

    # XMP DigitalSourceType: JPEG APP1 packet (attribute form), PNG iTXt XML:com.adobe.xmp (element form).
    xmp = segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + xmp_attribute("trainedAlgorithmicMedia", "Adobe Firefly").encode())
    write("xmp-trained.jpg", insert_jpeg_segments(jpeg_bytes(picture(14)), xmp))
    info = PngInfo()
    info.add_itxt("XML:com.adobe.xmp", xmp_element("compositeWithTrainedAlgorithmicMedia", "Example Editor 3.0"))
    write("xmp-composite.png", png_bytes(picture(15), info))

    # C2PA: a manifest store in APP11 segments of 300 bytes (so several), and in a PNG caBX chunk.
    write("c2pa.jpg", insert_jpeg_segments(jpeg_bytes(picture(16)), *app11_segments(c2pa_store("jpeg"), 300)))
    write("c2pa.png", insert_after_ihdr(png_bytes(picture(17)), chunk(b"caBX", c2pa_store("png"))))
    store = c2pa_store("png")
    write("hostile-c2pa-truncated.png", insert_after_ihdr(png_bytes(picture(18)), chunk(b"caBX", store[:len(store) // 2])))

    # Hostile files.
    base = png_bytes(picture(20))
    write("hostile-huge-chunk.png", insert_after_ihdr(base, chunk(b"tEXt", b"parameters\x00short", length=0x7FFFFFF0)))
    write("hostile-big-text.png", insert_after_ihdr(base, chunk(b"tEXt", b"notes\x00" + b"A" * 40_000)))
    write("hostile-invalid-utf8.png", insert_after_ihdr(base, chunk(b"iTXt", b"Comment\x00\x00\x00\x00\x00bad \xff\xfe\xc3( bytes"),
                                                        chunk(b"tEXt", b"Author\x00caf\xe9")))
    deep = "[" * 5_000 + "]" * 5_000
    write("hostile-deep-json.png", insert_after_ihdr(base, chunk(b"tEXt", b"prompt\x00" + deep.encode())))
    bomb = zlib.compress(b"\x00" * (32 << 20), 9)
    write("hostile-ztxt-bomb.png", insert_after_ihdr(base, chunk(b"zTXt", b"parameters\x00\x00" + bomb)))
    write("hostile-exif-loop.jpg", jpeg_bytes(picture(21), exif=b"Exif\x00\x00" + exif_loop()))

    print("init-reference.png RGB md5", rgb_md5, "RGBA md5", rgba_md5)


if __name__ == "__main__":
    main()
