#!/usr/bin/env python3
"""Convert the shared ground-truth CSVs into GreenGate's XML data files.

Usage:
    python3 scripts/gen_factors.py SHARED_DATA_DIR FACTORS_OUT_DIR SCOPE_OUT_DIR [--iso-json PATH]
    e.g. python3 scripts/gen_factors.py ../shared/data factors rules/cbam

The output format is specified in docs/factor-format.md (schema 1). The product never reads
../shared at run time; it reads only the files written here, which are committed.
scripts/check_factors.sh re-runs this script and diffs the result against the committed files.

Rules this script keeps:
- Deterministic: same input gives byte-identical output (no timestamps, CSV row order kept).
- Numbers from the CSVs are copied as written (strings). Derived numbers (unit conversions)
  are computed with decimal.Decimal, so there is no float noise.
- Anything unexpected in the input (unknown status wording, unknown fuel or item, unmappable
  ISO3 code, malformed number, inconsistent duplicate tables) stops the run with an error
  instead of being guessed.

Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

SCRIPT = "scripts/gen_factors.py"
DEFAULT_ISO_JSON = "/usr/share/iso-codes/json/iso_3166-1.json"

# Version of the generic factor tables: the date of the shared research snapshot the CSVs
# describe (domain/factors-notes.md and carbon_prices.csv are both dated 2026-11-28).
# A fixed string, not today's date, so that the output stays reproducible.
DATA_VERSION = "2026-11-28"

STATUSES = ("verified", "single source", "unverified")
STATUS_RANK = {"unverified": 0, "single source": 1, "verified": 2}

SECTOR_SLUGS = {
    "Cement": "cement",
    "Fertilisers": "fertilisers",
    "Iron and steel": "iron_steel",
    "Aluminium": "aluminium",
    "Hydrogen": "hydrogen",
    "Hydrogen (Chemicals)": "hydrogen",
    "Electricity": "electricity",
}

NUMBER_RE = re.compile(r"\d+(\.\d+)?")


class GenError(Exception):
    """Input the converter cannot turn into schema-1 data without guessing."""


def fail(msg: str) -> None:
    raise GenError(msg)


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------

def read_csv(data_dir: Path, name: str, required: list[str]) -> list[dict[str, str]]:
    path = data_dir / name
    if not path.is_file():
        fail(f"{path}: file not found")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        missing = [c for c in required if c not in header]
        if missing:
            fail(f"{path}: missing column(s) {', '.join(missing)}; header is {header}")
        rows = []
        for lineno, row in enumerate(reader, start=2):
            if None in row or any(v is None for v in row.values()):
                fail(f"{path}:{lineno}: wrong number of fields")
            rows.append(row)
    return rows


def number(text: str, where: str) -> str:
    """Validate a decimal number written in a CSV and return it unchanged."""
    if not NUMBER_RE.fullmatch(text):
        fail(f"{where}: {text!r} is not a plain decimal number")
    return text


def dec_str(value: Decimal) -> str:
    """Plain decimal notation without trailing zeros or exponent: 0.0480 -> 0.048, 1E+2 -> 100."""
    text = format(value.normalize(), "f")
    return text


def scaled(text: str, power: int, where: str) -> str:
    """Multiply a CSV number by 10**power exactly, e.g. kg/TJ -> t/TJ is power -3."""
    return dec_str(Decimal(number(text, where)).scaleb(power))


def cn_compact(text: str, where: str) -> str:
    code = text.replace(" ", "")
    if not re.fullmatch(r"\d{2,10}", code):
        fail(f"{where}: CN code {text!r} is not digits and spaces")
    return code


def weaker(*statuses: str) -> str:
    return min(statuses, key=lambda s: STATUS_RANK[s])


def year_range(year: int) -> tuple[str, str]:
    return f"{year}-01-01", f"{year}-12-31"


def join_notes(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


# Exact status wording found in the CSVs and what it means in schema 1. Unknown wording is an
# error: a new phrase must be read by a person and added here, never guessed.
STATUS_WORDS = {
    # process_factors_gwp.csv
    "verified": "verified",
    "verified (chemistry; also quoted by carbonemit.com CBAM cement page)": "verified",
    "verified (reference only)": "verified",
    "unverified": "unverified",
    # cbam_default_markup.csv, carbon_prices.csv
    "verified (3 sources)": "verified",
    "single source": "single source",
    # cbam_electricity_factors.csv, cbam_benchmarks.csv, unknown-origin defaults:
    # "quoted" = taken from the one third-party research note that quotes the OJ.
    "quoted": "single source",
    # cbam_factor_markup_schedule.csv (the CBAM-factor part of each status)
    "verified (factor: 2 sources; mark-up: 3 sources; price: 2 sources)": "verified",
    "verified factor (1 primary quote); mark-up verified": "verified",
    "factor from 1 source (research note quoting Directive); mark-up verified": "single source",
    "factor from 1 source": "single source",
    # The 2034 row states the rule instead of a status; its source is the same research note
    # (plus dehst.de for the phase-out in general), so it counts as one source.
    "no CBAM factor applies from 2034 (free allocation fully phased out)": "single source",
    # cbam_factor_schedule.csv
    "unverified (recalled from Reg. (EU) 2023/956 Art. 31 / Dir. 2003/87 Art. 10a(1a))": "unverified",
    # grid_factors.csv: the value is confirmed, its data year is not -> only partly confirmed.
    "verified value, year unverified": "single source",
}


def status_of(text: str, where: str) -> str:
    if text not in STATUS_WORDS:
        fail(f"{where}: unknown status wording {text!r}; map it in STATUS_WORDS")
    return STATUS_WORDS[text]


# --------------------------------------------------------------------------------------------
# XML writing: one element per line, 2-space indent, attributes in the order given
# --------------------------------------------------------------------------------------------

def xml_attr(value: str) -> str:
    for ch in value:
        if ord(ch) < 0x20 and ch not in "\t\n\r":
            fail(f"control character U+{ord(ch):04X} cannot be written to XML: {value!r}")
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;")
            .replace("\r", "&#13;"))


class Xml:
    def __init__(self) -> None:
        self.lines = ['<?xml version="1.0" encoding="UTF-8"?>']

    def _attrs(self, attrs: list[tuple[str, str | None]]) -> str:
        out = []
        for key, value in attrs:
            if value is None or value == "":
                continue
            out.append(f' {key}="{xml_attr(value)}"')
        return "".join(out)

    def comment(self, text: str, depth: int = 0) -> None:
        text = " ".join(text.split())
        while "--" in text:
            text = text.replace("--", "- -")
        if text.endswith("-"):
            text += " "
        self.lines.append(f"{'  ' * depth}<!-- {text} -->")

    def empty(self, tag: str, attrs: list[tuple[str, str | None]], depth: int) -> None:
        self.lines.append(f"{'  ' * depth}<{tag}{self._attrs(attrs)}/>")

    def open(self, tag: str, attrs: list[tuple[str, str | None]], depth: int) -> None:
        self.lines.append(f"{'  ' * depth}<{tag}{self._attrs(attrs)}>")

    def close(self, tag: str, depth: int) -> None:
        self.lines.append(f"{'  ' * depth}</{tag}>")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def header_comment(x: Xml, csv_names: list[str]) -> None:
    names = [n if n.startswith("../") else f"../shared/data/{n}" for n in csv_names]
    x.comment(f"Generated by {SCRIPT} from {', '.join(names)}. "
              f"Do not edit by hand: fix the CSV or the script and re-run "
              f"'python3 {SCRIPT} ../shared/data factors rules/cbam'. "
              f"Format: docs/factor-format.md (schema 1).")


def factor(x: Xml, *, id: str, name: str, value: str, unit: str, source: str, valid_from: str,
           status: str, valid_to: str | None = None, lower: str | None = None,
           upper: str | None = None, note: str | None = None) -> None:
    if status not in STATUSES:
        fail(f"factor {id}: bad status {status!r}")
    if not re.fullmatch(r"-?\d+(\.\d+)?", value):
        fail(f"factor {id}: bad value {value!r}")
    x.empty("factor", [("id", id), ("name", name), ("value", value), ("unit", unit),
                       ("lower", lower), ("upper", upper), ("source", source),
                       ("valid-from", valid_from), ("valid-to", valid_to), ("status", status),
                       ("note", note)], 1)


def factor_table_open(x: Xml, *, id: str, title: str, generated_from: list[str]) -> None:
    x.open("factor-table", [("schema", "1"), ("id", id), ("version", DATA_VERSION),
                            ("title", title), ("generated-from", " ".join(generated_from))], 0)


# --------------------------------------------------------------------------------------------
# 1. Commission default values (IR 2025/2621 Annex I as replaced by IR 2026/1740)
# --------------------------------------------------------------------------------------------

FALLBACK_NAME = "Other countries and territories"


def load_iso2(iso_json: Path) -> dict[str, str]:
    if not iso_json.is_file():
        fail(f"{iso_json}: ISO 3166-1 JSON not found (Debian package iso-codes); pass --iso-json")
    with iso_json.open(encoding="utf-8") as fh:
        data = json.load(fh)
    return {entry["alpha_3"]: entry["alpha_2"] for entry in data["3166-1"]}


def gen_defaults(data: Path, iso2_of: dict[str, str]) -> str:
    goods = read_csv(data, "cbam_goods.csv",
                     ["good_key", "product_group", "cn_code", "goods_description"])
    rows = read_csv(data, "cbam_default_values.csv",
                    ["country_or_territory", "country_iso3", "good_key",
                     "default_direct_t_co2e_per_t", "default_indirect_t_co2e_per_t",
                     "default_total_t_co2e_per_t", "production_route_code"])
    unknown = read_csv(data, "cbam_precursor_defaults_unknown_origin.csv",
                       ["cn_code", "cn8", "description", "direct", "indirect", "total",
                        "valid_from", "source", "status", "note"])

    # Goods: code = part of good_key before the first '-', which must equal cn_code.
    code_of_key: dict[str, str] = {}
    for i, g in enumerate(goods, start=2):
        where = f"cbam_goods.csv:{i}"
        code = g["good_key"].split("-", 1)[0]
        if code != cn_compact(g["cn_code"], where):
            fail(f"{where}: good_key code {code} does not match cn_code {g['cn_code']!r}")
        if g["product_group"] not in SECTOR_SLUGS:
            fail(f"{where}: unknown product_group {g['product_group']!r}")
        if code in code_of_key.values():
            fail(f"{where}: code {code} occurs twice")
        code_of_key[g["good_key"]] = code

    # Default-value rows, grouped by country in CSV order.
    countries: dict[tuple[str, str], list[dict[str, str]]] = {}
    seen_pairs: set[tuple[str, str]] = set()
    for i, r in enumerate(rows, start=2):
        where = f"cbam_default_values.csv:{i}"
        if r["good_key"] not in code_of_key:
            fail(f"{where}: good_key {r['good_key']!r} not in cbam_goods.csv")
        pair = (r["country_or_territory"], r["good_key"])
        if pair in seen_pairs:
            fail(f"{where}: duplicate (country, good) {pair}")
        seen_pairs.add(pair)
        direct = r["default_direct_t_co2e_per_t"]
        indirect = r["default_indirect_t_co2e_per_t"]
        total = r["default_total_t_co2e_per_t"]
        route = r["production_route_code"]
        for text in (direct, indirect, total):
            if text:
                number(text, where)
        if not total and (direct or indirect or route):
            fail(f"{where}: numbers or route without a total cannot be written (a v without "
                 f"total means '–')")
        if total and not direct:
            fail(f"{where}: total without a direct value")
        if total and code_of_key[r["good_key"]] == "26011200" and not indirect:
            fail(f"{where}: 2601 12 00 with a total but no indirect value is a load error "
                 f"(IR 2026/1740 recital 8)")
        if route and not re.fullmatch(r"[A-L](/[A-L])*", route):
            fail(f"{where}: unexpected route code {route!r}")
        countries.setdefault((r["country_or_territory"], r["country_iso3"]), []).append(r)

    fallback_rows = None
    for (name, iso3), crow in countries.items():
        if not iso3:
            if name != FALLBACK_NAME:
                fail(f"cbam_default_values.csv: country {name!r} has no ISO3 code")
            fallback_rows = crow
        elif iso3 not in iso2_of:
            fail(f"cbam_default_values.csv: ISO3 {iso3!r} ({name}) not in ISO 3166-1")
    if fallback_rows is None:
        fail(f"cbam_default_values.csv: no '{FALLBACK_NAME}' table")
    iso3_seen = [iso3 for (_, iso3) in countries if iso3]
    if len(iso3_seen) != len(set(iso3_seen)):
        fail("cbam_default_values.csv: an ISO3 code is used by two country names")

    fallback_total = {r["good_key"]: r["default_total_t_co2e_per_t"] for r in fallback_rows}
    missing = [k for k in code_of_key if k not in fallback_total]
    if missing:
        fail(f"cbam_default_values.csv: fallback table lacks {missing}")

    x = Xml()
    header_comment(x, ["cbam_default_values.csv", "cbam_goods.csv",
                       "cbam_precursor_defaults_unknown_origin.csv"])
    x.comment("Base default values in tCO2e per tonne of good, WITHOUT the mark-up (the corrected "
              "annex has no mark-up columns; the engine applies markup.<sector> from "
              "cbam-schedule.xml). Numbers are copied exactly as the CSV writes them.")
    x.comment("Lookup: most specific good code that is a prefix of the declared code; then the "
              "country's v if it has a total; otherwise the v of 'Other countries and "
              "territories'. A v without total is a '–' cell (or a heading row); it is not zero.")
    x.comment("heading=\"true\": the good's total is blank in the fallback table too (values sit "
              "on its subheadings). iso2 is mapped from iso3 with ISO 3166-1 (Debian iso-codes). "
              "Country names are kept as the annex prints them, including the two names the "
              "source cuts short.")
    x.open("cbam-defaults", [
        ("schema", "1"), ("id", "ir2621-annex-i"), ("version", "IR2026/1740"),
        ("unit", "tCO2e/t"),
        ("source", "Commission Implementing Regulation (EU) 2025/2621 Annex I as replaced by "
                   "Implementing Regulation (EU) 2026/1740 (Commission workbook of corrected "
                   "default values, transcribed in GitHub Ddscully/dlt-dbt-duckdb-evidence "
                   "dbt/seeds/cbam_default_values.csv @c68a320)"),
        ("valid-from", "2026-01-01"), ("status", "verified"),
        ("note", "Base values without the mark-up (mark-up columns deleted by IR 2026/1740). "
                 "The Commission workbook is published for information only; the Official "
                 "Journal text is the legal source. Workbook version believed to be 20260806, "
                 "not confirmed from the transcribing repository."),
    ], 0)

    for g in goods:
        key = g["good_key"]
        x.empty("good", [("code", code_of_key[key]), ("key", key),
                         ("sector", SECTOR_SLUGS[g["product_group"]]),
                         ("heading", "false" if fallback_total[key] else "true"),
                         ("description", g["goods_description"])], 1)

    for (name, iso3), crow in countries.items():
        if iso3:
            x.open("country", [("name", name), ("iso3", iso3), ("iso2", iso2_of[iso3])], 1)
        else:
            x.open("country", [("name", name), ("fallback", "true")], 1)
        for r in crow:
            x.empty("v", [("good", code_of_key[r["good_key"]]),
                          ("direct", r["default_direct_t_co2e_per_t"]),
                          ("indirect", r["default_indirect_t_co2e_per_t"]),
                          ("total", r["default_total_t_co2e_per_t"]),
                          ("route", r["production_route_code"])], 2)
        x.close("country", 1)

    # Annex IV: precursors whose country of production cannot be identified. schema 1 has no
    # per-<v> source, so the rows' CSV sources are merged into the element's source.
    cells, sources = [], []
    for i, u in enumerate(unknown, start=2):
        where = f"cbam_precursor_defaults_unknown_origin.csv:{i}"
        if status_of(u["status"], where) != "single source":
            fail(f"{where}: expected a single-source row")
        if u["valid_from"] != "2026-01-01":
            fail(f"{where}: valid_from {u['valid_from']} differs from the table's 2026-01-01")
        code = cn_compact(u["cn_code"], where)
        if u["cn8"] and u["cn8"] != code:
            fail(f"{where}: cn8 {u['cn8']} does not match cn_code")
        cells.append([("good", code), ("direct", number(u["direct"], where)),
                      ("indirect", number(u["indirect"], where) if u["indirect"] else None),
                      ("total", number(u["total"], where))])
        sources.append((code, u["source"]))
    if not cells:
        fail("cbam_precursor_defaults_unknown_origin.csv: no rows")
    heads = {src.rsplit(" §", 1)[0] for _, src in sources}
    if len({src for _, src in sources}) == 1:
        source = sources[0][1]
    elif len(heads) == 1 and all(" §" in src for _, src in sources):
        source = heads.pop() + " " + ", ".join(
            f"§{src.rsplit(' §', 1)[1]} ({code})" for code, src in sources)
    else:
        source = "; ".join(f"{src} ({code})" for code, src in sources)
    x.comment("Annex IV (unknown origin): only these two rows are given by the research note; "
              "its 7203 row is for the 4-digit heading (no 8-digit split given). Values exclude "
              "the mark-up; indirect is printed as a dash.", 1)
    x.open("unknown-origin", [
        ("source", source), ("status", "single source"),
        ("note", "use only for a precursor whose country of production cannot be identified "
                 "(IR 2025/2621 Art 1(5))"),
    ], 1)
    for attrs in cells:
        x.empty("v", attrs, 2)
    x.close("unknown-origin", 1)
    x.close("cbam-defaults", 0)
    return x.text()


DEFAULTS_WORKBOOK = "official/cbam-default-values-ir2025-2621-commission-workbook-v20260204.xlsx"
# Workbook sheet names (cut to 31 characters by Excel) -> the annex's country names of the CSV.
SHEET_COUNTRY = {
    "Côte d'Ivoire": "Ivory Coast", "Democratic Republic of the Cong": "Congo, Democratic Republic of",
    "Iran": "Iran, Islamic Republic of", "Moldova": "Moldova, Republic of", "Myanmar_Burma": "Myanmar",
    "North Korea": "North Korea (Democratic People’", "Russia": "Russian Federation",
    "South Korea": "Korea, Republic of (South Korea", "Tanzania": "Tanzania, United Republic of",
    "Vietnam": "Viet Nam", "_Other Countries and Territorie": FALLBACK_NAME,
}
# Countries IR (EU) 2026/1740 added to Annex I (README-cbam-defaults.md): not in the adopted workbook.
ADDED_BY_1740 = {"Liberia", "New Caledonia and dependencies"}


def slug_words(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def check_defaults_against_workbook(data: Path) -> list[str]:
    """Compares every value of cbam_default_values.csv (IR 2025/2621 Annex I as replaced by IR
    2026/1740) with the Commission's workbook of Annex I as adopted, and counts how many agree and
    how many differ and why. Differences are findings to report, never resolved here: the
    corrected table (the CSV) is what the factor file holds."""
    openpyxl = load_openpyxl()
    path = data / DEFAULTS_WORKBOOK
    if not path.is_file():
        fail(f"{path}: file not found")
    rows = read_csv(data, "cbam_default_values.csv",
                    ["country_or_territory", "good_key", "default_direct_t_co2e_per_t",
                     "default_indirect_t_co2e_per_t", "default_total_t_co2e_per_t",
                     "production_route_code"])
    goods = read_csv(data, "cbam_goods.csv", ["good_key", "cn_code", "goods_description"])
    desc_of = {g["good_key"]: g["goods_description"] for g in goods}
    mine: dict[tuple[str, str], dict[str, str]] = {}
    keys_by_code: dict[str, list[str]] = {}
    for r in rows:
        mine[(r["country_or_territory"], r["good_key"])] = r
    for key in desc_of:
        keys_by_code.setdefault(key.split("-", 1)[0], []).append(key)
    wb = openpyxl.load_workbook(path, read_only=True)
    counts: collections.Counter = collections.Counter()
    findings: list[str] = []
    compared_countries = set()
    for sheet in wb.sheetnames:
        if sheet in ("Overview", "Version History"):
            continue
        country = SHEET_COUNTRY.get(sheet, sheet)
        compared_countries.add(country)
        for rowno, r in enumerate(wb[sheet].iter_rows(values_only=True), start=1):
            if rowno <= 2 or len(r) < 5 or r[0] is None or r[1] is None:
                continue
            code = re.sub(r"\D", "", str(r[0]))
            if not code or r[2] == "see below":
                continue
            cands = keys_by_code.get(code, [])
            if not cands:  # an 8-digit code whose TARIC lines the correction split out
                cands = [k for c, ks in keys_by_code.items()
                         if c.startswith(code) and len(c) > len(code) for k in ks]
            if len(cands) > 1 and all(len(k.split("-", 1)[0]) == 10 for k in cands):
                # TARIC lines split out by IR 2026/1740: white (…10) and other, incl. grey (…90)
                white = "white" in str(r[1]).lower()
                cands = [k for k in cands if ("white" in k) == white]
            elif len(cands) > 1:
                want = slug_words(str(r[1]))
                cands = [k for k in cands if want.startswith(k.split("-", 1)[1][:30]) or
                         k.split("-", 1)[1].startswith(want[:30])]
            where = f"{sheet}!A{rowno}"
            if len(cands) != 1:
                counts["uncompared"] += 1
                note = (" (heading 7615 is not a CBAM good, Reg 2023/956 Annex I; the corrected "
                        "table does not list it)" if code.startswith("7615") else "")
                findings.append(f"{where}: {r[0]} {str(r[1])[:40]!r} matches no single good of "
                                f"the corrected table{note}")
                continue
            ours = mine.get((country, cands[0]))
            if ours is None:
                counts["uncompared"] += 1
                findings.append(f"{where}: {cands[0]} is not listed for {country} in the "
                                f"corrected table")
                continue
            for col, field, label in ((2, "default_direct_t_co2e_per_t", "direct"),
                                      (3, "default_indirect_t_co2e_per_t", "indirect"),
                                      (4, "default_total_t_co2e_per_t", "total")):
                adopted = r[col]
                corrected = ours[field]
                a_missing = adopted is None or (isinstance(adopted, str) and adopted.strip().lower() in
                                                ("", "–", "-", "_", "n/a", "n.a.", "na", "n/(a"))
                if a_missing and not corrected:
                    counts["equal"] += 1
                    continue
                if a_missing or not corrected:
                    if cands[0].startswith("26011200") and country == "Angola":
                        counts["explained"] += 1  # the table wrongly had 'not applicable'
                        continue
                    counts["dash vs value"] += 1
                    findings.append(f"{where} {label}: adopted {adopted!r}, corrected "
                                    f"{corrected or '–'!r} ({cands[0]}): not explained by a "
                                    f"correction in the sources available")
                    continue
                if not isinstance(adopted, (int, float)):
                    counts["uncompared"] += 1
                    findings.append(f"{where} {label}: adopted value {adopted!r} is not a number")
                    continue
                a = Decimal(repr(adopted))
                c = Decimal(corrected)
                if abs(a - c) < Decimal("1e-9"):
                    counts["equal"] += 1
                elif abs(a - c) < Decimal(1).scaleb(c.as_tuple().exponent):
                    # the same value rounded (up, down or half-even) to the corrected table's
                    # decimals: the rounding inconsistencies IR 2026/1740 recital 10 corrects
                    counts["rounding"] += 1
                else:
                    counts["different"] += 1
                    findings.append(f"{where} {label}: adopted {adopted}, corrected {corrected} "
                                    f"({cands[0]})")
    missing = sorted(set(r["country_or_territory"] for r in rows) - compared_countries)
    unexpected = [c for c in missing if c not in ADDED_BY_1740]
    report = [f"defaults vs the Commission workbook as adopted (v20260204): {counts['equal']} "
              f"values equal, {counts['rounding']} differ only by rounding to the corrected "
              f"table's decimals, {counts['different']} differ otherwise, "
              f"{counts['explained']} are '–' in one and a value in the other as IR 2026/1740 "
              f"recital 8 explains (2601 12 00 from Angola), {counts['dash vs value']} are '–' in "
              f"one and a value in the other without an explanation (findings), "
              f"{counts['uncompared']} rows or cells could not be compared; countries only in the "
              f"corrected table: {', '.join(missing) or 'none'}"]
    if unexpected:
        report.append(f"defaults: countries of the corrected table missing from the workbook, "
                      f"not explained by IR 2026/1740: {unexpected}")
    report += [f"defaults finding: {f}" for f in findings]
    return report


# --------------------------------------------------------------------------------------------
# 2. IPCC 2006 fuels
# --------------------------------------------------------------------------------------------

FUELS = {  # IPCC name in ipcc_fuels.csv -> (slug, label)
    "Natural Gas": ("natural_gas", "Natural gas"),
    "Gas/Diesel Oil": ("gas_diesel_oil", "Gas/diesel oil"),
    "Residual Fuel Oil": ("residual_fuel_oil", "Residual fuel oil"),
    "Liquefied Petroleum Gases": ("lpg", "Liquefied petroleum gases (LPG)"),
    "Coking Coal": ("coking_coal", "Coking coal"),
    "Other Bituminous Coal": ("other_bituminous_coal", "Other bituminous coal"),
    "Sub-Bituminous Coal": ("sub_bituminous_coal", "Sub-bituminous coal"),
    "Lignite": ("lignite", "Lignite"),
    "Anthracite": ("anthracite", "Anthracite"),
    "Petroleum Coke": ("petroleum_coke", "Petroleum coke"),
    "Coke Oven Coke and Lignite Coke": ("coke_oven_coke", "Coke oven coke and lignite coke"),
    "Wood/Wood Waste (biomass)": ("wood_waste", "Wood/wood waste (biomass)"),
}

IPCC_SOURCE = "IPCC 2006 Guidelines Vol. 2 Ch. 1 Table 1.2 (NCV) / Table 1.4 (CO2 EF)"
IPCC_CC_SOURCE = "IPCC 2006 Guidelines Vol. 2 Ch. 1 Table 1.3 (carbon content)"
IPCC_POINTER = "; values via public GitHub transcriptions of the tables (ipcc_fuels.csv source column)"

# Clauses of the ipcc_fuels.csv status column ('; '-separated).
IPCC_ROW_VERIFIED = "verified (2+ sources)"
IPCC_ROW_CENTRAL = "NCV+CO2 central & CO2 bounds verified"
IPCC_NCV_BOUNDS = "NCV bounds unverified"
IPCC_CH4 = "CH4 mfg unverified"  # concerns CH4, which is not emitted here


# IR (EU) 2025/2547 Annex II point G, Tables 1-4, read from the plain text of the act: fuel name as
# the act prints it (Table 1, or Table 2 for biomass) for each library fuel.
LEGAL_2547 = "official/legal/ir-2025-2547-methodology.txt"
POINT_G_FUELS = {
    "natural_gas": ("Natural gas", 1), "gas_diesel_oil": ("Gas/Diesel oil", 1),
    "residual_fuel_oil": ("Residual fuel oil", 1), "lpg": ("Liquefied petroleum gases", 1),
    "coking_coal": ("Coking coal", 1), "other_bituminous_coal": ("Other bituminous coal", 1),
    "sub_bituminous_coal": ("Sub-bituminous coal", 1), "lignite": ("Lignite", 1),
    "anthracite": ("Anthracite", 1), "petroleum_coke": ("Petroleum coke", 1),
    "coke_oven_coke": ("Coke oven coke and lignite coke", 1),
    "wood_waste": ("Wood / Wood waste (air dry)", 2),
}
POINT_G_CARBONATES = {"caco3": ("CaCO3", 3), "mgco3": ("MgCO3", 3), "na2co3": ("Na2CO3", 3),
                      "feco3": ("FeCO3", 3), "cao_clinker": ("CaO", 4)}


def point_g(data: Path) -> dict[str, object]:
    """Tables 1-4 of IR 2025/2547 Annex II point G: {'fuels': {name: (ef t/TJ, ncv TJ/t)},
    'carbonates': {formula: t CO2/t}}. The text comes from the OJ PDF, so footnote markers sit on
    lines of their own; they are removed before reading."""
    path = data / LEGAL_2547
    if not path.is_file():
        fail(f"{path}: file not found")
    text = path.read_text(encoding="utf-8")
    start = text.find("G. STANDARD FACTORS USED IN THE MONITORING")
    end = text.find("Table 5", start)
    if start < 0 or end < 0:
        fail(f"{LEGAL_2547}: point G (Tables 1-4) not found")
    block = re.sub(r"\(\s*\n\s*\d\s*\n\s*\)", "", text[start:end])  # footnote markers "(\n1\n)"
    block = re.sub(r"\s+", " ", block).replace(" )", ")")
    t2 = block.find("Table 2")
    t3 = block.find("Table 3")
    t4 = block.find("Table 4")
    out: dict[str, dict] = {"fuels": {}, "carbonates": {}}
    num = r"(\d+(?:,\d+)?)"
    for slug, (name, table) in POINT_G_FUELS.items():
        part = block[:t2] if table == 1 else block[t2:t3]
        m = re.search(re.escape(name) + r" " + num + r" " + num + r" IPCC", part)
        if not m:
            fail(f"{LEGAL_2547}: point G Table {table}: no row for {name!r}")
        ef = Decimal(m.group(1).replace(",", "."))
        ncv = Decimal(m.group(2).replace(",", "."))  # TJ/Gg (Table 1) or GJ/t (Table 2): same number
        out["fuels"][slug] = (ef, ncv / 1000, table)
    for slug, (formula, table) in POINT_G_CARBONATES.items():
        part = block[t3:t4] if table == 3 else block[t4:]
        m = re.search(r"(?<![A-Za-z0-9])" + re.escape(formula) + r" " + num, part)
        if not m:
            fail(f"{LEGAL_2547}: point G Table {table}: no row for {formula!r}")
        out["carbonates"][slug] = (Decimal(m.group(1).replace(",", ".")), table)
    return out


def gen_ipcc(data: Path) -> str:
    rows = read_csv(data, "ipcc_fuels.csv",
                    ["fuel_ipcc_name", "ncv_TJ_per_Gg", "ncv_lower", "ncv_upper",
                     "co2_ef_kg_per_TJ", "co2_ef_lower", "co2_ef_upper",
                     "carbon_content_kgC_per_GJ", "status", "source", "notes"])
    x = Xml()
    header_comment(x, ["ipcc_fuels.csv"])
    x.comment("Units: ncv TJ/t = CSV TJ/Gg / 1000; ef tCO2e/TJ = CSV kg CO2/TJ / 1000; "
              "carbon_content tC/TJ = CSV kg C/GJ (same number). lower/upper are the IPCC 95 % "
              "bounds, converted the same way. Valid from 2006-01-01 (IPCC 2006 Guidelines, no "
              "end date).")
    x.comment("The CSV's CH4/N2O manufacturing factors (Table 2.3, partly recalled) are in "
              "ipcc-combustion-ch4-n2o.xml: CBAM counts CO2 (and N2O/PFCs from processes), not "
              "combustion CH4/N2O; the GHG inventory does.")
    factor_table_open(x, id="ipcc2006-fuels", title="IPCC 2006 default fuel factors",
                      generated_from=["ipcc_fuels.csv"])
    G = point_g(data)
    seen = set()
    for i, r in enumerate(rows, start=2):
        where = f"ipcc_fuels.csv:{i}"
        if r["fuel_ipcc_name"] not in FUELS:
            fail(f"{where}: unknown fuel {r['fuel_ipcc_name']!r}; add it to FUELS")
        slug, label = FUELS[r["fuel_ipcc_name"]]
        if slug in seen:
            fail(f"{where}: fuel {slug} twice")
        seen.add(slug)

        clauses = [c.strip() for c in r["status"].split(";")]
        main, rest = clauses[0], clauses[1:]
        if main not in (IPCC_ROW_VERIFIED, IPCC_ROW_CENTRAL):
            fail(f"{where}: unknown status {r['status']!r}")
        for c in rest:
            if c not in (IPCC_NCV_BOUNDS, IPCC_CH4):
                fail(f"{where}: unknown status clause {c!r}")
        ncv_bounds_unverified = IPCC_NCV_BOUNDS in rest
        if main == IPCC_ROW_CENTRAL and not ncv_bounds_unverified:
            fail(f"{where}: status names central values only but not the NCV bounds")
        notes = r["notes"]
        if ncv_bounds_unverified and "recalled" not in notes:
            fail(f"{where}: NCV bounds unverified but the notes do not say they are recalled")

        ncv = scaled(r["ncv_TJ_per_Gg"], -3, where)
        ef = scaled(r["co2_ef_kg_per_TJ"], -3, where)
        cc = number(r["carbon_content_kgC_per_GJ"], where)
        # Carbon content x 3.664 must reproduce the CO2 EF (IPCC Table 1.3 vs 1.4) within 1 %.
        if abs(Decimal(cc) * Decimal("3.664") - Decimal(ef)) > Decimal(ef) / 100:
            fail(f"{where}: carbon content {cc} tC/TJ does not match EF {ef} tCO2e/TJ")

        ncv_note = []
        if ncv_bounds_unverified:
            ncv_note.append("NCV bounds unverified (recalled)")
        if slug == "lignite":
            ncv_note.append("Turkish lignite NCV is often far below 11.9 TJ/Gg; use plant or "
                            "national values where available")
        ef_note = []
        cc_note = []
        if slug == "wood_waste":
            bio = ("biogenic CO2: counts as zero only if the biomass meets the RED sustainability "
                   "and GHG-saving criteria; otherwise treat it as fossil")
            ef_note.append(bio)
            cc_note.append(bio)
        if slug == "coke_oven_coke":
            ef_note.append("IPCC table note 'r' applies to this CO2 value")
        if main == IPCC_ROW_VERIFIED:
            ncv_status = ef_status = cc_status = "verified"
        else:
            ncv_status = ef_status = "verified"
            cc_status = "single source"
            cc_note.append("the CSV status confirms only NCV and CO2 for this fuel; the carbon "
                           "content comes from the same table transcription and matches the "
                           "CO2 EF (x 3.664) within rounding")

        x.comment(f"{r['fuel_ipcc_name']}: CSV status '{r['status']}'", 1)
        # IR 2025/2547 Annex II point G Table 1/2 gives the same standard factors: cite it where
        # the values agree; a difference stops the run (it must be read by a person).
        g_ef, g_ncv, g_table = G["fuels"][slug]
        if Decimal(ef) != g_ef or Decimal(ncv) != g_ncv:
            fail(f"{where}: {label}: EF {ef} / NCV {ncv} differ from IR 2025/2547 Annex II point G "
                 f"Table {g_table} ({g_ef} t CO2/TJ, {g_ncv} TJ/t)")
        g_src = f"IR (EU) 2025/2547 Annex II point G Table {g_table} (IPCC 2006 GL); "
        factor(x, id=f"fuel.{slug}.ncv", name=f"{label}: net calorific value", value=ncv,
               unit="TJ/t", lower=scaled(r["ncv_lower"], -3, where),
               upper=scaled(r["ncv_upper"], -3, where), source=g_src + IPCC_SOURCE + IPCC_POINTER,
               valid_from="2006-01-01", status=ncv_status,
               note=join_notes("95 % bounds from IPCC 2006 Table 1.2", *ncv_note))
        factor(x, id=f"fuel.{slug}.ef", name=f"{label}: CO2 emission factor", value=ef,
               unit="tCO2e/TJ", lower=scaled(r["co2_ef_lower"], -3, where),
               upper=scaled(r["co2_ef_upper"], -3, where), source=g_src + IPCC_SOURCE + IPCC_POINTER,
               valid_from="2006-01-01", status=ef_status,
               note=join_notes("95 % bounds from IPCC 2006 Table 1.4", *ef_note))
        factor(x, id=f"fuel.{slug}.carbon_content", name=f"{label}: carbon content", value=cc,
               unit="tC/TJ", source=IPCC_CC_SOURCE + IPCC_POINTER, valid_from="2006-01-01",
               status=cc_status, note=join_notes(*cc_note))
    missing = [n for n, (s, _) in FUELS.items() if s not in seen]
    if missing:
        fail(f"ipcc_fuels.csv: fuels missing: {missing}")
    x.close("factor-table", 0)
    return x.text()


# Stationary combustion CH4 and N2O (IPCC 2006 Vol. 2 Ch. 2 Table 2.3, manufacturing industries
# and construction): not part of CBAM, used by the GHG inventory and product footprints.
# The CSV has no status column for these two values; their status is read from its notes, one
# fuel at a time, by a person: (CH4 status, N2O status, note key phrase the notes must contain).
# "single source": Table 2.3 value recalled, but the same value is confirmed for Table 2.2;
# "unverified": recalled, or no statement about it in the CSV.
NONCO2_STATUS = {
    "natural_gas": ("single source", "single source", "Table 2.2 gives same 1/0.1 (verified)"),
    "gas_diesel_oil": ("single source", "single source", "3/0.6 verified for Table 2.2"),
    "residual_fuel_oil": ("unverified", "unverified", ""),
    "lpg": ("unverified", "unverified", ""),
    "coking_coal": ("unverified", "single source", "Table 2.2 energy industries gives 1 / 1.5 (verified)"),
    "other_bituminous_coal": ("unverified", "unverified", "CH4 manufacturing 10 recalled"),
    "sub_bituminous_coal": ("unverified", "unverified", ""),
    "lignite": ("unverified", "unverified", ""),
    "anthracite": ("unverified", "unverified", ""),
    "petroleum_coke": ("unverified", "unverified", ""),
    "coke_oven_coke": ("unverified", "unverified", ""),
    "wood_waste": ("single source", "single source", "CH4 30 / N2O 4 verified for Table 2.2"),
}
NONCO2_SOURCE = ("IPCC 2006 Guidelines Vol. 2 Ch. 2 Table 2.3 (stationary combustion in "
                 "manufacturing industries and construction, default CH4 and N2O factors)")


def gen_ipcc_nonco2(data: Path) -> str:
    rows = read_csv(data, "ipcc_fuels.csv",
                    ["fuel_ipcc_name", "ch4_kg_per_TJ_manufacturing", "n2o_kg_per_TJ_manufacturing",
                     "notes"])
    x = Xml()
    header_comment(x, ["ipcc_fuels.csv"])
    x.comment("CH4 and N2O of stationary combustion, kg of gas per TJ of fuel (net calorific "
              "basis), copied as written. Not counted by CBAM (Annex IV counts combustion CO2); "
              "used by greengate footprint for the GHG Protocol Scope 1 inventory and product "
              "footprints, in CO2e with the AR5 GWPs (gwp.ar5.ch4, gwp.ar5.n2o). Status from the "
              "CSV notes (the CSV has no status column for these values): see NONCO2_STATUS in "
              "the script.")
    factor_table_open(x, id="ipcc2006-combustion-ch4-n2o",
                      title="IPCC 2006 default CH4 and N2O factors of stationary combustion",
                      generated_from=["ipcc_fuels.csv"])
    seen = set()
    for i, r in enumerate(rows, start=2):
        where = f"ipcc_fuels.csv:{i}"
        if r["fuel_ipcc_name"] not in FUELS:
            fail(f"{where}: unknown fuel {r['fuel_ipcc_name']!r}; add it to FUELS")
        slug, label = FUELS[r["fuel_ipcc_name"]]
        if slug not in NONCO2_STATUS:
            fail(f"{where}: no CH4/N2O status decided for {slug}; add it to NONCO2_STATUS")
        ch4_status, n2o_status, phrase = NONCO2_STATUS[slug]
        if phrase and phrase not in r["notes"]:
            fail(f"{where}: the notes no longer say {phrase!r}: re-read them and update "
                 f"NONCO2_STATUS")
        seen.add(slug)
        note = join_notes(r["notes"], "biogenic fuel: its CH4 and N2O count in Scope 1 (only the "
                                      "CO2 is biogenic)" if slug == "wood_waste" else "")
        x.comment(f"{r['fuel_ipcc_name']}", 1)
        factor(x, id=f"fuel.{slug}.ch4_stationary", name=f"{label}: CH4 factor, stationary "
               f"combustion (manufacturing)", value=number(r["ch4_kg_per_TJ_manufacturing"], where),
               unit="kg/TJ", source=NONCO2_SOURCE + IPCC_POINTER, valid_from="2006-01-01",
               status=ch4_status, note=note)
        factor(x, id=f"fuel.{slug}.n2o_stationary", name=f"{label}: N2O factor, stationary "
               f"combustion (manufacturing)", value=number(r["n2o_kg_per_TJ_manufacturing"], where),
               unit="kg/TJ", source=NONCO2_SOURCE + IPCC_POINTER, valid_from="2006-01-01",
               status=n2o_status, note=note)
    missing = [s for s in NONCO2_STATUS if s not in seen]
    if missing:
        fail(f"ipcc_fuels.csv: fuels missing: {missing}")
    x.close("factor-table", 0)
    return x.text()


# --------------------------------------------------------------------------------------------
# 3. Process factors and GWPs
# --------------------------------------------------------------------------------------------

PROCESS_ITEMS = {  # (category, item) -> slug
    ("process_ef", "CaCO3 (calcite/limestone) calcination"): "caco3",
    ("process_ef", "MgCO3 (magnesite)"): "mgco3",
    ("process_ef", "CaMg(CO3)2 (dolomite)"): "dolomite",
    ("process_ef", "FeCO3 (siderite)"): "feco3",
    ("process_ef", "Na2CO3 (soda ash)"): "na2co3",
    ("process_ef", "CaO in clinker -> CO2 (stoichiometric ratio)"): "cao_clinker",
    ("process_ef", "Clinker default EF (EU MRR 2018/2066 Annex VI, method B)"): "clinker_mrr",
    ("process_ef", "Clinker default EF (IPCC 2006 Tier 1, 0.510 x CKD 1.02)"): "clinker_ipcc",
    ("carbon_content", "Pig iron"): "pig_iron",
    ("carbon_content", "DRI / HBI"): "dri",
    ("carbon_content", "EAF carbon electrodes"): "eaf_electrodes",
    ("carbon_content", "EAF charge carbon"): "eaf_charge_carbon",
    ("carbon_content", "Steel (product)"): "steel",
    ("gwp_ar5", "CO2"): "co2",
    ("gwp_ar5", "CH4"): "ch4",
    ("gwp_ar5", "N2O"): "n2o",
    ("gwp_ar5", "CF4 (PFC-14)"): "cf4",
    ("gwp_ar5", "C2F6 (PFC-116)"): "c2f6",
    ("gwp_ar5", "SF6"): "sf6",
    ("gwp_ar6_ref", "N2O"): "n2o",
    ("gwp_ar6_ref", "CF4"): "cf4",
    ("gwp_ar6_ref", "C2F6"): "c2f6",
}

# valid-from = first day the cited source applies: IPCC 2006 Guidelines; EU MRR 2018/2066
# (applies from 2021-01-01); IPCC AR5 (2014); IPCC AR6 (2021); IR 2025/2547 (2026-01-01).
PROCESS_VALID_FROM = {"clinker_mrr": "2021-01-01"}
CATEGORY_VALID_FROM = {"process_ef": "2006-01-01", "carbon_content": "2021-01-01",
                       "gwp_ar5": "2014-01-01", "gwp_ar6_ref": "2021-01-01"}


G_TABLES_CSV = "official/ir2025-2547-annex-ii-g-standard-factors.csv"
# Table 5 items of IR 2025/2547 Annex II point G -> carbon_content.<slug>; the first five replace
# the library's recalled values of process_factors_gwp.csv, the rest are new.
TABLE5 = {"Pig iron": "pig_iron", "Direct reduced iron (DRI)": "dri",
          "EAF carbon electrodes": "eaf_electrodes", "EAF charge carbon": "eaf_charge_carbon",
          "Steel / steel scrap": "steel", "Hot briquetted iron (HBI)": "hbi",
          "Oxygen steel furnace gas": "bof_gas", "Petroleum coke": "petroleum_coke",
          "Iron / iron scrap": "iron_scrap"}
TABLE6 = {"N2O": "n2o", "CF4": "cf4", "C2F6": "c2f6"}


def gen_process(data: Path) -> tuple[str, list[str]]:
    rows = read_csv(data, "process_factors_gwp.csv",
                    ["category", "item", "value", "unit", "basis", "status", "source",
                     "applies_to"])
    gt = read_csv(data, G_TABLES_CSV, ["table", "item", "carbon_content_tc_per_t",
                                       "emission_factor", "unit", "source", "status"])
    table5, table6 = {}, {}
    for i, r in enumerate(gt, start=2):
        where = f"{G_TABLES_CSV}:{i}"
        if r["status"] not in OJ_STATUS:
            fail(f"{where}: unknown status wording {r['status']!r}")
        if r["table"] == "5":
            if r["item"] not in TABLE5:
                fail(f"{where}: unknown Table 5 item {r['item']!r}; add it to TABLE5")
            table5[TABLE5[r["item"]]] = (number(r["carbon_content_tc_per_t"], where),
                                         number(r["emission_factor"], where), r)
        elif r["table"] == "6":
            if r["item"] not in TABLE6:
                fail(f"{where}: unknown Table 6 item {r['item']!r}")
            table6[TABLE6[r["item"]]] = (number(r["emission_factor"], where), r)
        else:
            fail(f"{where}: unknown table {r['table']!r}")
    G = point_g(data)
    report = []
    x = Xml()
    header_comment(x, ["process_factors_gwp.csv", G_TABLES_CSV, LEGAL_2547])
    x.comment("carbonate.* in t CO2 per t of the named input (carbonate, CaO or clinker, see "
              "note; those of IR 2025/2547 Annex II point G Tables 3-4 checked against the act); "
              "carbon_content.* in t C per t of material (IR 2025/2547 Annex II point G Table 5, "
              "which replaces the research data's recalled values); gwp.* in t CO2e per t of gas "
              "(Table 6 for N2O, CF4, C2F6). CBAM uses the AR5 100-year GWPs; AR6 values are for "
              "reference only.")
    x.comment("valid-from is the first day the cited source applies: IPCC 2006 Guidelines "
              "2006-01-01, EU MRR 2018/2066 2021-01-01, IPCC AR5 2014-01-01, IPCC AR6 "
              "2021-01-01, IR (EU) 2025/2547 2026-01-01.")
    factor_table_open(x, id="process-factors",
                      title="Process emission factors, carbon contents and GWPs",
                      generated_from=["process_factors_gwp.csv"])
    seen = set()
    for i, r in enumerate(rows, start=2):
        where = f"process_factors_gwp.csv:{i}"
        key = (r["category"], r["item"])
        if key not in PROCESS_ITEMS:
            fail(f"{where}: unknown item {key}; add it to PROCESS_ITEMS")
        slug = PROCESS_ITEMS[key]
        status = status_of(r["status"], where)
        value = number(r["value"], where)
        source = r["source"]
        if source.startswith("recalled"):
            source = f"{r['basis']} ({source})"
        notes = []
        cat = r["category"]
        if cat == "process_ef":
            m = re.fullmatch(r"t CO2/t (.+)", r["unit"])
            if not m:
                fail(f"{where}: unexpected unit {r['unit']!r}")
            fid, unit = f"carbonate.{slug}", "tCO2e/t"
            name = r["item"]
            notes.append(f"t CO2 per t {m.group(1)}")
        elif cat == "carbon_content":
            m = re.fullmatch(r"t C/t \(EF ([\d.]+) t CO2/t\)", r["unit"])
            if not m:
                fail(f"{where}: unexpected unit {r['unit']!r}")
            fid, unit = f"carbon_content.{slug}", "tC/t"
            name = f"Carbon content: {r['item']}"
            notes.append(f"equivalent EF {m.group(1)} t CO2/t")
        elif cat == "gwp_ar5":
            if r["unit"] != "t CO2e/t gas":
                fail(f"{where}: unexpected unit {r['unit']!r}")
            fid, unit = f"gwp.ar5.{slug}", "tCO2e/t"
            name = f"GWP (IPCC AR5, 100-year): {r['item']}"
        else:  # gwp_ar6_ref
            if r["unit"] != "t CO2e/t gas":
                fail(f"{where}: unexpected unit {r['unit']!r}")
            fid, unit = f"gwp.ar6.{slug}", "tCO2e/t"
            name = f"GWP (IPCC AR6, 100-year): {r['item']}"
            notes.append("reference only, not used by CBAM")
            if "AR5" in r["source"]:
                notes.append("the CSV source for this AR6 value cites tables labelled AR5 "
                             "(probably copied from the AR5 rows)")
        valid_from = PROCESS_VALID_FROM.get(slug, CATEGORY_VALID_FROM[cat])
        if cat == "process_ef" and slug in G["carbonates"]:
            g_value, g_table = G["carbonates"][slug]
            if Decimal(value) != g_value:
                fail(f"{where}: {r['item']} {value} differs from IR 2025/2547 Annex II point G "
                     f"Table {g_table} ({g_value})")
            source = f"IR (EU) 2025/2547 Annex II point G Table {g_table}; {source}"
            status = "verified"
        if cat == "carbon_content" and slug in table5:
            cc, ef_text, g = table5.pop(slug)
            if Decimal(cc) != Decimal(value):
                notes.append(f"replaces the research data's recalled {value} t C/t "
                             f"({r['source']})")
                report.append(f"carbon content {r['item']}: research data {value} t C/t, IR "
                              f"2025/2547 Annex II point G Table 5: {cc} (the act wins)")
            value = cc
            name = f"Carbon content: {g['item']}"
            valid_from = "2026-01-01"
            source = "IR (EU) 2025/2547 Annex II point G Table 5 (IPCC 2006 GL)"
            status = OJ_STATUS[g["status"]]
            notes = [n for n in notes if not n.startswith("equivalent EF")]
            notes.insert(0, f"equivalent EF {ef_text} t CO2/t (Table 5)")
        if cat == "gwp_ar5" and slug in table6:
            g_value, g = table6.pop(slug)
            if Decimal(g_value) != Decimal(value):
                fail(f"{where}: GWP {r['item']} {value} differs from IR 2025/2547 Annex II "
                     f"point G Table 6 ({g_value})")
            source = f"IR (EU) 2025/2547 Annex II point G Table 6; {source}"
            status = "verified"
        if status == "unverified":
            notes.insert(0, "unverified (recalled, not found in the sources available)")
        if cat == "gwp_ar5" and r["applies_to"] not in ("", "n/a"):
            notes.append(r["applies_to"])
        if fid in seen:
            fail(f"{where}: {fid} twice")
        seen.add(fid)
        factor(x, id=fid, name=name, value=value, unit=unit, source=source,
               valid_from=valid_from, status=status, note=join_notes(*notes))

    for slug, (cc, ef_text, g) in table5.items():
        factor(x, id=f"carbon_content.{slug}", name=f"Carbon content: {g['item']}", value=cc,
               unit="tC/t", source="IR (EU) 2025/2547 Annex II point G Table 5 (IPCC 2006 GL)",
               valid_from="2026-01-01", status=OJ_STATUS[g["status"]],
               note=f"equivalent EF {ef_text} t CO2/t (Table 5)")
    if table6:
        fail(f"{G_TABLES_CSV}: Table 6 gases without a library GWP: {sorted(table6)}")
    factor(x, id="mass_balance.f", name="Mass balance: t CO2 per t carbon (f)", value="3.664",
           unit="tCO2e/t",
           source="IR (EU) 2025/2547 Annex II B.3.2 Eq. 12 (f = 3.664 t CO2/t C)",
           valid_from="2026-01-01", status="verified", note="t CO2 per t C")
    factor(x, id="waste_gas.corr_eta", name="Waste gas exported: efficiency correction Corr_eta",
           value="0.667", unit="1",
           source="IR (EU) 2025/2547 Annex III A.2.3 Eq. 54 (standard value Corr_eta = 0,667)",
           valid_from="2026-01-01", status="verified",
           note="difference in efficiencies between the use of waste gas and of natural gas")
    x.close("factor-table", 0)
    return x.text(), report


# --------------------------------------------------------------------------------------------
# 4. Electricity: CBAM default factors (IR 2025/2621 Annexes II/III) and Türkiye grid factors
# --------------------------------------------------------------------------------------------

IEA_LICENCE = ("the regulation's source note (quoted): IEA data, CC BY-NC-SA 4.0 licence")

GRID_SLUGS = {  # grid_factors.csv factor_type (Türkiye rows with a value) -> slug
    "grid average, per MWh gross generation": "gross_generation_avg",
    "natural-gas power plants, per MWh gross generation": "gas_plants",
    "grid average, per MWh net generation": "net_generation_2020",
}
TOOL07_MARK = "Tool07"


ANNEX_II_CSV = "official/ir2025-2621-annex-ii-electricity-factors.csv"
ANNEX_III_CSV = "official/ir2025-2621-annex-iii-imported-electricity.csv"
OJ_STATUS = {"verified (Official Journal text)": "verified"}
IEA_NOTE = ("IEA data, CC BY-NC-SA 4.0 (the annex's disclaimer: use for determining embedded "
            "emissions under the CBAM Regulation; other commercial use needs an IEA licence)")


def gen_electricity(data: Path) -> tuple[str, list[str]]:
    ann2 = read_csv(data, ANNEX_II_CSV, ["country_or_territory", "iso2", "tco2e_per_mwh", "meaning",
                                         "source", "status"])
    ann3 = read_csv(data, ANNEX_III_CSV, ["country_or_territory", "iso2", "tco2e_per_mwh",
                                          "meaning", "source", "status"])
    research = read_csv(data, "cbam_electricity_factors.csv",
                        ["country", "iso2", "table", "applies_to", "value", "value_as_printed",
                         "unit", "valid_from", "status", "source", "note"])
    grid = read_csv(data, "grid_factors.csv",
                    ["country", "factor_type", "value", "unit", "publisher_method", "year",
                     "status", "source", "notes"])
    x = Xml()
    header_comment(x, [ANNEX_II_CSV, ANNEX_III_CSV, "cbam_electricity_factors.csv",
                       "grid_factors.csv"])
    x.comment("electricity.annex_ii.<iso2>: IR (EU) 2025/2621 Annex II, default factor of "
              "electricity consumed, for the indirect emissions of goods NOT in Annex II of Reg "
              "(EU) 2023/956 (cement, fertilisers, 2601 12 00) (Art 1(3); Reg 2023/956 Art 7(4)); "
              "electricity.annex_ii.other is the annex's row 'Other countries and territories'. "
              "electricity.annex_iii.<iso2>: IR (EU) 2025/2621 Annex III, factor of electricity "
              "imported into the Union as a good, CN 2716 00 00 (Art 1(4); Reg 2023/956 Art 7(3)); "
              "electricity.annex_iii.eu is the EU's factor, used for a country without a row (IR "
              "(EU) 2025/2547 Annex II point D.2, D.2.2). Values as printed in the Official "
              "Journal (31.12.2025); the research note's four values are cross-checked below.")
    factor_table_open(x, id="electricity", title="Electricity emission factors",
                      generated_from=[ANNEX_II_CSV.split("/")[-1], ANNEX_III_CSV.split("/")[-1],
                                      "cbam_electricity_factors.csv", "grid_factors.csv"])
    report = []
    official: dict[tuple[str, str], str] = {}
    for kind, rows, name in (("annex_ii", ann2, ANNEX_II_CSV), ("annex_iii", ann3, ANNEX_III_CSV)):
        seen = set()
        for i, r in enumerate(rows, start=2):
            where = f"{name}:{i}"
            if r["status"] not in OJ_STATUS:
                fail(f"{where}: unknown status wording {r['status']!r}")
            value = number(r["tco2e_per_mwh"], where)
            iso = r["iso2"].lower()
            if not iso:
                if kind != "annex_ii" or r["country_or_territory"] != FALLBACK_NAME:
                    fail(f"{where}: a row without iso2 that is not the fallback row")
                iso = "other"
            if iso in seen:
                fail(f"{where}: {iso} twice")
            seen.add(iso)
            official[(kind, iso)] = value
            annex = "II" if kind == "annex_ii" else "III"
            label = ("CBAM default electricity factor (IR 2025/2621 Annex II)" if kind == "annex_ii"
                     else "CBAM electricity factor for imported electricity (IR 2025/2621 Annex III)")
            notes = [IEA_NOTE]
            if iso == "other":
                notes.insert(0, "the annex's row for every country it does not list")
            if iso == "eu":
                notes.insert(0, "the EU's factor: also for a third country without an Annex III row "
                                "(IR 2025/2547 Annex II point D.2, D.2.2)")
            factor(x, id=f"electricity.{kind}.{iso}", name=f"{label}: {r['country_or_territory']}",
                   value=value, unit="tCO2e/MWh",
                   source=f"Commission Implementing Regulation (EU) 2025/2621 Annex {annex} "
                          f"(OJ L, 31.12.2025)",
                   valid_from="2026-01-01", status=OJ_STATUS[r["status"]],
                   note=join_notes(*notes))
    # the research note's values against the Official Journal's
    for i, r in enumerate(research, start=2):
        where = f"cbam_electricity_factors.csv:{i}"
        kind = "annex_iii" if r["table"].startswith("IR (EU) 2025/2621 Annex III") else "annex_ii"
        iso = r["iso2"].lower() or "other"
        mine = official.get((kind, iso))
        if mine is None:
            report.append(f"{where}: {r['country']} ({kind}) has no row in the OJ table")
        elif Decimal(mine) != Decimal(number(r["value"], where)):
            report.append(f"{where}: {r['country']} ({kind}) research note {r['value']} vs OJ {mine}")
    report.insert(0, f"electricity: {len(ann2)} Annex II and {len(ann3)} Annex III rows from the OJ "
                     f"text; {len(research) - len(report)} of {len(research)} research-note values "
                     f"agree")

    gaps, tool07, rules = [], [], []
    for i, r in enumerate(grid, start=2):
        where = f"grid_factors.csv:{i}"
        if r["country"] == "RULE":
            rules.append(r)
            continue
        if TOOL07_MARK in r["factor_type"]:
            tool07.append(r)
            continue
        if not r["value"]:
            gaps.append(r)
            continue
        if r["country"] != "Türkiye":
            fail(f"{where}: grid factor with a value for {r['country']!r} has no id convention")
        if r["factor_type"] not in GRID_SLUGS:
            fail(f"{where}: unknown Türkiye factor type {r['factor_type']!r}")
        if r["unit"] != "t CO2e/MWh":
            fail(f"{where}: unexpected unit {r['unit']!r}")
        slug = GRID_SLUGS[r["factor_type"]]
        status = status_of(r["status"], where)
        notes = []
        if r["year"] == "2020":
            valid_from = "2020-01-01"
            if status != "verified":
                fail(f"{where}: the 2020 row was expected to be verified")
            notes.append("data year 2020")
        else:
            if status != "single source":
                fail(f"{where}: a row without a data year was expected to be partly verified")
            valid_from = "2022-01-01"
            notes.append("data year not shown in source; valid-from 2022-01-01 is an "
                         "assumption (CSV: 'latest on page', likely 2022-2023 data)")
            notes.append(f"CSV status: {r['status']}")
        notes.append("national grid factor, not the CBAM default: IR 2025/2547 Annex II point D.4 "
                     "admits only the IR 2025/2621 Annex II value (electricity.annex_ii.tr), a "
                     "Commission alternative default, or actual factors under a direct link or "
                     "PPA; kept for information and corporate footprints")
        if r["notes"]:
            notes.append(r["notes"])
        source = r["source"]
        if r["publisher_method"]:
            source = f"{r['publisher_method']}: {source}"
        factor(x, id=f"grid.tr.{slug}", name=f"Türkiye: {r['factor_type']}",
               value=number(r["value"], where), unit="tCO2e/MWh", source=source,
               valid_from=valid_from, status=status, note=join_notes(*notes))
    if sorted(GRID_SLUGS.values()) != sorted(
            GRID_SLUGS[r["factor_type"]] for r in grid
            if r["country"] == "Türkiye" and r["value"] and TOOL07_MARK not in r["factor_type"]):
        fail("grid_factors.csv: expected exactly one row per Türkiye grid factor type")

    for r in tool07:
        x.comment(f"Not emitted: Türkiye {r['factor_type']} = {r['value']} {r['unit']} "
                  f"({r['year']}): a CDM Tool07 margin for offset projects, not for CBAM "
                  f"indirect emissions.", 1)
    for r in gaps:
        x.comment(f"Known gap, not emitted: {r['country']} {r['factor_type']}: no value found "
                  f"(CSV status '{r['status']}').", 1)
    for r in rules:
        x.comment(f"Rule row not emitted ({r['year']}): {r['notes']}", 1)
    x.close("factor-table", 0)
    return x.text(), report


# --------------------------------------------------------------------------------------------
# 5. Schedule: mark-ups, CBAM factor, certificate price
# --------------------------------------------------------------------------------------------

MARKUP_STEPPED = ["cement", "iron_steel", "aluminium", "hydrogen"]
SECTOR_LABELS = {"cement": "cement", "iron_steel": "iron and steel", "aluminium": "aluminium",
                 "hydrogen": "hydrogen", "fertilisers": "fertilisers",
                 "electricity": "electricity"}
MARKUP_CONTINUES = "2028 rate continues thereafter until revised."
ELECTRICITY_MARKUP_SOURCE = ("IR (EU) 2025/2621 recital 23 and Annex I opening paragraph "
                             "(no mark-up for electricity)")
CBAM_FACTOR_SOURCE = "Directive 2003/87/EC Art 10a(1a) (CBAM factor)"
MONTHS = {m: i for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)}


def gen_schedule(data: Path) -> str:
    markup = read_csv(data, "cbam_default_markup.csv",
                      ["sector", "year", "markup_pct", "status", "source"])
    seed = read_csv(data, "cbam_markup_schedule.csv", ["product_group", "year", "markup_pct"])
    fms = read_csv(data, "cbam_factor_markup_schedule.csv",
                   ["year", "cbam_factor_free_allocation_retained",
                    "default_markup_cement_steel_aluminium_hydrogen",
                    "default_markup_fertilisers", "status", "source"])
    fs = read_csv(data, "cbam_factor_schedule.csv",
                  ["year", "cbam_factor_pct_free_allocation_kept", "status", "source"])
    prices = read_csv(data, "carbon_prices.csv",
                      ["item", "period", "value", "unit", "notes", "status", "source"])
    elec = read_csv(data, "cbam_electricity_factors.csv", ["note"])

    x = Xml()
    csvs = ["cbam_default_markup.csv", "cbam_markup_schedule.csv",
            "cbam_factor_markup_schedule.csv", "cbam_factor_schedule.csv", "carbon_prices.csv",
            "cbam_electricity_factors.csv"]
    header_comment(x, csvs)
    x.comment("markup.<sector>: percentage added to the base default values (10 = 10 %). "
              "cbam.factor: share of free allocation retained, in % (97.5 in 2026). "
              "price.cbam_certificate: EUR per CBAM certificate (t CO2e) for the import quarter.")
    factor_table_open(x, id="cbam-schedule",
                      title="CBAM default-value mark-ups, CBAM factor and certificate price",
                      generated_from=csvs)

    # --- mark-ups: cbam_default_markup.csv, cross-checked against the seed schedule
    by_sector: dict[str, dict[int, dict[str, str]]] = {}
    for i, r in enumerate(markup, start=2):
        where = f"cbam_default_markup.csv:{i}"
        if r["sector"] not in SECTOR_SLUGS:
            fail(f"{where}: unknown sector {r['sector']!r}")
        number(r["markup_pct"], where)
        by_sector.setdefault(SECTOR_SLUGS[r["sector"]], {})[int(r["year"])] = r
    seed_pct = {(SECTOR_SLUGS[r["product_group"]], int(r["year"])): r["markup_pct"]
                for r in seed}
    for (sector, year), pct in seed_pct.items():
        mine = by_sector.get(sector, {}).get(year)
        if mine is None or Decimal(mine["markup_pct"]) != Decimal(pct):
            fail(f"cbam_markup_schedule.csv: {sector} {year} = {pct} disagrees with "
                 f"cbam_default_markup.csv")
    for sector in MARKUP_STEPPED + ["fertilisers"]:
        if sorted(by_sector.get(sector, {})) != [2026, 2027, 2028]:
            fail(f"cbam_default_markup.csv: {sector} needs rows for 2026, 2027 and 2028")

    def markup_source(r: dict[str, str]) -> str:
        src = r["source"].strip()
        if src.endswith(MARKUP_CONTINUES):
            src = src[: -len(MARKUP_CONTINUES)].strip()
        return src.rstrip(".;").strip()

    for sector in MARKUP_STEPPED:
        for year in (2026, 2027, 2028):
            r = by_sector[sector][year]
            where = f"cbam_default_markup.csv ({sector} {year})"
            frm, to = year_range(year)
            note = None
            if year == 2028:
                to = None
                note = "the 2028 rate continues until revised"
            factor(x, id=f"markup.{sector}", name=f"Default-value mark-up, {SECTOR_LABELS[sector]}, "
                   f"{year}{' onwards' if year == 2028 else ''}",
                   value=r["markup_pct"], unit="%", source=markup_source(r), valid_from=frm,
                   valid_to=to, status=status_of(r["status"], where), note=note)
    fert = by_sector["fertilisers"]
    if len({Decimal(fert[y]["markup_pct"]) for y in fert}) != 1:
        fail("cbam_default_markup.csv: fertiliser mark-up is not flat; one open-ended entry "
             "no longer fits")
    factor(x, id="markup.fertilisers", name="Default-value mark-up, fertilisers, 2026 onwards",
           value=fert[2026]["markup_pct"], unit="%", source=markup_source(fert[2026]),
           valid_from="2026-01-01",
           status=weaker(*(status_of(fert[y]["status"], f"cbam_default_markup.csv fert {y}")
                           for y in sorted(fert))),
           note="flat rate: the CSV gives 1 % for each of 2026, 2027 and 2028 (the "
                "cbamdefaults.com prose says '1 % a year', its tables apply a flat 1 %); "
                "continues until revised")
    if not any("No mark-up for electricity" in r["note"] for r in elec):
        fail("cbam_electricity_factors.csv: the 'No mark-up for electricity' note is gone")
    factor(x, id="markup.electricity", name="Default-value mark-up, electricity (none)",
           value="0", unit="%", source=ELECTRICITY_MARKUP_SOURCE, valid_from="2026-01-01",
           status="single source",
           note="mark-ups cover the other goods only (cbam_electricity_factors.csv note)")

    # --- CBAM factor: cbam_factor_markup_schedule.csv, status weakened by cbam_factor_schedule.csv
    fs_by_year = {int(r["year"]): r for r in fs}
    fms_by_year = {int(r["year"]): r for r in fms}
    if sorted(fms_by_year) != list(range(2026, 2035)):
        fail("cbam_factor_markup_schedule.csv: expected years 2026..2034")
    for year in range(2026, 2035):
        r = fms_by_year[year]
        where = f"cbam_factor_markup_schedule.csv ({year})"
        pct = scaled(r["cbam_factor_free_allocation_retained"], 2, where)
        other = fs_by_year.get(year)
        if other is None:
            fail(f"cbam_factor_schedule.csv: no row for {year}")
        if Decimal(number(other["cbam_factor_pct_free_allocation_kept"], "cbam_factor_schedule"
                          ".csv")) != Decimal(pct):
            fail(f"CBAM factor {year}: {pct} % vs cbam_factor_schedule.csv "
                 f"{other['cbam_factor_pct_free_allocation_kept']} %")
        s1 = status_of(r["status"], where)
        s2 = status_of(other["status"], f"cbam_factor_schedule.csv ({year})")
        status = weaker(s1, s2)
        notes = []
        if s1 != s2:
            notes.append(f"cbam_factor_markup_schedule.csv: '{r['status']}'; "
                         f"cbam_factor_schedule.csv: '{other['status']}'; the weaker status is "
                         f"used")
        if year < 2034:
            frm, to = year_range(year)
            name = f"CBAM factor {year} (share of free allocation retained)"
        else:
            frm, to = "2034-01-01", None
            name = "CBAM factor from 2034 (free allocation fully phased out)"
            notes.append("0 from 2034 onwards; consistent with sources saying 100 % coverage by "
                         "2034 (cbamreports.com, dehst.de)")
        factor(x, id="cbam.factor", name=name, value=pct, unit="%", source=CBAM_FACTOR_SOURCE,
               valid_from=frm, valid_to=to, status=status, note=join_notes(*notes))

    # --- CBAM certificate price: quarters with a published value only
    missing_quarters = []
    skipped = []
    for i, r in enumerate(prices, start=2):
        where = f"carbon_prices.csv:{i}"
        if r["item"] != "CBAM certificate price":
            skipped.append(r)
            continue
        m = re.fullmatch(r"(\d{4})-Q([1-4])", r["period"])
        if not m:
            fail(f"{where}: unexpected period {r['period']!r}")
        if not r["value"]:
            missing_quarters.append(r)
            continue
        year, q = int(m.group(1)), int(m.group(2))
        first_month = 3 * q - 2
        last_day = {1: "03-31", 2: "06-30", 3: "09-30", 4: "12-31"}[q]
        pub = re.search(r"published (\d{1,2}) ([A-Z][a-z]{2}) (\d{4})", r["notes"])
        if not pub:
            fail(f"{where}: no publication date in the notes")
        pub_date = f"{pub.group(3)}-{MONTHS[pub.group(2)]:02d}-{int(pub.group(1)):02d}"
        if "IR 2025/2548" not in r["notes"]:
            fail(f"{where}: notes no longer cite IR 2025/2548")
        factor(x, id="price.cbam_certificate", name=f"CBAM certificate price {year} Q{q}",
               value=number(r["value"], where), unit="EUR/tCO2e",
               source=f"Commission, published {pub_date}, IR (EU) 2025/2548; {r['source']}",
               valid_from=f"{year}-{first_month:02d}-01", valid_to=f"{year}-{last_day}",
               status=status_of(r["status"], where),
               note="volume-weighted average of EU ETS auction clearing prices of the quarter "
                    "of importation")
    for r in missing_quarters:
        x.comment(f"Not found: CBAM certificate price {r['period']} ({r['notes']}; CSV status "
                  f"'{r['status']}'); no entry, so a lookup for that quarter fails.", 1)
    for r in skipped:
        if r["item"] == "RULE":
            x.comment(f"Rule ({r['period']}), not a factor: {r['notes']}", 1)
        else:
            x.comment(f"Not emitted: {r['item']} {r['period']} = {r['value']} {r['unit']} "
                      f"(an EU ETS market price, not a CBAM certificate price).", 1)
    x.close("factor-table", 0)
    return x.text()


# --------------------------------------------------------------------------------------------
# 6. CBAM benchmarks (IR 2025/2620 Annex): the Commission's workbook, every row
# --------------------------------------------------------------------------------------------

BENCHMARK_WORKBOOK = "official/cbam-benchmarks-ir2025-2620-commission-workbook.xlsx"
ROUTE_LETTERS = set("CDEFGHJKLAB")
YEAR_BANDS = {"1": "2026-2027", "2": "2028-2030"}  # IR 2025/2620 Annex point 5.3 legend
INDICATOR_RE = re.compile(r"(?:\(([A-Z])\))?(?:\(([12])\))?")
BENCHMARK_SECTIONS = {"Cement", "Hydrogen", "Fertilisers", "Iron & Steel", "Aluminium"}
BENCHMARK_HEADER = ("CN code", "CN Description", "Column A\nBMg [tCO2e/t]",
                    "Column A\nProduction route indicator", "Column B\nBMg [tCO2e/t]",
                    "Column B\nProduction route indicator")
BENCHMARK_SOURCE = ("IR (EU) 2025/2620 Annex (CBAM benchmarks), as rendered in the Commission's "
                    "benchmark workbook version 1 ('informational, not legally binding; the act's "
                    "values prevail')")


def load_openpyxl():
    """openpyxl comes from Debian's python3-openpyxl; only this converter uses it."""
    try:
        import openpyxl  # noqa: PLC0415 - optional dependency of the converter only
    except ImportError:
        fail("the Python module openpyxl is needed to read the Commission's workbooks: install "
             "Debian's python3-openpyxl and run this script with /usr/bin/python3 "
             f"(this interpreter is {sys.executable})")
    return openpyxl


