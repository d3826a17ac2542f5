"""Pages drawn again cost a touch little: a flow's page comes back when its model does, the home page is
refilled on a switch of language; what shows is what a page built anew would show, and a hidden page's
buttons cannot be found by name."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from kiosk.flows.base import Button, Flow, ScreenModel
from tests.ui.conftest import click
from ui.flow_runner import FlowRunner
from ui.driving import shown_button
from ui.screens.flow_screen import FlowScreen


class _AmountFlow(Flow):
    """An account and a confirmation of an amount, back and forth (the gas flow's two reusable steps)."""

    name = "amounts"

    def start(self):
        self._account()
        return []

    def _account(self):
        self.screen = ScreenModel(step="account", title="Account", message="Choose an amount",
                                  buttons=[Button("amount", "100", arg=100)])

    def handle(self, event):
        if event.button == "amount":
            self.screen = ScreenModel(step="confirm", title="Confirm", message=f"Pay {event.arg}",
                                      fields={"amount": event.arg}, buttons=[Button("back", "Back")])
        elif event.button == "back":
            self._account()
        return []


def _flow_screen(qtbot, kiosk, clock):
    runner = FlowRunner(_AmountFlow(terminal_id="T1", now=clock.now, audit_key=b"k"), devices=None,
                        services=None, audit=None, session_id=None, clock=clock)
    host = QWidget(kiosk)  # inside the styled window, as the window's stack holds flow screens
    host.setGeometry(kiosk.rect())
    screen = FlowScreen(runner)
    QVBoxLayout(host).addWidget(screen)
    host.show()
    screen.render(kiosk.ctx)
    return host, screen


def _shown(screen, name):
    found = shown_button(screen, name)
    assert found is not None and found.isVisible(), f"no visible button {name}"
    return found


def test_back_to_the_same_model_shows_the_page_drawn_before(qtbot, kiosk, clock):
    host, screen = _flow_screen(qtbot, kiosk, clock)
    account = screen.page
    click(qtbot, _shown(screen, "flow.amount"))
    assert screen.runner.flow.step == "confirm" and screen.page is not account and not account.isVisible()
    assert shown_button(screen, "flow.amount") is None  # the hidden page's button is not the one on show …
    assert account.findChild(QPushButton, "flow.amount") is not None  # … though it keeps its name
    click(qtbot, _shown(screen, "flow.back"))
    assert screen.page is account and account.isVisible()
    assert shown_button(screen, "flow.back") is None
    click(qtbot, _shown(screen, "flow.amount"))  # the confirmation of the same amount comes back too
    assert screen.runner.flow.step == "confirm"
    screen.clear()
    assert screen.findChildren(QPushButton) == []  # nothing is kept once the flow's screen goes
    host.deleteLater()


def test_a_language_switch_refills_the_home_page_exactly_as_a_new_page_would_show_it(qtbot, kiosk):
    kiosk.start_session()
    page = kiosk.home.tiles["credit"]
    for _ in range(2):
        click(qtbot, kiosk.header.lang_button)
        qtbot.wait(20)
        assert kiosk.home.tiles["credit"] is page  # refilled, not built again
        refilled = kiosk.grab().toImage()
        kiosk.home._built = None  # force a page built anew in the same language
        kiosk.home.render(kiosk.ctx)
        qtbot.wait(20)
        assert kiosk.grab().toImage() == refilled
        page = kiosk.home.tiles["credit"]


def test_the_first_switch_of_size_builds_the_home_page_of_that_size(qtbot, kiosk):
    kiosk.start_session()
    page = kiosk.home.tiles["credit"]
    qtbot.mouseClick(kiosk.header.elder_button, Qt.LeftButton)
    assert kiosk.home.tiles["credit"] is not page


def test_a_switch_of_size_and_back_shows_the_kept_home_page_as_a_new_page_would(qtbot, kiosk):
    kiosk.start_session()
    standard = kiosk.home.tiles["credit"]
    click(qtbot, kiosk.header.elder_button)
    elder = kiosk.home.tiles["credit"]
    click(qtbot, kiosk.header.elder_button)
    assert kiosk.home.tiles["credit"] is standard  # the standard page was kept, not built again
    click(qtbot, kiosk.header.elder_button)
    assert kiosk.home.tiles["credit"] is elder
    qtbot.wait(20)
    kept = kiosk.grab().toImage()
    kiosk.home._built = None  # force a page built anew in the same size and language
    kiosk.home.render(kiosk.ctx)
    qtbot.wait(20)
    assert kiosk.home.tiles["credit"] is not elder
    assert kiosk.grab().toImage() == kept


def test_the_kept_home_page_of_the_other_size_follows_a_language_switch(qtbot, kiosk):
    kiosk.start_session()
    click(qtbot, kiosk.header.elder_button)
    click(qtbot, kiosk.header.lang_button)  # English while large …
    click(qtbot, kiosk.header.elder_button)  # … then back to the standard size's kept page
    assert kiosk.home.tiles["credit"].title.text() == "Credit Report"
    assert shown_button(kiosk, "ExitButton").text() == "Exit"  # the one on show, not the hidden page's


def test_an_information_page_is_kept_for_the_next_visit_and_shows_as_a_new_one_would(qtbot, kiosk):
    kiosk.start_session()
    click(qtbot, kiosk.home.tiles["hours"])
    first = kiosk.current_screen
    click(qtbot, kiosk.current_screen.findChild(QPushButton, "HomeButton"))
    assert kiosk.current_screen is kiosk.home
    click(qtbot, kiosk.home.tiles["hours"])
    assert kiosk.current_screen is first  # kept, not built again
    qtbot.wait(20)
    kept = kiosk.grab().toImage()
    first.drop_page()  # force a page built anew
    first.render(kiosk.ctx)
    qtbot.wait(20)
    assert kiosk.grab().toImage() == kept


def test_a_kept_information_page_follows_the_language_and_size(qtbot, kiosk):
    kiosk.start_session()
    click(qtbot, kiosk.home.tiles["hours"])
    info = kiosk.current_screen
    words = [b.text() for b in info.findChildren(QPushButton)]
    click(qtbot, info.findChild(QPushButton, "HomeButton"))
    click(qtbot, kiosk.header.lang_button)
    click(qtbot, kiosk.header.elder_button)
    click(qtbot, kiosk.home.tiles["hours"])
    assert kiosk.current_screen is info
    assert [b.text() for b in info.findChildren(QPushButton)] != words  # in English now
    assert info.styleSheet() == kiosk.header.styleSheet()  # and in the large size


class _RecordsFlow(Flow):
    """A list whose records' details the resident may open (the property flow's list and details)."""

    name = "records"

    def start(self):
        self.opened = []
        self._list()
        return []

    def _list(self):
        self.screen = ScreenModel(step="property_list", title="Records", message="Two records",
                                  buttons=[Button("detail", "First", arg=0), Button("detail", "Second", arg=1)])

    def likely_touches(self):
        from kiosk.flows.base import Touched
        return [Touched("detail", 0), Touched("detail", 1)] if self.step == "property_list" else []

    def handle(self, event):
        if event.button == "detail":
            self.screen = ScreenModel(step="property_detail", title="Record", message=f"Record {event.arg}",
                                      fields={"index": event.arg}, buttons=[Button("back", "Back")])
            return [object()]  # an effect: a preview must drop it, the runner would fail on it
        if event.button == "back":
            self._list()
        return []


def test_a_likely_next_page_is_drawn_ahead_while_nobody_touches_and_shown_by_the_touch(qtbot, kiosk, clock):
    from ui.screens import flow_screen
    runner = FlowRunner(_RecordsFlow(terminal_id="T1", now=clock.now, audit_key=b"k"), devices=None,
                        services=None, audit=None, session_id=None, clock=clock)
    runner._run = lambda effect: None  # the test flow's effect is a placeholder
    host = QWidget(kiosk)
    host.setGeometry(kiosk.rect())
    screen = FlowScreen(runner)
    QVBoxLayout(host).addWidget(screen)
    host.show()
    screen.render(kiosk.ctx)
    listing = screen.page
    qtbot.waitUntil(lambda: len(screen._kept) == 2, timeout=flow_screen.DRAW_AHEAD_MS + 2000)
    ahead = [page for _, page, _ in screen._kept]
    assert runner.flow.step == "property_list" and screen.page is listing and listing.isVisible()
    assert not any(page.isVisible() for page in ahead)
    assert shown_button(screen, "flow.back") is None  # pages drawn ahead offer nothing to touch
    click(qtbot, _shown(screen, "flow.detail"))  # the first record's button
    assert runner.flow.step == "property_detail" and screen.page is ahead[0] and ahead[0].isVisible()
    assert _shown(screen, "flow.back")
    screen.clear()
    host.deleteLater()


def test_a_preview_leaves_the_flow_as_it_was(clock):
    from kiosk.flows.base import Touched
    flow = _RecordsFlow(terminal_id="T1", now=clock.now, audit_key=b"k")
    flow.start()
    before = flow.screen
    model = flow.preview(Touched("detail", 1))
    assert model.step == "property_detail" and model.fields == {"index": 1}
    assert flow.screen is before and flow.step == "property_list"
