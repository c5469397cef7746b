#!/usr/bin/env python3
"""End-to-end checks of `greengate report` (issue 16), run by CTest.

  check_report.py GREENGATE SOURCE_DIR OUT_DIR html   every example firm, TR and EN, as HTML:
      byte-for-byte determinism, every number of sections 3-5 linked to an appendix entry that has
      a source location, every factor of section 7 with a source and a status, bad input gives the
      same errors as `emissions` and leaves no file
  check_report.py GREENGATE SOURCE_DIR OUT_DIR pdf    the same reports as PDF (headless Chromium,
      two at a time): every section title in pdftotext, the headline numbers worked by hand for
      7308 20 00, no partial PDF when the browser fails, and PNGs of a Turkish PDF (first page and
      a trace page) left in OUT_DIR/artefacts
"""
import concurrent.futures
import html.parser
import os
import re
import subprocess
import sys

GG, SRC, OUT, MODE = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
EXAMPLES = ["aluminium-extruder", "cement-plant", "eaf-rebar-mill", "hydrogen-producers",
            "nitrogen-fertiliser-plant", "wind-tower-fabricator"]
LANGS = ["en", "tr"]
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def run(args, env=None):
    return subprocess.run([GG] + args, cwd=SRC, capture_output=True, text=True, env=env)


def report_args(ex, lang, fmt, out):
    return ["report", "examples/%s.xml" % ex, "--prices", "examples/price-scenarios.csv", "--date",
            "2026-12-01", "--lang", lang, "--format", fmt, "--preparer", "Test Preparer", "-o", out]


