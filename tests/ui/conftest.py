"""A kiosk window on a fake clock, a real SQLite audit trail, and the shipped config copied to tmp."""

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit

from kiosk.clock import FakeClock
from kiosk.config import load_config
from kiosk.storage.audit import AuditLog
from kiosk.storage.db import open_database


@pytest.fixture
def clock():
    return FakeClock(datetime(2026, 11, 28, 10, 0))  # a Saturday morning


@pytest.fixture
def audit(config_dir, clock):
    cfg = load_config(str(config_dir))
    engine, sessions = open_database(cfg.database_url)
    log = AuditLog(sessions, cfg.kiosk.terminal_id, clock=clock)
    yield log
    log.close()
    engine.dispose()


@pytest.fixture
def kiosk(qtbot, config_dir, clock, audit):
    from ui.app import ensure_app
    from ui.window import KioskWindow
    ensure_app()
    window = KioskWindow(load_config(str(config_dir)), clock, audit, tick_ms=20)
    qtbot.addWidget(window)
    window.resize(1080, 1920)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.shutdown()


@pytest.fixture
def window_at(qtbot, config_dir, clock):
    """Makes shown kiosk windows at a size, with no audit trail; given a language, in a session in it."""
    from ui.window import KioskWindow
    made = []

    def make(size, lang=None, elder=False):
        window = KioskWindow(load_config(str(config_dir)), clock, None, watch_config=False)
        qtbot.addWidget(window)
        made.append(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        if lang is not None:
            window.start_session()
            window.ctx.lang, window.ctx.elder = lang, elder
            window.render_all()
        return window

    yield make
    for window in made:
        window.shutdown()


def all_texts(widget) -> list[str]:
    """Every text a resident could see in the widget tree."""
    out = []
    for w in widget.findChildren(QLabel):
        out.append(w.text())
    for w in widget.findChildren(QAbstractButton):
        out.append(w.text())
    for w in widget.findChildren(QLineEdit):
        out.append(w.text())
    return out


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.LeftButton)
