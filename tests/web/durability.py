#!/usr/bin/env python3
"""Durability of saves (issue 15): clients save assessments in a loop while the server is killed
with SIGKILL at random moments; after each kill the database is checked (SQLite: PRAGMA
integrity_check) and every save the server acknowledged (303 to /saved/ID) must be there, whole
(its name and its input as sent), before the server is started again on the same database. At
the end a restarted server must serve the acknowledged saves.

  durability.py --server build/bin/greengate-web --db sqlite [--rounds 12] [--seed N]
  durability.py --server build/bin/greengate-web --db postgresql   (under run_with_postgresql.sh)

A save that was in flight when the server died may or may not be there (it was never
acknowledged); a row that is there but differs from what was sent is a failure, as is any answer
other than 303 while the server runs. Bounded: ROUNDS rounds of at most ~1.5 s of saving each.
"""
import argparse
import http.client
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

CLIENTS = 4
HERE = os.path.dirname(os.path.abspath(__file__))
FIRM = open(os.path.join(HERE, "..", "..", "examples", "cement-plant.xml"), encoding="utf-8").read()


class Client(threading.Thread):
    """Saves until told to stop or until the server goes away; records what was acknowledged."""

    def __init__(self, port, tag, acked, problems, stop):
        super().__init__(daemon=True)
        self.port, self.tag, self.acked, self.problems, self.stop = port, tag, acked, problems, stop

    drops = 0  # connections the running server closed under a request (all clients)
    drop_reasons = []  # what the client saw each time, for the note at the end

    def run(self):
        # A connection the running server closes under a request (not a save: nothing was
        # acknowledged) is counted and the client goes on with a new one; twice in a row fails.
        for attempt in range(2):
            if self.session() or self.stop.is_set():
                return
            Client.drops += 1
        self.problems.append(f"{self.tag}: the running server dropped two connections in a row")

    def session(self):
        """True when done (stopped, or a problem recorded); False when the connection dropped."""
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
            conn.request("GET", "/firm")
            r = conn.getresponse()
            r.read()
            cookie = r.getheader("Set-Cookie", "")
            m = re.search(r"gg_csrf=([0-9a-f]{32}\.[0-9a-f]{32})", cookie)
            if not m:
                self.problems.append(f"{self.tag}: no CSRF cookie from GET /firm ({r.status})")
                return True
            token = m.group(1)
            n = 0
            while not self.stop.is_set():
                n += 1
                name = f"durability {self.tag} #{n}"
                body = urllib.parse.urlencode({"csrf": token, "xml": FIRM, "year": "2026", "name": name})
                conn.request("POST", "/save", body=body, headers={
                    "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"gg_csrf={token}"})
                r = conn.getresponse()
                r.read()
                loc = r.getheader("Location", "")
                if r.status == 303 and loc.startswith("/saved/"):
                    self.acked.append((loc[len("/saved/"):], name))
                else:
                    self.problems.append(f"{self.tag}: save answered {r.status} {loc!r}")
                    return True
            return True
        except (OSError, http.client.HTTPException) as e:
            # After the kill: the request under way was not acknowledged. Before it: a drop.
            if not self.stop.is_set():
                Client.drop_reasons.append(f"{self.tag}: {type(e).__name__}: {e}")
            return self.stop.is_set()


class Database:
    def __init__(self, kind, work):
        self.kind = kind
        if kind == "sqlite":
            self.path = os.path.join(work, "durability.sqlite")
            self.uri = "sqlite:" + self.path
        else:
            self.bindir, self.sock, self.pgport = (os.environ[k] for k in
                                                   ("GREENGATE_PG_BINDIR", "GREENGATE_PG_SOCKET", "GREENGATE_PG_PORT"))
            subprocess.run([f"{self.bindir}/createdb", "-h", self.sock, "-p", self.pgport, "-U", "greengate",
                            "greengate_durability"], check=True)
            self.uri = f"postgresql://greengate@/greengate_durability?host={self.sock}&port={self.pgport}"

    def check(self):
        """(integrity problems, {id: (name, input)}) read directly, with no server running."""
        if self.kind == "sqlite":
            db = sqlite3.connect(self.path)
            try:
                integrity = [r[0] for r in db.execute("PRAGMA integrity_check")]
                rows = db.execute("SELECT id, name, input_text FROM assessments").fetchall()
            finally:
                db.close()
            problems = [] if integrity == ["ok"] else [f"PRAGMA integrity_check: {integrity[:5]}"]
        else:
            out = subprocess.run([f"{self.bindir}/psql", "-h", self.sock, "-p", self.pgport, "-U", "greengate",
                                  "-d", "greengate_durability", "-AtX", "-F", "\x1f", "-R", "\x1e", "-c",
                                  "SELECT id, name, md5(input_text) FROM assessments"],
                                 check=True, capture_output=True, text=True).stdout
            rows = [tuple(r.split("\x1f")) for r in out.strip("\x1e\n").split("\x1e") if r]
            problems = []
        return problems, {r[0]: (r[1], r[2]) for r in rows}


def start(server, db, work, round_):
    d = os.path.join(work, f"run{round_}")
    os.makedirs(d)
    p = subprocess.Popen([server, "--port=0", f"--port-file={d}/port", f"--state-dir={d}", "--access-log=off",
                          f"--error-log={d}/error.log", "--threads=16", f"--db={db.uri}"])
    for _ in range(1200):  # 60 s: the machine may be busy
        if os.path.exists(f"{d}/port"):
            return p, int(open(f"{d}/port").read())
        if p.poll() is not None:
            break
        time.sleep(0.05)
    log = open(f"{d}/error.log").read()[-2000:] if os.path.exists(f"{d}/error.log") else "(no log)"
    p.kill()
    raise RuntimeError(f"round {round_}: the server did not start (exit {p.poll()}): {log}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--db", choices=["sqlite", "postgresql"], required=True)
    ap.add_argument("--rounds", type=int, default=12)
    ap.add_argument("--seed", type=int, default=None)
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    print(f"durability: {args.db}, {args.rounds} rounds, seed {seed}", flush=True)
    import hashlib
    firm_md5 = hashlib.md5(FIRM.encode("utf-8")).hexdigest()
    work = tempfile.mkdtemp(prefix="greengate-durability.")
    failures, acked = [], []
    try:
        db = Database(args.db, work)
        for round_ in range(args.rounds):
            proc, port = start(args.server, db, work, round_)
            stop, problems, mine = threading.Event(), [], []
            clients = [Client(port, f"r{round_}c{i}", mine, problems, stop) for i in range(CLIENTS)]
            for c in clients:
                c.start()
            time.sleep(rng.uniform(0.2, 1.5))  # a random moment of the saving
            if proc.poll() is not None:
                failures.append(f"round {round_}: the server stopped by itself (exit {proc.returncode})")
            stop.set()  # (set first: a client whose request the kill cuts then knows it is the kill)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            for c in clients:
                c.join(30)
            acked += mine
            failures += [f"round {round_}: {p}" for p in problems]
            integrity, rows = db.check()
            failures += [f"round {round_}: {p}" for p in integrity]
            missing = [(i, n) for i, n in acked if i not in rows]
            differ = [(i, n) for i, n in acked if i in rows and
                      (rows[i][0] != n or rows[i][1] != (FIRM if args.db == "sqlite" else firm_md5))]
            if missing:
                failures.append(f"round {round_}: {len(missing)} acknowledged save(s) missing, e.g. {missing[:3]}")
            if differ:
                failures.append(f"round {round_}: {len(differ)} save(s) not as sent, e.g. {differ[:3]}")
            print(f"round {round_}: {len(mine)} saves acknowledged, killed; {len(rows)} rows, "
                  f"{len(acked)} acknowledged in all, all present: {not missing and not differ}", flush=True)
        # A restarted server serves what was acknowledged (a sample: the last saves of the run).
        proc, port = start(args.server, db, work, args.rounds)
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
            for i, n in acked[-20:]:
                conn.request("GET", f"/saved/{i}")
                r = conn.getresponse()
                page = r.read().decode("utf-8", "replace")
                if r.status != 200 or n not in page:
                    failures.append(f"restarted server: /saved/{i} answered {r.status}{'' if n in page else ' without its name'}")
        finally:
            proc.terminate()
            proc.wait(20)
        if not acked:
            failures.append("no save was acknowledged: the test tested nothing")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL", f)
    if Client.drops:
        print(f"durability: note: the running server closed {Client.drops} connection(s) under a request: "
              f"{'; '.join(Client.drop_reasons[:5])}")
    print(f"durability: {len(acked)} acknowledged saves over {args.rounds} SIGKILLs, "
          f"{'no loss' if not failures else f'{len(failures)} failure(s)'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
