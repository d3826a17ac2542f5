"""Locking the kiosk down: no keyboard shortcut closes or switches it, no context menu, no mouse cursor.

Input is only ever through the kiosk's own on-screen keypads, so a full-screen kiosk swallows every key
and every context-menu request; a close request is refused unless maintenance mode asked for it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication

log = logging.getLogger("kiosk.ui.lockdown")

_SWALLOWED = {QEvent.KeyPress, QEvent.KeyRelease, QEvent.ShortcutOverride, QEvent.Shortcut, QEvent.ContextMenu}


class Lockdown(QObject):
    def __init__(self, window, parent=None):
        super().__init__(parent or window)
        self.window = window
        self.allow_close = False
        self._logged = set()

    def eventFilter(self, obj, event):
        kind = event.type()
        if kind in _SWALLOWED:
            if kind == QEvent.KeyPress and event.key() not in self._logged:
                self._logged.add(event.key())
                log.info("key %s ignored: the kiosk takes no keyboard input", event.key())
            return True
        if kind == QEvent.Close and obj is self.window and not self.allow_close:
            log.warning("close request refused: only maintenance mode leads out")
            event.ignore()
            return True
        return False


def lock_down(window, *, hide_cursor: bool = True) -> Lockdown:
    """Install the lockdown on the whole application (returns it: ``allow_close`` lets maintenance exit)."""
    app = QApplication.instance()
    guard = Lockdown(window)
    app.installEventFilter(guard)
    window.setContextMenuPolicy(Qt.NoContextMenu)
    if hide_cursor:
        app.setOverrideCursor(Qt.BlankCursor)
    window.lockdown = guard
    return guard
