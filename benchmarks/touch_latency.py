"""Benchmark: touch to screen, for every screen transition a resident makes by touching, median and 95th percentile.

The whole kiosk runs in this process as `kiosk run` builds it (KioskRuntime: window, drivers, back-end
clients, SQLite), on a FakeClock, offscreen at 1080x1920. The simulated devices and back ends run in a
child process (benchmarks.sim_process, as `kiosk sim`), reached over ptys and HTTP as real ones would be:
a real kiosk's printer and readers are hardware of their own, not threads sharing the GUI's CPU and GIL
(in process, the printer simulator fell so far behind that every print failed on its status requests). A touch is
a press and release on the real widget (QTest.mouseClick, through the app's event filters, the same path a
touch screen's events take once Qt has them). The clock starts just before the press and stops when the
next screen has been painted: an event filter sees the Qt paint event of the screen on show (or of a widget
in it) once the window is in its new state, and a zero timer queued from there fires after that paint pass
and its flush, in the real event loop. Where a touch starts work (a back-end call), the first new screen
(its spinner) is what counts.

Steps a device or the back end causes (a card placed, a payment made) are not touches: they are played
(untimed) to reach the next touch. Before each touch the resident looks at the screen for READ_PAUSE_S
(half a second; people take longer), so the screen touched has been painted and the kiosk's quiet-time work
is done, as it would be for a person. The first round is a warm-up, reported apart ("first touch"): the first
time each screen is built in a process pays one-off costs; the rest are repetitions.

    python -m benchmarks.touch_latency [--quick] [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QPaintEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QPushButton  # noqa: E402

from ui.driving import run_events  # noqa: E402  (waits that let the kiosk's threads run, unlike QTest.qWait)


class Timeout(RuntimeError):
    """The kiosk did not get where the benchmark expected."""


def step(window) -> str:
    """The running flow's step, or the screen's name."""
    runner = getattr(window.current_screen, "runner", None)
    return runner.flow.step if runner is not None else window.current_screen.name


def state(window) -> tuple:
    """What a resident sees change: the screen, the flow's step, the idle overlay, language and size."""
    return (id(window.current_screen), step(window), window.overlay.isVisible(), window.ctx.lang, window.ctx.elder)