def cell_number(value, where: str) -> str:
    """A workbook number as the decimal the sheet displays (3 decimals at most), e.g. 0.666."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        fail(f"{where}: expected a number, found {value!r}")
    d = Decimal(repr(value))
    q = d.quantize(Decimal("0.000001"))
    if q != d and abs(q - d) > Decimal("1e-9"):
        fail(f"{where}: {value!r} has more than 6 decimals")
    return dec_str(q)


def indicator(text, where: str) -> tuple[str | None, str | None]:
    """'(F)(1)' -> ('F', '2026-2027'); '(C)' -> ('C', None); '(2)' -> (None, '2028-2030')."""
    if text is None or str(text).strip() in ("", "\xa0"):
        return None, None
    m = INDICATOR_RE.fullmatch(str(text).strip())
    if not m or not (m.group(1) or m.group(2)):
        fail(f"{where}: unknown production route / year indicator {text!r}")
    route, band = m.group(1), m.group(2)
    if route and route not in ROUTE_LETTERS:
        fail(f"{where}: unknown route letter {route!r}")
    return route, (YEAR_BANDS[band] if band else None)


# IR 2025/2620 Annex point 5.1: "where several steel alloy grades are listed, the highest value
# for the production year" - the low- and high-alloy steel indicators of the legend.
ALLOY_GRADES = ("F", "G", "H", "J")
LEGAL_2621 = "official/legal/ir-2025-2621-default-values.txt"


def benchmark_legend(data: Path) -> list[tuple[str, str]]:
    """The route legend (IR 2025/2620 Annex point 5.3), from the research CSV's legend rows,
    checked word for word against the same legend in IR 2025/2621 Annex IV's opening text."""
    rows = read_csv(data, "cbam_benchmarks.csv", ["record_type", "route_indicator",
                                                  "production_route"])
    legend = [(r["route_indicator"], r["production_route"]) for r in rows
              if r["record_type"] == "legend" and r["route_indicator"] in ROUTE_LETTERS]
    path = data / LEGAL_2621
    if not path.is_file():
        fail(f"{path}: file not found")
    text = path.read_text(encoding="utf-8")
    start = text.find("The meaning of the indicators is as follows:")
    if start < 0:
        fail(f"{LEGAL_2621}: the indicator legend of Annex IV is not found")
    block = text[start:start + 1200]
    for letter, meaning in legend:
        if f"({letter}) {meaning}" not in block:
            fail(f"cbam_benchmarks.csv legend ({letter}) {meaning!r} is not what IR 2025/2621 "
                 f"Annex IV says")
    if sorted(l for l, _ in legend) != sorted(ROUTE_LETTERS):
        fail("cbam_benchmarks.csv: the legend does not cover every route letter")
    return legend


