"""Small building blocks shared by the screens: labels, buttons, QR pixmaps, deleting a page."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QLayout, QPushButton, QScrollArea, QSizePolicy, QWidget

ICON_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "icons")


def make_label(text: str = "", name: str = "Body", *, wrap: bool = True, align=Qt.AlignLeft | Qt.AlignVCenter) -> QLabel:
    lab = QLabel(text)
    lab.setObjectName(name)
    lab.setWordWrap(wrap)
    lab.setAlignment(align)
    lab.setTextFormat(Qt.PlainText)
    return lab


def make_button(text: str, *, primary: bool = False, name: str | None = None) -> QPushButton:
    btn = QPushButton(text)
    btn.setObjectName(name or ("Primary" if primary else "Secondary"))
    btn.setProperty("primary", "true" if primary else "false")  # the style follows the role, not the name
    btn.setFocusPolicy(Qt.NoFocus)
    btn.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
    return btn


_QR_CACHE: dict[tuple[str, int], QPixmap] = {}


def qr_pixmap(payload: str, size: int, *, remember: bool = False) -> QPixmap:
    """A crisp QR code of ``payload``, ``size`` pixels square, with a quiet zone.

    With ``remember`` (fixed codes such as the info pages', never a resident's or an order's), the last few
    are kept: encoding one in Python takes ~20 ms (GUI thread only, like every QPixmap).
    """
    if not remember:
        return _make_qr_pixmap(payload, size)
    key = (payload, size)
    cached = _QR_CACHE.get(key)
    if cached is None:
        cached = _make_qr_pixmap(payload, size)
        if len(_QR_CACHE) >= 16:
            _QR_CACHE.pop(next(iter(_QR_CACHE)))
        _QR_CACHE[key] = cached
    return cached


def _make_qr_pixmap(payload: str, size: int) -> QPixmap:
    import qrcode  # here, not at the top: qrcode brings PIL, which the first screen does not need

    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, box_size=1)
    qr.add_data(payload)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    n = len(matrix)
    img = QImage(n, n, QImage.Format_RGB32)
    img.fill(0xFFFFFFFF)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                img.setPixel(x, y, 0xFF000000)
    scale = max(1, size // n)
    return QPixmap.fromImage(img.scaled(n * scale, n * scale, Qt.IgnoreAspectRatio, Qt.FastTransformation))


def icon_path(icon: str, config_dir: str) -> str:
    """A built-in icon's SVG, or an image file staff put in the config folder."""
    builtin = os.path.join(ICON_DIR, f"{icon}.svg")
    return builtin if os.path.isfile(builtin) else os.path.join(config_dir, icon)


def delete_layout_now(layout: QLayout) -> None:
    """Delete every widget of ``layout`` at once, the button whose click redraws the page included.

    Cheaper than taking the page out of the window first (a styled widget that leaves the window is restyled
    for its new place, only to be deleted: as much again as styling the new page), and nothing of the old
    page is left to be found, drawn or restyled when the window's style sheet changes next. Deleting the
    clicked button under its own click is safe: Qt guards the rest of the click (the button must not be
    taken out of the page first: setParent(None) on a button in a card's sub-layout, then deleting the
    card, left PySide a dangling wrapper and crashed)."""
    import shiboken6

    while layout.count():
        item = layout.takeAt(0)
        w = item.widget()
        sub = item.layout()
        if w is not None:
            delete_widget_now(w)
        elif sub is not None:
            delete_layout_now(sub)
            shiboken6.delete(sub)  # emptied, and the caller's since takeAt (deleteLater leaks: delete_widget_soon)
        if sub is None:
            # the item that held the widget (or a stretch): takeAt gives it to the caller, who must delete it;
            # left alone it leaked ~60 bytes a row, some KB a session (found by the soak, benchmarks/soak.py)
            shiboken6.delete(item)


def delete_widget_now(w: QWidget) -> None:
    """Delete ``w`` and everything in it, now rather than at the next turn of the loop.

    Not deleteLater() and sendPostedEvents(w, DeferredDelete): that let the window paint the screen once
    before the new page's widgets were shown (a blank page for a frame after a language switch)."""
    import shiboken6

    shiboken6.delete(w)


def delete_widget_soon(w: QWidget) -> None:
    """Hide ``w`` and delete it (and everything in it) at the next turn of the event loop: for a screen whose
    own button's click ended it, which must not be deleted under that click.

    Not deleteLater(): with PySide6 6.11 each widget a DeferredDelete event deletes leaves ~125 bytes of C
    heap behind (measured: 2,000 pages built, painted and deleted; a page and a label 249 bytes each time by
    deleteLater, 1 byte through the wrapper from a zero timer)."""
    import shiboken6
    from PySide6.QtCore import QTimer

    w.hide()

    def delete() -> None:
        if shiboken6.isValid(w):
            shiboken6.delete(w)
    QTimer.singleShot(0, delete)


def touch_scroll_area(content: QWidget) -> QScrollArea:
    """A scroll area a finger can drag. Presses reach the buttons inside at once (no press delay),
    so a tap on a button in a list is a tap, not the start of a drag."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(content)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
    # a kiosk has no keyboard: taking the focus only costs. A scroll area takes it on the first press in it
    # (Qt's default, StrongFocus), and the focus leaving the screen repaints the whole screen before the
    # pressed button's click is handled (~10 ms on a property list, each first touch of a page)
    scroll.setFocusPolicy(Qt.NoFocus)
    # transparent and frameless in code, not by a style-sheet rule on QScrollArea: such a rule has Qt style the
    # viewport's background, and QStyleSheetStyle then keeps a cache entry for the viewport that is never freed
    # (a viewport cannot be styled, so its deletion is not watched): ~1 KB a scroll area, for months
    scroll.setFrameShape(QFrame.NoFrame)
    scroll.viewport().setAutoFillBackground(False)
    from ui.widgets.drag_scroll import enable_drag_scroll
    enable_drag_scroll(scroll)  # not QScroller: it leaks a gesture recognizer per area (drag_scroll.py)
    return scroll
