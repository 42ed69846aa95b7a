#!/usr/bin/env python3
"""Hostile inputs against ratioscope-cli, the table of issue #17 re-run.

Writes a representative set of bad inputs per category (bad CSVs, malicious
SQLite databases, corrupted databases, out-of-range stored values, special
files, huge cells and names, concurrent creators, corrupted checkpoints) into
a temporary folder, runs the real CLI on each with a time limit, and sorts
every outcome into one class:

  rejected        refused (exit 1 or 2) with a message that names the input
  accepted        read, and what came out is what went in (or, for a
                  damaged database, exactly what the undamaged one gives)
  unnamed         refused, but the message does not name the input, or is
                  over 4 KB (a cell echoed back)
  good refused    a valid input was refused
  silently wrong  exit 0 with output that differs from what went in
  hang            still running after the time limit (killed)
  crash           ended by a signal or with an exit status other than 0, 1, 2
  data lost       a store lost runs it held before a refused write

Everything but "rejected" and "accepted" fails the run (exit 1). The table
is printed per category. Usage:

  hostile_inputs.py --cli build/app/ratioscope-cli [--skip-trials] [--keep DIR]

--skip-trials leaves out the checkpoint cases (they need the LibTorch trials
runner beside the CLI). Hand-made fixtures only: nothing is downloaded.
"""

import argparse
import hashlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

LIMIT_S = 20          # a command still running after this is a hang
MESSAGE_LIMIT = 4096  # a longer message echoes the input back

OK_CLASSES = ("rejected", "accepted")
CLASSES = ("rejected", "accepted", "unnamed", "good refused", "silently wrong", "hang", "crash", "data lost")


class Runner:
    def __init__(self, cli, work):
        self.cli = cli
        self.work = work
        self.rows = []  # (category, case, class, detail)
        self.n = 0

    def path(self, name):
        return os.path.join(self.work, name)

    def run(self, args, timeout=LIMIT_S):
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        start = time.monotonic()
        try:
            p = subprocess.run([self.cli] + args, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout, env=env)
            return {"code": p.returncode, "out": p.stdout, "err": p.stderr, "hung": False, "s": time.monotonic() - start}
        except subprocess.TimeoutExpired as e:
            return {"code": None, "out": e.stdout or b"", "err": e.stderr or b"", "hung": True, "s": timeout}

    def record(self, category, case, cls, detail=""):
        self.rows.append((category, case, cls, detail))

    # --- classification -------------------------------------------------
    @staticmethod
    def failure(r):
        if r["hung"]:
            return "hang", "killed after %d s" % LIMIT_S
        if r["code"] < 0 or r["code"] not in (0, 1, 2):
            return "crash", "exit %s: %s" % (r["code"], r["err"][-300:].decode("utf-8", "replace"))
        return None

    def expect_reject(self, r, names):
        f = self.failure(r)
        if f:
            return f
        if r["code"] == 0:
            return "silently wrong", "accepted: " + r["out"][:200].decode("utf-8", "replace")
        if len(r["err"]) > MESSAGE_LIMIT:
            return "unnamed", "message of %d bytes" % len(r["err"])
        err = r["err"].decode("utf-8", "replace")
        if any(n in err for n in names):
            return "rejected", first_line(err)
        return "unnamed", first_line(err)

    def expect_accept(self, r, check):
        f = self.failure(r)
        if f:
            return f
        if r["code"] != 0:
            return "good refused", first_line(r["err"].decode("utf-8", "replace"))
        problem = check(r)
        return ("accepted", "") if not problem else ("silently wrong", problem)

    def runs_json(self, location):
        r = self.run(["runs", "--input", location, "--json"])
        if r["code"] != 0:
            return None
        return canonical_runs(json.loads(r["out"]))


def without_latency(runs):
    """Runs without latency_ms (a timing, measured again on every sweep) and
    origin (the CSV each sweep wrote: another path and hash)."""
    if runs is None:
        return None
    return [(tuple(f for f in fields if f[0] not in ("latency_ms", "origin")), metrics) for fields, metrics in runs]


def first_line(text):
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:160]
    return ""


def canonical_runs(doc):
    """The runs of a `runs --json` answer as comparable tuples (no ids or sources)."""
    out = []
    for run in doc.get("runs", []):
        fields = tuple(sorted((k, json.dumps(v, sort_keys=True)) for k, v in run.items() if k not in ("id", "source", "metrics", "axes")))
        metrics = tuple(sorted((m["name"], m["value"], m.get("stderr")) for m in run.get("metrics", [])))
        out.append((fields, metrics))
    return sorted(out)


