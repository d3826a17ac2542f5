"""Scrolled result pages: a press in one leaves the focus alone (taking it repainted the whole screen under
the touch), and the page buttons page through cards of rows too long for the screen."""

import types

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from kiosk.texts import t
from tests.ui.conftest import click
from ui.screens.result_steps import _rows_card
from ui.theme import Theme, stylesheet
from ui.widgets.common import touch_scroll_area

ROWS = [("不动产权证号", "鄂(2019)咸宁市不动产权第0023456号"), ("不动产单元号", "421202003005GB00128F00030215"),
        ("坐落", "咸宁市咸安区温泉街道金桂路88号3栋2单元1502室"), ("权利人", "王*国、刘*芝"),
        ("抵押", "一般抵押，抵押权人湖北咸宁农村商业银行股份有限公司，￥800,000.00，2019-06-21至2039-06-20"),
        ("查询对象", "李*英\n4201**********1234"), ("Land use period", "2009-03-18 to 2079-03-17")]

def _ctx(elder):
    return types.SimpleNamespace(theme=Theme(elder=elder), lang="zh", elder=elder, t=lambda k, **f: t(k, "zh", **f))


def _shown_host(qtbot, theme, child, size, *, as_screen=False):
    """A window styled as the kiosk is, holding `child`; as a screen, it paints the screen's background."""
    host = QWidget()
    if as_screen:
        host.setObjectName("Screen")
        host.setAttribute(Qt.WA_StyledBackground, True)
    host.setStyleSheet(stylesheet(theme))
    QVBoxLayout(host).addWidget(child)
    qtbot.addWidget(host)
    host.resize(*size)
    host.show()
    qtbot.waitExposed(host)
    return host


def test_a_press_in_a_scrolled_page_leaves_the_focus_where_it_was(qtbot):
    th = Theme()
    content = QWidget()
    button = QPushButton("查看详情", content)
    button.setFocusPolicy(Qt.NoFocus)
    QVBoxLayout(content).addWidget(button)
    scroll = touch_scroll_area(content)
    host = _shown_host(qtbot, th, scroll, (800, 600))
    host.setFocusPolicy(Qt.StrongFocus)
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


def test_a_scrolled_page_shows_the_screen_behind_it_without_a_styled_viewport(qtbot):
    """Qt keeps a style-sheet cache entry for a styled viewport that it never frees (~1 KB a page, measured):
    the viewport is left unstyled and transparent, and the screen's own background shows through it."""
    content = QWidget()
    content.setObjectName("ScrollContent")
    QVBoxLayout(content).addStretch(1)
    scroll = touch_scroll_area(content)
    host = _shown_host(qtbot, Theme(), scroll, (400, 400), as_screen=True)
    image = host.grab().toImage()
    middle = scroll.mapTo(host, scroll.rect().center())
    assert image.pixelColor(middle).name() == "#f5f7fa"  # #Screen's background, not a white viewport
    assert not scroll.viewport().testAttribute(Qt.WA_StyledBackground)
