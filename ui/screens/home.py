"""The home screen: the tiles staff configured in menu.yaml, in their order, greyed outside their hours.

Tiles come in pages sized to the orientation and mode rather than a scrolling list, so a tile is never
shown cut in half and elder mode shows fewer, larger choices.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QWidget

from ui.screens.base import Screen
from ui.widgets.common import make_button, make_label
from ui.widgets.tile import TileButton


class HomeScreen(Screen):
    name = "home"
    tile_chosen = Signal(str)  # tile id
    exit_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.tiles: dict[str, TileButton] = {}
        self.page = 0
        self._built = None  # (config, what the page showed, its shape) when last built
        self._texts: list[tuple] = []  # (widget, ctx -> its words) of the page's own labels and buttons

    def render(self, ctx) -> None:
        """Rebuilt only when something it shows differs (a rebuild costs more than a touch's budget); refilled
        in place when only the language differs (the same tiles, states and sizes: only the words change)."""
        shown = self._shows(ctx)
        if self._built is not None and self._built[0] is ctx.config and self.body.count():
            if self._built[1] == shown:
                self.ctx = ctx
                return
            if self._built[2] == self._shape(ctx):
                self.ctx = ctx
                self._refill(ctx)
                self._built = (ctx.config, shown, self._built[2])
                return
        self._texts = []
        self._built = None  # so that drop_page (called by render) deletes the old page
        super().render(ctx)
        self._built = (ctx.config, self._shows(ctx), self._shape(ctx))  # the page may have been clamped by build

    def _shape(self, ctx) -> tuple:
        """What the page shows but its words: size, page, layout, and each tile's state."""
        now = ctx.clock.now()
        tiles = tuple((tile.id, tile.is_open(now), tuple(x is not None for x in ctx.tile_state(tile)))
                      for tile in ctx.config.menu.visible_tiles())
        return ctx.elder, self.page, self.grid_shape(ctx), tiles

    def _refill(self, ctx) -> None:
        for widget, words in self._texts:
            widget.setText(words(ctx))
        for tile in self.tiles.values():
            tile.refill(ctx)

    def drop_page(self) -> None:
        """Before a switch of language or size: a switch of language keeps the page, to be refilled in place
        (nothing of it needs restyling: the style sheet stays); a switch of size deletes it."""
        if self.ctx is not None and self._built is not None and self._built[2][0] == self.ctx.elder:
            return
        super().drop_page()
        self._built = None

    def _shows(self, ctx) -> tuple:
        now = ctx.clock.now()
        tiles = tuple((tile.id, tile.is_open(now), ctx.tile_state(tile)) for tile in ctx.config.menu.visible_tiles())
        return ctx.lang, ctx.elder, self.page, self.grid_shape(ctx), tiles

    def grid_shape(self, ctx) -> tuple[int, int]:
        """(columns, rows) of one page."""
        win = self.window()
        width = win.width() if win.width() > 100 else 1080
        landscape = width > 1300
        if ctx.elder:
            return (3, 1) if landscape else (1, 5)
        return (3, 2) if landscape else (2, 4)

    def build(self, ctx) -> None:
        self.tiles = {}
        menu = ctx.config.menu
        cols, rows = self.grid_shape(ctx)
        per_page = cols * rows
        tiles = menu.visible_tiles()
        pages = max(1, (len(tiles) + per_page - 1) // per_page)
        self.page = min(self.page, pages - 1)

        page = self.page
        texts = self._texts = [
            (make_label("", "ScreenTitle"), lambda c: c.t("home.title")),
            (make_button("", name="ExitButton"), lambda c: c.t("home.exit")),
        ]
        top = QHBoxLayout()
        top.setSpacing(ctx.theme.px(16))
        top.addWidget(texts[0][0], 1)
        if pages > 1:
            prev = make_button("", name="PrevPage")
            prev.setEnabled(self.page > 0)
            prev.clicked.connect(lambda: self._turn(-1))
            nxt = make_button("", name="NextPage")
            nxt.setEnabled(self.page < pages - 1)
            nxt.clicked.connect(lambda: self._turn(1))
            of = make_label("", "Muted", wrap=False)
            texts += [(prev, lambda c: c.t("home.prev")), (nxt, lambda c: c.t("home.next")),
                      (of, lambda c: c.t("home.page", page=page + 1, pages=pages))]
            top.addWidget(prev)
            top.addWidget(of)
            top.addWidget(nxt)
        leave = texts[1][0]
        leave.setMinimumWidth(ctx.theme.px(180))
        leave.clicked.connect(self.exit_requested)
        top.addWidget(leave)
        self.body.addLayout(top)
        if menu.notice is not None:
            texts.append((make_label("", "Notice"), lambda c: c.text(menu.notice)))
            self.body.addWidget(texts[-1][0])
        for widget, words in texts:
            widget.setText(words(ctx))

        grid_host = QWidget()
        grid_host.setObjectName("TileGrid")
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(ctx.theme.px(24))
        now = ctx.clock.now()
        for i, tile in enumerate(tiles[self.page * per_page:(self.page + 1) * per_page]):
            button = TileButton(tile, ctx, tile.is_open(now))
            button.clicked.connect(lambda _=False, tid=tile.id: self.tile_chosen.emit(tid))
            grid.addWidget(button, i // cols, i % cols)
            self.tiles[tile.id] = button
        for r in range(rows):
            grid.setRowStretch(r, 1)
        for c in range(cols):
            grid.setColumnStretch(c, 1)
        self.body.addWidget(grid_host, 1)

    def _turn(self, step: int) -> None:
        self.page += step
        self.render(self.ctx)

    def clear(self) -> None:
        self._built = None  # first: drop_page then deletes the page whatever the language
        super().clear()
        self.page = 0
        self._texts = []

    def resizeEvent(self, event):
        super().resizeEvent(event)
        # re-flow the tiles when the orientation changes
        if self.ctx is not None and event.oldSize().width() > 0 and \
                (event.oldSize().width() > 1300) != (event.size().width() > 1300):
            self.render(self.ctx)
