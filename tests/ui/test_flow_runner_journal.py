"""The top-up's durable row is written off the GUI thread: the flow's spinner is on screen first, nothing that
needs the row runs before it is written, and a row that cannot be written is said to the resident."""

import threading
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

from kiosk.errors import KioskError
from kiosk.flows.base import (Audit, CallService, Flow, JournalCreate, JournalRow, ScreenModel, ServiceFailed,
                             Touched)
from ui.flow_runner import FlowRunner


class _PayingFlow(Flow):
    name = "paying"

    def start(self):
        self.screen = ScreenModel(step="confirm", title="Confirm")
        self.events = []
        return []

    def handle(self, event):
        self.events.append(event)
        if isinstance(event, JournalRow):
            self.screen = ScreenModel(step="ordering", title="Ordering", busy=True)
            return [CallService("payment.create_order", {"key": event.keys["pay_key"]})]
        if isinstance(event, ServiceFailed):
            self.screen = ScreenModel(step="unavailable", title="Unavailable", error=event.error)
            return []
        if isinstance(event, Touched) and event.button == "pay":
            self.screen = ScreenModel(step="creating", title="Creating", busy=True)
            return [JournalCreate({"card_number": "0001"}), Audit("after_the_row", {})]
        return []


class _Journal:
    """A journal whose write waits for ``release`` and reports the thread it ran on (or fails)."""

    def __init__(self, fail=False):
        self.release, self.fail, self.threads = threading.Event(), fail, []

    def create(self, session_id, **fields):
        self.threads.append(threading.current_thread())
        self.release.wait(10)
        if self.fail:
            raise OSError("disk full")
        return SimpleNamespace(id=7, pay_key="PAY-1", bill_key="BILL-1")


class _Services:
    def __init__(self):
        self.pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="journal-test")
        self.orders = []
        self.payment = SimpleNamespace(create_order=lambda key: self.orders.append(key) or "order")

    def submit(self, fn):
        return self.pool.submit(fn)


class _Audit:
    def __init__(self):
        self.kinds = []

    def event(self, kind, **detail):
        self.kinds.append(kind)


def _runner(clock, journal, services, audit):
    return FlowRunner(_PayingFlow(terminal_id="T1", now=clock.now, audit_key=b"k"), devices=None,
                      services=services, audit=audit, session_id="s1", clock=clock, journal=journal)


def test_the_spinner_is_shown_before_the_row_is_written_and_the_order_only_after(qtbot, clock):
    journal, services, audit = _Journal(), _Services(), _Audit()
    runner = _runner(clock, journal, services, audit)
    runner.start()
    runner.touch("pay")
    assert runner.flow.screen.step == "creating"        # the touch returned with the spinner to paint
    assert services.orders == [] and audit.kinds == []   # neither the order nor the later effect ran yet
    journal.release.set()
    qtbot.waitUntil(lambda: services.orders == ["PAY-1"], timeout=5000)
    assert journal.threads[0] is not threading.main_thread()
    assert audit.kinds == ["after_the_row"]
    assert runner.flow.screen.step == "ordering"
    runner.close()
    services.pool.shutdown()


def test_a_row_that_cannot_be_written_is_said_to_the_resident_and_no_order_is_made(qtbot, clock):
    journal, services, audit = _Journal(fail=True), _Services(), _Audit()
    runner = _runner(clock, journal, services, audit)
    runner.start()
    runner.touch("pay")
    journal.release.set()
    qtbot.waitUntil(lambda: runner.flow.screen.step == "unavailable", timeout=5000)
    failed = runner.flow.events[-1]
    assert isinstance(failed, ServiceFailed) and isinstance(failed.error, KioskError)
    assert failed.error.user_message("zh")
    assert services.orders == [] and audit.kinds == []
    runner.close()
    services.pool.shutdown()


def test_a_row_written_after_the_flow_ended_starts_nothing(qtbot, clock):
    journal, services, audit = _Journal(), _Services(), _Audit()
    runner = _runner(clock, journal, services, audit)
    runner.start()
    runner.touch("pay")
    runner.close("timeout")
    journal.release.set()
    services.pool.shutdown()
    qtbot.wait(50)  # the answer's event is delivered (and dropped) by the event loop
    assert services.orders == [] and "after_the_row" not in audit.kinds
