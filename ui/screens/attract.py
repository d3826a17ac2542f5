"""The attract screen: hall name, a large clock and "touch to start"; any touch starts a session."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal

from ui.screens.base import Screen
from ui.widgets.common import make_label

_WEEKDAYS_ZH = "一二三四五六日"


class AttractScreen(Screen):
    name = "attract"
    chrome = False
    touched = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("Attract")
        self.clock = None
        self.date = None
        self._built = None  # (config, language, size) when last built

    def render(self, ctx) -> None:
        """Rebuilt only when what it shows changes: the window redraws everything on a resident's every
        language or size switch, and this page (default language, normal size) is not one of them."""
        built = self._built
        if built is not None and built[0] is ctx.config and built[1:] == (ctx.lang, ctx.elder) and self.body.count():
            self.ctx = ctx
            self.update_clock(ctx.clock.now())
            return
        super().render(ctx)
        self._built = (ctx.config, ctx.lang, ctx.elder)

    def clear(self) -> None:
        super().clear()
        self._built = None

    def build(self, ctx) -> None:
        b = self.body
        b.addStretch(2)
        b.addWidget(make_label(ctx.text(ctx.config.kiosk.hall_name), "AttractHall", align=Qt.AlignCenter))
        b.addStretch(1)
        self.clock = make_label("", "AttractClock", wrap=False, align=Qt.AlignCenter)
        self.date = make_label("", "AttractDate", wrap=False, align=Qt.AlignCenter)
        b.addWidget(self.clock)
        b.addWidget(self.date)
        b.addStretch(1)
        b.addWidget(make_label(ctx.t("attract.services"), "AttractLine", align=Qt.AlignCenter))
        b.addWidget(make_label(ctx.t("attract.open247"), "AttractLine", align=Qt.AlignCenter))
        b.addStretch(1)
        touch = make_label(ctx.t("attract.touch"), "AttractTouch", wrap=False, align=Qt.AlignCenter)
        b.addWidget(touch, 0, Qt.AlignHCenter)
        b.addStretch(2)
        self.update_clock(ctx.clock.now())

    def update_clock(self, now) -> None:
        if self.clock is None or self.ctx is None:
            return
        self.clock.setText(now.strftime("%H:%M"))
        if self.ctx.lang == "en":
            self.date.setText(now.strftime("%A, %d %B %Y"))
        else:
            self.date.setText(f"{now.year}年{now.month}月{now.day}日 星期{_WEEKDAYS_ZH[now.weekday()]}")

    def mousePressEvent(self, event):
        self.touched.emit()
        event.accept()
