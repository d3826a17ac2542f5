"""Runs a plain-Python flow inside the Qt app: carries out its effects off the GUI thread, feeds back events."""

from __future__ import annotations

import itertools
import logging
import weakref
from concurrent.futures import Future

from PySide6.QtCore import QObject, Signal, Slot

from kiosk.errors import DeviceError, KioskError
from kiosk.flows import base as fb

log = logging.getLogger("kiosk.flows")


class _Answers(QObject):
    """Carries what worker threads found back to the runner it is for, on the GUI thread, by the runner's number.

    A worker (a back-end call, a gas card job) must hold no reference to its runner: a runner is a QObject
    owned by Python, and when the resident has gone its screen lets go of it. Were the worker's reference
    then the last, dropping it would destroy the runner on the worker's thread while the GUI thread delivers
    an event to it; the soak benchmark's kiosk died that way (SIGSEGV in QObject::property from the app's event
    filter, the GUI thread in sendPostedEvents and the gas card thread in a read; core dump, 7,056 sessions).
    This object lives as long as the process; runners are looked up weakly, on the GUI thread.
    """

    answered = Signal(int, str, object)  # runner number, the runner's method to call, its arguments

    def __init__(self):
        super().__init__()
        self.runners: weakref.WeakValueDictionary[int, FlowRunner] = weakref.WeakValueDictionary()
        self.numbers = itertools.count(1)
        self.answered.connect(self._deliver)

    def send(self, number: int, method: str, *args) -> None:
        """From any thread: call ``method(*args)`` of runner ``number`` on the GUI thread, if it still exists."""
        self.answered.emit(number, method, args)

    @Slot(int, str, object)
    def _deliver(self, number, method, args) -> None:
        runner = self.runners.get(number)
        if runner is not None:
            getattr(runner, method)(*args)


_answers: _Answers | None = None


def _answer_board() -> _Answers:
    """The process's one _Answers (made on the GUI thread, by the first runner)."""
    global _answers
    if _answers is None:
        _answers = _Answers()
    return _answers


