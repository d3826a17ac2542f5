"""An information page staff wrote in menu.yaml: paragraphs of text and an optional QR code."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.screens.base import Screen
from ui.widgets.common import make_button, make_label, qr_pixmap, touch_scroll_area


class InfoScreen(Screen):
    name = "info"
    home_requested = Signal()
    #: the window keeps it for the next visit (it shows only what staff wrote, nothing of a resident's)
    reusable = True

    def __init__(self, tile, parent=None):
        super().__init__(parent)
        self.tile = tile
        self._shown = None  # (language, size, landscape) of the page built

    def _shape(self, ctx) -> tuple:
        win = self.window()
        return ctx.lang, ctx.elder, win.width() > win.height() and win.width() > 1300

    def render(self, ctx) -> None:
        """Built again only when the language, size or orientation differs from the page's (a visit after
        the first shows the page kept: building it costs ~15 ms of the touch that opens it)."""
        shape = self._shape(ctx)
        if self._shown == shape and self.body.count():
            self.ctx = ctx
            return
        super().render(ctx)
        self._shown = shape

    def build(self, ctx) -> None:
        tile, th = self.tile, ctx.theme
        top = QHBoxLayout()
        top.addWidget(make_label(ctx.text(tile.title), "ScreenTitle"), 1)
        home = make_button(ctx.t("nav.home"), primary=True, name="HomeButton")
        home.clicked.connect(self.home_requested)
        top.addWidget(home)
        self.body.addLayout(top)
        content = QWidget()
        content.setObjectName("ScrollContent")
        win = self.window()
        landscape = win.width() > win.height() and win.width() > 1300
        # landscape: the QR stands beside the text rather than below it
        outer = QHBoxLayout(content) if landscape else QVBoxLayout(content)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(th.px(32))
        col = QVBoxLayout()
        col.setSpacing(th.px(20))
        for para in ctx.text(tile.info.text).split("\n\n"):
            col.addWidget(make_label(para.strip(), "Body"))
        col.addStretch(1)
        outer.addLayout(col, 1)
        if tile.info.qr:
            qcol = QVBoxLayout()
            qr = QLabel()
            qr.setObjectName("InfoQr")
            qr.setPixmap(qr_pixmap(tile.info.qr, min(th.px(260), 320), remember=True))
            qr.setAlignment(Qt.AlignCenter)
            qcol.addWidget(qr, 0, Qt.AlignHCenter)
            if tile.info.qr_caption is not None:
                qcol.addWidget(make_label(ctx.text(tile.info.qr_caption), "Muted", align=Qt.AlignCenter))
            qcol.addStretch(1)
            outer.addLayout(qcol)
        if not landscape:
            outer.addStretch(1)
        scroll = touch_scroll_area(content)
        self.body.addWidget(scroll, 1)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self.ctx is not None and event.oldSize().width() > 0 and \
                (event.oldSize().width() > event.oldSize().height()) != (event.size().width() > event.size().height()):
            self.render(self.ctx)
