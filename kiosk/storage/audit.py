"""The audit trail: sessions and events written by a background thread, so the GUI never waits on disk.

Events carry no personal data: kinds and ids only (an ID number, when a later flow needs one, goes in as a keyed hash).
"""

from __future__ import annotations

import logging
import queue
import threading
from datetime import datetime

from sqlalchemy import select

from kiosk.storage.models import AuditEvent, KioskSession

log = logging.getLogger("kiosk.storage.audit")

_STOP = object()


class AuditLog:
    """Queue-fed writer of KioskSession rows and AuditEvent rows."""

    def __init__(self, sessionmaker, terminal_id: str, clock=None):
        self._sessionmaker = sessionmaker
        self.terminal_id = terminal_id
        self._clock = clock
        self._queue: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="kiosk-audit", daemon=True)
        self._thread.start()
        self._closed = False

    def _now(self) -> datetime:
        return self._clock.now() if self._clock else datetime.now()

    # ---------------------------------------------------------------- producers (any thread)
    def session_started(self, session_id: str, language: str, elder_mode: bool) -> None:
        at = self._now()
        self._put(lambda db: db.add(KioskSession(id=session_id, terminal_id=self.terminal_id, started_at=at,
                                                 language=language, elder_mode=elder_mode)))
        self.event("session_started", session_id=session_id)

    def session_ended(self, session_id: str, reason: str, language: str, elder_mode: bool) -> None:
        at = self._now()

        def write(db):
            row = db.get(KioskSession, session_id)
            if row is not None:
                row.ended_at, row.end_reason = at, reason
                row.language, row.elder_mode = language, elder_mode
        self._put(write)
        self.event("session_timed_out" if reason == "timeout" else "session_ended", session_id=session_id, reason=reason)

    def event(self, kind: str, /, session_id: str | None = None, **detail) -> None:
        at = self._now()
        self._put(lambda db: db.add(AuditEvent(at=at, terminal_id=self.terminal_id, session_id=session_id,
                                               kind=kind, detail=detail)))

    def _put(self, job) -> None:
        if self._closed:
            log.warning("audit log closed; event dropped")
            return
        self._queue.put(job)

    # ---------------------------------------------------------------- writer thread
    def _run(self) -> None:
        while True:
            job = self._queue.get()
            try:
                if job is _STOP:
                    return
                with self._sessionmaker() as db, db.begin():
                    job(db)
                    db.flush()
            except Exception:  # the audit must never take the kiosk down
                log.exception("audit write failed")
            finally:
                self._queue.task_done()

    # ---------------------------------------------------------------- control
    def flush(self) -> None:
        """Wait until everything queued so far is on disk."""
        self._queue.join()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._queue.put(_STOP)
        self._thread.join(timeout=10)

    # ---------------------------------------------------------------- reading (for tests and the technician)
    def events(self, kind: str | None = None) -> list[AuditEvent]:
        self.flush()
        with self._sessionmaker() as db:
            q = select(AuditEvent).order_by(AuditEvent.id)
            if kind:
                q = q.where(AuditEvent.kind == kind)
            return list(db.scalars(q))
