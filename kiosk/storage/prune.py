"""Pruning the data folder: old receipts, events, settled top-ups and files go, so its disk use stays bounded.

Two passes, both driven by kiosk.yaml's ``retention`` section:

1. Day limits: print jobs older than ``receipts_days``, audit events (and the sessions they no longer name)
   older than ``events_days``, settled gas top-ups (and their history) older than ``journal_days``, the printer
   simulator's receipt images older than ``sim_receipts_days``, and rotated logs beyond ``log_files``.
2. The size guard: while the data folder is above ``max_data_mb``, the same kinds go oldest first, a step at a
   time, but never anything newer than ``keep_days`` (the audit of those days stays). Still above: a warning is
   logged and audited.

Never deleted: an unfinished gas top-up (whatever its age), the print job of one, a job queued or printing.
Each step is its own short transaction, so the running kiosk's writers wait at most a moment; ``dry_run``
rolls every step back and deletes no file, reporting what would go. After a real run the WAL is checkpointed,
and the database is VACUUMed when a lot went.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import DateTime, Integer, String, and_, column, delete, exists, func, inspect, select, table
from sqlalchemy.exc import OperationalError

log = logging.getLogger("kiosk.storage.prune")

MB = 1024 * 1024
#: VACUUM when at least this share of the database's pages is free after a run (or VACUUM_BYTES).
VACUUM_SHARE = 0.25
VACUUM_BYTES = 64 * MB
#: The size guard moves its cutoff in at most this many steps from the oldest data to keep_days.
GUARD_STEPS = 60

# Top-up states in which nothing more will happen (kiosk.gas.journal.FINAL); any other row is never deleted.
SETTLED = ("receipt_printed", "confirmed", "closed", "refunded")

# Lightweight tables: this module needs neither the ORM models nor Qt (print jobs live beside their driver).
print_jobs = table("print_jobs", column("id", Integer), column("created_at", DateTime), column("status", String))
audit_events = table("audit_events", column("id", Integer), column("at", DateTime), column("session_id", String))
kiosk_sessions = table("kiosk_sessions", column("id", String), column("started_at", DateTime))
gas_topups = table("gas_topups", column("id", Integer), column("updated_at", DateTime), column("state", String),
                   column("receipt_job", Integer))
gas_topup_events = table("gas_topup_events", column("id", Integer), column("topup_id", Integer))

_LOG_BACKUP = re.compile(r"^kiosk\.log\.(\d+)$")
_SIM_RECEIPT = re.compile(r"^receipt-\d{4,}.*\.(png|txt)$")


@dataclass
class PruneReport:
    """What a run deleted (or, dry, would delete), and the data folder's size before and after."""

    dry_run: bool
    limit_bytes: int
    bytes_before: int = 0
    bytes_after: int = 0
    deleted: dict[str, int] = field(default_factory=dict)
    guard_cutoff: datetime | None = None  # how far the size guard had to go
    over_limit: bool = False              # still above max_data_mb with only the last keep_days left
    vacuumed: bool = False

    @property
    def total_deleted(self) -> int:
        return sum(self.deleted.values())

    def summary(self) -> str:
        what = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in self.deleted.items() if n) or "nothing"
        verb = "would delete" if self.dry_run else "deleted"
        text = (f"{verb} {what}; data folder {self.bytes_before / MB:.1f} MB → {self.bytes_after / MB:.1f} MB "
                f"(limit {self.limit_bytes / MB:.0f} MB)")
        if self.guard_cutoff is not None:
            text += f"; size guard pruned up to {self.guard_cutoff:%Y-%m-%d %H:%M}"
        if self.over_limit:
            text += "; STILL OVER THE LIMIT with only the protected days left"
        if self.vacuumed:
            text += "; database vacuumed"
        return text


@dataclass
class _File:
    path: str
    kind: str          # sim_receipts | old_logs
    mtime: datetime
    size: int
    surplus: bool = False  # a rotated log beyond log_files: goes whatever its age


class _Cutoffs:
    """Per kind, rows/files older than this go (None: none of that kind)."""

    def __init__(self, now: datetime, retention, guard: datetime | None = None):
        def at(days):
            own = now - timedelta(days=days)
            return max(own, guard) if guard is not None else own
        self.receipts = at(retention.receipts_days)
        self.events = at(retention.events_days)
        self.journal = at(retention.journal_days)
        self.sim_receipts = at(retention.sim_receipts_days)
        self.logs = guard  # rotated logs within log_files go only to meet the size bound


