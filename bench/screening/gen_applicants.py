#!/usr/bin/env python3
"""Writes N fictitious applicants for rules/calls/izmir-green-transition-2026.xml (issue 6 benchmark).

Each row is one of the 50 rows of examples/applicants-izmir-2026.csv with a new id and its grant,
emissions and energy figures scaled by a seeded factor in [0.8, 1.2], so that the profiles (and the
firm files: absolute paths to examples/) stay realistic and the scores vary.
Usage: gen_applicants.py N [--seed S] > FILE.csv
"""
import argparse, csv, os, random, sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, "..", ".."))
p = argparse.ArgumentParser()
p.add_argument("n", type=int)
p.add_argument("--seed", type=int, default=42)
a = p.parse_args()
rng = random.Random(a.seed)
with open(os.path.join(root, "examples", "applicants-izmir-2026.csv"), newline="") as f:
    rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
w = csv.DictWriter(sys.stdout, fieldnames=list(rows[0].keys()), lineterminator="\n")
w.writeheader()
scaled = ["baseline_tco2e", "projected_tco2e", "baseline_mwh", "projected_mwh", "requested_grant"]
for i in range(a.n):
    r = dict(rows[i % len(rows)])
    r["id"] = "B-%06d" % i
    k = rng.uniform(0.8, 1.2)
    for c in scaled:
        if r[c]:
            r[c] = "%.0f" % (float(r[c]) * (k if c != "projected_tco2e" else k * rng.uniform(0.95, 1.05)))
    if r["firm_file"]:
        r["firm_file"] = os.path.join(root, "examples", r["firm_file"])
    w.writerow(r)
