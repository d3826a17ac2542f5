"""Layouts of the identification steps: the animated card prompt, the "take your card" alert, and the
"a card is already on the reader" alert."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ui.screens.flow_screen import render_message
from ui.widgets.card_prompt import CardPrompt
from ui.widgets.common import make_label


def _prompt_and_message(screen, ctx, model, *, across, upright, style="Body") -> None:
    """The card prompt, sized (in px at the theme's scale) for the window's orientation, and the message."""
    th = ctx.theme
    win = screen.window()
    width, height = across if win.width() > win.height() else upright
    b = screen.body
    b.addStretch(1)
    b.addWidget(CardPrompt(th.px(width), th.px(height)), 0, Qt.AlignHCenter)
    b.addWidget(make_label(screen.text(model.message), style, align=Qt.AlignCenter))
    b.addStretch(1)


def render_place_card(screen, ctx, model) -> None:
    _prompt_and_message(screen, ctx, model, across=(460, 300), upright=(640, 560))


def render_take_card(screen, ctx, model) -> None:
    b = screen.body
    b.addStretch(1)
    th = ctx.theme
    b.addWidget(CardPrompt(th.px(460), th.px(300)), 0, Qt.AlignHCenter)
    if model.fields.get("printed"):
        b.addWidget(make_label(ctx.t("print.take_paper"), "Body", align=Qt.AlignCenter))
    if model.fields.get("alert"):
        b.addWidget(make_label(screen.text(model.message), "Alert", align=Qt.AlignCenter))
    else:
        b.addWidget(make_label(screen.text(model.message), "Body", align=Qt.AlignCenter))
    b.addStretch(1)


def render_card_left(screen, ctx, model) -> None:
    """Someone else's card lies on the reader: the card prompt, and what to do as an alert."""
    # smaller across: in elder mode the full-size picture and the three-line alert do not both fit the height
    _prompt_and_message(screen, ctx, model, across=(320, 190), upright=(460, 300), style="Alert")


ID_RENDERERS = {
    "place_card": render_place_card,
    "card_left": render_card_left,
    "reading": render_message,
    "refused": render_message,
    "read_failed": render_message,
    "take_card": render_take_card,
}
