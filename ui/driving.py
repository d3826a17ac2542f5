"""Driving the kiosk window as a resident does, outside pytest: touches on the real widgets, waits on the event loop.

Benchmarks (the soak, touch-to-screen) and the tests share these; pytest-qt is not needed. Waiting runs
Qt's event loop in short slices, so signals from device and service threads arrive as they would in the app.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton


def run_events(ms: int = 0) -> None:
    """Run Qt's event loop for ``ms`` milliseconds (0: what is pending now), as the app's own loop would.

    Not QTest.qWait: PySide6 keeps the GIL through it, sleeps included, so while a driver waited the kiosk's
    device and service threads could not run Python (the soak's stall watch saw them miss 300-760 ms at a
    time). Here the sleeps between passes let them run. Not a QEventLoop ended by QTimer.singleShot either:
    that leaks about a Python block a call in PySide6 6.11 (10 KB a soak session, thousands of waits).
    """
    end = time.monotonic() + ms / 1000.0
    while True:
        QCoreApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)  # what deleteLater left, as qWait does
        left = end - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(0.001, left))


class DrivingError(AssertionError):
    """The window did not get where the driver expected (names the step it was at)."""


def step(window) -> str:
    """The running flow's step, or the screen's name when no flow is on screen."""
    screen = window.current_screen
    if getattr(screen, "flow_running", False):
        return screen.runner.flow.step
    return screen.name


def shown_button(root, name: str):
    """The button named ``name`` that ``root`` shows, or None. Hidden pages (a flow's kept pages, a service's
    first page drawn ahead, the home page of the other size) hold buttons of the same names: never theirs."""
    for button in root.findChildren(QPushButton, name):
        if button.isVisibleTo(root):
            return button
    return None


class WindowDriver:
    """Touches and waits on one KioskWindow."""

    def __init__(self, window):
        self.window = window

    # ---------------------------------------------------------------- looking
    def step(self) -> str:
        return step(self.window)

    @property
    def at_attract(self) -> bool:
        return self.window.current_screen is self.window.attract

    @property
    def at_home(self) -> bool:
        return self.window.current_screen is self.window.home

    def button(self, name: str):
        """The button ``name`` on show, or None."""
        return shown_button(self.window, name)

    # ---------------------------------------------------------------- acting
    def tap(self, widget) -> None:
        """A press and release in the middle of ``widget`` (it goes through the app's event filters)."""
        QTest.mouseClick(widget, Qt.LeftButton)

    def click(self, name: str) -> None:
        btn = self.button(name)
        if btn is None:
            raise DrivingError(f"no button {name} on {self.step()}")
        self.tap(btn)

    def pump(self, ms: int = 0) -> None:
        """Run the event loop for ``ms`` milliseconds (0: what is pending now)."""
        run_events(ms)

    def wait_until(self, condition, timeout: float = 10.0, what: str = "", every_ms: int = 1) -> None:
        """Run the event loop until ``condition()`` holds, looking every ``every_ms``; DrivingError after
        ``timeout`` real seconds."""
        end = time.monotonic() + timeout
        while True:
            self.pump()
            if condition():
                return
            if time.monotonic() > end:
                raise DrivingError(f"timed out after {timeout} s waiting for {what or condition} (at {self.step()})")
            run_events(every_ms)

    def wait_step(self, *steps: str, timeout: float = 10.0) -> str:
        self.wait_until(lambda: self.step() in steps, timeout, "step " + "/".join(steps))
        return self.step()

    # ---------------------------------------------------------------- a visit's usual moves
    def start_session(self) -> None:
        self.tap(self.window.attract)
        self.wait_until(lambda: self.at_home, 3, "the home screen")

    def open_tile(self, tile: str) -> None:
        self.tap(self.window.home.tiles[tile])

    def leave(self) -> None:
        """The resident touches 'exit' on the home screen: the session ends, the attract screen comes back."""
        self.wait_until(lambda: self.at_home, 10, "the home screen")
        self.click("ExitButton")
        self.wait_until(lambda: self.at_attract, 3, "the attract screen")
