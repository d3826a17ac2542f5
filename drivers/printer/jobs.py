"""Print jobs: recorded in the database (queued, printing, printed, failed with the reason) and printed off the GUI thread.

A job keeps its document so a failed one can be printed again. ``PrintService`` owns a
QThread with a worker on it; the GUI calls ``submit``/``reprint`` and hears back through
``progressed``, ``finished`` and ``failed`` (with a JobFailed whose ``user_message(lang)`` tells the resident why).
"""

from __future__ import annotations

import enum
import logging
from datetime import datetime

from PySide6.QtCore import QObject, QThread, Signal, Slot
from sqlalchemy import JSON, DateTime, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, sessionmaker

from drivers.printer.document import Receipt
from drivers.printer.status import condition_of
from kiosk.errors import DeviceError, KioskError
from kiosk.storage.db import Base

log = logging.getLogger("kiosk.drivers.printer")


class JobStatus(str, enum.Enum):
    QUEUED = "queued"
    PRINTING = "printing"
    PRINTED = "printed"
    FAILED = "failed"


class PrintJob(Base):
    """One receipt to print. The document holds only what is printed (masked personal data)."""

    __tablename__ = "print_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(32))  # e.g. credit_report, gas_receipt, diag
    session_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(16), index=True, default=JobStatus.QUEUED.value)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)  # technical, for staff
    condition: Mapped[str | None] = mapped_column(String(32), nullable=True)  # paper_out, cover_open…
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    printed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    document: Mapped[dict] = mapped_column(JSON)

    def receipt(self) -> Receipt:
        return Receipt.from_dict(self.document)


_INSERT_JOB = PrintJob.__table__.insert()


class JobStore:
    """Job records in the kiosk database (the table is created here if the schema lacks it)."""

    def __init__(self, sessions: sessionmaker, clock=datetime.now):
        self._sessions = sessions
        self._clock = clock
        self._engine = engine = sessions.kw["bind"]
        PrintJob.__table__.create(engine, checkfirst=True)

    def add(self, receipt: Receipt, kind: str, session_id: str | None = None) -> int:
        """Record a queued job; its id. One INSERT, not an ORM flush: it runs in the resident's touch."""
        now = self._clock()
        with self._engine.begin() as conn:
            return conn.execute(_INSERT_JOB, {
                "created_at": now, "updated_at": now, "kind": kind, "session_id": session_id,
                "status": JobStatus.QUEUED.value, "attempts": 0, "document": receipt.to_dict()}).inserted_primary_key[0]

    def get(self, job_id: int) -> PrintJob | None:
        with self._sessions() as s:
            return s.get(PrintJob, job_id)

    def _update(self, job_id: int, **values) -> None:
        with self._sessions.begin() as s:
            job = s.get(PrintJob, job_id)
            if job is None:
                raise KeyError(job_id)
            for k, v in values.items():
                setattr(job, k, v)
            job.updated_at = self._clock()

    def mark_printing(self, job_id: int) -> None:
        with self._sessions.begin() as s:
            job = s.get(PrintJob, job_id)
            job.status = JobStatus.PRINTING.value
            job.attempts += 1
            job.updated_at = self._clock()

    def mark_printed(self, job_id: int) -> None:
        now = self._clock()
        self._update(job_id, status=JobStatus.PRINTED.value, printed_at=now, reason=None, condition=None)

    def mark_failed(self, job_id: int, reason: str, condition: str | None = None) -> None:
        self._update(job_id, status=JobStatus.FAILED.value, reason=reason, condition=condition)

    def requeue(self, job_id: int) -> None:
        self._update(job_id, status=JobStatus.QUEUED.value)

    def failed(self) -> list[PrintJob]:
        """Jobs kept for reprinting, oldest first."""
        with self._sessions() as s:
            return list(s.scalars(select(PrintJob).where(PrintJob.status == JobStatus.FAILED.value).order_by(PrintJob.id)))

    def recover_interrupted(self) -> int:
        """At start-up: a job left 'printing' (power cut, crash) did not finish; mark it failed."""
        with self._sessions.begin() as s:
            jobs = list(s.scalars(select(PrintJob).where(PrintJob.status == JobStatus.PRINTING.value)))
            for job in jobs:
                job.status = JobStatus.FAILED.value
                job.reason = "interrupted: the kiosk stopped while printing"
                job.updated_at = self._clock()
            return len(jobs)


class JobFailed(KioskError):
    """A print job failed: the resident's message of the error that stopped it, fit to cross to the GUI thread.

    A copy rather than the error itself, so no traceback (and the print thread's frames it holds) crosses.
    """

    def __init__(self, condition: str, error: KioskError):
        super().__init__(condition, user_args=error.user_args)
        self.condition = condition
        self.user_zh, self.user_key, self.user_context = error.user_zh, error.user_key, error.user_context


class _Worker(QObject):
    """Lives on the print thread: runs one job at a time with the driver."""

    progressed = Signal(int, int)  # job id, percent
    finished = Signal(int)  # job id
    failed = Signal(int, str, object)  # job id, condition, JobFailed

    def __init__(self, printer, store: JobStore):
        super().__init__()
        self._printer = printer
        self._store = store

    @Slot(int)
    def run_job(self, job_id: int) -> None:
        try:
            job = self._store.get(job_id)
            receipt = job.receipt()
            self._store.mark_printing(job_id)
            log.info("print job %d (%s) started", job_id, job.kind)
            self._printer.print_document(receipt, lambda sent, total: self.progressed.emit(job_id, sent * 100 // max(total, 1)))
        except KioskError as exc:
            cond = condition_of(exc).value if isinstance(exc, DeviceError) else "document"
            log.warning("print job %d failed: %s", job_id, exc)
            self._store.mark_failed(job_id, str(exc), cond)
            self.failed.emit(job_id, cond, JobFailed(cond, exc))
            return
        except Exception as exc:  # never let a job take the thread down; the resident still hears why
            log.exception("print job %d crashed", job_id)
            self._store.mark_failed(job_id, f"internal error: {exc}", "internal")
            self.failed.emit(job_id, "internal", JobFailed("internal", KioskError()))
            return
        self._store.mark_printed(job_id)
        log.info("print job %d printed", job_id)
        self.finished.emit(job_id)


class PrintService(QObject):
    """The GUI's side: queue jobs, hear how they went. ``close()`` stops and joins the thread."""

    progressed = Signal(int, int)
    finished = Signal(int)
    failed = Signal(int, str, object)  # job id, condition, JobFailed
    _job_submitted = Signal(int)

    def __init__(self, printer, store: JobStore, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self._thread = QThread()
        self._thread.setObjectName("printer-jobs")
        self._worker = _Worker(printer, store)
        self._worker.moveToThread(self._thread)
        self._job_submitted.connect(self._worker.run_job)  # queued: runs on the print thread
        self._worker.progressed.connect(self.progressed)
        self._worker.finished.connect(self.finished)
        self._worker.failed.connect(self.failed)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()

    def submit(self, receipt: Receipt, kind: str, session_id: str | None = None) -> int:
        """Record a job as queued and print it on the print thread; returns its id."""
        job_id = self.store.add(receipt, kind, session_id)
        self._job_submitted.emit(job_id)
        return job_id

    def reprint(self, job_id: int) -> None:
        """Print a failed job again (same record, one more attempt)."""
        self.store.requeue(job_id)
        self._job_submitted.emit(job_id)

    def close(self) -> None:
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()
