#!/usr/bin/env python3
"""Browser test: greengate-web in Debian's headless Chromium, driven through chromedriver's
WebDriver HTTP protocol with the standard library only (no downloads).

Fills the quick check and a small firm form, submits them, reads the result numbers off the
page, switches to Turkish and checks the number format, and saves screenshots as test artefacts.
Uploads a declarations CSV on the batch page and reads the summary.
"""
import argparse
import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1280,1600"]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class WebDriver:
    def __init__(self, port, user_data_dir):
        self.base = f"http://127.0.0.1:{port}"
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": FLAGS + [f"--user-data-dir={user_data_dir}"]}}}}
        self.session = self._call("POST", "/session", caps)["sessionId"]

    def _call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return json.loads(r.read() or b"{}").get("value")
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"webdriver {method} {path}: {e.code} {e.read()[:500]!r}")

    def s(self, method, path, body=None):
        return self._call(method, f"/session/{self.session}{path}", body)

    def go(self, url):
        self.s("POST", "/url", {"url": url})

    def find(self, css, timeout=10):
        end = time.time() + timeout
        while True:
            try:
                el = self.s("POST", "/element", {"using": "css selector", "value": css})
                return next(iter(el.values()))
            except RuntimeError:
                if time.time() > end:
                    raise RuntimeError(f"no element {css!r} on {self.s('GET', '/url')}")
                time.sleep(0.1)

    def exists(self, css):
        return bool(self.s("POST", "/elements", {"using": "css selector", "value": css}))

    def type(self, css, text):
        el = self.find(css)
        self.s("POST", f"/element/{el}/clear", {})
        self.s("POST", f"/element/{el}/value", {"text": text})

    def click(self, css):
        self.s("POST", f"/element/{self.find(css)}/click", {})

    def text(self, css):
        return self.s("GET", f"/element/{self.find(css)}/text")

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def resize(self, width, height):
        self.s("POST", "/window/rect", {"width": width, "height": height})

    def screenshot(self, path):
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.s("GET", "/screenshot")))

    def quit(self):
        try:
            self._call("DELETE", f"/session/{self.session}")
        except Exception:
            pass


