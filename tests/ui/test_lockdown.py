"""A locked-down kiosk: keys, shortcuts and context menus do nothing; only maintenance mode closes it."""

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import QApplication

from ui.lockdown import lock_down


def test_keys_and_context_menus_are_swallowed_and_close_is_refused(qtbot, kiosk):
    guard = lock_down(kiosk, hide_cursor=False)
    try:
        alt_f4 = QKeyEvent(QEvent.KeyPress, Qt.Key_F4, Qt.AltModifier)
        assert QApplication.sendEvent(kiosk, alt_f4) is True  # eaten by the filter
        menu = QContextMenuEvent(QContextMenuEvent.Mouse, QPoint(5, 5), kiosk.home.mapToGlobal(QPoint(5, 5)))
        assert QApplication.sendEvent(kiosk.home, menu) is True
        kiosk.close()
        assert kiosk.isVisible()
        guard.allow_close = True
        kiosk.close()
        assert not kiosk.isVisible()
    finally:
        QApplication.instance().removeEventFilter(guard)