def prune(engine, data_dir: str, retention, clock, *, dry_run: bool = False, audit=None,
          vacuum: bool = True) -> PruneReport:
    """Apply ``retention`` (kiosk.yaml) to the database behind ``engine`` and the files in ``data_dir``.

    ``vacuum=False`` never VACUUMs (it locks the database for as long as it takes: the running kiosk
    does it only at night with nobody at the screen); the WAL is checkpointed either way.
    """
    now = clock.now()
    data_dir = os.path.abspath(data_dir)
    report = PruneReport(dry_run=dry_run, limit_bytes=int(retention.max_data_mb * MB))
    db_files = _database_files(engine, data_dir)
    files = _prunable_files(data_dir, retention.log_files)
    tables = set(inspect(engine).get_table_names())
    report.bytes_before = _measure_now(engine, db_files, data_dir)

    with engine.connect() as conn:
        counts, used = _step(conn, tables, files, _Cutoffs(now, retention), db_files, data_dir, dry_run)
        _add(report, counts, dry_run)
        if used > report.limit_bytes:
            floor = now - timedelta(days=retention.keep_days)
            for guard in _guard_steps(conn, tables, files, floor, dry_run):
                counts, used = _step(conn, tables, files, _Cutoffs(now, retention, guard), db_files, data_dir,
                                     dry_run)
                _add(report, counts, dry_run)
                report.guard_cutoff = guard
                if used <= report.limit_bytes:
                    break
        report.over_limit = used > report.limit_bytes
    if not dry_run and report.total_deleted:
        report.vacuumed = _compact(engine, vacuum)
    report.bytes_after = used if dry_run else _measure_now(engine, db_files, data_dir)

    (log.warning if report.over_limit else log.info)("pruning: %s", report.summary())
    if audit is not None and not dry_run:
        if report.total_deleted:
            audit.event("data_pruned", **{k: v for k, v in report.deleted.items() if v},
                        mb_after=round(report.bytes_after / MB, 1))
        if report.over_limit:
            audit.event("data_over_limit", mb=round(report.bytes_after / MB, 1),
                        limit_mb=round(report.limit_bytes / MB, 1), keep_days=retention.keep_days)
    return report


def _add(report: PruneReport, counts: dict, dry_run: bool) -> None:
    for kind, n in counts.items():
        # a dry step is rolled back, so each one counts everything up to its cutoff: keep the latest
        report.deleted[kind] = n if dry_run else report.deleted.get(kind, 0) + n


def _step(conn, tables, files, cut: _Cutoffs, db_files, data_dir, dry_run) -> tuple[dict, int]:
    """Delete what ``cut`` says in one transaction; the data folder's use afterwards (rolled back when dry)."""
    trans = conn.begin()
    try:
        counts = _delete_rows(conn, tables, cut)
        gone = [f for f in files if _file_goes(f, cut)]
        counts["sim_receipts"] = sum(1 for f in gone if f.kind == "sim_receipts")
        counts["old_logs"] = sum(1 for f in gone if f.kind == "old_logs")
        used = _measure(conn, db_files, data_dir, exclude={f.path for f in gone})
    except BaseException:
        trans.rollback()
        raise
    if dry_run:
        trans.rollback()
        return counts, used
    trans.commit()
    for f in gone:
        try:
            os.remove(f.path)
        except FileNotFoundError:
            pass
        files.remove(f)
    return counts, used


def _delete_rows(conn, tables, cut: _Cutoffs) -> dict[str, int]:
    counts = {}
    unfinished_jobs = None
    if "gas_topups" in tables:
        unfinished_jobs = select(gas_topups.c.receipt_job).where(gas_topups.c.receipt_job.is_not(None),
                                                                 gas_topups.c.state.not_in(SETTLED))
    if "print_jobs" in tables:
        cond = and_(print_jobs.c.created_at < cut.receipts, print_jobs.c.status.not_in(("queued", "printing")))
        if unfinished_jobs is not None:
            cond = and_(cond, print_jobs.c.id.not_in(unfinished_jobs))
        counts["print_jobs"] = conn.execute(delete(print_jobs).where(cond)).rowcount
    if "audit_events" in tables:
        counts["audit_events"] = conn.execute(delete(audit_events).where(audit_events.c.at < cut.events)).rowcount
    if "kiosk_sessions" in tables:
        named = exists().where(audit_events.c.session_id == kiosk_sessions.c.id) if "audit_events" in tables else None
        cond = kiosk_sessions.c.started_at < cut.events
        if named is not None:
            cond = and_(cond, ~named)
        counts["kiosk_sessions"] = conn.execute(delete(kiosk_sessions).where(cond)).rowcount
    if "gas_topups" in tables:
        settled_old = select(gas_topups.c.id).where(gas_topups.c.updated_at < cut.journal,
                                                    gas_topups.c.state.in_(SETTLED))
        if "gas_topup_events" in tables:
            conn.execute(delete(gas_topup_events).where(gas_topup_events.c.topup_id.in_(settled_old)))
        counts["gas_topups"] = conn.execute(delete(gas_topups).where(gas_topups.c.updated_at < cut.journal,
                                                                     gas_topups.c.state.in_(SETTLED))).rowcount
    return counts


