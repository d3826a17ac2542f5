"""Pruning by kiosk.yaml's retention: old rows and files go, recent and unfinished ones stay, the size bound
holds (down to keep_days and no further), and a dry run changes nothing."""

import logging
import os
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from drivers.printer.document import Cut, KeyValue, Receipt, Text
from drivers.printer.jobs import JobStore, PrintJob
from kiosk.clock import FakeClock
from kiosk.config.schema import Retention
from kiosk.gas.journal import Journal, Topup, TopupEvent, TopupState
from kiosk.storage.audit import AuditLog
from kiosk.storage.db import open_database
from kiosk.storage.models import AuditEvent, KioskSession
from kiosk.storage.prune import MB, _disk_use, prune

NOW = datetime(2026, 11, 28, 10, 0)
KEY = bytes.fromhex("00112233445566778899aabbccddeeff")


@pytest.fixture
def store(tmp_path):
    """A data folder with a real SQLite file, the audit, the gas journal and the print jobs on it."""
    data = tmp_path / "var"
    data.mkdir()
    engine, sessions = open_database(f"sqlite:///{data}/kiosk.db")
    clock = FakeClock(NOW)
    audit = AuditLog(sessions, "T-1", clock=clock)
    journal = Journal(sessions, terminal_id="T-1", key=KEY, clock=clock)
    jobs = JobStore(sessions, clock=clock.now)

    class Store:
        pass
    s = Store()
    s.data, s.engine, s.sessions, s.clock, s.audit, s.journal, s.jobs = data, engine, sessions, clock, audit, journal, jobs
    yield s
    audit.close()
    engine.dispose()


def at(store, moment):
    store.clock.set(moment)
    return moment


def count(store, model, *where):
    with store.sessions() as db:
        return db.scalar(select(func.count()).select_from(model).where(*where))


def topup(store, final_state, **fields):
    row = store.journal.create(card_number="4212000012345678", card_masked="4212********5678",
                               amount_yuan=Decimal("50.00"), count_before=3)
    for state in final_state:
        store.journal.advance(row.id, state, **fields)
    return row.id


SETTLED = [TopupState.AWAITING_PAYMENT, TopupState.PAID, TopupState.CARD_WRITTEN, TopupState.CONFIRMED,
           TopupState.RECEIPT_PRINTED]
def a_receipt():
    return Receipt((Text("购气凭证"), KeyValue("金额", "¥50.00"), Cut()))


def fill(store):
    """Two years of a kiosk's life at a few moments: what each should leave is named in the tests."""
    ids = {}
    at(store, NOW - timedelta(days=500))
    store.audit.session_started("old-session", "zh", False)
    store.audit.event("kiosk_started")
    ids["old_settled"] = topup(store, SETTLED)
    ids["old_unfinished"] = topup(store, [TopupState.AWAITING_PAYMENT, TopupState.PAID,
                                          TopupState.AWAITING_REWRITE])
    ids["old_job"] = store.jobs.add(a_receipt(), "credit_report")
    store.jobs.mark_printed(ids["old_job"])
    ids["owed_job"] = store.jobs.add(a_receipt(), "gas_receipt")
    store.jobs.mark_failed(ids["owed_job"], "paper out")
    store.journal.advance(ids["old_unfinished"], None, receipt_job=ids["owed_job"])
    at(store, NOW - timedelta(days=40))
    ids["month_job"] = store.jobs.add(a_receipt(), "credit_report")  # past receipts_days (30)
    store.jobs.mark_printed(ids["month_job"])
    ids["month_queued"] = store.jobs.add(a_receipt(), "credit_report")  # never printed: not ours to drop
    at(store, NOW - timedelta(days=2))
    store.audit.session_started("new-session", "zh", False)
    store.audit.event("tile_chosen", session_id="new-session", tile="gas")
    ids["new_settled"] = topup(store, SETTLED)
    ids["new_job"] = store.jobs.add(a_receipt(), "gas_receipt")
    store.jobs.mark_printed(ids["new_job"])
    at(store, NOW)
    store.audit.flush()
    return ids


