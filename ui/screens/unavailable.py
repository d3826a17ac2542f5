"""The honest page for a service that cannot be used now: not built yet, or outside its hours."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import QHBoxLayout

from ui.screens.base import Screen
from ui.widgets.common import icon_path, make_button, make_label


class UnavailableScreen(Screen):
    """``reason`` is "not_built" (the flow has not landed), "closed" (outside the tile's hours) or
    "device" (a device the service needs is not working)."""

    name = "unavailable"
    home_requested = Signal()

    def __init__(self, tile, reason: str = "not_built", parent=None):
        super().__init__(parent)
        self.tile = tile
        self.reason = reason

    def build(self, ctx) -> None:
        th = self.ctx.theme
        service = ctx.text(self.tile.title)
        self.body.addStretch(1)
        icon = QSvgWidget(icon_path("clock" if self.reason == "closed" else "notice", ctx.config.directory))
        icon.setFixedSize(th.px(140), th.px(140))
        self.body.addWidget(icon, 0, Qt.AlignHCenter)
        if self.reason == "device":
            names = [n for n in self.tile.required_devices
                     if (ctx.device_health or {}).get(n) is not None and not ctx.device_health[n].healthy]
            device = ctx.t(f"device.{names[0]}") if names else ""
            title = ctx.t("device_down.title")
            body = ctx.t("device_down.body", device=device)
        elif self.reason == "closed":
            title = ctx.t("closed.title")
            body = ctx.t("closed.body", service=service, hours=self.tile.hours_text(ctx.lang))
        else:
            title = ctx.t("unavailable.title")
            body = ctx.t("unavailable.body", service=service, hotline=ctx.config.kiosk.help_hotline)
        self.body.addWidget(make_label(title, "ScreenTitle", align=Qt.AlignCenter))
        self.body.addWidget(make_label(body, "Body", align=Qt.AlignCenter))
        self.body.addStretch(2)
        row = QHBoxLayout()
        row.addStretch(1)
        home = make_button(ctx.t("nav.home"), primary=True, name="HomeButton")
        home.setMinimumWidth(th.px(360))
        home.clicked.connect(self.home_requested)
        row.addWidget(home)
        row.addStretch(1)
        self.body.addLayout(row)
