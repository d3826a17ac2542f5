"""Durability cost: one durable top-up journal commit vs a bare sqlite3 commit with the same pragmas, same disk.

The journal (kiosk/gas/journal.py over kiosk/storage/db.py: SQLAlchemy, SQLite WAL, synchronous=FULL)
commits every state of a top-up before the side effect that follows it: a top-up's life on the happy
path is six durable commits (created, then five steps, each updating the row and appending a history
row). The baseline lives the same life with the standard library's sqlite3: the same statements and
pragmas, in a database file in the same folder. The two are
measured alternately, in rounds, in the same run, so the machine's noise falls on both.

    python -m benchmarks.durability [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime
from decimal import Decimal

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

TARGET_RATIO = 2.0
#: A top-up's happy path after "created": each step is one durable commit.
STEPS = ("awaiting_payment", "paid", "card_written", "confirmed", "receipt_printed")
COMMITS_PER_TOPUP = 1 + len(STEPS)


def _bare(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=5000"):
        conn.execute(f"PRAGMA {pragma}")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    conn.execute("CREATE TABLE topups (id INTEGER PRIMARY KEY, created_at TEXT, updated_at TEXT, state TEXT, "
                 "card TEXT, amount TEXT, pay_key TEXT, bill_key TEXT)")
    conn.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, topup_id INTEGER REFERENCES topups(id), at TEXT, "
                 "from_state TEXT, to_state TEXT, note TEXT)")
    return conn


def _bare_topup(conn: sqlite3.Connection) -> None:
    """The same life as the journal's: a row created, then five steps, each its own durable transaction."""
    now = datetime.now().isoformat()
    conn.execute("BEGIN")
    cur = conn.execute("INSERT INTO topups (created_at, updated_at, state, card, amount, pay_key, bill_key) "
                       "VALUES (?, ?, 'created', '4212000000010002', '100', ?, ?)",
                       (now, now, f"PAY-{uuid.uuid4().hex}", f"BILL-{uuid.uuid4().hex}"))
    topup_id = cur.lastrowid
    conn.execute("INSERT INTO events (topup_id, at, from_state, to_state) VALUES (?, ?, NULL, 'created')",
                 (topup_id, now))
    conn.execute("COMMIT")
    state = "created"
    for nxt in STEPS:
        now = datetime.now().isoformat()
        conn.execute("BEGIN")
        conn.execute("UPDATE topups SET updated_at = ?, state = ? WHERE id = ?", (now, nxt, topup_id))
        conn.execute("INSERT INTO events (topup_id, at, from_state, to_state) VALUES (?, ?, ?, ?)",
                     (topup_id, now, state, nxt))
        conn.execute("COMMIT")
        state = nxt


def _journal_topup(journal, n: int) -> None:
    from kiosk.gas.journal import TopupState
    row = journal.create(card_number="4212000000010002", card_masked="4212********0002",
                         amount_yuan=Decimal(100), count_before=n)
    for nxt in STEPS:
        journal.advance(row.id, TopupState(nxt))


def measure(quick: bool = False) -> dict:
    from kiosk.gas.journal import Journal, TopupState
    from kiosk.storage.db import open_database

    rounds, per_round = (5, 5) if quick else (20, 10)  # top-ups (6 commits each) per round and kind
    base = os.path.join(ROOT, "var")
    os.makedirs(base, exist_ok=True)
    folder = tempfile.mkdtemp(prefix="bench-durability-", dir=base)  # the disk the kiosk's data lives on
    try:
        engine, sessions = open_database(f"sqlite:///{os.path.join(folder, 'kiosk.db')}")
        journal = Journal(sessions, terminal_id="BENCH", key=b"k" * 32)
        conn = _bare(os.path.join(folder, "bare.db"))
        for i in range(3):  # warm both: connections, statement caches, files grown
            _journal_topup(journal, i)
            _bare_topup(conn)
        ratios, journal_ms, bare_ms = [], [], []
        n = 0
        for r in range(rounds):
            order = (0, 1) if r % 2 == 0 else (1, 0)
            took = [0.0, 0.0]
            for which in order:
                t0 = time.perf_counter()
                for _ in range(per_round):
                    if which == 0:
                        n += 1
                        _journal_topup(journal, n)
                    else:
                        _bare_topup(conn)
                took[which] = (time.perf_counter() - t0) / (per_round * COMMITS_PER_TOPUP)
            journal_ms.append(1000 * took[0])
            bare_ms.append(1000 * took[1])
            ratios.append(took[0] / took[1])
        conn.close()
        engine.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    ratio = statistics.median(ratios)
    metrics = {"journal_commit_ms_median": round(statistics.median(journal_ms), 3),
               "bare_sqlite3_commit_ms_median": round(statistics.median(bare_ms), 3),
               "ratio_median": round(ratio, 2), "ratio_min": round(min(ratios), 2), "ratio_max": round(max(ratios), 2),
               "rounds": rounds, "commits_per_round": per_round * COMMITS_PER_TOPUP}
    return {"name": "durability", "metrics": metrics,
            "targets": [{"what": f"journal commit ({metrics['journal_commit_ms_median']} ms) / bare sqlite3 commit "
                                 f"({metrics['bare_sqlite3_commit_ms_median']} ms), median of {rounds} rounds",
                         "value": round(ratio, 2), "target": f"< {TARGET_RATIO:g}x", "ok": ratio < TARGET_RATIO}],
            "notes": "per commit, over whole top-ups (journal.create + 5 journal.advance, SQLAlchemy ORM) vs the "
                     "same INSERT/UPDATE + history INSERT transactions with sqlite3; both WAL + synchronous=FULL, "
                     "same folder, alternated in rounds"}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--out", default=os.path.join(ROOT, "benchmarks", "results", "durability.json"))
    args = ap.parse_args(argv)
    result = measure(args.quick)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
