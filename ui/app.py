"""Building the Qt application: fonts, the kiosk window (or the out-of-service screen), and offscreen previews."""

from __future__ import annotations

import gc
import logging
import sys

from PySide6.QtCore import QObject, Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from ui.qt_source_scan import scan_sources_without_caching

scan_sources_without_caching()  # before the kiosk's other imports: shiboken would keep each one's source

from ui.fonts import install_fonts  # noqa: E402

log = logging.getLogger("kiosk.ui")


def _qt_messages(mode, context, message) -> None:
    """Qt's own warnings go to our log, not raw to stderr."""
    level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
             QtMsgType.QtWarningMsg: logging.WARNING}.get(mode, logging.ERROR)
    if "propagateSizeHints" in message:  # the offscreen platform says this for every frameless window
        level = logging.DEBUG
    logging.getLogger("kiosk.qt").log(level, "%s", message)


class GuiThreadGarbageCollector(QObject):
    """Runs Python's cyclic garbage collection on the GUI thread only.

    Automatic collection runs on whichever thread happens to allocate; when that is a worker (the print
    thread, a service call) and the cycle holds a Qt widget's wrapper, Qt destroys a widget off the GUI
    thread and the process crashes. So automatic collection is off, and this timer collects in its place,
    generation by generation, with the thresholds Python would have used.
    """

    def __init__(self, app, interval_ms: int = 300):
        super().__init__(app)
        self.threshold = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> None:
        c0, c1, c2 = gc.get_count()
        if c0 > self.threshold[0]:
            gc.collect(0)
            if c1 > self.threshold[1]:
                gc.collect(1)
                if c2 > self.threshold[2]:
                    gc.collect(2)


def freeze_startup_objects() -> None:
    """Once start-up is done: collect, then exempt what is left from later cyclic collections (gc.freeze).

    The ~100,000 objects of a started kiosk (modules, config, ORM, Qt wrappers) live as long as the process;
    scanning them made each full collection take ~40 ms on the GUI thread, long enough to delay a touch's
    screen. Only for `kiosk run`: a test process building many kiosks keeps ordinary collection.
    """
    gc.collect()
    gc.freeze()


_collector = None


def install_gc_guard(app) -> None:
    global _collector
    if _collector is None:
        _collector = GuiThreadGarbageCollector(app)


def ensure_app(argv=None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        qInstallMessageHandler(_qt_messages)
        app = QApplication(argv or [sys.argv[0]])
        app.setApplicationName("kiosk")
    install_gc_guard(app)
    install_fonts(app)
    return app


def out_of_service_window(problems):
    """A bare window with the out-of-service screen (used when the config cannot be loaded)."""
    from ui.screens.out_of_service import OutOfServiceScreen
    from ui.theme import Theme, stylesheet
    w = OutOfServiceScreen(problems)
    w.setStyleSheet(stylesheet(Theme()))
    return w


def show_kiosk_window(window, windowed: bool) -> None:
    """Full-screen and frameless above everything, unless ``windowed``."""
    if windowed:
        window.resize(540, 960)
        window.show()
        return
    window.setWindowFlags(Qt.FramelessWindowHint | Qt.WindowStaysOnTopHint)
    from ui.lockdown import lock_down
    lock_down(window)
    window.showFullScreen()
    screen = window.screen()
    if screen is not None:
        # bare Xvfb has no window manager to honour showFullScreen(): take the screen's geometry ourselves
        window.setGeometry(screen.geometry())
