"""GasCardPoller: watches the gas card reader on its own QThread and reports cards by Qt signals."""

from __future__ import annotations

import logging
import queue
import threading
from concurrent.futures import Future

from PySide6.QtCore import QObject, QThread, Signal

from drivers.gascard.card import read_card
from drivers.gascard.errors import NoCardInPosition
from drivers.gascard.reader import CardPosition, CrtReader
from kiosk.errors import KioskError

log = logging.getLogger("kiosk.drivers.gas_reader")


class _PollThread(QThread):
    def __init__(self, poller: "GasCardPoller"):
        super().__init__()
        self.setObjectName("gas-reader-poller")
        self.poller = poller

    def run(self) -> None:
        try:
            self.poller._loop()
        finally:
            self.poller._paused.set()


class GasCardPoller(QObject):
    """Polls ``reader`` every ``interval_ms`` off the GUI thread.

    Signals (delivered on the receiver's thread): card_inserted, card_read(GasCard),
    card_removed, read_failed(KioskError), ejected, captured. Other device work (a top-up)
    runs on the same thread through ``submit(fn)``, so the reader is never used by two threads.

    ``start``/``stop`` begin and pause polling (each gas visit); the thread itself lives from the first
    ``start`` to ``close``, as the ID card poller's does: a thread started and joined on every visit is
    10,000 a day, and joining them is where the soak benchmark's kiosk crashed.
    """

    card_inserted = Signal()
    card_read = Signal(object)
    card_removed = Signal()
    read_failed = Signal(object)
    ejected = Signal()
    captured = Signal()

    def __init__(self, reader: CrtReader, interval_ms: int = 500, parent: QObject | None = None):
        super().__init__(parent)
        self.reader = reader
        self.interval = interval_ms / 1000
        self._jobs: queue.Queue = queue.Queue()
        self._running = False   # polling wanted (GUI thread's view)
        self._closing = False
        self._thread: _PollThread | None = None
        self._paused = threading.Event()  # the loop is paused and not touching the reader
        self._paused.set()
        self._state_lock = threading.Lock()
        self._position = CardPosition.NONE
        self._insertions = 0  # cards seen going in: a job asked for one card never acts on the next
        self._last_fault: str | None = None
        self._eject_at_pause = False  # stop(eject=True): put a card inside out at the gate before pausing

    # ------------------------------------------------------------ GUI-thread API
    @property
    def running(self) -> bool:
        """Polling now: the poller's thread owns the reader (others go through ``submit``)."""
        return self._running

    def start(self) -> None:
        if self._running:
            return
        with self._state_lock:
            self._running = True
        if self._thread is None:
            self._thread = _PollThread(self)
            self._thread.start()
        else:
            self._jobs.put(None)  # wake the loop

    def stop(self, eject: bool = False) -> None:
        """Stop polling; returns once the loop has paused (a job in progress ends first).

        The reader stays open (its owner closes it) and the thread waits for the next ``start``. Jobs not
        yet begun are cancelled (their Future says so). With ``eject``, a card still inside is put out at
        the gate before the pause: a visit that ended without giving the card back (the resident walked
        away) must not keep it captive, nor leave it in the slot where the next resident's card goes. That
        stop returns at once: the card is put out on the poller's thread (a motorised eject takes a while),
        and the next ``stop`` or ``submit`` waits behind it."""
        if not self._running:
            self._wait_paused()  # a stop(eject=True) before may still be putting a card out
            return
        with self._state_lock:
            self._running = False
            self._eject_at_pause = eject
        self._jobs.put(None)  # wake the loop
        if not eject:
            self._wait_paused()

    def _wait_paused(self) -> None:
        while not self._paused.wait(0.5):
            if self._thread is None or not self._thread.isRunning():
                break

    def close(self, timeout_ms: int = 5000) -> None:
        """Stop polling and end the thread."""
        with self._state_lock:
            self._running = False
            self._closing = True
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._jobs.put(None)
        if not thread.wait(timeout_ms):
            log.error("gas card poller thread did not stop within %d ms", timeout_ms)

    def submit(self, fn) -> Future:
        """Run ``fn(reader)`` on the poller's thread; the Future holds its result or error.

        The job belongs to the card in the reader now: if that card has gone and another come in before
        the job's turn (a flow that ended late, a busy machine), it fails with NoCardInPosition instead of
        ejecting, checking or writing the next customer's card.
        """
        fut: Future = Future()
        epoch = self._insertions

        def for_this_card(reader):
            if self._insertions != epoch:
                log.info("gas reader: a job for the previous card skipped (another card was inserted since)")
                raise NoCardInPosition("the card this job was for is gone; another card is in the reader")
            return fn(reader)
        self._jobs.put((for_this_card, fut))
        return fut

    def request_eject(self) -> Future:
        return self.submit(self._eject)

    def request_capture(self) -> Future:
        return self.submit(self._capture)

    def request_read(self) -> Future:
        """Read the card again (e.g. after a repair); emits card_read or read_failed."""
        return self.submit(self._read)

    # ------------------------------------------------------------ poll thread
    def _loop(self) -> None:
        while not self._closing:
            if not self._polling_wanted():
                self._wait_for_start()
                continue
            self._poll_once()
            try:
                job = self._jobs.get(timeout=self.interval)
            except queue.Empty:
                continue
            while job is not None and self._running:
                self._run_job(job)
                try:
                    job = self._jobs.get_nowait()
                except queue.Empty:
                    job = None
            if job is not None:
                self._cancel(job)

    def _polling_wanted(self) -> bool:
        """Whether to go on; says "paused" to a stop() waiting for it (under the lock: no poll slips past)."""
        with self._state_lock:
            eject, self._eject_at_pause = self._eject_at_pause and not self._running, False
        if eject and self._position == CardPosition.INSIDE:
            self._put_out_at_pause()  # before "paused": stop() returns with the card at the gate
        with self._state_lock:
            if self._running and not self._closing:
                self._paused.clear()
                return True
            self._paused.set()
            return False

    def _put_out_at_pause(self) -> None:
        try:
            self._eject(self.reader)
        except KioskError as exc:  # the reader is told again at the next visit's polls; nothing else to do
            log.warning("gas reader: the card left inside could not be put out at the gate: %s", exc)

    def _wait_for_start(self) -> None:
        """Paused: sleep until start() or close() wakes us. Jobs left or asked meanwhile are cancelled: they were
        for a visit that has ended, and the card in the reader at the next start may be the next customer's."""
        while True:
            try:
                item = self._jobs.get_nowait()
            except queue.Empty:
                if self._closing or self._running:
                    return
                item = self._jobs.get()
            if item is not None:
                self._cancel(item)

    @staticmethod
    def _cancel(job) -> None:
        fn, fut = job
        if fut.cancel():
            log.info("gas reader: a job asked for a visit that has ended is cancelled")

    def _run_job(self, job) -> None:
        fn, fut = job
        if fut.set_running_or_notify_cancel():
            try:
                fut.set_result(fn(self.reader))
            except BaseException as exc:  # noqa: BLE001 — handed to the caller via the Future
                fut.set_exception(exc)

    def _poll_once(self) -> None:
        try:
            status = self.reader.status()
        except KioskError as exc:
            self._fault(exc)
            return
        self._last_fault = None
        if status.jammed:
            from drivers.gascard.errors import CardJammed
            self._fault(CardJammed("reader reports a jammed card"))
            return
        self._set_position(status.position)

    def _set_position(self, position: CardPosition) -> None:
        previous, self._position = self._position, position
        if position == previous:
            return
        if position == CardPosition.INSIDE:
            self._insertions += 1
            self.card_inserted.emit()
            self._read(self.reader)
        elif position == CardPosition.NONE:
            self.card_removed.emit()

    def _read(self, reader: CrtReader):
        try:
            card = read_card(reader)
        except KioskError as exc:
            log.info("gas card read failed: %s", exc)
            self.read_failed.emit(exc)
            return None
        self.card_read.emit(card)
        return card

    def _eject(self, reader: CrtReader):
        try:
            status = reader.eject()
        except NoCardInPosition:
            # pulled out before the eject: none is inside now, whatever the last poll saw (else a card put in
            # before the next visit's first poll would look like this one still lying there, and not be read)
            self._position = CardPosition.NONE
            raise
        self._position = status.position
        self.ejected.emit()
        return status

    def _capture(self, reader: CrtReader):
        status = reader.capture()
        self._position = status.position
        self.captured.emit()
        return status

    def _fault(self, exc: KioskError) -> None:
        key = type(exc).__name__
        if key != self._last_fault:  # once per fault, not every poll
            self._last_fault = key
            log.warning("gas reader fault: %s", exc)
            self.read_failed.emit(exc)