def _file_goes(f: _File, cut: _Cutoffs) -> bool:
    if f.kind == "sim_receipts":
        return f.mtime < cut.sim_receipts
    return f.surplus or (cut.logs is not None and f.mtime < cut.logs)


def _guard_steps(conn, tables, files, floor: datetime, dry_run: bool):
    """Cutoffs from the oldest prunable data up to ``floor`` (never beyond), in at most GUARD_STEPS steps."""
    with conn.begin():
        oldest = _oldest(conn, tables, files)
    if oldest is None or oldest >= floor:
        return
    step = max(timedelta(days=1), (floor - oldest) / GUARD_STEPS)
    cut = oldest
    while cut < floor:
        cut = min(cut + step, floor)
        yield cut


def _oldest(conn, tables, files) -> datetime | None:
    found = [f.mtime for f in files]
    queries = []
    if "print_jobs" in tables:
        queries.append(select(func.min(print_jobs.c.created_at)).where(print_jobs.c.status.not_in(("queued", "printing"))))
    if "audit_events" in tables:
        queries.append(select(func.min(audit_events.c.at)))
    if "kiosk_sessions" in tables:
        queries.append(select(func.min(kiosk_sessions.c.started_at)))
    if "gas_topups" in tables:
        queries.append(select(func.min(gas_topups.c.updated_at)).where(gas_topups.c.state.in_(SETTLED)))
    for q in queries:
        value = conn.execute(q).scalar()
        if value is not None:
            found.append(value)
    return min(found, default=None)


# ---------------------------------------------------------------- files and sizes

def _prunable_files(data_dir: str, log_files: int) -> list[_File]:
    out = []
    receipts = os.path.join(data_dir, "sim", "printer", "receipts")
    logs = os.path.join(data_dir, "logs")
    for folder, kind, pattern in ((receipts, "sim_receipts", _SIM_RECEIPT), (logs, "old_logs", _LOG_BACKUP)):
        try:
            names = os.listdir(folder)
        except FileNotFoundError:
            continue
        for name in names:
            m = pattern.match(name)
            if not m:
                continue
            path = os.path.join(folder, name)
            try:
                st = os.stat(path)
            except FileNotFoundError:
                continue
            out.append(_File(path, kind, datetime.fromtimestamp(st.st_mtime), st.st_size,
                             surplus=kind == "old_logs" and int(m.group(1)) > log_files))
    return out


def _database_files(engine, data_dir: str) -> tuple[str, ...]:
    """The SQLite file (and its -wal/-shm) when it lives in the data folder: measured by pages in use."""
    if engine.dialect.name != "sqlite" or not engine.url.database or engine.url.database == ":memory:":
        return ()
    path = os.path.abspath(engine.url.database)
    if os.path.commonpath([path, os.path.abspath(data_dir)]) != os.path.abspath(data_dir):
        return ()
    return path, path + "-wal", path + "-shm"


def _disk_use(data_dir: str, exclude=frozenset()) -> int:
    total = 0
    for folder, _dirs, names in os.walk(data_dir):
        for name in names:
            path = os.path.join(folder, name)
            if path in exclude:
                continue
            try:
                total += os.lstat(path).st_size
            except FileNotFoundError:
                pass
    return total


def _db_pages_in_use(conn) -> int:
    size = conn.exec_driver_sql("PRAGMA page_size").scalar()
    count = conn.exec_driver_sql("PRAGMA page_count").scalar()
    free = conn.exec_driver_sql("PRAGMA freelist_count").scalar()
    return (count - free) * size


def _measure(conn, db_files, data_dir, exclude=frozenset()) -> int:
    """The data folder's use: files (less ``exclude``), the database by its pages in use (free ones are reused)."""
    files = _disk_use(data_dir, exclude=set(exclude) | set(db_files))
    return files + (_db_pages_in_use(conn) if db_files else 0)


def _measure_now(engine, db_files, data_dir) -> int:
    with engine.connect() as conn:
        return _measure(conn, db_files, data_dir)


def _compact(engine, vacuum: bool) -> bool:
    """Checkpoint the WAL into the database; VACUUM when a lot of it is free (and allowed). True if vacuumed."""
    if engine.dialect.name != "sqlite":
        return False
    vacuumed = False
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        try:
            size = conn.exec_driver_sql("PRAGMA page_size").scalar()
            count = conn.exec_driver_sql("PRAGMA page_count").scalar()
            free = conn.exec_driver_sql("PRAGMA freelist_count").scalar()
            if vacuum and free and (free >= VACUUM_SHARE * count or free * size >= VACUUM_BYTES):
                conn.exec_driver_sql("VACUUM")
                vacuumed = True
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        except OperationalError as exc:  # the kiosk was writing: the space is reused anyway; next run tries again
            log.warning("could not compact the database: %s", exc)
    return vacuumed
