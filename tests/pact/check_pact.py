#!/usr/bin/env python3
"""Check a PACT v3 ProductFootprint JSON document against the schema facts transcribed in
tests/data/pact/pact-v3-productfootprint-schema.json (required fields, types, patterns, enums,
array constraints of WBCSD's spec/v3/openapi.yaml). Stricter than the spec in one way: a
property the transcription does not list is an error, so GreenGate writes only the spec's names.

Usage: check_pact.py SCHEMA.json FOOTPRINT.json   (exit 0 valid, 1 invalid, 2 usage)
Python 3 standard library only.
"""
import json
import re
import sys


def check(schema, doc):
    types = schema["types"]
    objects = schema["objects"]
    errors = []

    def value(spec, v, where):
        if "ref" in spec:
            base = dict(types[spec["ref"]])
            base.update({k: x for k, x in spec.items() if k != "ref"})
            spec = base
        if "object" in spec:
            obj(spec["object"], v, where)
            return
        t = spec.get("type")
        if t == "string" and not isinstance(v, str):
            errors.append(f"{where}: must be a string (got {type(v).__name__})")
            return
        if t == "boolean" and not isinstance(v, bool):
            errors.append(f"{where}: must be true or false")
            return
        if t == "array":
            if not isinstance(v, list):
                errors.append(f"{where}: must be an array")
                return
            if len(v) < spec.get("minItems", 0):
                errors.append(f"{where}: needs at least {spec['minItems']} item(s)")
            if spec.get("uniqueItems") and len({json.dumps(x, sort_keys=True) for x in v}) != len(v):
                errors.append(f"{where}: items must be unique")
            for i, x in enumerate(v):
                if "items" in spec:
                    value(spec["items"], x, f"{where}[{i}]")
            return
        if isinstance(v, str):
            if len(v) < spec.get("minLength", 0):
                errors.append(f"{where}: must not be empty")
            if "pattern" in spec and not re.search(spec["pattern"], v):
                errors.append(f"{where}: {v!r} does not match {spec['pattern']}")
            if "enum" in spec and v not in spec["enum"]:
                errors.append(f"{where}: {v!r} is not one of {spec['enum']}")
            if "range" in spec:
                lo, hi = spec["range"]
                try:
                    if not lo <= float(v) <= hi:
                        errors.append(f"{where}: {v} is outside {lo}..{hi}")
                except ValueError:
                    pass

    def obj(name, v, where):
        if not isinstance(v, dict):
            errors.append(f"{where}: must be a JSON object ({name})")
            return
        o = objects[name]
        for r in o["required"]:
            if r not in v:
                errors.append(f"{where}: required property '{r}' of {name} is missing")
        for k, x in v.items():
            if k not in o["properties"]:
                errors.append(f"{where}: '{k}' is not a property of {name} in the transcription")
                continue
            value(o["properties"][k], x, f"{where}.{k}")

    obj(schema["root"], doc, "$")
    return errors


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    with open(argv[2], encoding="utf-8") as f:
        try:
            doc = json.load(f)
        except json.JSONDecodeError as e:
            print(f"{argv[2]}: not JSON: {e}")
            return 1
    errors = check(schema, doc)
    for e in errors:
        print(f"{argv[2]}: {e}")
    if errors:
        return 1
    print(f"{argv[2]}: valid against {schema['root']} (PACT v3 transcription)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
