#!/usr/bin/env python3
"""Two greengate-web instances started at the same moment on one database (issue 15, defect 13):
both must start (the schema is migrated once, under a database lock), and an assessment saved
through one must be listed by the other. Several rounds, each on a new database.

  two_instances.py --server build/bin/greengate-web --db sqlite
  two_instances.py --server build/bin/greengate-web --db postgresql   (under run_with_postgresql.sh)

For PostgreSQL the environment of tests/web/run_with_postgresql.sh names the cluster
(GREENGATE_PG_BINDIR, GREENGATE_PG_SOCKET, GREENGATE_PG_PORT); each round creates a database.
"""
import argparse
import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

ROUNDS = 3


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def client():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect), jar


def save_through(port, name, token_from=None):
    """Saves through the instance on `port`, with the CSRF token of the instance on `token_from`
    (the same one by default): instances on one database share the tokens' key."""
    opener, jar = client()
    base = f"http://127.0.0.1:{port}"
    opener.open(f"http://127.0.0.1:{token_from or port}/firm", timeout=20).read()
    token = next(c.value for c in jar if c.name == "gg_csrf")
    xml = open(os.path.join(os.path.dirname(__file__), "..", "..", "examples", "cement-plant.xml"), encoding="utf-8").read()
    body = urllib.parse.urlencode({"csrf": token, "xml": xml, "year": "2026", "name": name}).encode()
    req = urllib.request.Request(base + "/save", data=body, method="POST",
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        opener.open(req, timeout=20)
        raise RuntimeError("save: no redirect")
    except urllib.error.HTTPError as e:
        if e.code != 303:
            raise RuntimeError(f"save through :{port}: {e.code} {e.read()[:300]!r}")
        return e.headers["Location"]


def listed_by(port, name):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/saved", timeout=20) as r:
        return name in r.read().decode("utf-8")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--db", choices=["sqlite", "postgresql"], required=True)
    args = ap.parse_args()
    failures = []
    work = tempfile.mkdtemp(prefix="greengate-two.")
    try:
        for round_ in range(ROUNDS):
            if args.db == "postgresql":
                bindir, sock, pgport = (os.environ[k] for k in ("GREENGATE_PG_BINDIR", "GREENGATE_PG_SOCKET", "GREENGATE_PG_PORT"))
                dbname = f"greengate_two_{round_}"
                subprocess.run([f"{bindir}/createdb", "-h", sock, "-p", pgport, "-U", "greengate", dbname], check=True)
                db = f"postgresql://greengate@/{dbname}?host={sock}&port={pgport}"
            else:
                db = f"sqlite:{work}/round{round_}.sqlite"
            procs, dirs = [], []
            for i in range(2):
                d = f"{work}/r{round_}i{i}"
                os.makedirs(d)
                dirs.append(d)
            cmds = [[args.server, "--port=0", f"--port-file={d}/port", f"--state-dir={d}", "--access-log=off",
                     f"--error-log={d}/error.log", f"--db={db}"] for d in dirs]
            # The same moment: both processes are made ready, then started together.
            go = threading.Barrier(2)
            def start(cmd):
                go.wait()
                procs.append(subprocess.Popen(cmd))
            threads = [threading.Thread(target=start, args=(c,)) for c in cmds]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            ports = []
            for d in dirs:
                for _ in range(1200):  # 60 s: the machine may be busy
                    if os.path.exists(f"{d}/port") and open(f"{d}/port").read().strip():
                        break
                    time.sleep(0.05)
                ports.append(int(open(f"{d}/port").read()) if os.path.exists(f"{d}/port") else None)
            if None in ports:
                logs = " | ".join(open(f"{d}/error.log").read()[-2000:] if os.path.exists(f"{d}/error.log") else "(no log)"
                                  for d in dirs)
                failures.append(f"round {round_}: an instance did not start: {logs}")
            else:
                a, b = ports
                name_a, name_b = f"through A, round {round_}", f"through B, round {round_}"
                save_through(a, name_a)
                save_through(b, name_b, token_from=a)
                for port, name, other in ((b, name_a, "B"), (a, name_b, "A")):
                    if not listed_by(port, name):
                        failures.append(f"round {round_}: '{name}' not listed by instance {other}")
                print(f"round {round_}: both instances started on one {args.db} database; saves shared", flush=True)
            for p in procs:
                p.terminate()
            for p in procs:
                p.wait(20)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
