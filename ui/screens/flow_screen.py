"""The screen that shows a running flow: it renders the flow's screen model and turns touches into events."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout

from kiosk.texts import TEXTS
from ui.screens.base import Screen
from ui.widgets.common import make_button, make_label
from ui.widgets.spinner import Spinner


class FlowScreen(Screen):
    """Hosts a FlowRunner. Layout per step comes from ``renderers`` (step → function), else the generic one."""

    home_requested = Signal()

    def __init__(self, runner, renderers=None, parent=None):
        super().__init__(parent)
        self.runner = runner
        self.name = runner.flow.name
        self.renderers = renderers or {}
        self.countdown = None
        runner.screen_changed.connect(self._rerender)
        self._home_link = lambda _reason: self.home_requested.emit()
        runner.finished.connect(self._home_link)
        self._started = False

    def render(self, ctx) -> None:
        super().render(ctx)
        if not self._started:
            self._started = True
            self.runner.start()  # renders again through screen_changed

    def _rerender(self) -> None:
        if self.ctx is not None and not self.runner._closed:
            super().render(self.ctx)

    # ---------------------------------------------------------------- layout
    def build(self, ctx) -> None:
        model = self.runner.flow.screen
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
        if self.countdown is not None and not self.runner._closed:
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
        self.runner.close("session_ended")
        if self._home_link is not None:
            # the runner's C++ side holds this lambda, the lambda this screen, the screen the runner: a cycle
            # Python's collector cannot see. Left connected, every session's screen, flow and runner stayed alive.
            self.runner.finished.disconnect(self._home_link)
            self._home_link = None
        self.countdown = None
        super().clear()


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