class FlowRunner(QObject):
    """One flow's life: ``start()``, events from devices, services, touches and step timeouts; ``close()``."""

    screen_changed = Signal()
    finished = Signal(str)            # reason

    #: How often an order being paid for is asked about.
    POLL_MS = 2000

    def __init__(self, flow, *, devices, services, audit, session_id, clock, journal=None, parent=None):
        super().__init__(parent)
        self.journal = journal
        self.flow = flow
        self.devices = devices
        self.services = services
        self.audit = audit
        self.session_id = session_id
        self.clock = clock
        self._deadline: float | None = None
        self._watching = False
        self._jobs: set[int] = set()
        self._generation = 0
        self._calls: set[Future] = set()  # this flow's back-end calls not yet begun or done
        answers = _answer_board()
        self._number = next(answers.numbers)  # what workers know this runner by (see _Answers)
        answers.runners[self._number] = self
        self._watching_gas = False
        self._after_row: list = []  # the effects after a JournalCreate, run once its row is written
        self._poll_order: str | None = None
        self._poll_timer = None
        self._closed = False
        self._timed_screen = None
        ps = devices.print_service if devices else None
        if ps is not None:
            ps.finished.connect(self._on_printed)
            ps.failed.connect(self._on_print_failed)

    # ---------------------------------------------------------------- driving the flow
    def start(self) -> None:
        self._apply(self.flow.start())

    def dispatch(self, event) -> None:
        if self._closed:
            return
        log.debug("%s: %s in step %s", self.flow.name, type(event).__name__, self.flow.step)
        self._apply(self.flow.handle(event))

    @property
    def closed(self) -> bool:
        """Whether close() has run (the flow finished, or its screen went)."""
        return self._closed

    def touch(self, button: str, arg=None) -> None:
        self.dispatch(fb.Touched(button, arg))

    def tick(self) -> None:
        """Called by the window's timer: fires the current step's timeout on the kiosk's clock."""
        if self._deadline is not None and self.clock.monotonic() >= self._deadline:
            self._deadline = None
            self.dispatch(fb.TimedOut(self.flow.step))

    def _apply(self, effects) -> None:
        effects = list(effects)
        for i, effect in enumerate(effects):
            if isinstance(effect, fb.JournalCreate):
                self._create_topup(effect, effects[i + 1:])  # the rest run once the row is written
                break
            self._run(effect)
        if self._closed:
            return
        screen = self.flow.screen
        if screen is not self._timed_screen:
            # a new screen model starts its own timer; an event that leaves it unchanged does not
            self._deadline = self.clock.monotonic() + screen.timeout_s if screen.timeout_s else None
            self._timed_screen = screen
        self.screen_changed.emit()

    def seconds_left(self) -> int | None:
        """What is left of the current step's timeout (for a countdown on screen)."""
        if self._deadline is None:
            return None
        return max(0, int(self._deadline - self.clock.monotonic() + 0.999))

    def _run(self, effect) -> None:
        if isinstance(effect, fb.WatchIdCard):
            self._watch_id_card()
        elif isinstance(effect, fb.StopIdCard):
            self._stop_id_card()
        elif isinstance(effect, fb.CallService):
            self._call_service(effect)
        elif isinstance(effect, fb.Print):
            self._print(effect)
        elif isinstance(effect, fb.Reprint):
            self._reprint(effect.job_id)
        elif isinstance(effect, fb.Audit):
            if self.audit is not None:
                self.audit.event(effect.kind, session_id=self.session_id, **effect.detail)
        elif isinstance(effect, fb.WatchGasCard):
            self._watch_gas_card()
        elif isinstance(effect, fb.StopGasCard):
            self._stop_gas_card()
        elif isinstance(effect, fb.WriteGasCard):
            self._write_gas_card(effect)
        elif isinstance(effect, fb.EjectGasCard):
            self._eject_gas_card()
        elif isinstance(effect, fb.CheckGasCard):
            self._device_job(lambda reader: reader.read_security_memory().tries_left, fb.GasCardChecked,
                             fb.GasCardFailed)
        elif isinstance(effect, fb.JournalFindOwed):
            row = self.journal.owed_for_card(effect.card_number) if self.journal else None
            self.dispatch(fb.JournalRow(row.id if row else None,
                                        {"pay_key": row.pay_key, "bill_key": row.bill_key} if row else {}))
        elif isinstance(effect, fb.JournalAdvance):
            if effect.topup_id is not None:
                from kiosk.gas.journal import TopupState
                state = TopupState(effect.state) if effect.state else None
                self.journal.advance(effect.topup_id, state, note=effect.note, **effect.fields)
        elif isinstance(effect, fb.PollPayment):
            self._start_polling(effect.order_no)
        elif isinstance(effect, fb.StopPolling):
            self._stop_polling()
        elif isinstance(effect, fb.Finish):
            self.close()
            self.finished.emit(effect.reason)
        else:  # pragma: no cover - a flow asked for something this runner does not know
            log.error("unknown effect %r", effect)

    # ---------------------------------------------------------------- ID card
    def _watch_id_card(self) -> None:
        if self.devices is None:
            return  # a preview: no hardware at all, the prompt just waits
        poller = self.devices.id_poller
        if poller is None:
            error = (self.devices.errors.get("id_reader") if self.devices else None) or \
                DeviceError("no ID card reader is configured")
            self.dispatch(fb.CardFailed(error))
            return
        if not self._watching:
            poller.card_placed.connect(self._on_card_placed)
            poller.card_read.connect(self._on_card_read)
            poller.card_removed.connect(self._on_card_removed)
            poller.read_failed.connect(self._on_card_failed)
            poller.card_left.connect(self._on_card_left)
            self._watching = True
        poller.start()

    def _stop_id_card(self) -> None:
        if not self._watching:
            return
        poller = self.devices.id_poller
        for sig, slot in ((poller.card_placed, self._on_card_placed), (poller.card_read, self._on_card_read),
                          (poller.card_removed, self._on_card_removed), (poller.read_failed, self._on_card_failed),
                          (poller.card_left, self._on_card_left)):
            sig.disconnect(slot)
        self._watching = False
        poller.stop()

    @Slot()
    def _on_card_placed(self):
        self.dispatch(fb.CardPlaced())

    @Slot(object)
    def _on_card_read(self, identity):
        self.dispatch(fb.CardRead(identity))

    @Slot()
    def _on_card_removed(self):
        self.dispatch(fb.CardRemoved())

    @Slot(object)
    def _on_card_failed(self, error):
        self.dispatch(fb.CardFailed(error))

    @Slot()
    def _on_card_left(self):
        self.dispatch(fb.CardLeft())

    # ---------------------------------------------------------------- gas card
    def _gas_poller(self):
        return self.devices.gas_poller if self.devices else None

    def _watch_gas_card(self) -> None:
        if self.devices is None:
            return  # a preview
        poller = self._gas_poller()
        if poller is None:
            error = self.devices.errors.get("gas_reader") or DeviceError("no gas card reader is configured")
            self.dispatch(fb.GasCardFailed(error))
            return
        if not self._watching_gas:
            poller.card_inserted.connect(self._on_gas_inserted)
            poller.card_read.connect(self._on_gas_read)
            poller.card_removed.connect(self._on_gas_removed)
            poller.read_failed.connect(self._on_gas_failed)
            self._watching_gas = True
        poller.start()

    def _stop_gas_card(self, eject: bool = False) -> None:
        """Stop watching the gas card reader; with ``eject``, a card still inside goes out to the gate first."""
        if not self._watching_gas:
            return
        poller = self._gas_poller()
        for sig, slot in ((poller.card_inserted, self._on_gas_inserted), (poller.card_read, self._on_gas_read),
                          (poller.card_removed, self._on_gas_removed), (poller.read_failed, self._on_gas_failed)):
            sig.disconnect(slot)
        self._watching_gas = False
        poller.stop(eject=eject)

    @Slot()
    def _on_gas_inserted(self):
        self.dispatch(fb.GasCardInserted())

    @Slot(object)
    def _on_gas_read(self, card):
        self.dispatch(fb.GasCardRead(card))

    @Slot()
    def _on_gas_removed(self):
        self.dispatch(fb.GasCardRemoved())

    @Slot(object)
    def _on_gas_failed(self, error):
        self.dispatch(fb.GasCardFailed(error))

    def _device_job(self, job, ok_event, failed_event) -> None:
        """Run ``job(reader)`` on the gas poller's thread; its outcome comes back as an event."""
        number, generation, answers = self._number, self._generation, _answer_board()

        def done(fut):  # on the poller's thread: no reference to the runner here (see _Answers)
            if fut.cancelled():  # the poller was stopped first: the visit has ended
                return
            try:
                result = fut.result()
            except KioskError as exc:
                answers.send(number, "_on_device_done", generation, failed_event(exc))
            except Exception as exc:  # a bug must still end in words for the customer
                log.exception("gas card job crashed")
                answers.send(number, "_on_device_done", generation, failed_event(KioskError(str(exc))))
            else:
                answers.send(number, "_on_device_done", generation, ok_event(result))
        self._gas_poller().submit(job).add_done_callback(done)

    def _write_gas_card(self, effect) -> None:
        from drivers.gascard.card import write_topup
        key = self.devices.devices.options("gas_reader").utility_key

        def job(reader):
            return write_topup(reader, effect.card, purchase_count=effect.purchase_count,
                               volume=effect.volume_units, utility_key=key, repair=effect.repair)
        self._device_job(job, fb.GasCardWritten, fb.GasCardWriteFailed)

    def _eject_gas_card(self) -> None:
        poller = self._gas_poller()
        if poller is None:
            return
        number, generation, answers = self._number, self._generation, _answer_board()

        def done(fut):
            if fut.cancelled():
                return
            exc = fut.exception()
            answers.send(number, "_on_device_done", generation, fb.GasCardEjected(exc is None, exc))
        poller.request_eject().add_done_callback(done)

    def _on_device_done(self, generation, event) -> None:
        if generation == self._generation and not self._closed:
            self.dispatch(event)

    # ---------------------------------------------------------------- the top-up journal
    def _create_topup(self, effect, after) -> None:
        """Write the top-up's durable row on a worker thread; JournalRow, then ``after``, once it is written.

        The commit waits for the disk (synchronous=FULL): done in the touch, the spinner the resident asked
        for painted only after it (the slowest touch in the touch benchmark). Nothing that depends on the
        row runs before its answer: the payment order is asked for only then."""
        number, generation, answers = self._number, self._generation, _answer_board()
        journal, session_id, fields = self.journal, self.session_id, effect.fields

        def work():  # on a worker thread: no reference to the runner here (see _Answers)
            try:
                row = journal.create(session_id=session_id, **fields)
            except Exception as exc:  # a full disk or a locked database: the resident is told, nothing was paid
                log.exception("the top-up could not be recorded")
                answers.send(number, "_on_journal_created", generation, None, exc)
            else:
                answers.send(number, "_on_journal_created", generation,
                                          fb.JournalRow(row.id, {"pay_key": row.pay_key, "bill_key": row.bill_key}),
                                          None)
        self._after_row = list(after)
        self._submit(work)

    def _on_journal_created(self, generation, row, error) -> None:
        after, self._after_row = self._after_row, []
        if generation != self._generation or self._closed:
            # the flow ended while the row was written: it stays "created" and the recovery pass closes it
            return
        if row is None:
            self.dispatch(fb.ServiceFailed("journal.create", KioskError(f"the top-up could not be recorded: {error}")))
            return
        self.dispatch(row)
        if after and not self._closed:
            self._apply(after)

    # ---------------------------------------------------------------- payment polling
    def _start_polling(self, order_no: str) -> None:
        from PySide6.QtCore import QTimer
        self._poll_order = order_no
        if self._poll_timer is None:
            self._poll_timer = QTimer(self)
            self._poll_timer.setInterval(self.POLL_MS)
            self._poll_timer.timeout.connect(self._poll_once)
        self._poll_timer.start()

    def _stop_polling(self) -> None:
        self._poll_order = None
        if self._poll_timer is not None:
            self._poll_timer.stop()

    def _poll_once(self) -> None:
        order_no = self._poll_order
        if order_no is None or self._polling_busy:
            return
        self._polling_busy = True
        number, generation, answers, query = self._number, self._generation, _answer_board(), \
            self.services.payment.query

        def work():  # on a service thread: no reference to the runner here (see _Answers)
            try:
                order = query(order_no)
            except KioskError as exc:  # keep polling: the gateway may come back before the QR expires
                log.warning("payment query for %s failed: %s", order_no, exc)
                order = None
            answers.send(number, "_on_poll_done", generation, order)
        self._submit(work)

    def _on_poll_done(self, generation, order) -> None:
        self._polling_busy = False
        if order is not None and generation == self._generation and not self._closed:
            self.dispatch(fb.PaymentUpdate(order))

    _polling_busy = False

    # ---------------------------------------------------------------- back ends
    def _call_service(self, effect) -> None:
        generation = self._generation
        service_name, method = effect.call.split(".", 1)
        target = getattr(getattr(self.services, service_name, None), method, None) if self.services else None
        if target is None:
            self.dispatch(fb.ServiceFailed(effect.call, KioskError(f"no service for {effect.call}")))
            return

        number, answers = self._number, _answer_board()

        def work():  # on a service thread: no reference to the runner here (see _Answers)
            try:
                result = target(**effect.args)
            except KioskError as exc:
                answers.send(number, "_on_service_done", generation, effect.call, exc, False)
            except Exception as exc:  # a bug in a client must still end in words for the resident
                log.exception("service call %s crashed", effect.call)
                answers.send(number, "_on_service_done", generation, effect.call, KioskError(str(exc)), False)
            else:
                answers.send(number, "_on_service_done", generation, effect.call, result, True)
        self._submit(work)

    def _submit(self, work) -> None:
        fut = self.services.submit(work)  # the services' own threads (kiosk.services.Services.submit)
        self._calls.add(fut)
        fut.add_done_callback(self._calls.discard)

    def _on_service_done(self, generation, call, value, ok) -> None:
        if generation != self._generation or self._closed:
            return  # an answer for a flow that has moved on
        self.dispatch(fb.ServiceAnswered(call, value) if ok else fb.ServiceFailed(call, value))

    # ---------------------------------------------------------------- printing
    def _print(self, effect) -> None:
        ps = self.devices.print_service if self.devices else None
        if ps is None:
            error = (self.devices.errors.get("printer") if self.devices else None) or \
                DeviceError("no printer is configured")
            self.dispatch(fb.PrintFailed(None, error))
            return
        job_id = ps.submit(effect.receipt, effect.kind, self.session_id)
        self._jobs.add(job_id)

    def _reprint(self, job_id: int) -> None:
        self._jobs.add(job_id)
        self.devices.print_service.reprint(job_id)

    @Slot(int)
    def _on_printed(self, job_id: int) -> None:
        if job_id in self._jobs:
            self._jobs.discard(job_id)
            self.dispatch(fb.Printed(job_id))

    @Slot(int, str, object)
    def _on_print_failed(self, job_id: int, condition: str, error) -> None:
        if job_id in self._jobs:
            self._jobs.discard(job_id)
            self.dispatch(fb.PrintFailed(job_id, error))  # a drivers.printer.jobs.JobFailed

    # ---------------------------------------------------------------- end
    def close(self, reason: str | None = None) -> None:
        """Stop everything the flow started; ``reason`` (e.g. "timeout") when it did not finish by itself."""
        if self._closed:
            return
        self._closed = True
        self._generation += 1
        self._deadline = None
        self._stop_id_card()
        # a visit ended from outside (the session timed out) with the gas card still in the reader: it goes
        # to the gate, as when the take-card screen times out; the flow had no chance to give it back
        left_inside = bool(reason) and not self.flow.finished and self.flow.card_inside
        self._stop_gas_card(eject=left_inside)
        if left_inside and self.audit is not None:
            self.audit.event("card_left_at_gate", session_id=self.session_id, service=self.flow.name, reason=reason)
        self._stop_polling()
        ps = self.devices.print_service if self.devices else None
        if ps is not None:
            ps.finished.disconnect(self._on_printed)
            ps.failed.disconnect(self._on_print_failed)
        # never wait on the GUI thread for a back end that hangs: its answer is dropped by generation
        for fut in list(self._calls):
            fut.cancel()  # those not begun never start
        if reason and not self.flow.finished:
            if self.audit is not None:
                self.audit.event("service_ended", session_id=self.session_id, service=self.flow.name, reason=reason)
        self.flow.clear()
