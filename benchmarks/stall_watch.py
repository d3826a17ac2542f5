"""Noticing a process that stopped running for a while, with the time it happened.

A soak's session can fail because a device did not answer in time. Was it the kiosk (a thread holding the
GIL, a long collection), the simulators' process, or the whole machine (both at once)? Each process runs a
watch that sleeps a short tick and measures how late it woke: a late wake-up is time the process did not
run Python. Stalls over the threshold are written to stderr with the wall-clock time, to match against the
kiosk's log and the failed session; the worst since the last look is kept for the soak's samples.
"""

from __future__ import annotations

import sys
import threading
import time
from datetime import datetime


class StallWatch:
    def __init__(self, who: str, *, threshold_ms: float = 300.0, tick_s: float = 0.05, out=None):
        self.who = who
        self.threshold_ms = threshold_ms
        self.tick_s = tick_s
        self.out = out if out is not None else sys.stderr
        self.stalls = 0  # over the threshold, since the start
        self.reports: list[str] = []  # the latest 50 of them, as written
        self._worst_ms = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run(self, stop: threading.Event | None = None) -> None:
        """Watch in the calling thread until ``stop`` (or this watch's own stop) is set."""
        stop = stop or self._stop
        last = time.monotonic()
        while not stop.wait(self.tick_s):
            now = time.monotonic()
            late_ms = (now - last - self.tick_s) * 1000.0
            last = now
            self._worst_ms = max(self._worst_ms, late_ms)
            if late_ms >= self.threshold_ms:
                self.stalls += 1
                report = (f"{datetime.now().isoformat(sep=' ', timespec='milliseconds')} stall watch: the {self.who} "
                          f"did not run for {late_ms:.0f} ms")
                self.reports = self.reports[-49:] + [report]
                print(report, file=self.out, flush=True)

    def start(self) -> "StallWatch":
        self._thread = threading.Thread(target=self.run, name="stall-watch", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2)
            self._thread = None

    def take_worst_ms(self) -> float:
        """The latest wake-up since the last call, in ms (then starts again from nothing)."""
        worst, self._worst_ms = self._worst_ms, 0.0
        return round(worst, 1)
