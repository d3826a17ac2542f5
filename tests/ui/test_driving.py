"""The driver's waits run Qt's event loop the way the app does: the kiosk's other threads run meanwhile.

Benchmarks and tests drive the window from the GUI thread and wait on the event loop. While they wait,
the card readers' and services' threads must get to run Python, as they do under QApplication.exec;
QTest.qWait kept the GIL for the whole wait, and the soak's stall watch saw those threads silenced for
300-760 ms at a time.
"""

import os
import subprocess
import sys
import textwrap

from PySide6.QtCore import QObject, QTimer

from ui.driving import run_events

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# In a process of its own: a bare application with no Python timers or slots, whose callbacks would hand
# the GIL over during a wait and hide the difference.
WORK_DONE_WHILE_WAITING = textwrap.dedent("""
    import threading
    from PySide6.QtWidgets import QApplication
    from PySide6.QtTest import QTest
    from ui.driving import run_events

    app = QApplication([])
    ready, go, done = threading.Event(), threading.Event(), threading.Event()

    def work():
        ready.set()
        go.wait()
        total = 0
        for i in range(1_000_000):  # tens of ms of Python, longer than a GIL switch interval (5 ms)
            total += i
        done.set()

    worker = threading.Thread(target=work)
    worker.start()
    ready.wait(5)  # the worker is running and about to wait for its go
    go.set()
    WAIT
    print(done.is_set())  # at most one switch interval after the wait: not enough to do the work
    worker.join(5)
""")


def _work_done_while_waiting(wait: str) -> bool:
    out = subprocess.run([sys.executable, "-c", WORK_DONE_WHILE_WAITING.replace("WAIT", wait)], cwd=ROOT,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": ROOT},
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip() == "True"


def test_other_threads_run_while_the_driver_waits():
    assert _work_done_while_waiting("run_events(1000)")


def test_a_wait_delivers_timers_and_deferred_deletions(qapp):
    fired = []
    QTimer.singleShot(10, lambda: fired.append(True))
    gone = []
    obj = QObject()
    obj.destroyed.connect(lambda: gone.append(True))
    obj.deleteLater()
    del obj
    run_events(50)
    assert fired == [True]
    assert gone == [True]


def test_waiting_leaves_nothing_behind(qapp):
    """A soak session waits thousands of times: a QEventLoop ended by QTimer.singleShot kept ~1 block each."""
    import gc
    for _ in range(100):
        run_events(1)
    gc.collect()
    before = sys.getallocatedblocks()
    for _ in range(1000):
        run_events(1)
    gc.collect()
    assert sys.getallocatedblocks() - before < 100