def write(path, data):
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    return path


LONG_HEADER = "run,family,model,params,method,ratio,bits,seed,metric,value\n"


def good_csv(tag, runs=3):
    rows = [LONG_HEADER]
    for i in range(runs):
        method, ratio = ("dense", "") if i == 0 else ("magnitude", "0.%d" % (i * 2))
        rows.append("%s-r%d,llama,%s,1e9,%s,%s,,1,loss,%.3f\n" % (tag, i, tag, "" if method == "dense" else method, ratio, 2 + 0.1 * i))
        rows.append("%s-r%d,llama,%s,1e9,%s,%s,,1,piqa,%.3f\n" % (tag, i, tag, "" if method == "dense" else method, ratio, 0.7 - 0.05 * i))
    return "".join(rows)


# --- categories ------------------------------------------------------------

def bad_csvs(t, base_store):
    """Each bad CSV imported into a copy of a good store: refused naming the
    file, and the store keeps its runs. Good variants read back exactly."""
    cat = "bad CSV"
    ok_row = "m,llama,m,1e9,,,,1,loss,2.0\n"
    big = "x" * (10 * 1024 * 1024)
    cases = {
        "empty file": b"",
        "header only": LONG_HEADER,
        "no value column": "model,metric\nm,loss\n",
        "value not a number": "model,metric,value\nm,loss,oops\n",
        "value nan": "model,metric,value\nm,loss,nan\n",
        "value inf": "model,metric,value\nm,loss,inf\n",
        "value 1e400": "model,metric,value\nm,loss,1e400\n",
        "params -5": "model,params,metric,value\nm,-5,loss,2\n",
        "ratio 5": "model,method,ratio,metric,value\nm,rtn,5,loss,2\n",
        "ratio -0.1": "model,method,ratio,metric,value\nm,rtn,-0.1,loss,2\n",
        "bits 0": "model,method,bits,metric,value\nm,rtn,0,loss,2\n",
        "sparsity 2": "model,method,sparsity,metric,value\nm,magnitude,2,loss,2\n",
        "ratio on a dense run": "model,method,ratio,metric,value\nm,,0.5,loss,2\n",
        "conflicting duplicate": "model,metric,value\nm,loss,2\nm,loss,3\n",
        "unterminated quote": 'model,metric,value\n"m,loss,2\n',
        "NUL in a name": b"model,metric,value\nm\x00x,loss,2\n",
        "control byte in a name": b"model,metric,value\nm\x07x,loss,2\n",
        "invalid UTF-8": b"model,metric,value\nm\xff\xfe,loss,2\n",
        "CR-only, error on line 3": b"model,metric,value\rm,loss,2\rm,piqa,oops\r",
        "300-byte model name": "model,metric,value\n%s,loss,2\n" % ("m" * 300),
        "2,000-byte run id": "run,model,metric,value\n%s,m,loss,2\n" % ("r" * 2000),
        "semicolons": "model;metric;value\nm;loss;2\n",
        "binary garbage": bytes(random.Random(7).randrange(256) for _ in range(4096)),
        "short row": "model,metric,value\nm,loss\n",
        "long row": "model,metric,value\nm,loss,2,9\n",
        "duplicate column": "model,metric,value,value\nm,loss,2,3\n",
        "empty model name": "model,metric,value\n,loss,2\n",
        "wide: column of nan": "model,loss,piqa\nm,2,nan\nn,2.1,nan\n",
        "wide: column of 1e400": "model,loss,piqa\nm,2,1e400\nn,2.1,1e400\n",
        "10 MB cell": "model,metric,value\nm,loss,%s\n" % big,
        "10 MB model name": "model,metric,value\n%s,loss,2\n" % big,
        "50 MB line, no newline": "model,metric,value\n" + "y" * (50 * 1024 * 1024),
    }
    for name, data in cases.items():
        t.n += 1
        csv = write(t.path("bad%d.csv" % t.n), data)
        store = t.path("store%d.sqlite" % t.n)
        shutil.copy(base_store, store)
        before = t.runs_json(store)
        r = t.run(["import", csv, "--db", store])
        cls, detail = t.expect_reject(r, [csv, os.path.basename(csv)])
        if name == "header only" and cls == "silently wrong" and b'"runs_added": 0' in t.run(["import", csv, "--db", store, "--json"])["out"]:
            cls, detail = "accepted", "no runs, nothing added"
        if name == "CR-only, error on line 3" and cls == "rejected" and ":3:" not in detail:
            cls = "unnamed"  # the line is part of naming where
        if cls in OK_CLASSES and t.runs_json(store) != before:
            cls, detail = "data lost", "the store changed after a refused import"
        t.record(cat, name, cls, detail)

    # Valid files in awkward shapes read back as written.
    def expect_runs(n, check=None):
        def f(r):
            doc = json.loads(r["out"])
            if len(doc["runs"]) != n:
                return "%d runs, expected %d" % (len(doc["runs"]), n)
            return check(doc) if check else ""
        return f

    def names_are(expected):
        return lambda doc: "" if sorted(r["model"] for r in doc["runs"]) == sorted(expected) else "models %s" % [r["model"] for r in doc["runs"]]

    good = {
        "CRLF line endings": ("model,metric,value\r\nm,loss,2\r\nn,loss,3\r\n", expect_runs(2)),
        "CR-only line endings": ("model,metric,value\rm,loss,2\rn,loss,3\r", expect_runs(2)),
        "UTF-8 BOM": ("\ufeffmodel,metric,value\nm,loss,2\n", expect_runs(1, names_are(["m"]))),
        "quoted comma in a name": ('model,metric,value\n"llama, 7b",loss,2\n', expect_runs(1, names_are(["llama, 7b"]))),
        "UTF-8 name": ("model,metric,value\nmodèle-λ,loss,2\n", expect_runs(1, names_are(["modèle-λ"]))),
        "256-byte name (the limit)": ("model,metric,value\n%s,loss,2\n" % ("m" * 256), expect_runs(1)),
    }
    for name, (data, check) in good.items():
        t.n += 1
        csv = write(t.path("good%d.csv" % t.n), data)
        t.record(cat, name, *t.expect_accept(t.run(["runs", "--input", csv, "--json"]), check))

    # -0 in a run field: a re-import adds nothing (idempotent).
    t.n += 1
    csv = write(t.path("neg0-%d.csv" % t.n), "model,method,ratio,metric,value\nm,,,loss,2\nm,rtn,-0,loss,2.5\n")
    store = t.path("neg0-%d.sqlite" % t.n)
    first = t.run(["import", csv, "--db", store, "--json"])
    second = t.run(["import", csv, "--db", store, "--json"])

    def idempotent(r):
        return "" if json.loads(r["out"])["runs_added"] == 0 else "second import added runs"
    cls, detail = t.expect_accept(first, lambda r: "")
    if cls == "accepted":
        cls, detail = t.expect_accept(second, idempotent)
    t.record(cat, "-0 ratio re-imported", cls, detail)


