"""SIGTERM and SIGINT end the Qt event loop cleanly, so `systemctl stop` closes devices and the database.

Python runs a signal handler only when the interpreter gets control, which a waiting Qt event loop does
not give it; the handler's wake-up byte on a socket pair makes a QSocketNotifier fire on the GUI thread.
"""

from __future__ import annotations

import logging
import signal
import socket

from PySide6.QtCore import QObject, QSocketNotifier

log = logging.getLogger("kiosk.run")


class StopOnSignals(QObject):
    """While it lives, SIGTERM/SIGINT call ``app.exit(0)`` from the event loop; ``close()`` restores the defaults."""

    def __init__(self, app, signals=(signal.SIGTERM, signal.SIGINT)):
        super().__init__(app)
        self.app = app
        self.received: int | None = None
        self._rsock, self._wsock = socket.socketpair()
        for s in (self._rsock, self._wsock):
            s.setblocking(False)
        self._old_fd = signal.set_wakeup_fd(self._wsock.fileno())
        self._old = {sig: signal.signal(sig, self._note) for sig in signals}
        self._notifier = QSocketNotifier(self._rsock.fileno(), QSocketNotifier.Read, self)
        self._notifier.activated.connect(self._woken)

    def _note(self, signum, _frame) -> None:
        self.received = signum  # the wake-up byte is written by Python itself

    def _woken(self, *_args) -> None:
        try:
            while self._rsock.recv(64):
                pass
        except BlockingIOError:
            pass
        if self.received is not None:
            log.info("%s received: closing the kiosk", signal.Signals(self.received).name)
            self.app.exit(0)

    def close(self) -> None:
        self._notifier.setEnabled(False)
        for sig, old in self._old.items():
            signal.signal(sig, old)
        signal.set_wakeup_fd(self._old_fd)
        self._rsock.close()
        self._wsock.close()