def research_benchmarks(data: Path) -> dict[tuple[str, str], dict[str, str]]:
    """The research note's benchmark rows (cbam_benchmarks.csv), by (cn8, route)."""
    rows = read_csv(data, "cbam_benchmarks.csv",
                    ["record_type", "cn_code", "cn8", "description", "route_indicator",
                     "column_a_bm_star", "column_b_bm", "unit", "rule", "source", "status",
                     "note"])
    out = {}
    for i, r in enumerate(rows, start=2):
        if r["record_type"] != "benchmark":
            continue
        where = f"cbam_benchmarks.csv:{i}"
        cn = cn_compact(r["cn_code"], where)
        out[(cn, r["route_indicator"])] = dict(r, where=where)
    return out


def read_benchmark_workbook(data: Path):
    """Rows of the workbook's 'Benchmarks' sheet as dicts; continuation rows carry the CN above."""
    openpyxl = load_openpyxl()
    path = data / BENCHMARK_WORKBOOK
    if not path.is_file():
        fail(f"{path}: file not found")
    wb = openpyxl.load_workbook(path)
    if "Benchmarks" not in wb.sheetnames or "Version history" not in wb.sheetnames:
        fail(f"{path}: expected sheets 'Benchmarks' and 'Version history', found {wb.sheetnames}")
    versions = [r for r in wb["Version history"].iter_rows(min_row=3, values_only=True) if r[0]]
    if len(versions) != 1 or versions[0][0] != 1:
        fail(f"{path}: expected exactly version 1 in 'Version history', found {versions}")
    ws = wb["Benchmarks"]
    # A Column A value merged over the rows of one CN code applies to each of them.
    merged_a = {}
    for rng in ws.merged_cells.ranges:
        if rng.min_col == 3 and rng.max_col == 3:
            for row in range(rng.min_row + 1, rng.max_row + 1):
                merged_a[row] = rng.min_row
    rows = []
    by_row = {}
    cn = desc = sector = None
    for rowno, r in enumerate(ws.iter_rows(values_only=True), start=1):
        where = f"{BENCHMARK_WORKBOOK}:Benchmarks!A{rowno}"
        r = tuple(r[:6]) + (None,) * (6 - len(r[:6]))
        if r == BENCHMARK_HEADER:
            continue
        if isinstance(r[0], str) and r[0] in BENCHMARK_SECTIONS and all(v is None for v in r[1:]):
            sector = r[0]
            continue
        if all(v is None for v in r):
            continue
        if r[0] is not None:
            if not isinstance(r[0], int):
                fail(f"{where}: expected an 8-digit CN code, found {r[0]!r}")
            cn = f"{r[0]:08d}"
            if len(cn) != 8:
                fail(f"{where}: CN code {r[0]!r} is not 8 digits")
            desc = r[1]
            if not desc:
                fail(f"{where}: CN code without a description")
            first = True
        else:
            if cn is None:
                fail(f"{where}: continuation row before the first CN code")
            if r[1] is not None:
                fail(f"{where}: continuation row with a description")
            first = False
        col_a = r[2]
        a_from_merge = col_a is None and rowno in merged_a
        a_route, a_band = indicator(r[3], f"{BENCHMARK_WORKBOOK}:Benchmarks!D{rowno}")
        b_route, b_band = indicator(r[5], f"{BENCHMARK_WORKBOOK}:Benchmarks!F{rowno}")
        if col_a is None and r[3] is not None:
            fail(f"{where}: a Column A indicator without a value")
        if r[4] is None:
            fail(f"{BENCHMARK_WORKBOOK}:Benchmarks!E{rowno}: Column B value missing")
        a = None
        if col_a is not None:
            a = cell_number(col_a, f"{BENCHMARK_WORKBOOK}:Benchmarks!C{rowno}")
        elif a_from_merge:
            top = by_row.get(merged_a[rowno])
            if top is None or top["cn"] != cn or top["a"] is None or top["a_route"]:
                fail(f"{where}: merged Column A cell does not start on a plain value of CN {cn}")
            a = top["a"]
        row = {
            "row": rowno, "sector": sector, "cn": cn, "description": desc if first else None,
            "a": a, "a_merged": a_from_merge, "a_route": a_route, "a_band": a_band,
            "b": cell_number(r[4], f"{BENCHMARK_WORKBOOK}:Benchmarks!E{rowno}"),
            "b_route": b_route, "b_band": b_band,
        }
        by_row[rowno] = row
        rows.append(row)
    return rows