def make_store(t, name, csv_text):
    csv = write(t.path(name + ".csv"), csv_text)
    db = t.path(name + ".sqlite")
    r = t.run(["import", csv, "--db", db])
    if r["code"] != 0:
        raise SystemExit("cannot build the base store %s: %s" % (db, r["err"].decode()))
    # One file, no WAL beside it: copies and byte edits see every page.
    with sqlite3.connect(db) as c:
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        c.execute("PRAGMA journal_mode=DELETE")
    return db


def sql_variant(t, base, label, statements):
    t.n += 1
    db = t.path("%s-%d.sqlite" % (label, t.n))
    shutil.copy(base, db)
    c = sqlite3.connect(db)
    for s in statements:
        c.execute(s)
    c.commit()
    c.close()
    return db


def malicious_databases(t, base):
    """Stored SQL is never trusted: each database is refused, by `runs` and
    by `import` into it, naming it, and an import never runs its SQL."""
    cat = "malicious SQLite"
    endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c"
    cases = {
        "trigger multiplies values": ["CREATE TRIGGER x10 AFTER INSERT ON metrics BEGIN UPDATE metrics SET value = value * 10 WHERE run_id = NEW.run_id AND name = NEW.name; END"],
        "trigger deletes runs": ["CREATE TRIGGER wipe AFTER INSERT ON runs BEGIN DELETE FROM runs WHERE id <> NEW.id; END"],
        "trigger rewrites ratios": ["CREATE TRIGGER r AFTER INSERT ON runs BEGIN UPDATE runs SET ratio = 0.9 WHERE id = NEW.id; END"],
        "endless trigger": ["CREATE TRIGGER spin AFTER INSERT ON sources BEGIN SELECT (%s); END" % endless],
        "view over an endless CTE": ["CREATE VIEW v AS %s" % endless],
        "runs replaced by a view": ["ALTER TABLE runs RENAME TO runs_old", "CREATE VIEW runs AS SELECT * FROM runs_old, (%s)" % endless],
        "extra table": ["CREATE TABLE extra (x)"],
        "extra index": ["CREATE INDEX evil ON runs(abs(params))"],
        "newer schema version": ["PRAGMA user_version = 99"],
        "schema version 0": ["PRAGMA user_version = 0"],
    }
    good = write(t.path("malicious-input.csv"), good_csv("new"))
    for name, statements in cases.items():
        db = sql_variant(t, base, "malicious", statements)
        digest = sha(db)
        results = [t.expect_reject(t.run(["runs", "--input", db, "--json"]), [db]),
                   t.expect_reject(t.run(["import", good, "--db", db]), [db])]
        cls, detail = worst(results)
        if sha(db) != digest and cls in OK_CLASSES:
            cls, detail = "data lost", "an import changed a refused database"
        t.record(cat, name, cls, detail)
    t.n += 1
    other = t.path("other-app-%d.sqlite" % t.n)
    c = sqlite3.connect(other)
    c.execute("CREATE TABLE notes (x)")
    c.commit()
    c.close()
    t.record(cat, "another program's database", *t.expect_reject(t.run(["runs", "--input", other]), [other]))