class PaintProbe(QObject):
    """Once armed, notes the end of the first paint pass of the screen on show after the window changed."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self._changed = None
        self._loop = None
        self.done_at = None
        self.paint_started_at = 0.0
        self.parts = (0.0, 0.0, 0.0)
        self.painted = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._give_up)
        QApplication.instance().installEventFilter(self)

    def close(self) -> None:
        QApplication.instance().removeEventFilter(self)

    def eventFilter(self, obj, event):
        if self._changed is not None and isinstance(event, QPaintEvent) and obj.isWidgetType():
            screen = self.window.current_screen
            if (obj is screen or screen.isAncestorOf(obj)) and self._changed():
                self._changed = None
                self.paint_started_at = time.perf_counter()
                self.painted = step(self.window) + (" + overlay" if self.window.overlay.isVisible() else "")
                QTimer.singleShot(0, self._finish)  # runs once this paint pass and its flush are done
        return False

    def _finish(self) -> None:
        self.done_at = time.perf_counter()
        if self._loop is not None:
            self._loop.quit()

    def _give_up(self) -> None:
        if self._loop is not None:
            self._loop.quit()

    def touch(self, widget, timeout: float = 10.0) -> float:
        """Seconds from a tap on ``widget`` to the end of the paint of what changed."""
        before = state(self.window)
        self._changed = lambda: state(self.window) != before
        self.done_at = None
        t0 = time.perf_counter()
        QTest.mouseClick(widget, Qt.LeftButton)
        handled_at = time.perf_counter()
        if self.done_at is None:
            self._loop = QEventLoop()
            self._timer.start(int(timeout * 1000))
            self._loop.exec()
            self._timer.stop()
            self._loop = None
        if self.done_at is None:
            self._changed = None
            raise Timeout(f"nothing new was painted within {timeout} s of the touch (at {step(self.window)})")
        # the touch handled (new screen built), then until its paint began, then the paint pass
        painted_at = max(self.paint_started_at, handled_at)
        self.parts = (handled_at - t0, painted_at - handled_at, self.done_at - painted_at)
        return self.done_at - t0


#: The least time a resident looks at a screen before the next touch (people take a second or more).
READ_PAUSE_S = 0.5


class Resident:
    """Plays a resident on one kiosk runtime, timing each touch under a transition's label."""

    def __init__(self, rt, clock, sim):
        self.rt, self.clock, self.w, self.sim = rt, clock, rt.window, sim
        self.probe = PaintProbe(rt.window)
        self.samples: dict[str, list[float]] = {}
        self.parts: dict[str, list[tuple]] = {}
        self.painted: dict[str, str] = {}
        self.recording = True
        self.print_failures = 0

    # ---------------------------------------------------------------- moves
    def wait(self, condition, what: str, timeout: float = 15.0) -> None:
        end = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > end:
                raise Timeout(f"timed out waiting for {what} (at {step(self.w)})")
            run_events(2)

    def button(self, name: str):
        """The visible button ``name`` (the step's page may be drawn a moment after the step changed)."""
        def shown():
            return [b for b in self.w.findChildren(QPushButton, name) if b.isVisibleTo(self.w)]
        self.wait(lambda: bool(shown()), f"a button {name}")
        return shown()[-1]

    def tap(self, label: str, widget) -> None:
        """Touch ``widget`` (or the widget ``widget()`` finds then) once the resident has looked at the screen.

        A resident looks at a screen before touching it: the screen on show is painted and the kiosk has had
        the moment a person takes (work it does while nobody touches, such as drawing pages ahead, is done
        then). Touching the instant a screen changed timed the previous screen's paint as part of this touch."""
        run_events(int(READ_PAUSE_S * 1000))
        seconds = self.probe.touch(widget() if callable(widget) else widget)
        if self.recording:
            self.samples.setdefault(label, []).append(seconds)
            self.parts.setdefault(label, []).append(self.probe.parts)
            self.painted.setdefault(label, self.probe.painted)

    def tap_button(self, label: str, name: str) -> None:
        self.button(name)  # the step's page is there before the resident's pause...
        self.tap(label, lambda: self.button(name))  # ...and the button touched is the one on show after it

    def at(self, *steps: str, timeout: float = 15.0) -> None:
        self.wait(lambda: step(self.w) in steps, "step " + "/".join(steps), timeout)

    def printed(self) -> None:
        """Until the card is to be taken; after a failed print the resident goes home (the failure is counted)."""
        self.at("take_card", "print_failed", timeout=30)
        if step(self.w) == "print_failed":
            self.print_failures += 1
            recording, self.recording = self.recording, False
            self.tap_button("print failed → home", "flow.home")
            self.recording = recording

    def home(self) -> None:
        self.wait(lambda: self.w.current_screen is self.w.home, "the home screen")

    # ---------------------------------------------------------------- a round: every touch transition once
    def round(self) -> None:
        w, sim = self.w, self.sim
        sim.device("printer", "load_paper")  # the attendant keeps the roll full (untimed)
        self.tap("attract → home", w.attract)
        self.tap("home → home in English (language)", w.header.lang_button)
        self.tap("home → home in Chinese (language)", w.header.lang_button)
        self.tap("home → home, elder mode", w.header.elder_button)
        self.tap("home → home, standard size", w.header.elder_button)

        # credit report: back out once, then the whole way with a card
        self.tap("home → credit: place card", w.home.tiles["credit"])
        self.tap_button("place card → home (home button)", "flow.home")
        self.tap("home → credit: place card", w.home.tiles["credit"])
        sim.device("id_reader", "insert", card="li_xiuying")
        self.at("report")
        self.tap_button("credit report → printing", "flow.print")
        self.printed()
        sim.device("id_reader", "remove")
        self.home()

        # property: list, a record, back, print
        self.tap("home → property: place card", w.home.tiles["property"])
        sim.device("id_reader", "insert", card="wang_jianguo")
        self.at("property_list")
        self.tap_button("property list → record detail", "flow.detail.1")
        self.tap_button("record detail → property list (back)", "flow.back")
        self.tap_button("property list → printing", "flow.print")
        self.printed()
        sim.device("id_reader", "remove")
        self.home()

        # gas: amounts, keypad, confirm, pay screen, cancel
        self.tap("home → gas: insert card", w.home.tiles["gas"])
        sim.device("gas_reader", "insert", card="ready")
        self.at("account")
        self.tap_button("gas account → confirm (an amount)", "flow.amount.100")
        self.tap_button("gas confirm → account (back)", "flow.back")
        self.tap_button("gas account → keypad", "flow.keypad")
        self.tap_button("gas keypad → account (back)", "flow.back")
        self.at("account")
        self.tap_button("gas account → confirm (an amount)", "flow.amount.100")
        self.tap_button("gas confirm → creating the order (pay)", "flow.pay")
        self.at("pay")
        self.tap_button("gas pay → closing (cancel)", "flow.cancel")
        self.wait(lambda: sim.state()["gas_reader"]["position"] == "gate", "the gas card at the gate")
        sim.device("gas_reader", "take")
        self.home()

        # information pages
        self.tap("home → service guide (info)", w.home.tiles["hours"])
        self.tap_button("info → home", "HomeButton")
        self.tap("home → hotline (info)", w.home.tiles["hotline"])
        self.tap_button("info → home", "HomeButton")

        # the idle countdown: more time, then leaving from it
        idle = w.sessions.idle_seconds if hasattr(w.sessions, "idle_seconds") else 60
        self.clock.advance(idle + 1)
        self.wait(w.overlay.isVisible, "the idle countdown")
        self.tap("idle countdown → home (continue)", w.overlay.continue_button)
        self.clock.advance(idle + 1)
        self.wait(w.overlay.isVisible, "the idle countdown")
        self.tap("idle countdown → attract (exit)", w.overlay.exit_button)
        self.tap("attract → home", w.attract)
        self.tap_button("home → attract (exit)", "ExitButton")

    def close(self) -> None:
        self.probe.close()


