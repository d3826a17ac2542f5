"""The header: hall name, clock, the language switch and the elder-mode switch."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy

from ui.widgets.common import make_button, make_label


class Header(QFrame):
    language_toggled = Signal()
    elder_toggled = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("Header")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(24, 8, 24, 8)
        lay.setSpacing(16)
        self.hall = make_label("", "HallName", wrap=True)
        # a long hall name wraps instead of pushing the switches off a portrait screen
        self.hall.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.hall.setMinimumWidth(0)
        self.clock = make_label("", "HeaderClock", wrap=False, align=Qt.AlignRight | Qt.AlignVCenter)
        self.lang_button = make_button("")
        self.lang_button.setObjectName("LangButton")
        self.elder_button = make_button("")
        self.elder_button.setObjectName("ElderButton")
        self.elder_button.setCheckable(True)
        lay.addWidget(self.hall, 1)
        lay.addWidget(self.clock)
        lay.addWidget(self.lang_button)
        lay.addWidget(self.elder_button)
        self.lang_button.clicked.connect(self.language_toggled)
        self.elder_button.clicked.connect(self.elder_toggled)

    def render(self, ctx) -> None:
        self.setFixedHeight(ctx.theme.header_height)
        self.hall.setText(ctx.text(ctx.config.kiosk.hall_name))
        self.lang_button.setText(ctx.t("header.lang"))
        self.lang_button.setAccessibleName(ctx.t("header.lang_hint"))
        self.elder_button.setText(ctx.t("header.elder_off") if ctx.elder else ctx.t("header.elder_on"))
        self.elder_button.setChecked(ctx.elder)
        self.update_clock(ctx.clock.now())

    def update_clock(self, now) -> None:
        self.clock.setText(now.strftime("%H:%M"))
