"""The Qt binding keeps Python's reference counts right: a kiosk makes millions of Qt calls a day.

PySide6 6.12.0 returned None from void methods without taking a reference, so each call freed a
reference it did not own and, some thousands of calls later, None itself: the kiosk aborted with
"Fatal Python error: none_dealloc". setup.cfg excludes that release; this test catches the next one.
"""

import sys

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QLabel


def _none_refs_lost(call, times=100) -> int:
    before = sys.getrefcount(None)
    for _ in range(times):
        call()
    return before - sys.getrefcount(None)


def test_void_qt_calls_leave_the_reference_count_of_none_alone(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    image = QImage(64, 64, QImage.Format_ARGB32)
    painter = QPainter(image)
    try:
        calls = {
            "QLabel.setText": lambda: label.setText("x"),
            "QWidget.update": label.update,
            "QPainter.setPen": lambda: painter.setPen(Qt.NoPen),
            "QPainter.setBrush": lambda: painter.setBrush(QColor("#37474f")),
            "QPainter.drawRoundedRect": lambda: painter.drawRoundedRect(QRectF(1, 1, 20, 20), 4, 4),
        }
        # a correct binding loses nothing (the broken one lost one per call); a little slack for unrelated churn
        lost = {name: _none_refs_lost(call) for name, call in calls.items()}
    finally:
        painter.end()
    assert {name: n for name, n in lost.items() if n > 20} == {}
