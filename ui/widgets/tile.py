"""A home-screen tile: icon, title, subtitle, optional notice; greyed with its hours when closed."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout
from PySide6.QtGui import QPixmap

from ui.widgets.common import icon_path, make_label


class TileButton(QPushButton):
    def __init__(self, tile, ctx, is_open: bool, parent=None):
        super().__init__(parent)
        self.tile = tile
        self.down_reason, printing_notice = ctx.tile_state(tile)
        is_open = is_open and self.down_reason is None
        self.is_open = is_open
        self.setObjectName("Tile")
        self.setProperty("closed", "false" if is_open else "true")
        self.setFocusPolicy(Qt.NoFocus)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        th = ctx.theme
        self.setMinimumHeight(max(160, th.px(150)))
        row = QHBoxLayout(self)
        row.setContentsMargins(th.px(24), th.px(16), th.px(24), th.px(16))
        row.setSpacing(th.px(20))
        icon_size = th.px(88)
        path = icon_path(tile.icon, ctx.config.directory)
        if path.endswith(".svg"):
            icon = QSvgWidget(path)
        else:
            icon = QLabel()
            icon.setPixmap(QPixmap(path).scaled(QSize(icon_size, icon_size), Qt.KeepAspectRatio, Qt.SmoothTransformation))
        icon.setFixedSize(icon_size, icon_size)
        if not is_open:
            icon.setEnabled(False)
        row.addWidget(icon, 0, Qt.AlignVCenter)
        col = QVBoxLayout()
        col.setSpacing(th.px(6))
        col.addStretch(1)
        self.title = make_label(ctx.text(tile.title), "TileTitle")
        col.addWidget(self.title)
        self.subtitle = None
        if tile.subtitle is not None:
            self.subtitle = make_label(ctx.text(tile.subtitle), "TileSubtitle")
            col.addWidget(self.subtitle)
        self.extra = None
        text, name = self._extra(ctx)
        if text is not None:
            self.extra = make_label(text, name)
            col.addWidget(self.extra)
        col.addStretch(1)
        row.addLayout(col, 1)
        for child in self.findChildren(QLabel) + self.findChildren(QSvgWidget):
            child.setAttribute(Qt.WA_TransparentForMouseEvents, True)
        self.setAccessibleName(ctx.text(tile.title))

    def _extra(self, ctx) -> tuple[str | None, str]:
        """The line under the subtitle: why it cannot be used, its hours when closed, or a notice."""
        tile = self.tile
        down_reason, printing_notice = ctx.tile_state(tile)
        if down_reason is not None:
            return down_reason, "TileClosed"
        if not self.is_open:
            return ctx.t("home.closed", hours=tile.hours_text(ctx.lang)), "TileClosed"
        if printing_notice is not None:
            return printing_notice, "TileNotice"
        if tile.notice is not None:
            return ctx.text(tile.notice), "TileNotice"
        return None, ""

    def refill(self, ctx) -> None:
        """The same tile in ``ctx``'s language (its state and size unchanged): only the words change."""
        tile = self.tile
        self.down_reason = ctx.tile_state(tile)[0]
        self.title.setText(ctx.text(tile.title))
        if self.subtitle is not None:
            self.subtitle.setText(ctx.text(tile.subtitle))
        if self.extra is not None:
            self.extra.setText(self._extra(ctx)[0])
        self.setAccessibleName(ctx.text(tile.title))
