"""The screen that shows a running flow: it renders the flow's screen model and turns touches into events."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.texts import TEXTS
from ui.screens.base import Screen
from ui.widgets.common import delete_widget_now, make_button, make_label
from ui.widgets.spinner import Spinner

#: Steps whose page shows nothing but its screen model (no countdown, no animation): such a page, once drawn,
#: is kept (hidden) while the resident goes on, and shown again if the same model comes back (back from a
#: record's details to the list, from the amount's confirmation to the account): building it again costs
#: tens of milliseconds of a touch, showing it again a few. A long page kept is also not deleted under the
#: touch that leaves it (the credit report: ~15 ms), but when the flow's screen goes.
REUSABLE_STEPS = frozenset({"report", "property_list", "property_detail", "account", "keypad", "confirm"})
#: How many hidden pages a flow keeps at most (the newest); all go when the flow's screen goes.
KEPT_PAGES = 4
#: Pages of the flow's likely next touches (Flow.likely_touches) drawn ahead, hidden, this long after a page
#: is shown and while it still is (a resident reads a page for a second or more before touching): at most
#: DRAWN_AHEAD of them. A record's details took 20-40 ms to build under the touch; shown ready, a few.
DRAW_AHEAD_MS = 250
DRAWN_AHEAD = 2


class FlowScreen(Screen):
    """Hosts a FlowRunner. Layout per step comes from ``renderers`` (step → function), else the generic one.

    Each step's page is a widget of its own in the screen; ``body`` is the layout of the page being drawn.
    Hidden pages (kept, or drawn ahead) keep their buttons' names: a lookup by name asks for a visible one.
    A screen may be made without its runner and its first page drawn ahead (``prepare``), the runner bound
    when a resident opens the service (``bind``): see ui.screens.flows.SpareScreens.
    """

    home_requested = Signal()

    def __init__(self, runner=None, renderers=None, parent=None, *, name: str = "flow"):
        super().__init__(parent)
        self.runner = None
        self.name = name
        self.renderers = renderers or {}
        self.countdown = None
        self.page = None          # the page on show
        self._page_key = None     # what it shows, if it may be shown again (see REUSABLE_STEPS)
        self._kept: list[tuple] = []   # (key, page, its page buttons and scroll area) hidden, the newest last
        self._ready = None        # (config, key, page, its page buttons and scroll area) drawn by prepare()
        self.page_buttons = self.scroll = None
        self._drawing = None      # the model whose page is being built
        self._outer = self.body
        self._outer.setContentsMargins(0, 0, 0, 0)
        self._outer.setSpacing(0)
        self._home_link = None
        self._ended = False
        self._started = False
        if runner is not None:
            self.bind(runner)

    def bind(self, runner) -> None:
        """The flow this screen shows from now on (once: a screen serves one visit)."""
        self.runner = runner
        self.name = runner.flow.name
        runner.screen_changed.connect(self._rerender)
        self._home_link = lambda _reason: self._on_finished()
        runner.finished.connect(self._home_link)

    @property
    def flow_running(self) -> bool:
        """Whether this screen's flow has started and has not ended (finished by itself, or ``clear()``)."""
        return self._started and not self._ended

    def _on_finished(self) -> None:
        self._ended = True  # the runner has closed itself (the flow's Finish) before it says so
        self.home_requested.emit()

    def render(self, ctx) -> None:
        self.ctx = ctx
        if not self._started:
            self._started = True
            self.runner.start()  # the first step's page comes through screen_changed: not the model before it
            if self.page is not None or self._ended:
                return
        self._show_page(ctx)

    @Slot()  # declared: connecting an undeclared method changes the screen's meta-object, and Qt styles it again
    def _rerender(self) -> None:
        if self.ctx is not None and not self._ended:
            self._show_page(self.ctx)

    # ---------------------------------------------------------------- pages
    def _shape(self, ctx, model) -> tuple:
        """What a page shows: the model, in this language, mode and window size."""
        win = self.window()
        return model.step, model, ctx.lang, ctx.elder, win.width(), win.height()

    def _key(self, ctx, model):
        return self._shape(ctx, model) if model.step in REUSABLE_STEPS else None

    def prepare(self, ctx, model) -> None:
        """Draw ``model``'s page now, hidden, before this screen has its runner: the first render whose
        model, language, mode and size are the same shows it instead of building one (a touch then costs
        showing the page, not building and styling it)."""
        self.ctx = ctx
        page = self._build_page(ctx, model)
        self._ready = (ctx.config, self._shape(ctx, model), page, (self.page_buttons, self.scroll))
        self.page_buttons = self.scroll = None
        self.countdown = None

    def _take_ready(self, ctx, model):
        ready, self._ready = self._ready, None
        if ready is None:
            return None
        config, key, page, attrs = ready
        if config is ctx.config and key == self._shape(ctx, model):
            return page, attrs
        delete_widget_now(page)
        return None

    def _show_page(self, ctx) -> None:
        model = self.runner.flow.screen
        key = self._key(ctx, model)
        old, old_key = self.page, self._page_key
        self.page = self._page_key = None
        if old is not None:
            if old_key is not None and old_key != key:
                self._keep(old_key, old)
            else:
                delete_widget_now(old)  # with the button whose click redraws it: see delete_layout_now
        found = self._take_ready(ctx, model) if self._ready is not None else None
        if found is None and key is not None:
            found = self._take_kept(key)
        if found is not None:
            page, (self.page_buttons, self.scroll) = found
            self.countdown = None
            page.show()
            lay_out_now()
        else:
            page = self._build_page(ctx, model)
        self.page, self._page_key = page, key
        if key is not None and self.runner.flow.likely_touches():
            QTimer.singleShot(DRAW_AHEAD_MS, self, lambda: self._draw_ahead(page))

    def _draw_ahead(self, page) -> None:
        """Draw the pages of the flow's likely next touches, hidden, as kept pages (see DRAW_AHEAD_MS)."""
        if self._ended or page is not self.page or self.ctx is None:
            return
        ctx, flow = self.ctx, self.runner.flow
        on_show = (self.body, self.page_buttons, self.scroll, self.countdown)
        try:
            for event in flow.likely_touches()[:DRAWN_AHEAD]:
                model = flow.preview(event)
                key = self._key(ctx, model)
                if key is None or key == self._page_key or any(k == key for k, _, _ in self._kept):
                    continue
                ahead = self._build_page(ctx, model, ahead=True)
                self._keep(key, ahead)
        finally:
            self.body, self.page_buttons, self.scroll, self.countdown = on_show

    def _build_page(self, ctx, model, *, ahead: bool = False) -> QWidget:
        page = QWidget()
        th = ctx.theme
        self.body = QVBoxLayout(page)
        self.body.setContentsMargins(th.px(40), th.px(32), th.px(40), th.px(32))
        self.body.setSpacing(th.px(24))
        if ahead and self.page is not None:
            # drawn at the size of the page on show but outside the screen (never painted), and put in the
            # screen's layout only once hidden (_keep): shown in it beside the page on show, it squeezed that
            # page for a moment, and the window painted its scroll area's cards cut off at the right
            page.setParent(self)
            page.setGeometry(self.page.geometry().translated(-2 * self.width() - 1, 0))
        else:
            self._outer.addWidget(page)
        self.page_buttons = self.scroll = None
        self._drawing = model
        try:
            self.build(ctx)
        finally:
            self._drawing = None
        # shown now, not by the layout's queued show: else the window may paint the screen once without it
        page.show()
        lay_out_now()
        return page

    def _keep(self, key, page) -> None:
        page.hide()
        if self._outer.indexOf(page) < 0:
            self._outer.addWidget(page)  # a page drawn ahead: hidden, it takes no room until shown
        self._kept.append((key, page, (self.page_buttons, self.scroll)))
        while len(self._kept) > KEPT_PAGES:
            delete_widget_now(self._kept.pop(0)[1])

    def _take_kept(self, key):
        for i, (k, page, attrs) in enumerate(self._kept):
            if k == key:
                del self._kept[i]
                return page, attrs
        return None

    def drop_page(self) -> None:
        """Delete the page on show and every kept one, now (a switch of language or size, the end)."""
        pages = [p for _, p, _ in self._kept] + ([self.page] if self.page is not None else [])
        if self._ready is not None:
            pages.append(self._ready[2])
            self._ready = None
        self._kept.clear()
        self.page = self._page_key = None
        self.countdown = None
        self.page_buttons = self.scroll = None
        for page in pages:
            delete_widget_now(page)

    # ---------------------------------------------------------------- layout
    def build(self, ctx) -> None:
        model = self._drawing if self._drawing is not None else self.runner.flow.screen
        th = ctx.theme
        top = QHBoxLayout()
        top.addWidget(make_label(self.text(model.title), "ScreenTitle"), 1)
        for b in [b for b in model.buttons if b.id == "home"]:
            top.addWidget(self._button(b))
        self.body.addLayout(top)
        subject = model.fields.get("name")
        if subject:
            self.body.addWidget(make_label(ctx.t("id.subject", name=subject, id_number=model.fields.get("id_number", "")),
                                           "Subject"))
        self.countdown = None
        renderer = self.renderers.get(model.step, render_message)
        drawn = renderer(self, ctx, model) or ()   # buttons the layout placed itself
        actions = [b for b in model.buttons if b.id != "home" and b.id not in drawn]
        if actions:
            row = QHBoxLayout()
            row.setSpacing(th.px(24))
            row.addStretch(1)
            for b in actions:
                btn = self._button(b)
                btn.setMinimumWidth(th.px(280))
                row.addWidget(btn)
            row.addStretch(1)
            self.body.addLayout(row)

    def tick(self) -> None:
        """From the window's timer: the step's timeout, and a countdown on screen if the step shows one."""
        self.runner.tick()
        if self.countdown is not None and not self._ended:
            left = self.runner.seconds_left()
            if left is not None:
                self.countdown.setText(self.ctx.t("gas.pay.left", seconds=left))

    def text(self, key: str, **fmt) -> str:
        if key is None:
            return ""
        if key in TEXTS:
            return self.ctx.t(key, **fmt)
        return key

    def _button(self, b):
        btn = make_button(self.text(b.text), primary=b.primary, name=f"flow.{b.id}")
        btn.clicked.connect(lambda _=False, bid=b.id, arg=b.arg: self.runner.touch(bid, arg))
        return btn

    def clear(self) -> None:
        self._ended = True
        if self.runner is not None:
            self.runner.close("session_ended")
        if self._home_link is not None:
            # the runner's C++ side holds this lambda, the lambda this screen, the screen the runner: a cycle
            # Python's collector cannot see. Left connected, every session's screen, flow and runner stayed alive.
            self.runner.finished.disconnect(self._home_link)
            self._home_link = None
        self.countdown = None
        super().clear()


def lay_out_now(passes: int = 4) -> None:
    """Run the layouts Qt has queued, now, before the window paints again.

    A scroll area lays its page out over several queued rounds (the page's size, then the scroll bar, then the
    page again at the narrower width); the window's paint could come between two of them and show a frame with
    the cards cut off at the right."""
    for _ in range(passes):
        QCoreApplication.sendPostedEvents(None, QEvent.LayoutRequest)


def render_message(screen: FlowScreen, ctx, model) -> None:
    """Spinner, message and the error's own words for the resident: the layout of most steps."""
    th = ctx.theme
    b = screen.body
    b.addStretch(1)
    if model.busy:
        spin = Spinner(th.px(120))
        b.addWidget(spin, 0, Qt.AlignHCenter)
    if model.error is not None and hasattr(model.error, "user_message"):
        b.addWidget(make_label(model.error.user_message(ctx.lang), "ErrorText", align=Qt.AlignCenter))
    if model.message:
        b.addWidget(make_label(screen.text(model.message), "Body", align=Qt.AlignCenter))
    b.addStretch(2)

