"""Runs the top-up recovery off the GUI thread: once at start-up, then on a timer."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger("kiosk.gas.recovery")


class RecoveryTimer(QObject):
    """Calls kiosk.gas.recovery.recover every ``interval_ms``, skipping the top-up a customer is in the middle of."""

    recovered = Signal(list)  # [(topup id, action)]
    ran = Signal(dict)        # after every pass: last_run (for status.json)

    def __init__(self, journal, services, window, audit=None, interval_ms: int = 60_000, parent=None):
        super().__init__(parent)
        self.journal, self.services, self.window, self.audit = journal, services, window, audit
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gas-recovery")
        self._running = False
        self.last = None  # the Future of the latest pass
        self.last_run = None  # {"at", "found", "resolved", "error"}: when the latest pass ran, what it found and did
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.run_now)
        self.recovered.connect(self._report)

    def start(self) -> None:
        self.run_now()
        self._timer.start()

    def _busy(self) -> frozenset:
        runner = getattr(self.window.flow_screen, "runner", None)
        topup = getattr(getattr(runner, "flow", None), "topup_id", None)
        return frozenset({topup}) if topup is not None else frozenset()

    def run_now(self):
        """Start one recovery pass in the background (none if one is running); returns its Future."""
        if self._running or self.services is None:
            return None
        self._running = True
        busy = self._busy()

        def work():
            from kiosk.gas.recovery import recover
            import time
            pending, error = None, None
            try:
                pending = len(self.journal.all(pending_only=True))
                done = recover(self.journal, self.services, busy_topups=busy)
            except Exception as exc:  # recovery must never take the kiosk down; it runs again on the timer
                log.exception("top-up recovery failed")
                done, error = [], type(exc).__name__
            finally:
                self._running = False
            self.last_run = {"at": time.time(), "found": pending, "resolved": [list(d) for d in done],
                             "error": error}
            if done:
                self.recovered.emit(done)
            self.ran.emit(self.last_run)
            return done
        self.last = self._pool.submit(work)
        return self.last

    def _report(self, done) -> None:
        for topup_id, action in done:
            log.info("recovery: top-up %d %s", topup_id, action)
            if self.audit is not None:
                self.audit.event("topup_recovered", topup=topup_id, action=action)

    def close(self) -> None:
        self._timer.stop()
        self._pool.shutdown(wait=True)