def out_of_range_values(t, base):
    """Every stored value passes the checks a CSV value does, and a bad one is
    refused naming the database."""
    cat = "out-of-range stored value"
    first = "(SELECT min(id) FROM runs)"
    compressed = "(SELECT min(id) FROM runs WHERE method <> 'dense')"
    cases = {
        "value TEXT": "UPDATE metrics SET value = 'abc' WHERE run_id = %s" % first,
        "value +Inf": "UPDATE metrics SET value = 9e999 WHERE run_id = %s" % first,
        "value -Inf": "UPDATE metrics SET value = -9e999 WHERE run_id = %s" % first,
        "stderr TEXT": "UPDATE metrics SET stderr = 'x' WHERE run_id = %s" % first,
        "stderr negative": "UPDATE metrics SET stderr = -1 WHERE run_id = %s" % first,
        "params -5": "UPDATE runs SET params = -5 WHERE id = %s" % first,
        "params TEXT": "UPDATE runs SET params = 'big' WHERE id = %s" % first,
        "ratio 5": "UPDATE runs SET ratio = 5 WHERE id = %s" % compressed,
        "ratio -1": "UPDATE runs SET ratio = -1 WHERE id = %s" % compressed,
        "bits -3": "UPDATE runs SET bits = -3 WHERE id = %s" % compressed,
        "sparsity 2": "UPDATE runs SET sparsity = 2 WHERE id = %s" % compressed,
        "seed 1.5": "UPDATE runs SET seed = 1.5 WHERE id = %s" % first,
        "NUL in a model name": "UPDATE runs SET model = 'a' || char(0) || 'b' WHERE id = %s" % first,
        "empty model name": "UPDATE runs SET model = '' WHERE id = %s" % first,
        "metric of no run": "INSERT INTO metrics (run_id, name, value, source_id) VALUES (999999, 'loss', 1, 1)",
    }
    reference = t.runs_json(base)
    for name, statement in cases.items():
        db = sql_variant(t, base, "range", ["PRAGMA foreign_keys = OFF", statement])
        r = t.run(["runs", "--input", db, "--json"])
        if name == "metric of no run" and r["code"] == 0 and canonical_runs(json.loads(r["out"])) == reference:
            # A row that belongs to no run is not read: every run prints as stored.
            t.record(cat, name, "accepted", "the orphan row is not read; every run prints as stored")
            continue
        t.record(cat, name, *t.expect_reject(r, [db]))


