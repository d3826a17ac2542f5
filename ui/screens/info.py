"""An information page staff wrote in menu.yaml: paragraphs of text and an optional QR code."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QScroller, QVBoxLayout, QWidget

from ui.screens.base import Screen
from ui.widgets.common import make_button, make_label, qr_pixmap


class InfoScreen(Screen):
    name = "info"
    home_requested = Signal()

    def __init__(self, tile, parent=None):
        super().__init__(parent)
        self.tile = tile

    def build(self, ctx) -> None:
        tile, th = self.tile, ctx.theme
        self.body.addWidget(make_label(ctx.text(tile.title), "ScreenTitle"))
        content = QWidget()
        col = QVBoxLayout(content)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(th.px(20))
        for para in ctx.text(tile.info.text).split("\n\n"):
            col.addWidget(make_label(para.strip(), "Body"))
        if tile.info.qr:
            qr = QLabel()
            qr.setObjectName("InfoQr")
            qr.setPixmap(qr_pixmap(tile.info.qr, th.px(260)))
            qr.setAlignment(Qt.AlignCenter)
            col.addSpacing(th.px(12))
            col.addWidget(qr, 0, Qt.AlignHCenter)
            if tile.info.qr_caption is not None:
                col.addWidget(make_label(ctx.text(tile.info.qr_caption), "Muted", align=Qt.AlignCenter))
        col.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        QScroller.grabGesture(scroll.viewport(), QScroller.LeftMouseButtonGesture)
        self.body.addWidget(scroll, 1)
        row = QHBoxLayout()
        home = make_button(ctx.t("nav.home"), primary=True, name="HomeButton")
        home.clicked.connect(self.home_requested)
        row.addWidget(home)
        row.addStretch(1)
        self.body.addLayout(row)
