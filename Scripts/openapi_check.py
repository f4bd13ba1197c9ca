"""Checks the OpenAPI document of `palimpsest serve`: valid OpenAPI 3.1, and its Finding, Image,
Grade and Signals schemas equal to the report schema's definitions (references rewritten), so
that the service and report.json describe findings alike.

Usage: openapi_check.py OPENAPI_YAML REPORT_SCHEMA_JSON
"""
import json
import sys

import yaml
from openapi_spec_validator import validate

NAMES = {"finding": "Finding", "image": "Image", "grade": "Grade", "signals": "Signals"}


def rewritten(node):
    if isinstance(node, dict):
        return {k: ("#/components/schemas/" + NAMES[v.split("/")[-1]] if k == "$ref" else rewritten(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [rewritten(x) for x in node]
    return node


def main():
    document = yaml.safe_load(open(sys.argv[1]))
    validate(document)
    definitions = json.load(open(sys.argv[2]))["$defs"]
    schemas = document["components"]["schemas"]
    different = [name for key, name in NAMES.items() if schemas.get(name) != rewritten(definitions[key])]
    if different:
        sys.exit(f"openapi-check: {', '.join(different)} differ from {sys.argv[2]}: copy its $defs again")
    print(f"openapi-check: {sys.argv[1]} is valid OpenAPI {document['openapi']}; "
          f"{', '.join(NAMES.values())} match {sys.argv[2]}")


if __name__ == "__main__":
    main()