def gen_benchmarks(data: Path) -> tuple[str, list[str]]:
    """Returns the XML and the comparison with the research note, as report lines."""
    rows = read_benchmark_workbook(data)
    research = research_benchmarks(data)
    rules = read_csv(data, "cbam_benchmarks.csv", ["record_type", "cn8", "rule", "source"])
    electricity = next((r for r in rules if r["record_type"] == "rule" and r["cn8"] == "27160000"),
                       None)
    if electricity is None or "zero" not in electricity["rule"]:
        fail("cbam_benchmarks.csv: the electricity zero rule row (2716 00 00) is missing")
    el_source = electricity["source"].split(";")[0].strip()
    if el_source != "IR (EU) 2025/2620 Art 1(2)":
        fail(f"cbam_benchmarks.csv: electricity rule source changed: {el_source!r}")

    # Cross-check with the research note (one third-party source quoting the OJ): a value the note
    # gives differently keeps the weaker status and says why.
    by_cn: dict[str, list[dict]] = {}
    for r in rows:
        by_cn.setdefault(r["cn"], []).append(r)
    report = []
    disagree: dict[tuple[int, str], str] = {}
    agree = 0
    for (cn, route), res in research.items():
        group = by_cn.get(cn)
        if not group:
            report.append(f"{res['where']}: CN {cn} is not in the workbook")
            continue
        for col, key in (("a", "column_a_bm_star"), ("b", "column_b_bm")):
            if not res[key]:
                continue
            # the note quotes 2026 values: the workbook entry of that route (or a route-free
            # one) valid for 2026
            cand = [r for r in group if r[col] is not None and
                    (r[f"{col}_route"] or "") in (route, "") and
                    r[f"{col}_band"] in (None, YEAR_BANDS["1"])]
            if not cand:
                report.append(f"{res['where']}: CN {cn} route {route or '-'} Column "
                              f"{col.upper()}: no workbook value")
                continue
            w = cand[0]
            if Decimal(w[col]) == Decimal(number(res[key], res["where"])):
                agree += 1
            else:
                msg = (f"the research note ({res['where']}) gives {res[key]} for CN {cn} route "
                       f"{route or '-'} Column {col.upper()}; the workbook row {w['row']} gives "
                       f"{w[col]}")
                disagree[(w["row"], col.upper())] = msg
                report.append(msg)
    report.insert(0, f"benchmarks: {len(rows)} workbook rows for {len(by_cn)} CN codes; "
                     f"{agree} values also in the research note and equal, "
                     f"{len(disagree)} different (kept 'single source')")

    x = Xml()
    header_comment(x, [BENCHMARK_WORKBOOK, "cbam_benchmarks.csv"])
    x.comment("Every row of the 'Benchmarks' sheet of the Commission's workbook of the IR (EU) "
              "2025/2620 Annex, in sheet order; a continuation row (empty CN cell) belongs to "
              "the CN code above it and repeats that code here. column-a = BM*g for actual data "
              "(Annex point 3.1), column-b = BMg for default values (Annex point 4). route-a / "
              "route-b: the production-route indicator of that column (A/B grey/white clinker, "
              "C/D/E carbon steel BF-BOF / DRI-EAF / scrap-EAF, F/G/H low-alloy steel by the same "
              "routes, J high-alloy EAF steel, K/L primary/secondary aluminium); years-a / "
              "years-b: the production-year indicator (1) 2026-2027 or (2) 2028-2030. A value "
              "without indicator applies to every route and year (IR 2025/2621 Annex IV "
              "opening text: 'if no production route is indicated for a CN code, the CBAM "
              "benchmark is independent of the production route'). Where the sheet merges one "
              "Column A cell over the rows of a CN code (most 72xx-76xx codes), that value is "
              "repeated on each row.")
    x.comment("Status: the workbook is the Commission's own rendering of the act, so its values "
              "count as verified; where the third-party research note (cbam_benchmarks.csv) "
              "quotes a different value, the row keeps 'single source' and its note says so. "
              "Version: the sheet 'Version history' shows version 1 dated 2025-02-06, an evident "
              "slip for 2026-02-06 (it cites the act published on 22 December 2025; the research "
              "note names the file 'CBAM Benchmarks_20260206.xlsx').")
    x.comment("The 2026 benchmarks are provisional: IR 2025/2620 recital 35 foresees a review "
              "after the final EU ETS 2026-2030 benchmarks, with updated values for goods "
              "imported from 2027-01-01; until then these values are the law.")
    x.open("cbam-benchmarks", [
        ("schema", "1"), ("id", "ir2620-benchmarks"), ("version", "workbook-v1-20260206"),
        ("unit", "tCO2e/t"), ("source", BENCHMARK_SOURCE),
        ("valid-from", "2026-01-01"), ("status", "verified"),
        ("provisional-for", "2026"),
        ("provisional-note", "IR 2025/2620 recital 35: the 2026 benchmarks are provisional; "
                             "updated values are to apply to goods imported from 2027-01-01 "
                             "once the final EU ETS 2026-2030 benchmarks are adopted, and were "
                             "not published in the sources available"),
    ], 0)
    for letter, meaning in benchmark_legend(data):
        x.empty("indicator", [("letter", letter), ("meaning", meaning),
                              ("when-unknown", "highest" if letter in ALLOY_GRADES
                               else "route-needed")], 1)
    sector = None
    for r in rows:
        if r["sector"] != sector:
            sector = r["sector"]
            x.comment(f"{sector}", 1)
        notes = []
        status = None
        for col in ("A", "B"):
            if (r["row"], col) in disagree:
                notes.append(disagree[(r["row"], col)])
                status = "single source"
        x.empty("benchmark", [
            ("cn", r["cn"]),
            ("column-a", r["a"] if r["a"] is not None else None),
            ("route-a", r["a_route"]), ("years-a", r["a_band"]),
            ("column-b", r["b"]), ("route-b", r["b_route"]), ("years-b", r["b_band"]),
            ("description", r["description"]),
            ("status", status), ("note", join_notes(*notes) or None),
            ("ref", f"workbook row {r['row']}"),
        ], 1)
    x.comment(f"Electricity: {electricity['rule']}.", 1)
    x.empty("benchmark", [("cn", "27160000"), ("column-a", "0"), ("column-b", "0"),
                          ("description", "Electrical energy (free allocation adjustment is "
                                          "zero)"),
                          ("source", el_source)], 1)
    x.close("cbam-benchmarks", 0)
    return x.text(), report


