"""Layouts of the result steps: the credit report, the property list and one property's details.

Large text, one entry per card, scrolled by touch (drag) or by the big page buttons, since many
residents do not know that a kiosk screen can be dragged.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.flows.documents import SECTION_TITLES, STATUS, credit_entry_lines, label, property_lines, restriction_lines
from ui.screens.flow_screen import render_message
from ui.widgets.common import make_button, make_label, touch_scroll_area


def _page_button_width(button, th) -> int:
    """Wide enough for its words at this text size, and no wider: the page beside it needs the width."""
    font = QFont(button.font())
    font.setPixelSize(th.small)
    words = max(QFontMetrics(font).horizontalAdvance(line) for line in button.text().splitlines())
    return max(150, words + 2 * th.px(6) + 24)


def _scroll_pages(screen, ctx, content: QWidget) -> None:
    """Put ``content`` in a touch-scrolled area with page up/down buttons beside it."""
    th = ctx.theme
    content.setObjectName("ScrollContent")
    scroll = touch_scroll_area(content)
    scroll.setObjectName("ResultScroll")
    row = QHBoxLayout()
    row.addWidget(scroll, 1)
    col = QVBoxLayout()
    up = make_button("▲\n" + ctx.t("nav.prev_page"), name="PageUp")
    down = make_button(ctx.t("nav.next_page") + "\n▼", name="PageDown")
    for b in (up, down):
        # their narrow padding and small text are rules of the window's style sheet (theme.py): a style sheet
        # of a widget's own costs a style of its own for it, built on every page drawn
        b.setFixedWidth(_page_button_width(b, th))
        b.setMinimumHeight(th.px(160))
        policy = b.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # hiding them must not widen the page under the reader's eyes
        b.setSizePolicy(policy)
    bar = scroll.verticalScrollBar()
    up.clicked.connect(lambda: bar.setValue(bar.value() - int(scroll.viewport().height() * 0.85)))
    down.clicked.connect(lambda: bar.setValue(bar.value() + int(scroll.viewport().height() * 0.85)))
    col.addWidget(up)
    col.addStretch(1)
    col.addWidget(down)

    def update_buttons(*_):
        # page buttons only where there is somewhere to go
        scrollable = bar.maximum() > 0
        up.setVisible(scrollable)
        down.setVisible(scrollable)
        up.setEnabled(bar.value() > bar.minimum())
        down.setEnabled(bar.value() < bar.maximum())
    row.addLayout(col)
    screen.body.addLayout(row, 1)
    # only now that they are in the screen: shown before, a parentless button became a window of its own
    # (a native window made, laid out and painted for nothing on every result page)
    bar.rangeChanged.connect(update_buttons)
    bar.valueChanged.connect(update_buttons)
    update_buttons()
    screen.page_buttons = (up, down)
    screen.scroll = scroll


_LONG_RUN = re.compile(r"[A-Za-z0-9]{17,}")


def breakable(text: str) -> str:
    """Long codes (a 28-character unit number) may wrap: a zero-width space every 14 characters.

    Without it one code sets the minimum width of its card, and in elder mode the page runs off the screen.
    """
    return _LONG_RUN.sub(lambda m: "\u200b".join(m[0][i:i + 14] for i in range(0, len(m[0]), 14)), text)


def _rows_card(rows, ctx, title: str | None = None, tags=()) -> QFrame:
    """A card: a title with tags, then its rows, a word-wrapped label per cell; a caller may add a button
    under the rows, in column 1. (One widget drawing every row, RowsLabel, built the record details in half
    the time, but its size arrived with the style sheet after the page was shown: a page caught between the
    two showed its cards cut off. The details are drawn ahead now, so their build is not in a touch.)"""
    card = QFrame()
    card.setObjectName("Card")
    card.setAttribute(Qt.WA_StyledBackground, True)
    th = ctx.theme
    lay = QGridLayout(card)
    lay.setContentsMargins(th.px(20), th.px(16), th.px(20), th.px(16))
    lay.setHorizontalSpacing(th.px(16))
    lay.setVerticalSpacing(th.px(6))
    r = 0
    if title or tags:
        head = QHBoxLayout()
        if title:
            head.addWidget(make_label(title, "SectionTitle"), 1)
        for text, ok in tags:
            head.addWidget(make_label(text, "TagOk" if ok else "Tag", wrap=False), 0, Qt.AlignTop)
        lay.addLayout(head, r, 0, 1, 2)
        r += 1
    for key, value in rows:
        lay.addWidget(make_label(label(key, ctx.lang), "Muted", align=Qt.AlignLeft | Qt.AlignTop), r, 0)
        value_label = make_label(breakable(value), "Body")
        value_label.setMinimumWidth(1)  # wrapped text: Qt's guessed minimum would push the card off the screen
        lay.addWidget(value_label, r, 1)
        r += 1
    lay.setColumnStretch(1, 1)
    return card


def render_report(screen, ctx, model) -> None:
    report = model.fields["report"]
    h = report.header
    content = QWidget()
    col = QVBoxLayout(content)
    col.setSpacing(ctx.theme.px(16))
    col.addWidget(_rows_card([(ctx.t("credit.report_no"), h.report_number),
                              (ctx.t("credit.generated"), h.generated_at.strftime("%Y-%m-%d %H:%M")),
                              (ctx.t("credit.subject"), f"{report.masked_name}\n{report.masked_id}")], ctx))
    summary = "  ".join(f"{SECTION_TITLES[s].text(ctx.lang)} {n}" for s, n in report.summary().items())
    col.addWidget(make_label(ctx.t("credit.summary_line", summary=summary), "Notice"))
    for section, titles in SECTION_TITLES.items():
        entries = getattr(report, section)
        title = f"{titles.text(ctx.lang)}（{len(entries)}）"
        if not entries:
            col.addWidget(_rows_card([("", ctx.t("credit.none"))], ctx, title))
        for i, entry in enumerate(entries):
            tags = ()
            if section == "dishonesty":
                tags = ((STATUS[entry.status].text(ctx.lang), entry.status != "in_force"),)
            col.addWidget(_rows_card(credit_entry_lines(section, entry), ctx, title if i == 0 else None, tags))
    col.addWidget(make_label(ctx.t("credit.dispute"), "Muted"))
    col.addStretch(1)
    _scroll_pages(screen, ctx, content)


def _tags(prop, ctx):
    tags = []
    if prop.mortgages:
        tags.append((ctx.t("property.mortgaged"), False))
    if prop.seizures:
        tags.append((ctx.t("property.seized"), False))
    if prop.objections:
        tags.append((ctx.t("property.objection"), False))
    if prop.advance_notices:
        tags.append((ctx.t("property.notice"), False))
    return tags


def render_property_list(screen, ctx, model) -> None:
    records = model.fields["records"]
    content = QWidget()
    col = QVBoxLayout(content)
    col.setSpacing(ctx.theme.px(16))
    col.addWidget(make_label(ctx.t("property.count", count=len(records.properties)), "Notice"))
    for i, prop in enumerate(records.properties):
        rows = [r for r in property_lines(prop) if r[0] in ("不动产权证号", "用途", "建筑面积", "权利类型")]
        card = _rows_card(rows, ctx, prop.location, _tags(prop, ctx))
        detail = make_button(ctx.t("property.view"), name=f"flow.detail.{i}")
        detail.clicked.connect(lambda _=False, idx=i: screen.runner.touch("detail", idx))
        card.layout().addWidget(detail, card.layout().rowCount(), 1, Qt.AlignRight)
        col.addWidget(card)
    col.addStretch(1)
    _scroll_pages(screen, ctx, content)


def render_property_detail(screen, ctx, model) -> None:
    records = model.fields["records"]
    prop = records.properties[model.fields["index"]]
    content = QWidget()
    col = QVBoxLayout(content)
    col.setSpacing(ctx.theme.px(16))
    col.addWidget(_rows_card(property_lines(prop), ctx, prop.location, _tags(prop, ctx)))
    restrictions = restriction_lines(prop)
    if restrictions:
        col.addWidget(_rows_card(restrictions, ctx, ctx.t("property.restrictions")))
    col.addStretch(1)
    _scroll_pages(screen, ctx, content)


RESULT_RENDERERS = {
    "report": render_report,
    "property_list": render_property_list,
    "property_detail": render_property_detail,
    "no_property": render_message,
}
