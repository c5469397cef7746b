#!/usr/bin/env python3
"""Seeded generator of CBAM declaration lines in the `greengate batch` input format.

Usage: gen_lines.py N [--seed S] [--columns C1,C2,...] > lines.csv

--columns picks which columns are written and in which order (default: the eleven columns
declarant,...,sefa,route); the lines are drawn the same way whatever the layout, so a layout
without `sefa` holds the same lines with their SEFA left out.

Mixed CN codes across every CBAM sector (cement, fertilisers, iron and steel, aluminium,
hydrogen, electricity) plus a few out-of-scope codes, ~20 origins (some without a
default-value table: they fall back to "Other countries and territories"), ~300 declarants,
years 2026-2030, quantities in t and kg (MWh for electricity), 40 % of lines on actual
values (some with a communicated SEFA), some carbon prices paid abroad. The same N and seed
always give the same file.
"""
import random
import sys

# (CN as written, sector, indirect counts?)
GOODS = [
    ("2523 29 00", "cement", True), ("2523 21 00", "cement", True), ("25239000", "cement", True),
    ("2814 10 00", "fertilisers", True), ("3102 30 90", "fertilisers", True),
    ("2808 00 00", "fertilisers", True), ("31021019", "fertilisers", True),
    ("7214 20 00", "iron_steel", False), ("7203 10 00", "iron_steel", False),
    ("7207 11 14", "iron_steel", False), ("7208 51 20", "iron_steel", False),
    ("7318 15 88", "iron_steel", False), ("7308 90 98", "iron_steel", False),
    ("2601 12 00", "iron_steel", True), ("7306 30 77", "iron_steel", False),
    ("7601 10 00", "aluminium", False), ("7604 29 10", "aluminium", False),
    ("7606 12 99", "aluminium", False), ("7616 99 90", "aluminium", False),
    ("2804 10 00", "hydrogen", False),
    ("2716 00 00", "electricity", False),
    ("7202 30 00", "out", False), ("3901 10 10", "out", False), ("7204 49 90", "out", False),
]
WEIGHTS = [4, 2, 1, 2, 3, 1, 2, 10, 3, 4, 5, 3, 4, 2, 3, 5, 3, 3, 3, 1, 1, 1, 1, 1]
ORIGINS = ["TR", "CN", "IN", "UA", "EG", "BR", "US", "KR", "VN", "ZA", "FJ", "RS", "MA", "DZ",
           "SA", "AE", "TW", "JP", "MX", "KZ"]
COLUMNS = ["declarant", "year", "cn_code", "origin", "quantity", "unit", "see_direct", "see_indirect",
           "carbon_price_paid", "sefa", "route"]
YEARS = [2026, 2027, 2028, 2029, 2030]
YEAR_WEIGHTS = [5, 3, 2, 1, 1]


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    n = int(args[0])
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 42
    columns = COLUMNS
    if "--columns" in args:
        columns = args[args.index("--columns") + 1].split(",")
        unknown = [c for c in columns if c not in COLUMNS]
        if unknown or len(set(columns)) != len(columns):
            sys.exit("gen_lines.py: --columns: unknown or repeated column in %s (known: %s)" %
                     (",".join(columns), ",".join(COLUMNS)))
    pick = [COLUMNS.index(c) for c in columns]
    canonical = columns == COLUMNS
    rng = random.Random(seed)
    declarants = ["DE%012d" % rng.randrange(10**12) for _ in range(300)]
    out = sys.stdout
    out.write(",".join(columns) + "\n")
    buf = []
    for i in range(n):
        cn, sector, indirect = rng.choices(GOODS, WEIGHTS)[0]
        decl = declarants[min(int(rng.expovariate(1 / 40)), 299)]
        year = rng.choices(YEARS, YEAR_WEIGHTS)[0]
        origin = rng.choice(ORIGINS)
        see_d = see_i = cpp = sefa = ""
        electricity = sector == "electricity"
        actual = electricity or rng.random() < 0.4
        if electricity:
            qty, unit = "%.1f" % rng.uniform(10, 5000), "MWh"
        elif rng.random() < 0.1:
            qty, unit = "%d" % rng.randrange(100, 50000), "kg"
        else:
            qty, unit = "%.2f" % rng.uniform(0.5, 400), "t"
        if actual:
            see_d = "%.3f" % rng.uniform(0.05, 3.5)
            if indirect and rng.random() < 0.7:
                see_i = "%.3f" % rng.uniform(0.0, 0.3)
            if not electricity and rng.random() < 0.15:
                sefa = "%.3f" % rng.uniform(0.1, 1.5)
            if rng.random() < 0.1:
                cpp = "%.2f" % rng.uniform(2, 40)
        elif rng.random() < 0.02:
            cpp = "%.2f" % rng.uniform(2, 40)  # ignored: Art 9 needs actual values
        if canonical:
            buf.append("%s,%d,%s,%s,%s,%s,%s,%s,%s,%s,\n" %
                       (decl, year, cn, origin, qty, unit, see_d, see_i, cpp, sefa))
        else:
            fields = (decl, str(year), cn, origin, qty, unit, see_d, see_i, cpp, sefa, "")
            buf.append(",".join(fields[i] for i in pick) + "\n")
        if len(buf) >= 10000:
            out.write("".join(buf))
            buf.clear()
    out.write("".join(buf))


if __name__ == "__main__":
    main()