def _percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of ``values``."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def _ms(v: float) -> float:
    return round(v * 1000, 2)


def run_kiosk(rounds: int) -> tuple[dict, dict, dict, int, dict]:
    """(samples per label after the warm-up, first-round samples, what was painted per label, failed prints,
    (handled, to paint, paint) seconds per label)."""
    from kiosk.clock import FakeClock
    from ui.app import ensure_app
    from ui.flow_runner import FlowRunner
    from ui.runtime import KioskRuntime

    from benchmarks.sim_process import SimProcess, copy_config, point_config_at

    ensure_app()
    tmp = tempfile.mkdtemp(prefix="kiosk-bench-touch-")
    FlowRunner.POLL_MS = 50  # the payment poll: not timed here, only waited through
    rt = sim = None
    try:
        # the simulators at the shipped config's line rates and read times, in a process of their own
        sim = SimProcess(copy_config(os.path.join(tmp, "sim-config"), data_dir=os.path.join(tmp, "sim-var"))).start()
        cfg = copy_config(os.path.join(tmp, "config"), data_dir=os.path.join(tmp, "var"))
        point_config_at(cfg, sim.ports, sim.services_url)
        clock = FakeClock(datetime(2026, 11, 28, 10, 0))
        rt = KioskRuntime(cfg, clock, log_to_file=True)
        if rt.out_of_service:
            raise RuntimeError(f"kiosk out of service: {rt.problems}")
        for h in logging.getLogger("kiosk").handlers:  # the log file keeps everything; the terminal only problems
            if isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler):
                h.setLevel(logging.WARNING)
        rt.window.resize(1080, 1920)
        rt.window.show()
        QTest.qWaitForWindowExposed(rt.window)
        run_events(200)
        from ui.app import freeze_startup_objects
        freeze_startup_objects()  # as `kiosk run` does once started
        resident = Resident(rt, clock, sim)
        try:
            resident.round()
            first = {k: list(v) for k, v in resident.samples.items()}
            resident.samples.clear()
            resident.parts.clear()
            for _ in range(rounds):
                resident.round()
            return resident.samples, first, resident.painted, resident.print_failures, resident.parts
        finally:
            resident.close()
    finally:
        if rt is not None:
            rt.close()
        if sim is not None:
            sim.stop()
        import gc
        gc.unfreeze()  # the process may go on (benchmarks.run_all): its objects are collectable again
        run_events(50)
        shutil.rmtree(tmp, ignore_errors=True)


def measure(quick: bool = False, rounds: int | None = None) -> dict:
    rounds = rounds or (5 if quick else 20)
    samples, first, painted, print_failures, parts = run_kiosk(rounds)
    transitions = {}
    everything = []
    for label, values in samples.items():
        everything += values
        transitions[label] = {"n": len(values), "median_ms": _ms(statistics.median(values)),
                              "p95_ms": _ms(_percentile(values, 95)), "max_ms": _ms(max(values)),
                              "first_touch_ms": _ms(max(first.get(label, [0.0]))), "painted": painted.get(label, ""),
                              "median_parts_ms": {part: _ms(statistics.median(p[i] for p in parts[label]))
                                                  for i, part in enumerate(("handled", "to_paint", "paint"))}}
    p95 = _ms(_percentile(everything, 95))
    worst = max(transitions.items(), key=lambda kv: kv[1]["p95_ms"])
    metrics = {"rounds": rounds, "touches": len(everything), "overall_median_ms": _ms(statistics.median(everything)),
               "overall_p95_ms": p95, "print_failures": print_failures, "worst_transition": worst[0], "worst_p95_ms": worst[1]["p95_ms"],
               "transitions": transitions}
    targets = [{"what": "touch to next screen painted, 95th percentile over every transition", "value": p95,
                "target": "< 30 ms", "ok": p95 < 30}]
    notes = (f"{rounds} rounds of every touch transition (after a warm-up round, whose times are first_touch_ms), "
             f"each touch {READ_PAUSE_S} s after the screen before it (a resident reading it); "
             "in-process kiosk (KioskRuntime, SQLite) with the simulated devices and back ends in a child process "
             "(ptys, HTTP), offscreen "
             "Qt at 1080x1920, FakeClock; from just before the press to the end of the paint pass of the new screen "
             "(a zero timer after its paint event); median_parts_ms splits it into the touch handled (the new screen "
             "built), waiting for the paint to begin (queued work) and the paint pass. Card reads and payments are played between touches, untimed.")
    return {"name": "touch_latency", "metrics": metrics, "targets": targets, "notes": notes}


def main(argv=None) -> int:
    from benchmarks.startup import write_result
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--rounds", type=int)
    args = ap.parse_args(argv)
    result = measure(args.quick, args.rounds)
    write_result(result)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