def check(cond, what):
    if not cond:
        raise AssertionError(what)
    print(f"ok: {what}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--artefacts", required=True)
    ap.add_argument("--source", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    args = ap.parse_args()
    for tool in (CHROMIUM, CHROMEDRIVER):
        if not os.access(tool, os.X_OK):
            print(f"browser_test: {tool} missing; run scripts/setup.sh", file=sys.stderr)
            return 1
    os.makedirs(args.artefacts, exist_ok=True)
    work = tempfile.mkdtemp(prefix="greengate-browser.")
    procs = []
    driver = None
    try:
        server = subprocess.Popen([args.server, "--port=0", f"--port-file={work}/port", f"--state-dir={work}",
                                   f"--access-log={work}/access.log", f"--error-log={work}/error.log"])
        procs.append(server)
        for _ in range(200):
            if os.path.exists(f"{work}/port"):
                break
            time.sleep(0.05)
        port = int(open(f"{work}/port").read())
        app = f"http://127.0.0.1:{port}"
        dport = free_port()
        procs.append(subprocess.Popen([CHROMEDRIVER, f"--port={dport}", "--allowed-ips=127.0.0.1"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{dport}/status", timeout=1)
                break
            except Exception:
                time.sleep(0.1)
        driver = WebDriver(dport, os.path.join(work, "profile"))

        # ---- quick check, English --------------------------------------------------------------
        driver.go(app + "/?lang=en")
        driver.type("#f-cn", "7214 20 00")
        driver.type("#f-origin", "TR")
        driver.type("#f-quantity", "1000")
        driver.click("#f-year option:nth-child(2)")  # 2027
        driver.click("#quick-submit")
        check(driver.text("#r-in-scope") == "yes", "quick check: 7214 20 00 is in scope")
        check(driver.text("#r-see") == "2.772 tCO2e/t", "quick check: default SEE with 2027 mark-up 2.772")
        check(driver.text("#r-embedded") == "2,772.0", "quick check: 1000 t embed 2,772.0 tCO2e")
        driver.screenshot(os.path.join(args.artefacts, "quick-check-en.png"))

        # ---- switch to Turkish: same numbers, Turkish format ---------------------------------
        driver.click("#lang-tr")
        check(driver.text("#r-in-scope") == "evet", "Turkish: in scope = evet")
        check(driver.text("#r-see") == "2,772 tCO2e/t", "Turkish: decimal comma 2,772")
        check(driver.text("#r-embedded") == "2.772,0", "Turkish: dot thousands 2.772,0")
        driver.screenshot(os.path.join(args.artefacts, "quick-check-tr.png"))

        # ---- a small firm form (language cookie keeps Turkish) --------------------------------
        driver.go(app + "/firm")
        values = {
            "firm.0.id": "t1", "firm.0.name": "Deneme Çelik", "firm.0.country": "TR", "firm.0.year": "2025",
            "inst.0.id": "a", "inst.0.name": "A", "inst.0.country": "TR",
            "proc.0.inst": "a", "proc.0.id": "p", "proc.0.route": "EAF", "proc.0.output": "1000",
            "stream.0.inst": "a", "stream.0.proc": "p", "stream.0.id": "ng", "stream.0.quantity": "100",
            "stream.0.ncv": "0,0345",  # the Turkish page: ',' is the decimal mark (issue 14)
            "elec.0.inst": "a", "elec.0.proc": "p", "elec.0.quantity": "500",
            "elec.0.factor_id": "grid.tr.gross_generation_avg",
            "good.0.inst": "a", "good.0.proc": "p", "good.0.cn": "72069000", "good.0.quantity": "1000",
            "export.0.cn": "72069000", "export.0.inst": "a", "export.0.year": "2026", "export.0.quantity": "500",
            "export.0.destination": "DE",
        }
        selects = {"proc.0.category": "crude_steel", "stream.0.fuel": "natural_gas", "stream.0.unit": "1000Nm3",
                   "stream.0.ncv_unit": "TJ/1000Nm3", "elec.0.source": "grid"}
        for name, value in values.items():
            driver.type(f"[name='{name}']", value)
        for name, value in selects.items():
            driver.click(f"[name='{name}'] option[value='{value}']")
        # An empty precursor row is left as it is: untouched rows are skipped.
        driver.click("#firm-compute")
        check(driver.text("#see-0") == "0,194", "firm form: SEE of 7206 90 00 = 0,194 tCO2e/t (Turkish)")
        check(driver.text("#embedded-0") == "96,8", "firm form: export embeds 96,8 tCO2e")
        check(driver.exists("#chart-streams") and driver.exists("#chart-defaults"), "firm form: both SVG charts drawn")
        driver.screenshot(os.path.join(args.artefacts, "firm-results-tr.png"))

        # ---- a field error keeps what was typed ------------------------------------------------
        driver.go(app + "/firm")
        driver.type("[name='firm.0.id']", "t2")
        driver.type("[name='firm.0.name']", "<script>alert(1)</script>")
        driver.click("#firm-compute")
        check(driver.exists("#form-errors"), "firm form: errors shown")
        check(driver.s("GET", "/title") != "", "firm form: page still renders")
        name_el = driver.find("[name='firm.0.name']")
        name_value = driver.s("GET", f"/element/{name_el}/property/value")
        check(name_value == "<script>alert(1)</script>", "firm form: typed text kept verbatim (and not executed)")

        # ---- batch upload (Turkish) -------------------------------------------------------------
        driver.go(app + "/batch")
        csv = os.path.realpath(os.path.join(args.source, "tests/data/batch/sectors-2026.csv"))
        driver.type("#f-batch", csv)
        driver.type("#f-price", "80")
        driver.click("#batch-submit")
        check(driver.text("#batch-cost-0") == "26.400", "batch: aluminium 100 t costs 26.400 EUR at 80 EUR/t")
        check(driver.text("#batch-cert-0") == "330,0", "batch: 330,0 certificates")
        driver.screenshot(os.path.join(args.artefacts, "batch-tr.png"))

        # ---- grant screening (issue 6): an uploaded call and applicants, then one record --------
        driver.go(app + "/screen?lang=en")
        call = os.path.realpath(os.path.join(args.source, "rules/calls/izmir-green-transition-2026.xml"))
        applicants = os.path.realpath(os.path.join(args.source, "examples/applicants-izmir-2026.csv"))
        driver.click("#f-call option[value='']")
        driver.type("#f-call-file", call)
        driver.type("#f-applicants", applicants)
        driver.click("#screen-submit")
        check(driver.text("#verdict-IZ-001") == "eligible", "screening: IZ-001 is eligible (as greengate screen)")
        check(driver.exists("#screen-ranked"), "screening: ranked table shown")
        check(driver.text("#total-IZ-001") == "91.00", "screening: IZ-001 scores 91.00")
        driver.screenshot(os.path.join(args.artefacts, "screening-en.png"))
        driver.click("#detail-IZ-001")
        check(driver.text("#verdict") == "eligible", "screening: the record repeats the verdict")
        check(driver.exists("#criteria"), "screening: the decision record lists the criteria")
        driver.screenshot(os.path.join(args.artefacts, "screening-detail-en.png"))
        driver.click("#back")
        check(driver.text("#verdict-IZ-001") == "eligible", "screening: back to the ranked list")
        driver.click("#lang-tr")
        check(driver.text("#screen-submit") == "Değerlendir", "screening: Turkish page")

        # ---- the first error is focused and in view, however far it sits in a wide table -------
        driver.resize(1280, 900)
        driver.go(app + "/firm?lang=en")
        for name, value in dict(values, **{"stream.0.ncv": "0.0345"}).items():  # an English page
            driver.type(f"[name='{name}']", value)
        for name, value in selects.items():
            driver.click(f"[name='{name}'] option[value='{value}']")
        driver.type("[name='export.0.quantity']", "abc")  # the last section, far down the page
        driver.click("#firm-compute")
        check(driver.exists("#form-errors"), "first error: the summary is shown")
        focused = driver.js("var e = document.activeElement; return e ? e.name : null;")
        check(focused == "export.0.quantity", f"first error: the bad cell is focused ({focused})")
        box = driver.js("var r = document.activeElement.getBoundingClientRect();"
                        "return [r.top, r.bottom, r.left, r.right, window.innerHeight, window.innerWidth];")
        check(0 <= box[0] and box[1] <= box[4] and box[2] >= 0 and box[3] <= box[5],
              f"first error: the focused cell is inside the viewport {box}")
        described = driver.js("var e = document.activeElement; var d = document.getElementById("
                              "e.getAttribute('aria-describedby')); return [e.getAttribute('aria-invalid'),"
                              " d ? d.textContent : null];")
        check(described[0] == "true" and described[1], f"first error: aria-invalid and its message {described}")
        check(driver.exists("#form-errors a[href='#export.0.quantity']"), "first error: the summary links to the cell")
        driver.screenshot(os.path.join(args.artefacts, "firm-first-error-1280.png"))

        # ---- 390 px (a phone) and 1280 px: nothing wider than the window ------------------------
        pages = [
            ("quick", "/quick?cn=7214+20+00&origin=TR&quantity=1000&year=2027&price=80"),
            ("firm-form", "/firm"),
            ("batch", "/batch"),
            ("screen", "/screen"),
            ("saved", "/saved"),
            ("help", "/help"),
        ]
        for width, height in ((390, 844), (1280, 900)):
            driver.resize(width, height)
            for lang in ("tr", "en"):
                for name, path in pages:
                    driver.go(app + path + ("&" if "?" in path else "?") + "lang=" + lang)
                    sw, iw = driver.js("return [document.documentElement.scrollWidth, window.innerWidth];")
                    check(sw <= iw, f"{width} px {lang} {name}: no horizontal overflow (scrollWidth {sw} <= {iw})")
                    if lang == "tr":
                        driver.screenshot(os.path.join(args.artefacts, f"{name}-{width}.png"))
            # the quick check's figures are whole on the page, not cut
            driver.go(app + pages[0][1] + "&lang=tr")
            for fig in ("#r-see", "#r-embedded", "#r-cost"):
                r = driver.js(f"var r = document.querySelector('{fig}').getBoundingClientRect();"
                              "return [r.left, r.right, window.innerWidth];")
                check(r[0] >= 0 and r[1] <= r[2], f"{width} px: {fig} is inside the window {r}")
            # a firm's results and its first error at this width
            driver.go(app + "/firm?lang=tr")
            for name, value in values.items():
                driver.type(f"[name='{name}']", value)
            for name, value in selects.items():
                driver.click(f"[name='{name}'] option[value='{value}']")
            driver.click("#firm-compute")
            sw, iw = driver.js("return [document.documentElement.scrollWidth, window.innerWidth];")
            check(sw <= iw, f"{width} px: firm results without horizontal overflow ({sw} <= {iw})")
            driver.screenshot(os.path.join(args.artefacts, f"firm-results-{width}.png"))
            driver.go(app + "/firm?lang=tr")
            driver.type("[name='export.0.quantity']", "abc")
            driver.click("#firm-compute")
            focused = driver.js("var e = document.activeElement; var r = e.getBoundingClientRect();"
                                "return [e.name, r.left, r.right, r.top, r.bottom, window.innerWidth, window.innerHeight];")
            check(focused[0] is not None and focused[0] != "" and focused[1] >= 0 and focused[2] <= focused[5]
                  and focused[3] >= 0 and focused[4] <= focused[6],
                  f"{width} px: the first error ({focused[0]}) is focused and in view {focused[1:]}")
            driver.screenshot(os.path.join(args.artefacts, f"firm-first-error-{width}.png"))
        print(f"screenshots in {args.artefacts}")
        return 0
    finally:
        if driver:
            driver.quit()
        for p in reversed(procs):
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