# --------------------------------------------------------------------------------------------
# 7. Scope catalogue (Reg (EU) 2023/956 Annex I/II as amended by 2025/2083)
# --------------------------------------------------------------------------------------------

# Exceptions written inside an in-scope row ("yes (except 3105 60 00)") -> description.
INLINE_EXCEPTIONS = {
    "31056000": "Mineral or chemical fertilisers containing the two fertilising elements "
                "phosphorus and potassium (P+K only)",
}

# Aggregated goods categories (IR 2023/1773 Annex II / IR 2025/2547 Annex I; names as in
# cbam_precursors_by_category.csv). Longest prefix wins, so order does not matter to the engine.
CATEGORIES = [
    ("25070080", "calcined_clay", "Calcined clays"),
    ("252310", "cement_clinker", "Cement clinker (grey or white)"),
    ("2523", "cement", "Cement"),
    ("25233000", "aluminous_cement", "Aluminous cement"),
    ("28041000", "hydrogen", "Hydrogen"),
    ("2814", "ammonia", "Ammonia"),
    ("28080000", "nitric_acid", "Nitric acid"),
    ("310210", "urea", "Urea"),
    ("3102", "mixed_fertilisers", "Mixed fertilisers"),
    ("3105", "mixed_fertilisers", "Mixed fertilisers"),
    ("28342100", "mixed_fertilisers", "Mixed fertilisers"),
    ("26011200", "sintered_ore", "Sintered ore"),
    ("7201", "pig_iron", "Pig iron"),
    ("7202", "ferro_alloys", "Ferro-alloys (FeMn, FeCr, FeNi)"),
    ("7203", "dri", "Direct reduced iron"),
    ("7206", "crude_steel", "Crude steel"),
    ("7207", "crude_steel", "Crude steel"),
    ("7218", "crude_steel", "Crude steel"),
    ("7224", "crude_steel", "Crude steel"),
    ("72", "iron_steel_products", "Iron or steel products"),
    ("73", "iron_steel_products", "Iron or steel products"),
    ("7601", "unwrought_aluminium", "Unwrought aluminium"),
    ("76", "aluminium_products", "Aluminium products"),
    ("27160000", "electricity", "Electricity"),
]


