"""The SQLite file: WAL and FULL sync on every connection, schema versioned, audit rows without personal data."""

from sqlalchemy import select, text

from kiosk.clock import FakeClock
from kiosk.storage.audit import AuditLog
from kiosk.storage.db import SCHEMA_VERSION, open_database
from kiosk.storage.models import KioskSession, SchemaVersion


def test_every_connection_gets_the_pragmas(tmp_path):
    engine, _ = open_database(f"sqlite:///{tmp_path}/k.db")
    for _ in range(2):
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_schema_is_created_once_and_reopened(tmp_path):
    url = f"sqlite:///{tmp_path}/sub/dir/k.db"
    engine, sessions = open_database(url)
    engine.dispose()
    engine, sessions = open_database(url)
    with sessions() as db:
        assert db.scalars(select(SchemaVersion.version)).all() == [SCHEMA_VERSION]
    engine.dispose()


def test_audit_records_sessions_and_events_in_order(tmp_path):
    engine, sessions = open_database(f"sqlite:///{tmp_path}/k.db")
    clock = FakeClock()
    audit = AuditLog(sessions, "T-1", clock=clock)
    try:
        audit.session_started("s1", "zh", False)
        audit.event("tile_chosen", session_id="s1", tile="credit")
        clock.advance(30)
        audit.session_ended("s1", "timeout", "en", True)
        kinds = [e.kind for e in audit.events()]
        assert kinds == ["session_started", "tile_chosen", "session_timed_out"]
        with sessions() as db:
            row = db.get(KioskSession, "s1")
            assert row.end_reason == "timeout" and row.language == "en" and row.elder_mode
            assert (row.ended_at - row.started_at).total_seconds() == 30
    finally:
        audit.close()
        engine.dispose()


def test_a_failed_audit_write_does_not_stop_the_writer(tmp_path, caplog):
    engine, sessions = open_database(f"sqlite:///{tmp_path}/k.db")
    audit = AuditLog(sessions, "T-1")
    try:
        audit.event("unserialisable", value=object())
        audit.event("fine")
        assert [e.kind for e in audit.events()] == ["fine"]
        assert "audit write failed" in caplog.text
    finally:
        audit.close()
        engine.dispose()
