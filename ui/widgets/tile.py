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
        if tile.subtitle is not None:
            col.addWidget(make_label(ctx.text(tile.subtitle), "TileSubtitle"))
        if self.down_reason is not None:
            col.addWidget(make_label(self.down_reason, "TileClosed"))
        elif not is_open:
            col.addWidget(make_label(ctx.t("home.closed", hours=tile.hours_text(ctx.lang)), "TileClosed"))
        elif printing_notice is not None:
            col.addWidget(make_label(printing_notice, "TileNotice"))
        elif tile.notice is not None:
            col.addWidget(make_label(ctx.text(tile.notice), "TileNotice"))
        col.addStretch(1)
        row.addLayout(col, 1)
        for child in self.findChildren(QLabel) + self.findChildren(QSvgWidget):
            child.setAttribute(Qt.WA_TransparentForMouseEvents, True)
        self.setAccessibleName(ctx.text(tile.title))
