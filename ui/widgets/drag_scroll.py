"""Dragging a finger scrolls the page under it, for every touch scroll area, through one event filter.

The same filter tells the kiosk window of every press anywhere (each keeps the session alive): an event
filter on the application is called from Qt for every event of every widget (about a thousand per page
built), and each call into Python costs; one filter for both instead of two halves that.

Qt's QScroller registers a new gesture recognizer for every area it is given, and PySide keeps a
little of each for ever: a kiosk that builds a scroll area per page grew without bound (about 2.6 KB
and 11 Python objects a page, measured over thousands of sessions). Here one application-wide filter
does the same job: a press reaches the button under the finger at once; once the finger has moved
past a threshold the page follows it and the press is no longer a click.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QScrollArea, QWidget

#: How far (px) a finger moves before a press becomes a drag: a shaky tap stays a tap.
DRAG_THRESHOLD = 24
PROPERTY = "kioskDragScroll"

_PRESS, _MOVE, _RELEASE = QEvent.MouseButtonPress, QEvent.MouseMove, QEvent.MouseButtonRelease
_TOUCH_BEGIN = QEvent.TouchBegin


class DragScroller(QObject):
    def __init__(self, app):
        super().__init__(app)
        self._area: QScrollArea | None = None
        self._pressed: QWidget | None = None
        self._start = QPoint()
        self._start_value = 0
        self._dragging = False
        self._press_watchers: list[QObject] = []  # each with pressed(obj, event): see watch_presses

    def watch_presses(self, watcher: QObject) -> None:
        """Call ``watcher.pressed(obj, event)`` for every mouse press and touch begin in the app, until
        ``unwatch_presses`` or until the watcher is deleted."""
        self._press_watchers.append(watcher)

    def unwatch_presses(self, watcher: QObject) -> None:
        self._press_watchers = [w for w in self._press_watchers if w is not watcher]

    def eventFilter(self, obj, event):
        # it sees every event of the app (about a thousand per page built): the cheapest test first
        if not isinstance(event, (QMouseEvent, QTouchEvent)):
            return False
        kind = event.type()
        if kind == _PRESS or kind == _TOUCH_BEGIN:
            for watcher in self._press_watchers:
                if shiboken6.isValid(watcher):
                    watcher.pressed(obj, event)
                else:  # its window was deleted without being shut down
                    self.unwatch_presses(watcher)
        if kind != _PRESS and kind != _MOVE and kind != _RELEASE:
            return False
        if not isinstance(obj, QWidget):
            return False
        if kind == _PRESS:
            self._area = _area_of(obj)
            self._dragging = False
            if self._area is not None:
                self._pressed = obj
                self._start = event.globalPosition().toPoint()
                self._start_value = self._area.verticalScrollBar().value()
            return False
        area = self._area
        if area is None:
            return False
        if not shiboken6.isValid(area):  # its page was redrawn under the finger (a card read meanwhile)
            self._area = self._pressed = None
            self._dragging = False
            return False
        if kind == _MOVE:
            dy = event.globalPosition().toPoint().y() - self._start.y()
            if not self._dragging and abs(dy) >= DRAG_THRESHOLD:
                self._dragging = True
                if isinstance(self._pressed, QAbstractButton):
                    self._pressed.setDown(False)  # its release is then no click
            if self._dragging:
                area.verticalScrollBar().setValue(self._start_value - dy)
                return True
            return False
        # release
        dragged, self._area, self._pressed = self._dragging, None, None
        self._dragging = False
        return dragged


def _area_of(widget: QWidget) -> QScrollArea | None:
    w = widget
    while w is not None:
        if isinstance(w, QScrollArea) and w.property(PROPERTY):
            return w
        w = w.parentWidget()
    return None


_scroller: DragScroller | None = None


def app_input_filter() -> DragScroller:
    """The application's one filter of touches and presses, installed on first use."""
    global _scroller
    app = QApplication.instance()
    if _scroller is None or not shiboken6.isValid(_scroller) or _scroller.parent() is not app:
        _scroller = DragScroller(app)
        app.installEventFilter(_scroller)
    return _scroller


def enable_drag_scroll(area: QScrollArea) -> None:
    """Let a finger drag ``area``'s page (the filter is installed once, on the application)."""
    area.setProperty(PROPERTY, True)
    app_input_filter()
