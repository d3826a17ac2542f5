"""The home screen: the tiles staff configured in menu.yaml, in their order, greyed outside their hours.

Tiles come in pages sized to the orientation and mode rather than a scrolling list, so a tile is never
shown cut in half and elder mode shows fewer, larger choices.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from ui.screens.base import Screen
from ui.theme import SCREEN_STYLE, stylesheet
from ui.widgets.common import delete_widget_now, make_button, make_label
from ui.widgets.tile import TileButton

class _Page:
    """One size's page of the home screen: its widget (styled for that size), tiles and words."""

    def __init__(self, widget, body):
        self.widget, self.body = widget, body
        self.tiles: dict[str, TileButton] = {}
        self.texts: list[tuple] = []  # (widget, ctx -> its words) of the page's own labels and buttons
        self.built = None  # (config, what the page showed, its shape) when last built or refilled


class HomeScreen(Screen):
    """The page of each size is kept once built (the other hidden): a switch of size shows the kept page,
    refilled if the language changed meanwhile, instead of building and styling a new one. Each page holds
    its size's style sheet itself (see KioskWindow._restyle): the screen's does not change with the size."""

    name = "home"
    tile_chosen = Signal(str)  # tile id
    exit_requested = Signal()
    #: the window leaves the style of this screen's pages to it
    styles_itself = True

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setStyleSheet(SCREEN_STYLE)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(0)
        self.tiles: dict[str, TileButton] = {}
        self.page = 0
        self._pages: dict[bool, _Page] = {}  # elder → its page
        self._shown: _Page | None = None

    @property
    def _built(self):
        return self._shown.built if self._shown is not None else None

    @_built.setter
    def _built(self, value) -> None:
        if self._shown is not None:
            self._shown.built = value

    def render(self, ctx) -> None:
        """Rebuilt only when something it shows differs (a rebuild costs more than a touch's budget); refilled
        in place when only the language differs (the same tiles, states and sizes: only the words change)."""
        self.ctx = ctx
        shown = self._shows(ctx)
        pg = self._pages.get(ctx.elder)
        if pg is not None and pg.built is not None and pg.built[0] is ctx.config:
            if pg.built[1] == shown:
                self._show(pg)
                return
            if pg.built[2] == self._shape(ctx):
                self._show(pg)
                self._refill(pg, ctx)
                pg.built = (ctx.config, shown, pg.built[2])
                return
        if pg is not None:
            self._delete(pg)
        pg = self._build_page(ctx)
        self._show(pg)
        pg.built = (ctx.config, self._shows(ctx), self._shape(ctx))  # the page may have been clamped by build

    def _build_page(self, ctx) -> _Page:
        widget = QWidget()
        widget.setStyleSheet(stylesheet(ctx.theme))  # before its widgets: each is styled once, when shown
        th = ctx.theme
        body = QVBoxLayout(widget)
        body.setContentsMargins(th.px(40), th.px(32), th.px(40), th.px(32))
        body.setSpacing(th.px(24))
        pg = self._pages[ctx.elder] = _Page(widget, body)
        self.body.addWidget(widget)
        self.build(ctx, pg)
        return pg

    def _show(self, pg: _Page) -> None:
        """``pg`` on show, the other size's page hidden (it keeps its buttons' names: a lookup by name asks for
        the one shown, ui.driving.shown_button)."""
        if self._shown is not pg:
            if self._shown is not None:
                self._shown.widget.hide()
            self._shown = pg
        self.tiles = pg.tiles
        pg.widget.show()

    def _delete(self, pg: _Page) -> None:
        for size, kept in list(self._pages.items()):
            if kept is pg:
                del self._pages[size]
        if self._shown is pg:
            self._shown = None
            self.tiles = {}
        delete_widget_now(pg.widget)

    def _shape(self, ctx) -> tuple:
        """What the page shows but its words: size, page, layout, and each tile's state."""
        now = ctx.clock.now()
        tiles = tuple((tile.id, tile.is_open(now), tuple(x is not None for x in ctx.tile_state(tile)))
                      for tile in ctx.config.menu.visible_tiles())
        return ctx.elder, self.page, self.grid_shape(ctx), tiles

    def _refill(self, pg: _Page, ctx) -> None:
        for widget, words in pg.texts:
            widget.setText(words(ctx))
        for tile in pg.tiles.values():
            tile.refill(ctx)

    def drop_page(self) -> None:
        """Before a switch of language or size: the pages are kept (a switch of language refills the page in
        place, a switch of size shows the other size's page): nothing of them is restyled by the switch."""

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

    def build(self, ctx, pg: _Page) -> None:
        pg.tiles = {}
        menu = ctx.config.menu
        cols, rows = self.grid_shape(ctx)
        per_page = cols * rows
        tiles = menu.visible_tiles()
        pages = max(1, (len(tiles) + per_page - 1) // per_page)
        self.page = min(self.page, pages - 1)

        page = self.page
        texts = pg.texts = [
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
        pg.body.addLayout(top)
        if menu.notice is not None:
            texts.append((make_label("", "Notice"), lambda c: c.text(menu.notice)))
            pg.body.addWidget(texts[-1][0])
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
            pg.tiles[tile.id] = button
        for r in range(rows):
            grid.setRowStretch(r, 1)
        for c in range(cols):
            grid.setColumnStretch(c, 1)
        pg.body.addWidget(grid_host, 1)

    def _turn(self, step: int) -> None:
        self.page += step
        self.render(self.ctx)

    def clear(self) -> None:
        for pg in list(self._pages.values()):
            self._delete(pg)
        self.ctx = None
        self.page = 0

    def resizeEvent(self, event):
        super().resizeEvent(event)
        # re-flow the tiles when the orientation changes
        if self.ctx is not None and event.oldSize().width() > 0 and \
                (event.oldSize().width() > 1300) != (event.size().width() > 1300):
            self.render(self.ctx)
