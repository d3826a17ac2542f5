"""A worker thread never holds the runner: a runner let go of on the GUI thread is gone at once, even while
its back-end call is still running, and the late answer is dropped without touching it."""

import gc
import threading
import weakref
from concurrent.futures import ThreadPoolExecutor

from kiosk.flows.base import CallService, Flow, ScreenModel, ServiceAnswered
from ui.flow_runner import FlowRunner


class _AskingFlow(Flow):
    name = "asking"

    def start(self):
        self.screen = ScreenModel(step="asking", title="Asking", busy=True)
        self.answers = []
        return [CallService("slow.ask", {"question": 42})]

    def handle(self, event):
        self.answers.append(event)
        self.screen = ScreenModel(step="answered", title="Answered")
        return []


class _SlowServices:
    """A back end whose answer waits for ``release`` (on a real worker thread, as Services.submit runs calls)."""

    def __init__(self):
        self.release = threading.Event()
        self.called = threading.Event()
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="slow-service")
        self.slow = self

    def ask(self, question):
        self.called.set()
        self.release.wait(10)
        return question

    def submit(self, fn):
        return self.pool.submit(fn)


def _runner(clock, services):
    return FlowRunner(_AskingFlow(terminal_id="T1", now=clock.now, audit_key=b"k"), devices=None,
                      services=services, audit=None, session_id=None, clock=clock)


def test_an_answer_comes_back_to_its_runner_on_the_gui_thread(qtbot, clock):
    services = _SlowServices()
    runner = _runner(clock, services)
    seen = []
    runner.screen_changed.connect(lambda: seen.append(threading.current_thread() is threading.main_thread()))
    runner.start()
    services.release.set()
    qtbot.waitUntil(lambda: runner.flow.screen.step == "answered", timeout=5000)
    assert runner.flow.answers == [ServiceAnswered("slow.ask", 42)] and all(seen)
    runner.close()
    services.pool.shutdown()


def test_a_runner_let_go_of_while_its_call_runs_is_destroyed_on_the_gui_thread(qtbot, clock):
    services = _SlowServices()
    runner = _runner(clock, services)
    runner.start()
    assert services.called.wait(5)
    flow = runner.flow
    runner.close("session_ended")
    gone = weakref.ref(runner)
    del runner
    gc.collect()
    assert gone() is None  # the worker, still in the call, holds no reference to it
    services.release.set()
    services.pool.shutdown()  # the answer is sent, for a runner that is no more
    qtbot.wait(50)  # the answer's event is delivered (and dropped) by the event loop
    assert flow.answers == []