def longest(prefixes: list[str], code: str) -> int:
    return max((len(p) for p in prefixes if code.startswith(p)), default=0)


def gen_scope(data: Path) -> tuple[str, list[str], list[str]]:
    rows = read_csv(data, "cbam_annex_i_cn_codes.csv",
                    ["sector", "cn_code", "legal_entry_level", "description",
                     "annex_ii_direct_only", "in_scope", "notes", "source"])
    ch72 = read_csv(data, "cbam_chapter72_headings.csv",
                    ["cn_heading", "description", "in_scope", "notes", "source"])
    goods = read_csv(data, "cbam_goods.csv", ["good_key", "product_group", "cn_code"])

    entries, excludes, inline_excludes = [], [], []
    for i, r in enumerate(rows, start=2):
        where = f"cbam_annex_i_cn_codes.csv:{i}"
        raw = r["cn_code"]
        ex = raw.startswith("ex ")
        cn = cn_compact(raw[3:] if ex else raw, where)
        if r["sector"] not in SECTOR_SLUGS:
            fail(f"{where}: unknown sector {r['sector']!r}")
        sector = SECTOR_SLUGS[r["sector"]]
        scope = r["in_scope"]
        if scope.startswith("no"):
            excludes.append({"cn": cn, "description": r["description"], "ref": r["source"],
                             "note": r["notes"], "sector": sector})
            continue
        if not scope.startswith("yes"):
            fail(f"{where}: unknown in_scope {scope!r}")
        m = re.fullmatch(r"yes(?: \(except ([\d ]+)\))?", scope)
        if not m:
            fail(f"{where}: unknown in_scope {scope!r}")
        direct = r["annex_ii_direct_only"]
        if direct.startswith("yes"):
            direct_only = "true"
        elif direct == "no":
            direct_only = "false"
        else:
            fail(f"{where}: unknown annex_ii_direct_only {direct!r}")
        # Annex II: all iron/steel except 2601 12 00, all aluminium, hydrogen, electricity.
        expected = "false" if (sector in ("cement", "fertilisers") or cn == "26011200") \
            else "true"
        if direct_only != expected:
            fail(f"{where}: direct-only {direct_only} contradicts Annex II ({expected})")
        entries.append({"cn": cn, "ex": "true" if ex else None, "sector": sector,
                        "direct-only": direct_only, "description": r["description"],
                        "ref": r["source"], "note": r["notes"]})
        if m.group(1):
            code = cn_compact(m.group(1), where)
            if code not in INLINE_EXCEPTIONS:
                fail(f"{where}: exception {code} has no description in INLINE_EXCEPTIONS")
            inline_excludes.append({"cn": code, "description": INLINE_EXCEPTIONS[code],
                             "ref": f"{r['source']} (exception in the {cn} entry)",
                             "note": r["notes"], "sector": sector})

    excludes += inline_excludes  # listed after the exception-list rows
    entry_cns = [e["cn"] for e in entries]
    exclude_cns = [e["cn"] for e in excludes]
    if len(set(entry_cns + exclude_cns)) != len(entry_cns + exclude_cns):
        fail("cbam_annex_i_cn_codes.csv: a CN code is listed twice")

    def in_scope(code: str) -> bool:
        return longest(entry_cns, code) > longest(exclude_cns, code)

    # Cross-checks: chapter-72 heading table, every good with a default value, categories.
    for i, h in enumerate(ch72, start=2):
        where = f"cbam_chapter72_headings.csv:{i}"
        code = cn_compact(h["cn_heading"], where)
        flag = h["in_scope"]
        if flag == "yes" and not in_scope(code):
            fail(f"{where}: heading {code} is in scope there but not here")
        if flag == "no" and (in_scope(code) or code not in exclude_cns):
            fail(f"{where}: heading {code} is excluded there but not here")
        if flag == "partial" and not (in_scope(code) and any(
                c.startswith(code) and c != code for c in exclude_cns)):
            fail(f"{where}: heading {code} is partial there but has no exceptions here")
        if flag not in ("yes", "no", "partial"):
            fail(f"{where}: unknown in_scope {flag!r}")
    for g in goods:
        code = g["good_key"].split("-", 1)[0]
        # The goods table keys 7303, 7309 and 7311 at 4 digits where Annex I writes the only
        # subheading (7303 00, 7309 00, 7311 00); those count as covered by the longer entry.
        matching = [e for e in entries if code.startswith(e["cn"]) or e["cn"].startswith(code)]
        if not matching or (not in_scope(code) and not any(
                e["cn"].startswith(code) and in_scope(e["cn"]) for e in matching)):
            fail(f"cbam_goods.csv: good {code} has default values but is not in scope")
        sector = SECTOR_SLUGS[g["product_group"]]
        entry = max(matching, key=lambda e: len(e["cn"]))
        if entry["sector"] != sector:
            fail(f"cbam_goods.csv: good {code} is {sector} but its scope entry is "
                 f"{entry['sector']}")
    cat_cns = [c for c, _, _ in CATEGORIES]
    for code in entry_cns:
        if longest(cat_cns, code) == 0:
            fail(f"scope entry {code} has no aggregated goods category")

    x = Xml()
    header_comment(x, ["cbam_annex_i_cn_codes.csv", "cbam_chapter72_headings.csv (cross-check)",
                       "../shared/domain/cbam-methodology.md §1"])
    x.comment("A CN code is in scope when its longest matching entry prefix is longer than its "
              "longest matching exclude prefix. direct-only=\"true\": Annex II good, only direct "
              "emissions count (all iron/steel except 2601 12 00, all aluminium, hydrogen, "
              "electricity).")
    x.open("cbam-scope", [
        ("schema", "1"), ("id", "cbam-annex-i"), ("version", "2025/2083"),
        ("source", "Regulation (EU) 2023/956 Annex I and II as amended by Regulation (EU) "
                   "2025/2083"),
        ("valid-from", "2025-10-20"),
    ], 0)
    for e in entries:
        x.empty("entry", [("cn", e["cn"]), ("ex", e["ex"]), ("sector", e["sector"]),
                          ("direct-only", e["direct-only"]), ("description", e["description"]),
                          ("ref", e["ref"]), ("note", e["note"] or None)], 1)
    for e in excludes:
        if e["note"] and e["cn"] not in INLINE_EXCEPTIONS:
            x.comment(f"{e['cn']}: {e['note']}", 1)
        x.empty("exclude", [("cn", e["cn"]), ("description", e["description"]),
                            ("ref", e["ref"])], 1)
    x.comment("Aggregated goods categories (IR 2023/1773 Annex II, same categories in IR "
              "2025/2547 Annex I; names as in cbam_precursors_by_category.csv). Longest prefix "
              "wins; apply only to codes that are in scope. 7205 falls to iron_steel_products "
              "via the 72 prefix.", 1)
    for cn, name, label in CATEGORIES:
        x.empty("category", [("cn", cn), ("name", name), ("label", label)], 1)
    x.comment("Origins whose goods carry no CBAM cost: EU member states (precursors originating "
              "in the EU count as zero, IR (EU) 2025/2547; membership per TEU Art 52(1)) and "
              "the Annex III point 1 countries outside the scope.", 1)
    for iso2, name in EU_MEMBERS:
        x.empty("zero-origin", [("iso2", iso2), ("name", name),
                                ("ref", "EU member state (TEU Art 52(1)); EU-origin precursors "
                                        "count as zero (IR (EU) 2025/2547)")], 1)
    x.empty("zero-origin", [("iso2", "EU"), ("name", "European Union"),
                            ("ref", "EU-origin precursors count as zero (IR (EU) 2025/2547)")], 1)
    for iso2, name in ANNEX_III:
        x.empty("zero-origin", [("iso2", iso2), ("name", name),
                                ("ref", "Reg (EU) 2023/956 Annex III point 1 (outside the scope "
                                        "of CBAM)")], 1)
    x.close("cbam-scope", 0)
    return x.text(), entry_cns, exclude_cns


