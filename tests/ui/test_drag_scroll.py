"""A finger drags a page; a tap is still a tap; building page after page leaves nothing behind."""

import gc

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QPushButton, QVBoxLayout, QWidget

from ui.widgets.common import touch_scroll_area


def _send(widget, kind, y, dy=0, origin=None):
    """A finger at (40, y) of ``widget`` when it went down, moved by ``dy`` on the screen."""
    origin = origin or widget.mapToGlobal(QPointF(40, y).toPoint())
    glob = QPointF(origin.x(), origin.y() + dy)
    local = QPointF(widget.mapFromGlobal(glob.toPoint()))
    buttons = Qt.NoButton if kind == QEvent.MouseButtonRelease else Qt.LeftButton
    QApplication.sendEvent(widget, QMouseEvent(kind, local, glob, Qt.LeftButton, buttons, Qt.NoModifier))


def _page(qtbot, clicks):
    content = QWidget()
    col = QVBoxLayout(content)
    buttons = []
    for i in range(30):
        b = QPushButton(f"item {i}")
        b.setMinimumHeight(100)
        b.clicked.connect(lambda _=False, i=i: clicks.append(i))
        col.addWidget(b)
        buttons.append(b)
    area = touch_scroll_area(content)
    area.resize(400, 600)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    return area, buttons


def test_dragging_a_finger_scrolls_the_page_and_clicks_nothing(qtbot):
    clicks = []
    area, buttons = _page(qtbot, clicks)
    target = buttons[1]
    origin = target.mapToGlobal(QPointF(40, 50).toPoint())  # where the finger went down, on the glass
    _send(target, QEvent.MouseButtonPress, 50, 0, origin)
    for dy in (-10, -40, -120, -200):
        _send(target, QEvent.MouseMove, 50, dy, origin)
    _send(target, QEvent.MouseButtonRelease, 50, -200, origin)
    assert area.verticalScrollBar().value() == 200
    assert clicks == []


def test_a_tap_on_a_button_in_a_page_is_a_click(qtbot):
    clicks = []
    area, buttons = _page(qtbot, clicks)
    target = buttons[2]
    _send(target, QEvent.MouseButtonPress, 50)
    _send(target, QEvent.MouseMove, 50, 5)  # a shaky finger
    _send(target, QEvent.MouseButtonRelease, 50, 5)
    assert clicks == [2]
    assert area.verticalScrollBar().value() == 0


def test_building_page_after_page_leaves_no_objects_behind(qtbot):
    def build_and_drop(n):
        for _ in range(n):
            area = touch_scroll_area(QWidget())
            area.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.DeferredDelete)
        gc.collect()
    build_and_drop(50)
    before = len(gc.get_objects())
    build_and_drop(500)
    assert len(gc.get_objects()) - before < 200  # QScroller kept ~11 objects a page: 5,500 here


def test_a_press_in_a_page_keeps_the_session_alive_through_the_one_input_filter(qtbot, kiosk, clock):
    from kiosk.session import Phase
    from ui.widgets.drag_scroll import app_input_filter
    kiosk.start_session()
    clock.advance(50)
    button = QPushButton("in another window")
    qtbot.addWidget(button)
    button.show()
    _send(button, QEvent.MouseButtonPress, 10)  # a press anywhere in the app counts
    _send(button, QEvent.MouseButtonRelease, 10)
    clock.advance(50)  # 100 s since the session started, 50 s since the press
    kiosk.sessions.tick()
    assert kiosk.sessions.phase == Phase.ACTIVE and not kiosk.overlay.isVisible()
    filters = app_input_filter()
    assert kiosk._touch_filter in filters._press_watchers


def test_a_window_deleted_without_shutdown_is_no_longer_told_of_presses(qtbot, config_dir, clock):
    import shiboken6
    from kiosk.config import load_config
    from ui.widgets.drag_scroll import app_input_filter
    from ui.window import KioskWindow
    window = KioskWindow(load_config(str(config_dir)), clock, None, watch_config=False)
    watcher = window._touch_filter
    shiboken6.delete(window)
    button = QPushButton("press me")
    qtbot.addWidget(button)
    button.show()
    _send(button, QEvent.MouseButtonPress, 10)  # no call into the deleted window
    _send(button, QEvent.MouseButtonRelease, 10)
    assert not any(w is watcher for w in app_input_filter()._press_watchers)
