"""The moment a window's first screen is painted and the event loop is free again: for start-up benchmarks.

`kiosk run --report-ready FILE` (or env KIOSK_REPORT_READY=FILE) writes FILE as JSON once the first
screen has been painted and the events queued behind that paint are handled (a zero timer after the
window's first paint event), i.e. when a touch would be served; and again, with ``started_at`` added,
once the work deferred until after that paint (database, devices, simulators, services) is done.
"""

from __future__ import annotations

import json
import os
import time

from PySide6.QtCore import QEvent, QObject, QTimer


class FirstPaint(QObject):
    """Calls ``callback()`` once, from the event loop, right after ``widget`` is first painted."""

    def __init__(self, widget, callback):
        super().__init__(widget)
        self._widget = widget
        self._callback = callback
        self._seen = False
        widget.installEventFilter(self)

    def eventFilter(self, obj, event):
        if not self._seen and obj is self._widget and event.type() == QEvent.Paint:
            self._seen = True
            self._widget.removeEventFilter(self)
            # a zero timer fires only after this paint, its flush and the events already queued are done
            QTimer.singleShot(0, self._callback)
        return False


def write_report(path: str, **fields) -> None:
    """Replace ``path`` atomically with the JSON ``fields`` (a reader never sees half a file)."""
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(fields, fh)
    os.replace(tmp, path)


class ReadyReport:
    """What `kiosk run` reports: the first screen ready for a touch, then the whole kiosk started."""

    def __init__(self, path: str):
        self.path = path
        self.fields: dict = {"pid": os.getpid()}

    def painted(self, screen: str) -> None:
        self.fields.update(ready_at=time.time(), screen=screen)
        write_report(self.path, **self.fields)

    def started(self) -> None:
        self.fields.update(started_at=time.time())
        write_report(self.path, **self.fields)
