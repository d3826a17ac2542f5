"""A page reaches the window laid out: a new page's queued layouts run before the window paints again, and a
page drawn ahead leaves the page on show as it was (shown beside it, it squeezed that page for a moment, and
the window painted its scroll area with the cards cut off at the right)."""

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from kiosk.flows.base import Button, Flow, ScreenModel, Touched
from ui.flow_runner import FlowRunner
from ui.screens.flow_screen import FlowScreen
from ui.screens.result_steps import _rows_card, _scroll_pages

ROWS = [("不动产权证号", "鄂(2019)咸宁市不动产权第0023456号"), ("坐落", "咸宁市咸安区温泉街道金桂路88号3栋2单元1502室"),
        ("用途", "城镇住宅用地/住宅"), ("建筑面积", "126.45 m²")]


class _RecordsFlow(Flow):
    """A list of records, each with its details one touch away (the property lookup's two reusable steps)."""

    name = "records"

    def start(self):
        self.screen = ScreenModel(step="property_list", title="Records", fields={"n": 3},
                                  buttons=[Button("detail", "Details", arg=i) for i in range(3)])
        return []

    def handle(self, event):
        if isinstance(event, Touched) and event.button == "detail":
            self.screen = ScreenModel(step="property_detail", title="Record", fields={"n": 1})
        return []

    def likely_touches(self):
        return [Touched("detail", 0)] if self.screen.step == "property_list" else []


def _render_cards(screen, ctx, model):
    content = QWidget()
    col = QVBoxLayout(content)
    for i in range(model.fields["n"]):
        col.addWidget(_rows_card(ROWS, ctx, f"第{i + 1}处"))
    col.addStretch(1)
    _scroll_pages(screen, ctx, content)
    return ("detail",)


def _flow_screen(kiosk, clock):
    runner = FlowRunner(_RecordsFlow(terminal_id="T1", now=clock.now, audit_key=b"k"), devices=None,
                        services=None, audit=None, session_id=None, clock=clock)
    host = QWidget(kiosk)  # inside the styled window, as the window's stack holds flow screens
    host.setGeometry(kiosk.rect())
    screen = FlowScreen(runner, renderers={"property_list": _render_cards, "property_detail": _render_cards})
    QVBoxLayout(host).addWidget(screen)
    host.show()
    return host, screen


class _Resizes(QObject):
    def __init__(self, widgets):
        super().__init__()
        self.seen = []
        for w in widgets:
            w.installEventFilter(self)

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Resize:
            self.seen.append(obj)
        return False


def test_a_new_page_is_laid_out_before_the_window_paints_again(qtbot, kiosk, clock):
    host, screen = _flow_screen(kiosk, clock)
    screen.render(kiosk.ctx)  # no event is processed from here on: what a paint now would show
    area = screen.page.findChild(QScrollArea)
    assert area.width() > kiosk.width() // 2  # laid out in the page, not at a new widget's default size
    assert not area.verticalScrollBar().isVisible()  # three cards fit the screen
    assert area.widget().width() == area.viewport().width()  # nothing cut off at the right
    host.deleteLater()


def test_a_page_drawn_ahead_leaves_the_page_on_show_as_it_was(qtbot, kiosk, clock):
    host, screen = _flow_screen(kiosk, clock)
    screen.render(kiosk.ctx)
    qtbot.wait(10)
    page = screen.page
    area = page.findChild(QScrollArea)
    before = (page.geometry(), area.viewport().width(), area.verticalScrollBar().isVisible())
    resizes = _Resizes([page, area, area.viewport()])
    screen._draw_ahead(page)
    assert resizes.seen == []
    assert (page.geometry(), area.viewport().width(), area.verticalScrollBar().isVisible()) == before
    (_key, ahead, _attrs), = screen._kept
    assert not ahead.isVisible() and ahead.size() == page.size()  # drawn at the size it will be shown at
    host.deleteLater()
