#!/usr/bin/env python3
"""Writes the parts of the report's JSON Schema and the service's OpenAPI document that come
from the registry of perceptual hashes, so that a hash added to the registry is described in
both without editing either by hand.

From the registry (`palimpsest config hashes`, a JSON list of name, label, bit_count,
max_distance, summary):
- Schemas/report-v1.schema.json: a `<name>_distance` property of $defs.signals and a `<name>`
  property of $defs.image's fingerprints for every registered hash, in registry order, after
  PDQ's; properties of either kind the registry does not list are removed.
- Sources/PalimpsestServer/Resources/openapi.yaml: the Finding, Image, Grade and Signals
  component schemas, which are the report schema's definitions with references rewritten
  (the block from `    Finding:` to the end of the file is generated).

Usage: schemas.py REGISTRY_JSON [--check]
With --check, writes nothing and fails when either file is not what it would write.
"""
import json
import sys

import yaml

SCHEMA = "Schemas/report-v1.schema.json"
OPENAPI = "Sources/PalimpsestServer/Resources/openapi.yaml"
OPENAPI_NAMES = {"finding": "Finding", "image": "Image", "grade": "Grade", "signals": "Signals"}
FIXED_SIGNALS_BEFORE = ["same_bytes", "same_pixels", "pdq_distance", "pdq_transform", "pdq_quality"]
FIXED_FINGERPRINTS_BEFORE = ["pdq", "pdq_quality", "pdq_dihedral"]


def with_hashes(properties, fixed_before, entries):
    """`properties` with the registry's entries placed after the keys in `fixed_before`, and
    every other generated key (one the fixed lists and the rest of the schema do not own) dropped."""
    generated = set(entries)
    kept = [(k, v) for k, v in properties.items() if k in fixed_before or not is_generated(k, properties, fixed_before)]
    out = {}
    for key, value in kept:
        if key in fixed_before:
            out[key] = value
    out.update(entries)
    for key, value in kept:
        if key not in fixed_before and key not in generated:
            out[key] = value
    return out


def is_generated(key, properties, fixed_before):
    # Between the last fixed key and the first key owned by hand lie the generated ones.
    keys = list(properties)
    start = keys.index(fixed_before[-1]) + 1
    owned = [k for k in keys[start:] if k in HAND_WRITTEN]
    end = keys.index(owned[0]) if owned else len(keys)
    return start <= keys.index(key) < end


HAND_WRITTEN = {"embedding_cosine", "embedding_z", "votes", "geometry", "alignment", "derivative_strength",
                "init_image_hash_match", "image_to_image_claim", "embedder"}


def schema_text(registry, schema):
    defs = schema["$defs"]
    signals = defs["signals"]["properties"]
    defs["signals"]["properties"] = with_hashes(signals, FIXED_SIGNALS_BEFORE, {
        h["name"] + "_distance": {"type": "integer", "minimum": 0, "maximum": h["max_distance"],
                                  "description": f"{h['label']} distance. {h['summary']}"}
        for h in registry})
    fingerprints = defs["image"]["properties"]["fingerprints"]["properties"]
    defs["image"]["properties"]["fingerprints"]["properties"] = with_hashes(fingerprints, FIXED_FINGERPRINTS_BEFORE, {
        h["name"]: {"type": ["string", "null"], "pattern": "^[0-9a-f]+$", "description": f"{h['label']}: {h['summary']}"}
        for h in registry})
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def rewritten(node):
    if isinstance(node, dict):
        return {k: ("#/components/schemas/" + OPENAPI_NAMES[v.split("/")[-1]] if k == "$ref" else rewritten(v))
                for k, v in node.items()}
    if isinstance(node, list):
        return [rewritten(x) for x in node]
    return node


def openapi_text(schema, current):
    head, marker, _ = current.partition("\n    Finding:\n")
    if not marker:
        sys.exit(f"schemas: {OPENAPI} has no `    Finding:` component to replace")
    components = {name: rewritten(schema["$defs"][key]) for key, name in OPENAPI_NAMES.items()}
    block = yaml.dump(components, sort_keys=False, allow_unicode=True, width=120)
    return head + "\n" + "".join("    " + line if line else line for line in block.splitlines(keepends=True))


def main():
    registry = json.load(open(sys.argv[1]))
    check = "--check" in sys.argv[2:]
    schema_new = schema_text(registry, json.load(open(SCHEMA)))
    openapi_current = open(OPENAPI).read()
    openapi_new = openapi_text(json.loads(schema_new), openapi_current)
    stale = [path for path, new in [(SCHEMA, schema_new), (OPENAPI, openapi_new)] if open(path).read() != new]
    if check:
        if stale:
            sys.exit(f"schemas: {', '.join(stale)} do not describe the registered hashes: run `make schemas`")
        print(f"schemas: {SCHEMA} and {OPENAPI} describe the {len(registry)} registered hashes")
        return
    for path, new in [(SCHEMA, schema_new), (OPENAPI, openapi_new)]:
        open(path, "w").write(new)
    print(f"schemas: wrote {', '.join(stale) or 'nothing (already current)'}")


if __name__ == "__main__":
    main()
