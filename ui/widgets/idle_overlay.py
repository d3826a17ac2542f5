"""The "need more time?" countdown laid over whatever screen the resident left idle."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from ui.theme import stylesheet
from ui.widgets.common import make_button, make_label


class IdleOverlay(QWidget):
    continue_requested = Signal()
    exit_requested = Signal()
    #: styled for the session's size when it shows, not on every switch of size while hidden
    styles_itself = True

    def __init__(self, parent):
        super().__init__(parent)
        self.setObjectName("Overlay")
        self.setAttribute(Qt.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignCenter)
        self.dialog = QFrame(self)
        self.dialog.setObjectName("Dialog")
        self.dialog.setAttribute(Qt.WA_StyledBackground, True)
        box = QVBoxLayout(self.dialog)
        box.setContentsMargins(48, 48, 48, 48)
        box.setSpacing(28)
        self.title = make_label("", "ScreenTitle", align=Qt.AlignCenter)
        self.seconds = make_label("", "Countdown", wrap=False, align=Qt.AlignCenter)
        self.body = make_label("", "Body", align=Qt.AlignCenter)
        self.continue_button = make_button("", primary=True)
        self.exit_button = make_button("")
        box.addWidget(self.title)
        box.addWidget(self.seconds)
        box.addWidget(self.body)
        box.addWidget(self.continue_button)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.exit_button)
        row.addStretch(1)
        box.addLayout(row)
        outer.addWidget(self.dialog)
        self.continue_button.clicked.connect(self.continue_requested)
        self.exit_button.clicked.connect(self.exit_requested)
        self._ctx = None
        self._css = ""
        self.hide()

    def _restyle(self) -> None:
        if self._css and self.styleSheet() != self._css:
            self.setStyleSheet(self._css)
            self._size(self._ctx.theme)  # the style sheet's sizes would override the ones set before it

    def _size(self, th) -> None:
        self.dialog.setFixedWidth(min(th.px(760), max(600, self.parent().width() - 80)))
        self.continue_button.setMinimumHeight(max(120, th.px(120)))

    def render(self, ctx) -> None:
        self._ctx = ctx
        th = ctx.theme
        self._css = stylesheet(th)
        if self.isVisible():
            self._restyle()
        self._size(th)
        self.title.setText(ctx.t("idle.title"))
        self.continue_button.setText(ctx.t("idle.continue"))
        self.exit_button.setText(ctx.t("idle.exit"))

    def show_seconds(self, seconds: int) -> None:
        self.seconds.setText(str(seconds))
        self.body.setText(self._ctx.t("idle.body", seconds=seconds) if self._ctx else "")
        if not self.isVisible():
            self._restyle()
            self.setGeometry(self.parent().rect())
            self.show()
            self.raise_()
