"""Runs the data pruning off the GUI thread: once shortly after start-up, then every night after prune_hour."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger("kiosk.storage.prune")


class PruneTimer(QObject):
    """Hands kiosk.storage.prune.prune to a worker thread; ``close()`` waits for a run in progress."""

    pruned = Signal(object)  # the PruneReport of a finished run

    def __init__(self, engine, config, audit, clock, *, first_delay_ms: int = 60_000, check_ms: int = 15 * 60_000,
                 idle=lambda: True, parent=None):
        super().__init__(parent)
        self.engine, self.config, self.audit, self.clock = engine, config, audit, clock
        self._idle = idle  # nobody at the screen: the nightly run may VACUUM
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="data-prune")
        self._running = False
        self._closed = False
        self.last = None        # the Future of the latest run
        self.last_day = None    # the day of the latest nightly run
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.setInterval(first_delay_ms)  # after start-up: the kiosk's own start comes first
        self._first.timeout.connect(lambda: self.run_now(vacuum=False))
        self._check = QTimer(self)
        self._check.setInterval(check_ms)
        self._check.timeout.connect(self._nightly)

    def start(self) -> None:
        self._first.start()
        self._check.start()

    def _nightly(self) -> None:
        now = self.clock.now()
        if now.hour >= self.config.kiosk.retention.prune_hour and self.last_day != now.date():
            self.last_day = now.date()
            self.run_now(vacuum=self._idle())

    def run_now(self, *, vacuum: bool = False):
        """Start one run in the background (none if one is running or after close); returns its Future."""
        if self._running or self._closed:
            return None
        self._running = True

        def work():
            from kiosk.storage.prune import prune
            try:
                report = prune(self.engine, self.config.data_dir, self.config.kiosk.retention, self.clock,
                               audit=self.audit, vacuum=vacuum)
            except Exception:  # pruning must never take the kiosk down; the next night tries again
                log.exception("pruning the data folder failed")
                report = None
            finally:
                self._running = False
            if report is not None:
                self.pruned.emit(report)
            return report
        self.last = self._pool.submit(work)
        return self.last

    def close(self) -> None:
        self._closed = True
        self._first.stop()
        self._check.stop()
        self._pool.shutdown(wait=True)
