"""The footer: the help hotline and the terminal id."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout

from ui.widgets.common import make_label


class Footer(QFrame):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("Footer")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(24, 4, 24, 4)
        self.hotline = make_label("", "FooterText", wrap=False)
        self.terminal = make_label("", "FooterText", wrap=False, align=Qt.AlignRight | Qt.AlignVCenter)
        lay.addWidget(self.hotline, 1)
        lay.addWidget(self.terminal)

    def render(self, ctx) -> None:
        self.setFixedHeight(ctx.theme.footer_height)
        k = ctx.config.kiosk
        self.hotline.setText(ctx.t("footer.hotline", hotline=k.help_hotline))
        self.terminal.setText(ctx.t("footer.terminal", terminal=k.terminal_id))
