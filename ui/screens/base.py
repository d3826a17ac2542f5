"""A screen of the kiosk: a widget that rebuilds itself from the UI context on every render."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from ui.widgets.common import delete_layout_now


class Screen(QWidget):
    """Subclasses fill ``self.body`` in ``build(ctx)``; ``render`` clears it first, so text never goes stale."""

    #: name used by `kiosk preview --screen`
    name = "screen"
    #: whether the header and footer show around it
    chrome = True

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("Screen")
        self.setAttribute(Qt.WA_StyledBackground, True)
        # a page must never grow the window: the window is the screen
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Ignored)
        self.body = QVBoxLayout(self)
        self.ctx = None

    def render(self, ctx) -> None:
        self.ctx = ctx
        self.drop_page()
        th = ctx.theme
        self.body.setContentsMargins(th.px(40), th.px(32), th.px(40), th.px(32))
        self.body.setSpacing(th.px(24))
        self.build(ctx)

    def build(self, ctx) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def drop_page(self) -> None:
        """Delete what the page shows, at once, before a render that rebuilds it (or the window's switch of
        language or size restyles it): nothing of it stays to be found, drawn or restyled."""
        delete_layout_now(self.body)

    def clear(self) -> None:
        """Forget everything shown (the session ended)."""
        self.drop_page()
        self.ctx = None
