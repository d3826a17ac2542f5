"""What makes a screen unusable at a kiosk: text cut off, small touch targets or text, overlaps, text fields.

The layout tests and `kiosk tour --check` both measure screens with it.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import (QAbstractButton, QAbstractSpinBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit,
                               QScrollArea, QTextEdit)

MIN_TOUCH_PX = 80
MIN_TEXT_PX = 24


def _visible(w, root):
    return w.isVisibleTo(root) and w.width() > 0


def _global_rect(w):
    return QRect(w.mapTo(w.window(), w.rect().topLeft()), w.size())


def layout_problems(root, *, scrolling_ok: bool = False) -> list[str]:
    """Labels cut off, buttons too small to touch, text too small to read, tiles overlapping."""
    problems = []
    for lab in root.findChildren(QLabel):
        if not _visible(lab, root) or not lab.text():
            continue
        fm = lab.fontMetrics()
        if lab.font().pixelSize() != -1 and lab.font().pixelSize() < MIN_TEXT_PX:
            problems.append(f"text below 24 px: {lab.text()!r}")
        if lab.wordWrap():
            need = lab.heightForWidth(lab.contentsRect().width())
            if need > lab.height() + 2:
                problems.append(f"label cut off ({need}>{lab.height()}): {lab.text()[:30]!r}")
        else:
            widest = max(fm.horizontalAdvance(line) for line in lab.text().splitlines())
            if widest > lab.contentsRect().width() + 2:
                problems.append(f"label too narrow ({widest}>{lab.contentsRect().width()}): {lab.text()[:30]!r}")
        # a label must lie inside the window (labels in a scrolled page may lie below the fold)
        if not scrolling_ok and not root.rect().contains(_global_rect(lab)):
            problems.append(f"label outside the window: {lab.text()[:30]!r}")
    buttons = [b for b in root.findChildren(QAbstractButton) if _visible(b, root)]
    for b in buttons:
        if b.height() < MIN_TOUCH_PX or b.width() < MIN_TOUCH_PX:
            problems.append(f"touch target {b.width()}x{b.height()} < 80 px: {b.objectName()} {b.text()!r}")
        if b.text():
            if b.fontMetrics().horizontalAdvance(b.text()) > b.width():
                problems.append(f"button text cut off: {b.text()!r}")
    for area in root.findChildren(QScrollArea):
        if _visible(area, root) and area.widget() is not None:
            if area.widget().width() > area.viewport().width():
                problems.append(f"page cut off at the right: {area.widget().objectName()}")
            if not scrolling_ok and area.widget().sizeHint().height() > area.viewport().height():
                problems.append(f"page needs scrolling: {area.widget().objectName()}")
    fields = [f for kind in (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox)
              for f in root.findChildren(kind)]
    for field in fields:
        if _visible(field, root):  # it would call up the system's keyboard: input is by our own keypads
            problems.append(f"text field {type(field).__name__} {field.objectName()}: use the kiosk's keypad")
    tiles = [b for b in buttons if b.objectName() == "Tile"]
    for i, a in enumerate(tiles):
        for b in tiles[i + 1:]:
            if _global_rect(a).intersects(_global_rect(b)):
                problems.append(f"tiles overlap: {a.tile.id} and {b.tile.id}")
    return problems
