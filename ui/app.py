"""Building the Qt application: fonts, the kiosk window (or the out-of-service screen), and offscreen previews."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from ui.fonts import install_fonts

log = logging.getLogger("kiosk.ui")


def _qt_messages(mode, context, message) -> None:
    """Qt's own warnings go to our log, not raw to stderr."""
    level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
             QtMsgType.QtWarningMsg: logging.WARNING}.get(mode, logging.ERROR)
    if "propagateSizeHints" in message:  # the offscreen platform says this for every frameless window
        level = logging.DEBUG
    logging.getLogger("kiosk.qt").log(level, "%s", message)


def ensure_app(argv=None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        qInstallMessageHandler(_qt_messages)
        app = QApplication(argv or [sys.argv[0]])
        app.setApplicationName("kiosk")
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