EU_MEMBERS = [
    ("AT", "Austria"), ("BE", "Belgium"), ("BG", "Bulgaria"), ("HR", "Croatia"),
    ("CY", "Cyprus"), ("CZ", "Czechia"), ("DK", "Denmark"), ("EE", "Estonia"),
    ("FI", "Finland"), ("FR", "France"), ("DE", "Germany"), ("GR", "Greece"),
    ("HU", "Hungary"), ("IE", "Ireland"), ("IT", "Italy"), ("LV", "Latvia"),
    ("LT", "Lithuania"), ("LU", "Luxembourg"), ("MT", "Malta"), ("NL", "Netherlands"),
    ("PL", "Poland"), ("PT", "Portugal"), ("RO", "Romania"), ("SK", "Slovakia"),
    ("SI", "Slovenia"), ("ES", "Spain"), ("SE", "Sweden"),
]
# Reg (EU) 2023/956 Annex III point 1 (cbam-methodology.md §1.4). Büsingen, Heligoland, Livigno,
# Ceuta and Melilla are territories without an ISO 3166-1 code of their own.
ANNEX_III = [("IS", "Iceland"), ("LI", "Liechtenstein"), ("NO", "Norway"), ("CH", "Switzerland")]


def gen_countries(iso_json: Path) -> str:
    if not iso_json.is_file():
        fail(f"{iso_json}: ISO 3166-1 JSON not found (Debian package iso-codes); pass --iso-json")
    with iso_json.open(encoding="utf-8") as fh:
        rows = json.load(fh)["3166-1"]
    x = Xml()
    x.comment("Generated by scripts/gen_factors.py from ISO 3166-1 (Debian package iso-codes, "
              f"{DEFAULT_ISO_JSON}). Do not edit by hand.")
    x.open("country-list", [("schema", "1"), ("id", "iso-3166-1"), ("version", "iso-codes"),
                            ("source", "ISO 3166-1 country codes (Debian package iso-codes)")], 0)
    for r in sorted(rows, key=lambda r: r["alpha_2"]):
        x.empty("country", [("iso2", r["alpha_2"]), ("iso3", r["alpha_3"]),
                            ("name", r.get("common_name", r["name"]))], 1)
    x.close("country-list", 0)
    return x.text()