def corrupted_databases(t, base):
    """A damaged database is refused or reads exactly like the undamaged one."""
    cat = "corrupted database"
    reference = t.runs_json(base)
    data = open(base, "rb").read()
    page = int.from_bytes(data[16:18], "big") or 65536
    variants = {
        "truncated to half": data[: len(data) // 2],
        "truncated to one page": data[:page],
        "truncated to 100 bytes": data[:100],
        "header zeroed": bytes(100) + data[100:],
        "page size 3": data[:16] + (3).to_bytes(2, "big") + data[18:],
        "pages 2 and 3 swapped": data[:page] + data[2 * page: 3 * page] + data[page: 2 * page] + data[3 * page:],
    }
    rng = random.Random(17)
    for i in range(12):
        b = bytearray(data)
        flips = (1, 4, 16, 64)[i % 4]
        for _ in range(flips):
            at = rng.randrange(100, len(b))
            b[at] ^= 1 << rng.randrange(8)
        variants["%d random bit flips (#%d)" % (flips, i)] = bytes(b)
    for name, content in variants.items():
        t.n += 1
        db = write(t.path("corrupt-%d.sqlite" % t.n), content)
        r = t.run(["runs", "--input", db, "--json"])
        f = t.failure(r)
        if f:
            t.record(cat, name, *f)
        elif r["code"] == 0:
            doc = json.loads(r["out"])
            if canonical_runs(doc) == reference:
                t.record(cat, name, "accepted", "read as the undamaged file")
                continue
            # A flipped bit inside a stored value leaves a valid file that
            # holds another value: SQLite keeps no checksum of content, so no
            # reader can tell. Read as SQLite itself reads it, it is not misread.
            problem = disagrees_with_sqlite(db, doc)
            t.record(cat, name, "silently wrong" if problem else "accepted", problem or "a valid file with changed values, read as stored")
        else:
            t.record(cat, name, *t.expect_reject(r, [db]))


def special_files(t):
    cat = "special file"
    fifo = t.path("fifo.csv")
    os.mkfifo(fifo)
    loop = t.path("loop.csv")
    os.symlink(loop, loop)
    dangling = t.path("dangling.csv")
    os.symlink(t.path("nothing-here.csv"), dangling)
    sparse = t.path("huge.csv")
    with open(sparse, "wb") as f:
        f.truncate(3 * 1024 ** 3)  # 3 GiB of holes: over the 2 GiB cap
    folder = t.path("empty-folder")
    os.mkdir(folder)
    cases = {
        "FIFO as --input": (["runs", "--input", fifo], [fifo]),
        "FIFO imported": (["import", fifo, "--db", t.path("s1.sqlite")], [fifo]),
        "/dev/zero": (["runs", "--input", "/dev/zero"], ["/dev/zero"]),
        "/dev/null": (["runs", "--input", "/dev/null"], ["/dev/null"]),
        "/dev/stdin (a pipe)": (["runs", "--input", "/dev/stdin"], ["/dev/stdin"]),
        "symlink loop": (["runs", "--input", loop], [loop]),
        "dangling symlink": (["runs", "--input", dangling], [dangling]),
        "3 GiB sparse file": (["runs", "--input", sparse], [sparse]),
        "folder with no results": (["import", folder, "--db", t.path("s2.sqlite")], [folder]),
        "folder as --db": (["import", write(t.path("ok.csv"), good_csv("ok")), "--db", folder], [folder]),
        "database in a missing folder": (["import", t.path("ok.csv"), "--db", t.path("no/such/dir/x.sqlite")], [t.path("no/such/dir")]),
    }
    for name, (args, names) in cases.items():
        t.record(cat, name, *t.expect_reject(t.run(args), names))
    if os.geteuid() != 0:  # root reads anything: only meaningful for a user
        unreadable = write(t.path("unreadable.csv"), good_csv("u"))
        os.chmod(unreadable, 0)
        t.record(cat, "unreadable file", *t.expect_reject(t.run(["runs", "--input", unreadable]), [unreadable]))
        ro = t.path("read-only-folder")
        os.mkdir(ro)
        os.chmod(ro, 0o555)
        t.record(cat, "read-only folder for --db", *t.expect_reject(t.run(["import", t.path("ok.csv"), "--db", os.path.join(ro, "x.sqlite")]), [ro]))


def concurrent_creators(t):
    """Several imports into one new (or existing) database at once: each
    good one lands once, a failing one takes nobody's runs with it."""
    cat = "concurrent creators"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for label, bad, existing in (("6 into a new database", False, False), ("5 good and 1 bad into a new database", True, False),
                                 ("6 into an existing database", False, True)):
        t.n += 1
        db = t.path("concurrent-%d.sqlite" % t.n)
        expected = 0
        if existing:
            make = t.run(["import", write(t.path("seed-%d.csv" % t.n), good_csv("seed%d" % t.n, 4)), "--db", db])
            expected += 4 if make["code"] == 0 else 0
        inputs = []
        for i in range(6):
            if bad and i == 3:
                inputs.append((write(t.path("c%d-%d.csv" % (t.n, i)), "model,metric,value\nm,loss,oops\n"), False))
            else:
                inputs.append((write(t.path("c%d-%d.csv" % (t.n, i)), good_csv("c%d-%d" % (t.n, i), 5)), True))
                expected += 5
        procs = [(subprocess.Popen([t.cli, "import", p, "--db", db], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env), p, good)
                 for p, good in inputs]
        cls, detail = "accepted", ""
        for proc, p, good in procs:
            try:
                out, err = proc.communicate(timeout=90)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()
                cls, detail = "hang", p
                continue
            if proc.returncode < 0 or proc.returncode not in (0, 1, 2):
                cls, detail = "crash", "exit %d" % proc.returncode
            elif good and proc.returncode != 0 and cls == "accepted":
                cls, detail = "good refused", first_line(err.decode("utf-8", "replace"))
            elif not good and (proc.returncode == 0 or p.encode() not in err) and cls == "accepted":
                cls, detail = "unnamed", first_line(err.decode("utf-8", "replace"))
        runs = t.runs_json(db)
        if runs is None or len(runs) < expected:
            cls, detail = "data lost", "%s runs, expected %d" % (None if runs is None else len(runs), expected)
        elif len(runs) > expected:
            cls, detail = "silently wrong", "%d runs, expected %d" % (len(runs), expected)
        t.record(cat, label, cls, detail)


def checkpoint_corruption(t):
    """A damaged or foreign cached checkpoint is retrained with a warning,
    and the sweep's numbers are those of a clean cache."""
    cat = "checkpoint cache"
    cache = t.path("ckpt-ref")
    sweep = ["trial", "--model", "mlp-tiny", "--methods", "magnitude", "--ratios", "0,0.5", "--steps", "20", "--device", "cpu", "--threads", "1"]
    ref_csv = t.path("ckpt-ref.csv")
    r = t.run(sweep + ["--cache-dir", cache, "--out", ref_csv], timeout=120)
    if r["code"] != 0:
        t.record(cat, "reference sweep", *(t.failure(r) or ("good refused", first_line(r["err"].decode("utf-8", "replace")))))
        return
    reference = t.runs_json(ref_csv)
    files = [os.path.join(cache, f) for f in os.listdir(cache)]
    if len(files) != 1:
        t.record(cat, "reference sweep", "silently wrong", "%d checkpoint files, expected 1" % len(files))
        return
    other_cache = t.path("ckpt-other")
    t.run(sweep[:-4] + ["--steps", "21", "--device", "cpu", "--threads", "1", "--cache-dir", other_cache, "--out", t.path("other.csv")], timeout=120)
    other = [os.path.join(other_cache, f) for f in os.listdir(other_cache)] if os.path.isdir(other_cache) else []
    original = open(files[0], "rb").read()
    mid = len(original) // 2
    variants = {
        "one byte flipped": original[:mid] + bytes([original[mid] ^ 0x40]) + original[mid + 1:],
        "truncated to half": original[:mid],
        "empty": b"",
        "garbage appended": original + b"\x00garbage" * 64,
        "random bytes": bytes(random.Random(5).randrange(256) for _ in range(len(original))),
    }
    if other:
        variants["another configuration's checkpoint"] = open(other[0], "rb").read()
    for name, content in variants.items():
        t.n += 1
        damaged = t.path("ckpt-%d" % t.n)
        shutil.copytree(cache, damaged)
        write(os.path.join(damaged, os.path.basename(files[0])), content)
        out = t.path("ckpt-%d.csv" % t.n)
        r = t.run(sweep + ["--cache-dir", damaged, "--out", out], timeout=120)
        f = t.failure(r)
        if f:
            t.record(cat, name, *f)
        elif r["code"] != 0:
            t.record(cat, name, "good refused", first_line(r["err"].decode("utf-8", "replace")))
        elif without_latency(t.runs_json(out)) != without_latency(reference):
            t.record(cat, name, "silently wrong", "numbers differ from a clean cache's")
        elif b"warning: the cached checkpoint " + os.path.join(damaged, os.path.basename(files[0])).encode() in r["err"]:
            t.record(cat, name, "accepted", "retrained: " + first_line(r["err"].decode("utf-8", "replace")))
        else:
            # Used without a warning, and the numbers are a clean cache's: its
            # weights and checksum are intact (bytes after a zip's end are not read).
            t.record(cat, name, "accepted", "used: its weights are intact")


RUN_COLUMNS = ("family", "model", "method", "params", "tokens", "ratio", "bits", "sparsity", "rank", "seed", "size_bytes", "latency_ms", "device")


def disagrees_with_sqlite(db, doc):
    """"" when the file passes SQLite's full integrity check and every run and
    metric the CLI printed is what SQLite reads from the file; else why not."""
    c = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    try:
        check = c.execute("PRAGMA integrity_check(1)").fetchone()[0]
        if check != "ok":
            return "printed a file that fails integrity_check: " + check
        rows = {r[0]: r[1:] for r in c.execute("SELECT id, %s FROM runs" % ", ".join(RUN_COLUMNS))}
        metrics = {}
        for run_id, name, value, stderr in c.execute("SELECT run_id, name, value, stderr FROM metrics"):
            metrics.setdefault(run_id, set()).add((name, value, stderr))
    finally:
        c.close()
    if len(doc["runs"]) != len(rows):
        return "%d runs printed, the file holds %d" % (len(doc["runs"]), len(rows))
    for run in doc["runs"]:
        stored = rows.get(run["id"])
        if stored is None:
            return "run id %s is not in the file" % run["id"]
        for column, value in zip(RUN_COLUMNS, stored):
            printed = run.get(column)
            if column == "device" and value is None:
                value = ""
            if printed != value and not (isinstance(value, (int, float)) and isinstance(printed, (int, float)) and float(value) == float(printed)):
                return "run %s: %s printed %r, stored %r" % (run["id"], column, printed, value)
        if {(m["name"], m["value"], m.get("stderr")) for m in run["metrics"]} != metrics.get(run["id"], set()):
            return "run %s: its metrics differ from the file's" % run["id"]
    return ""


def sha(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def worst(results):
    order = {c: i for i, c in enumerate(CLASSES)}
    return max(results, key=lambda r: order[r[0]])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cli", required=True)
    ap.add_argument("--skip-trials", action="store_true")
    ap.add_argument("--keep", help="write the inputs here and keep them")
    ap.add_argument("--verbose", action="store_true", help="one line per input")
    a = ap.parse_args()
    work = a.keep or tempfile.mkdtemp(prefix="rs-hostile-")
    os.makedirs(work, exist_ok=True)
    t = Runner(os.path.abspath(a.cli), work)
    start = time.monotonic()
    try:
        base = make_store(t, "base", good_csv("base", 3))
        big = make_store(t, "big", open(os.path.join(os.path.dirname(__file__), "..", "..", "datasets", "compression-example.csv")).read())
        bad_csvs(t, base)
        malicious_databases(t, base)
        out_of_range_values(t, base)
        corrupted_databases(t, big)
        special_files(t)
        concurrent_creators(t)
        if not a.skip_trials:
            checkpoint_corruption(t)
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)

    cats = []
    for c, *_ in t.rows:
        if c not in cats:
            cats.append(c)
    short = ("rejected", "accepted", "unnamed", "good refused", "silently wrong", "hang", "crash", "data lost")
    print("| category | inputs | " + " | ".join(short) + " |")
    print("|---|---|" + "---|" * len(short))
    totals = {c: 0 for c in CLASSES}
    for cat in cats:
        rows = [r for r in t.rows if r[0] == cat]
        counts = {c: sum(1 for r in rows if r[2] == c) for c in CLASSES}
        for c in CLASSES:
            totals[c] += counts[c]
        print("| %s | %d | %s |" % (cat, len(rows), " | ".join(str(counts[c]) for c in CLASSES)))
    print("| **all** | %d | %s |" % (len(t.rows), " | ".join(str(totals[c]) for c in CLASSES)))
    bad = [r for r in t.rows if r[2] not in OK_CLASSES]
    for r in (t.rows if a.verbose else bad):
        print("%-16s %-26s %-34s %s" % (r[2], r[0], r[1], r[3]))
    print("hostile inputs: %d inputs, %d outside rejected/accepted, in %.0f s" % (len(t.rows), len(bad), time.monotonic() - start))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