def catalogue(lang):
    words = {}
    with open(os.path.join(SRC, "calc/i18n/report.%s.properties" % lang), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                k, v = line.split("=", 1)
                words[k.strip()] = v.strip()
    return words


class ReportParser(html.parser.HTMLParser):
    """Collects, per section, the number cells and their links; the appendix entries and their
    source locations; the factor rows' source and status."""

    def __init__(self):
        super().__init__()
        self.section = None
        self.cells = []        # (section, text, href or None)
        self.cell = None
        self.traces = {}       # id -> location text
        self.trace_id = None
        self.in_where = False
        self.factor_cells = []  # (class, text) in section 7
        self.fcell = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class", "") or ""
        if tag == "section":
            self.section = a.get("id")
        if tag == "td" and "n" in cls.split() and self.section in ("s3", "s4", "s5"):
            self.cell = [self.section, "", None]
        if tag == "a" and self.cell is not None:
            self.cell[2] = a.get("href")
        if tag == "div" and "trace" in cls.split():
            self.trace_id = a.get("id")
            self.traces[self.trace_id] = ""
        if tag == "span" and "where" in cls.split():
            self.in_where = True
        if tag == "td" and self.section == "s7" and cls in ("src", "st"):
            self.fcell = [cls, ""]

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.cells.append(tuple(self.cell))
            self.cell = None
        if tag == "td" and self.fcell is not None:
            self.factor_cells.append(tuple(self.fcell))
            self.fcell = None
        if tag == "span":
            self.in_where = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[1] += data
        if self.in_where and self.trace_id:
            self.traces[self.trace_id] += data
        if self.fcell is not None:
            self.fcell[1] += data


def check_html():
    os.makedirs(OUT, exist_ok=True)
    for ex in EXAMPLES:
        for lang in LANGS:
            name = "%s-%s" % (ex, lang)
            p1, p2 = os.path.join(OUT, name + ".html"), os.path.join(OUT, name + "-again.html")
            for p in (p1, p2):
                r = run(report_args(ex, lang, "html", p))
                if r.returncode != 0:
                    fail("%s: exit %d: %s" % (name, r.returncode, r.stderr))
                    break
            else:
                b1, b2 = open(p1, "rb").read(), open(p2, "rb").read()
                if b1 != b2:
                    fail(name + ": two runs with the same input and --date differ")
                parser = ReportParser()
                parser.feed(b1.decode("utf-8"))
                numbers = [c for c in parser.cells if re.search(r"[0-9]", c[1])]
                if not any(c[0] == "s4" for c in numbers):
                    fail(name + ": no number in section 4")
                for sec, text, href in numbers:
                    if not href or not href.startswith("#T-"):
                        fail("%s: section %s: number %r has no trace link" % (name, sec, text))
                    elif href[1:] not in parser.traces:
                        fail("%s: section %s: %r links to %s, which the appendix lacks" % (name, sec, text, href))
                for tid, loc in parser.traces.items():
                    if not loc.strip():
                        fail("%s: %s has no source location" % (name, tid))
                srcs = [t for c, t in parser.factor_cells if c == "src"]
                sts = [t for c, t in parser.factor_cells if c == "st"]
                if not srcs or len(srcs) != len(sts):
                    fail("%s: section 7 rows incomplete (%d sources, %d statuses)" % (name, len(srcs), len(sts)))
                for s in srcs + sts:
                    if not s.strip():
                        fail(name + ": a factor of section 7 without source or status")
                print("ok %s: %d numbers traced to %d entries, %d factors" %
                      (name, len(numbers), len(parser.traces), len(srcs)))
    # A filled EU Communication template: locations are sheet!cell, its differences in section 8
    tpl = "../shared/data/eu-templates/examples/example-aluminium.xlsx"
    if os.path.exists(os.path.join(SRC, tpl)):
        out = os.path.join(OUT, "template-en.html")
        r = run(["report", tpl, "--price", "80", "--date", "2026-12-01", "--format", "html", "-o", out])
        if r.returncode != 0:
            fail("template: exit %d: %s" % (r.returncode, r.stderr))
        else:
            parser = ReportParser()
            doc = open(out, encoding="utf-8").read()
            parser.feed(doc)
            cells = [loc for loc in parser.traces.values() if re.search(r"\.xlsx:[A-Za-z_&]+![A-Z]+[0-9]+", loc)]
            if not cells:
                fail("template: no trace located at a sheet!cell")
            s8 = doc[doc.index('id="s8"'):doc.index('id="s9"')]
            if "xlsx:A_InstData!" not in s8:
                fail("template: the differences the import settled are not in section 8")
            print("ok template: %d of %d traces located at a cell" % (len(cells), len(parser.traces)))
    # Bad input: the errors of `emissions`, and no file left
    for bad in ["tests/data/bad/bad-unit.xml", "tests/data/bad/malformed.xml", "tests/data/bad/precursor-cycle.xml",
                "tests/data/bad/not-a-workbook.xlsx", "tests/data/bad/no-such-file.xml"]:
        e = run(["emissions", bad])
        for fmt in ("html", "pdf"):
            out = os.path.join(OUT, "bad." + fmt)
            if os.path.exists(out):
                os.remove(out)
            r = run(["report", bad, "--format", fmt, "-o", out])
            if (r.returncode, r.stderr) != (e.returncode, e.stderr) or e.returncode != 3:
                fail("%s (%s): report gave exit %d %r, emissions exit %d %r" %
                     (bad, fmt, r.returncode, r.stderr, e.returncode, e.stderr))
            if os.path.exists(out) or any(f.startswith(".bad." + fmt + ".tmp") for f in os.listdir(OUT)):
                fail("%s: a file was left behind" % bad)
    print("ok bad input: same errors as emissions, no file")
    r = run(["report", "examples/cement-plant.xml", "-o", os.path.join(OUT, "x.pdf"), "--lang", "de"])
    if r.returncode != 2:
        fail("--lang de: exit %d, expected 2 (usage)" % r.returncode)


def check_pdf():
    os.makedirs(os.path.join(OUT, "artefacts"), exist_ok=True)
    jobs = [(ex, lang) for ex in EXAMPLES for lang in LANGS]

    def render(job):
        ex, lang = job
        out = os.path.join(OUT, "%s-%s.pdf" % job)
        r = run(report_args(ex, lang, "pdf", out))
        return job, out, r

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(render, jobs))
    for (ex, lang), out, r in results:
        name = "%s-%s" % (ex, lang)
        if r.returncode != 0 or not os.path.exists(out):
            fail("%s: PDF not written (exit %d): %s" % (name, r.returncode, r.stderr))
            continue
        text = subprocess.run(["pdftotext", "-layout", out, "-"], capture_output=True, text=True).stdout
        flat = re.sub(r"\s+", " ", text)
        words = catalogue(lang)
        for key in ["s%d.title" % i for i in range(1, 11)] + ["sign.title"]:
            if re.sub(r"\s+", " ", words[key]) not in flat:
                fail("%s: section title %r (%s) not in the PDF text" % (name, words[key], key))
        if "Test Preparer" not in flat:
            fail(name + ": the preparer is not printed")
        pages = text.count("\f")
        if not re.search(r"(Page|Sayfa) 1 (of|/) %d" % pages, flat):
            fail("%s: no page numbers 'x of %d'" % (name, pages))
        if ex == "wind-tower-fabricator":
            # worked by hand in tests/unit/firm_report_test.cpp: SEE 1.978 tCO2e/t; 2026 exports
            # 22 000 t × 1.977621863 = 43 507.7 and 16 000 t → 31 641.9 tCO2e; total 75 149.6
            want = ["1.978", "43,507.7", "31,641.9", "75,149.6"] if lang == "en" else \
                   ["1,978", "43.507,7", "31.641,9", "75.149,6"]
            for w in want:
                if w not in flat:
                    fail("%s: headline number %s not in the PDF" % (name, w))
        print("ok %s: %d pages, every section" % (name, pages))
    # PNG artefacts of a Turkish PDF: the first page and the first trace page
    tr_pdf = os.path.join(OUT, "eaf-rebar-mill-tr.pdf")
    if os.path.exists(tr_pdf):
        text = subprocess.run(["pdftotext", tr_pdf, "-"], capture_output=True, text=True).stdout
        trace_page = next((i + 1 for i, p in enumerate(text.split("\f")) if "T-1 —" in p), 0)
        for page, label in ((1, "first-page"), (trace_page, "trace-page")):
            base = os.path.join(OUT, "artefacts", "report-tr-" + label)
            subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", "-f", str(page), "-l", str(page),
                            tr_pdf, base], check=False)
            if page == 0 or not os.path.exists(base + ".png") or os.path.getsize(base + ".png") < 10000:
                fail("no PNG of the Turkish PDF's " + label)
            else:
                print("artefact %s.png (page %d)" % (base, page))
    # A browser that fails leaves no PDF, partial or not, and says how to get one that works
    for browser, expect in (("/bin/false", "Chromium (/bin/false)"),
                            ("/nonexistent/chromium", "apt-get install chromium-headless-shell")):
        env = dict(os.environ, GREENGATE_CHROMIUM=browser)
        out = os.path.join(OUT, "broken.pdf")
        r = run(["report", "examples/cement-plant.xml", "--price", "80", "-o", out], env=env)
        left = [f for f in os.listdir(OUT) if f.startswith("broken.pdf") or f.startswith(".broken.pdf")]
        if r.returncode != 4 or expect not in r.stderr or left:
            fail("GREENGATE_CHROMIUM=%s: exit %d, %r, left %s" % (browser, r.returncode, r.stderr, left))
    print("ok a failing browser leaves no file")


check_html() if MODE == "html" else check_pdf()
if failures:
    print("%d failure(s)" % len(failures))
    sys.exit(1)
