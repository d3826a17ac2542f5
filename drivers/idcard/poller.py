"""IdCardPoller: looks for an ID card on its own QThread and tells the GUI thread by signals.

One read per placement: when a card appears the poller emits ``card_placed``, reads it and
emits ``card_read(identity)`` or ``read_failed(error)``; it then waits for the card to go
(``card_removed``) before reading again, as the resident is asked to place the card again.
A card still lying on the reader when polling begins (left there by the last visit) is never read: the
first poll that reaches the reader reports it by ``card_left``, so the new resident can be asked to take it
away; once it is gone, the next card placed is read. The chip serial that selecting a card answers tells the
left card from another one put there while polling was paused (the next resident's, placed before they
touched the screen): that one is read. A card whose serial was never had counts as the one left.
A reader fault is reported once by ``read_failed`` and polling goes on until it recovers.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Callable

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot

from drivers.idcard.driver import SamReader
from kiosk.errors import KioskError

log = logging.getLogger("kiosk.drivers.idcard")


class _PollWorker(QObject):
    """Lives on the poller's thread; every reader call happens here."""

    card_placed = Signal()
    card_read = Signal(object)
    card_removed = Signal()
    read_failed = Signal(object)
    card_left = Signal()

    def __init__(self, reader: SamReader, interval_ms: int, today: Callable[[], date] | None, validate: bool):
        super().__init__()
        self._reader = reader
        self._interval_ms = interval_ms
        self._today = today or date.today
        self._validate = validate
        self._timer: QTimer | None = None
        self._present = False
        self._serial: bytes | None = None  # the chip serial of the card lying there, while it does
        self._fault: str | None = None  # type name of the reader fault already reported
        self._first_look = False  # polling (re)began and no poll has reached the reader since

    @Slot()
    def begin(self) -> None:
        if self._timer is None:
            # one timer for the worker's life: a new one per start stayed behind as a child of the worker,
            # one more for every visit (the soak benchmark found them)
            self._timer = QTimer(self)
            self._timer.setInterval(self._interval_ms)
            self._timer.timeout.connect(self.poll)
        self._first_look = True
        self._timer.start()
        self.poll()

    @Slot()
    def pause(self) -> None:
        if self._timer is not None and self._timer.isActive():
            self._timer.stop()
            # A card taken away since the last poll (the resident took it and left) would otherwise still count
            # as present when polling resumes, and the next resident's card, if already on the reader at the
            # first poll, as the same card: never read (the soak's visits timed out at "place your card").
            # Looked at once more just after the pause, not in it: stop() blocks the GUI thread until here.
            QTimer.singleShot(0, self, self._look_once_more)

    def _look_once_more(self) -> None:
        if not self._present or (self._timer is not None and self._timer.isActive()):
            return  # nothing to find out, or polling has resumed and its poll decides
        try:
            present = self._reader.find_card()
        except KioskError:
            return  # a reader fault is reported by the next visit's polling
        if not present:
            self._gone()

    def _gone(self) -> None:
        self._present = False
        self._serial = None
        self.card_removed.emit()

    def _still_the_card_left(self) -> bool | None:
        """Is the card found the one that lay there when polling paused? None: it could not be selected."""
        try:
            serial = self._reader.select_card()
        except KioskError:
            return None  # taken away between find and select, or a fault: the next poll looks again
        return self._serial is None or serial == self._serial

    @Slot()
    def finish(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.thread().quit()

    @Slot()
    def poll(self) -> None:
        try:
            present = self._reader.find_card()
        except KioskError as exc:
            self._report_fault(exc)
            return
        if self._fault is not None:
            log.info("%s: reader answers again", self._reader.name)
            self._fault = None
        if self._first_look and present and self._present:
            same = self._still_the_card_left()
            if same is None:
                return
            self._first_look = False
            if same:
                # never taken away since the last visit: not read (it is not this resident's card), but told,
                # or the new resident waits at "place your card" while someone else's card lies there
                self.card_left.emit()
                return
            self._present = False  # another card lies there now: the resident's own, read as placed
        self._first_look = False
        if present and not self._present:
            self._present = True
            self.card_placed.emit()
            self._read()
        elif not present and self._present:
            self._gone()

    def _read(self) -> None:
        try:
            if self._validate:
                identity = self._reader.read_accepted_card(self._today())
            else:
                identity = self._reader.read_card()
        except KioskError as exc:
            # A card taken away mid-read shows up as gone at the next poll (card_removed).
            self.read_failed.emit(exc)
        else:
            self.card_read.emit(identity)
        finally:
            self._serial = self._reader.selected_serial

    def _report_fault(self, exc: KioskError) -> None:
        kind = type(exc).__name__
        if kind != self._fault:
            self._fault = kind
            log.warning("%s: polling failed: %s", self._reader.name, exc)
            self.read_failed.emit(exc)


class IdCardPoller(QObject):
    """Polls ``reader`` every ``interval_ms`` off the GUI thread. Signals arrive on the owner's thread.

    With ``validate`` (the default) a card that may not be used ``today`` is reported by
    ``read_failed`` with the CardRefused error instead of ``card_read``.

    ``start``/``stop`` begin and pause polling (each ID visit); the thread itself lives from the first
    ``start`` to ``close``. Starting and ending a thread for every visit (10,000 a day in the soak) is
    where the kiosk crashed (SIGSEGV in the GUI thread joining the poller thread, session 5,290).
    """

    card_placed = Signal()
    card_read = Signal(object)  # drivers.idcard.identity.Identity
    card_removed = Signal()
    read_failed = Signal(object)  # a kiosk.errors.KioskError
    card_left = Signal()  # polling began on a card the last visit left on the reader (it is not read)

    _start_requested = Signal()
    _stop_requested = Signal()
    _close_requested = Signal()

    def __init__(self, reader: SamReader, interval_ms: int = 500, *, today: Callable[[], date] | None = None,
                 validate: bool = True, parent: QObject | None = None):
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName(f"{reader.name}-poller")
        self._worker = _PollWorker(reader, interval_ms, today, validate)
        self._worker.moveToThread(self._thread)
        for name in ("card_placed", "card_read", "card_removed", "read_failed", "card_left"):
            getattr(self._worker, name).connect(getattr(self, name))
        self._start_requested.connect(self._worker.begin)
        # blocking: stop() returns once the worker has paused, i.e. after a read in progress has ended
        self._stop_requested.connect(self._worker.pause, Qt.BlockingQueuedConnection)
        self._close_requested.connect(self._worker.finish)
        self._running = False

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        if self._running:
            return
        self._running = True
        if not self._thread.isRunning():
            self._thread.start()
        self._start_requested.emit()

    def stop(self) -> None:
        """Stop polling (waits for a read in progress to end); the thread stays for the next start."""
        if not self._running:
            return
        self._running = False
        if self._thread.isRunning():
            self._stop_requested.emit()

    def close(self, timeout_ms: int = 5000) -> None:
        """Stop polling and end the thread."""
        self._running = False
        if not self._thread.isRunning():
            return
        self._close_requested.emit()
        if not self._thread.wait(timeout_ms):
            log.error("ID card poller thread did not stop within %d ms", timeout_ms)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.close()