def test_old_rows_go_recent_and_unfinished_rows_stay(store):
    ids = fill(store)
    report = prune(store.engine, str(store.data), Retention(), store.clock, audit=store.audit)

    assert count(store, KioskSession, KioskSession.id == "old-session") == 0
    assert count(store, KioskSession, KioskSession.id == "new-session") == 1
    assert count(store, AuditEvent, AuditEvent.at < NOW - timedelta(days=180)) == 0
    assert count(store, AuditEvent, AuditEvent.kind == "tile_chosen") == 1
    assert store.journal.get(ids["old_settled"]) is None
    assert count(store, TopupEvent, TopupEvent.topup_id == ids["old_settled"]) == 0
    unfinished = store.journal.get(ids["old_unfinished"])
    assert unfinished.state == "awaiting_rewrite" and len(unfinished.events) == 4  # with its whole history
    assert store.journal.get(ids["new_settled"]) is not None
    assert store.jobs.get(ids["old_job"]) is None and store.jobs.get(ids["month_job"]) is None
    assert store.jobs.get(ids["owed_job"]) is not None      # the receipt of an unfinished top-up
    assert store.jobs.get(ids["month_queued"]) is not None   # queued jobs are the printer's, not the pruner's
    assert store.jobs.get(ids["new_job"]) is not None
    assert report.deleted["gas_topups"] == 1 and report.deleted["print_jobs"] == 2
    assert report.deleted["kiosk_sessions"] == 1 and not report.over_limit
    pruned = store.audit.events("data_pruned")
    assert pruned and pruned[-1].detail["gas_topups"] == 1


def touch(path, moment, size=10):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    os.utime(path, (moment.timestamp(), moment.timestamp()))


def test_old_simulator_receipts_and_surplus_logs_go(store):
    receipts = store.data / "sim" / "printer" / "receipts"
    touch(receipts / "receipt-0001.png", NOW - timedelta(days=10))
    touch(receipts / "receipt-0001.txt", NOW - timedelta(days=10))
    touch(receipts / "receipt-0002.png", NOW - timedelta(days=1))
    logs = store.data / "logs"
    touch(logs / "kiosk.log", NOW)
    touch(logs / "kiosk.log.1", NOW - timedelta(days=100))  # within log_files: rotation bounds it, not age
    touch(logs / "kiosk.log.3", NOW - timedelta(days=100))  # beyond log_files=2 (the count was lowered)
    report = prune(store.engine, str(store.data), Retention(sim_receipts_days=7, log_files=2), store.clock)
    assert sorted(os.listdir(receipts)) == ["receipt-0002.png"]
    assert sorted(os.listdir(logs)) == ["kiosk.log", "kiosk.log.1"]
    assert report.deleted["sim_receipts"] == 2 and report.deleted["old_logs"] == 1


def spread_events(store, days, per_day, size):
    """``per_day`` audit events of about ``size`` bytes each, on each of the last ``days`` days."""
    for day in range(days, 0, -1):
        at(store, NOW - timedelta(days=day, hours=-1))
        for i in range(per_day):
            store.audit.event("load", blob="y" * size, n=i)
    at(store, NOW)
    store.audit.flush()


def test_the_size_bound_prunes_oldest_first_down_to_keep_days(store):
    spread_events(store, days=90, per_day=20, size=2000)  # about 3.6 MB of events, all within events_days
    touch(store.data / "sim" / "printer" / "receipts" / "receipt-0009.png", NOW - timedelta(days=3), 50_000)
    retention = Retention(max_data_mb=1, keep_days=7, sim_receipts_days=30)
    report = prune(store.engine, str(store.data), retention, store.clock, audit=store.audit)

    assert not report.over_limit and report.bytes_before > 3 * MB and report.bytes_after <= 1 * MB
    assert _disk_use(str(store.data)) <= 1 * MB  # on disk too: the database was vacuumed and its WAL truncated
    assert report.vacuumed and report.guard_cutoff is not None
    with store.sessions() as db:
        days_left = {e.at.date() for e in db.scalars(select(AuditEvent).where(AuditEvent.kind == "load"))}
    assert min(days_left) > (NOW - timedelta(days=90)).date()            # the oldest went first …
    assert all((NOW - timedelta(days=d)).date() in days_left for d in range(1, 8))  # … never the last keep_days
    assert count(store, AuditEvent, AuditEvent.kind == "load", AuditEvent.at >= NOW - timedelta(days=7)) == 7 * 20
    assert (store.data / "sim" / "printer" / "receipts" / "receipt-0009.png").exists()