# --------------------------------------------------------------------------------------------

def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description="Generate GreenGate factor and scope XML from the "
                                             "shared CSVs (docs/factor-format.md).")
    ap.add_argument("shared_data_dir", type=Path)
    ap.add_argument("factors_out_dir", type=Path)
    ap.add_argument("scope_out_dir", type=Path)
    ap.add_argument("--check-defaults", action="store_true",
                    help="list every difference between the default values and the Commission's "
                         "workbook of IR 2025/2621 Annex I as adopted")
    ap.add_argument("--iso-json", type=Path, default=Path(DEFAULT_ISO_JSON),
                    help=f"ISO 3166-1 JSON from Debian iso-codes (default {DEFAULT_ISO_JSON})")
    args = ap.parse_args(argv)
    data = args.shared_data_dir
    try:
        if not data.is_dir():
            fail(f"{data}: not a directory")
        benchmarks_xml, benchmark_report = gen_benchmarks(data)
        electricity_xml, electricity_report = gen_electricity(data)
        process_xml, process_report = gen_process(data)
        defaults_report = check_defaults_against_workbook(data)
        outputs = {
            args.factors_out_dir / "cbam-default-values.xml":
                gen_defaults(data, load_iso2(args.iso_json)),
            args.factors_out_dir / "ipcc-fuels.xml": gen_ipcc(data),
            args.factors_out_dir / "ipcc-combustion-ch4-n2o.xml": gen_ipcc_nonco2(data),
            args.factors_out_dir / "process-factors.xml": process_xml,
            args.factors_out_dir / "electricity.xml": electricity_xml,
            args.factors_out_dir / "cbam-schedule.xml": gen_schedule(data),
            args.factors_out_dir / "cbam-benchmarks.xml": benchmarks_xml,
            args.scope_out_dir / "annex-i.xml": gen_scope(data)[0],
            args.factors_out_dir / "countries.xml": gen_countries(args.iso_json),
        }
    except GenError as e:
        print(f"gen_factors.py: error: {e}", file=sys.stderr)
        return 1
    # Write only after every table converted, so a failure leaves no half-updated set.
    for path, text in outputs.items():
        write(path, text)
        print(f"wrote {path}")
    for line in benchmark_report + electricity_report + process_report:
        print(f"check: {line}")
    if args.check_defaults:
        for line in defaults_report:
            print(f"check: {line}")
    else:
        print(f"check: {defaults_report[0]}")
        print(f"check: {len(defaults_report) - 1} default-value findings (list them with "
              f"--check-defaults)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
