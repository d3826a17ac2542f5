"""A card's rows drawn by one RowsLabel look exactly as the grid of a label per cell they replace, read as
their rows, and are measured by the layout check like any wrapped label; a press in a scrolled page leaves
the focus alone (taking it repainted the whole screen under the touch)."""

import types

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.texts import t
from tests.ui.conftest import all_texts, click
from ui.layout_check import layout_problems
from ui.screens.result_steps import _rows_card, breakable
from ui.theme import Theme, stylesheet
from ui.widgets.common import make_label, touch_scroll_area
from ui.widgets.rows_label import RowsLabel

ROWS = [("不动产权证号", "鄂(2019)咸宁市不动产权第0023456号"), ("不动产单元号", "421202003005GB00128F00030215"),
        ("坐落", "咸宁市咸安区温泉街道金桂路88号3栋2单元1502室"), ("权利人", "王*国、刘*芝"),
        ("抵押", "一般抵押，抵押权人湖北咸宁农村商业银行股份有限公司，￥800,000.00，2019-06-21至2039-06-20"),
        ("查询对象", "李*英\n4201**********1234"), ("Land use period", "2009-03-18 to 2079-03-17")]
EMPTY_LABELS = [("", "账户余额 ￥123.45"), ("", "今年已购 120 m³")]


def _ctx(elder):
    return types.SimpleNamespace(theme=Theme(elder=elder), lang="zh", elder=elder, t=lambda k, **f: t(k, "zh", **f))


def _grid_card(rows, ctx, title=None, tags=()):
    """The card as it was built before RowsLabel: a word-wrapped label per cell."""
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
        lay.addWidget(make_label(key, "Muted", align=Qt.AlignLeft | Qt.AlignTop), r, 0)
        value_label = make_label(breakable(value), "Body")
        value_label.setMinimumWidth(1)
        lay.addWidget(value_label, r, 1)
        r += 1
    lay.setColumnStretch(1, 1)
    return card


def _shown(qtbot, card, width, th):
    host = QWidget()
    host.setStyleSheet(stylesheet(th))
    col = QVBoxLayout(host)
    col.addWidget(card)
    col.addStretch(1)
    qtbot.addWidget(host)
    host.resize(width, 2400)
    host.show()
    qtbot.waitExposed(host)
    return host


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
@pytest.mark.parametrize("width", [760, 1000, 1800])
@pytest.mark.parametrize("rows,title,tags", [(ROWS, "咸宁市咸安区温泉街道金桂路88号3栋2单元1502室", [("已抵押", False)]),
                                             (EMPTY_LABELS, None, ())], ids=["detail", "no labels"])
def test_a_card_of_rows_looks_exactly_like_the_grid_of_labels_it_replaces(qtbot, elder, width, rows, title, tags):
    ctx = _ctx(elder)
    old = _shown(qtbot, _grid_card(rows, ctx, title, tags), width, ctx.theme)
    new = _shown(qtbot, _rows_card(rows, ctx, title, tags), width, ctx.theme)
    assert new.grab().toImage() == old.grab().toImage()


def test_a_card_of_rows_is_one_label_that_reads_as_its_rows(qtbot):
    ctx = _ctx(False)
    card = _rows_card(ROWS, ctx, "限制信息")
    host = _shown(qtbot, card, 1000, ctx.theme)
    (rows,) = card.findChildren(RowsLabel)
    assert len(card.findChildren(QLabel)) == 2  # the title and the rows
    text = " ".join(all_texts(host))
    for key, value in ROWS:
        assert key in text and breakable(value) in text  # a long code with its break points, as a label had it
    assert layout_problems(host, scrolling_ok=True) == []


def test_narrower_rows_need_more_height_and_the_layout_check_sees_them_cut_off(qtbot):
    ctx = _ctx(True)
    card = _rows_card(ROWS, ctx)
    host = _shown(qtbot, card, 1000, ctx.theme)
    (rows,) = card.findChildren(RowsLabel)
    assert rows.heightForWidth(400) > rows.heightForWidth(rows.width()) == rows.height()
    rows.setFixedHeight(rows.height() // 2)  # as a squeezed layout would leave it
    qtbot.wait(10)
    assert any("label cut off" in p for p in layout_problems(host, scrolling_ok=True))


def test_a_rows_label_measures_the_same_before_and_after_its_style_sheet_arrives(qtbot):
    th = Theme()
    rows = RowsLabel([("坐落", "咸宁市咸安区温泉街道金桂路88号3栋2单元1502室")], th, (th.px(16), th.px(6)))
    unstyled = rows.heightForWidth(300)
    host = _shown(qtbot, rows, 1000, th)
    assert rows.window() is host
    assert rows.font().pixelSize() == th.text
    assert rows.heightForWidth(300) == unstyled


def test_a_press_in_a_scrolled_page_leaves_the_focus_where_it_was(qtbot):
    th = Theme()
    content = QWidget()
    button = QPushButton("查看详情", content)
    button.setFocusPolicy(Qt.NoFocus)
    QVBoxLayout(content).addWidget(button)
    host = QWidget()
    host.setStyleSheet(stylesheet(th))
    host.setFocusPolicy(Qt.StrongFocus)
    scroll = touch_scroll_area(content)
    QVBoxLayout(host).addWidget(scroll)
    qtbot.addWidget(host)
    host.resize(800, 600)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    host.setFocus()
    qtbot.waitUntil(lambda: host.hasFocus())
    clicked = []
    button.clicked.connect(lambda: clicked.append(True))
    click(qtbot, button)
    assert clicked and host.hasFocus() and not scroll.hasFocus()


def test_the_page_buttons_page_through_cards_of_rows_too_long_for_the_screen(qtbot):
    from ui.screens.result_steps import _scroll_pages
    ctx = _ctx(True)
    host = QWidget()
    host.setStyleSheet(stylesheet(ctx.theme))
    screen = types.SimpleNamespace(body=QVBoxLayout(host))
    content = QWidget()
    col = QVBoxLayout(content)
    for i in range(4):
        col.addWidget(_rows_card(ROWS, ctx, f"第{i + 1}处"))
    _scroll_pages(screen, ctx, content)
    qtbot.addWidget(host)
    host.resize(1920, 1080)
    host.show()
    qtbot.waitExposed(host)
    up, down = screen.page_buttons
    bar = screen.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: down.isVisible() and down.isEnabled())
    first = host.grab().toImage()
    click(qtbot, down)
    assert bar.value() > 0 and up.isEnabled()
    qtbot.wait(10)
    assert host.grab().toImage() != first  # the rows further down are drawn where the first ones were
    click(qtbot, up)
    assert bar.value() == 0