def test_over_the_bound_with_only_protected_days_left_warns_and_audits(store, caplog):
    spread_events(store, days=5, per_day=100, size=3000)  # 1.5 MB, all in the last keep_days
    retention = Retention(max_data_mb=1, keep_days=7)
    with caplog.at_level(logging.WARNING, logger="kiosk.storage.prune"):
        report = prune(store.engine, str(store.data), retention, store.clock, audit=store.audit)
    assert report.over_limit and report.total_deleted == 0
    assert count(store, AuditEvent, AuditEvent.kind == "load") == 500
    assert "STILL OVER THE LIMIT" in caplog.text
    [warning] = store.audit.events("data_over_limit")
    assert warning.detail["limit_mb"] == 1 and warning.detail["keep_days"] == 7


def snapshot(store):
    with store.sessions() as db:
        rows = {m.__name__: db.scalar(select(func.count()).select_from(m))
                for m in (AuditEvent, KioskSession, Topup, TopupEvent, PrintJob)}
    files = sorted(str(p.relative_to(store.data)) for p in store.data.rglob("*")
                   if p.is_file() and not p.name.startswith("kiosk.db"))
    return rows, files


def test_a_dry_run_changes_nothing_and_names_what_a_real_run_deletes(store):
    fill(store)
    spread_events(store, days=60, per_day=10, size=2000)
    touch(store.data / "sim" / "printer" / "receipts" / "receipt-0001.png", NOW - timedelta(days=30))
    retention = Retention(max_data_mb=1, keep_days=7)
    store.audit.close()  # nothing else writes meanwhile
    before = snapshot(store)
    dry = prune(store.engine, str(store.data), retention, store.clock, dry_run=True)
    assert snapshot(store) == before
    assert dry.total_deleted > 0 and dry.guard_cutoff is not None and not dry.vacuumed

    real = prune(store.engine, str(store.data), retention, store.clock)
    assert real.deleted == dry.deleted
    assert real.bytes_after <= 1 * MB and dry.bytes_after <= 1 * MB


def test_the_kiosk_prunes_after_start_up_and_nightly_off_the_gui_thread(qtbot, store, config_dir):
    import threading
    from kiosk.config import load_config
    from ui.prune import PruneTimer
    fill(store)
    cfg = load_config(str(config_dir))
    cfg = cfg.model_copy(update={"kiosk": cfg.kiosk.model_copy(update={"data_dir": str(store.data)})})
    at(store, NOW.replace(hour=2))
    timer = PruneTimer(store.engine, cfg, store.audit, store.clock, first_delay_ms=0, check_ms=3_600_000)
    threads = []
    timer.pruned.connect(lambda _report: threads.append(threading.current_thread().name))
    try:
        with qtbot.wait_signal(timer.pruned, timeout=10_000) as first:
            timer.start()
        assert first.args[0].deleted["gas_topups"] == 1
        assert timer.last.result() is first.args[0]
        timer._nightly()                      # 02:00: before prune_hour (3)
        assert timer.last_day is None
        at(store, NOW.replace(hour=3, minute=30))
        with qtbot.wait_signal(timer.pruned, timeout=10_000):
            timer._nightly()                  # the first check after 03:00 runs it …
        assert timer.last_day == NOW.date()
        done = timer.last
        timer._nightly()                      # … once a day
        assert timer.last is done
    finally:
        timer.close()
    assert threads == ["MainThread", "MainThread"]  # the report is handed back to the GUI thread
    assert timer.run_now() is None                  # closed: no new run
