"""A service's first page drawn ahead while the kiosk is quiet: the visit that opens the service shows it,
exactly as a page built at the touch would look; a spare that no longer fits is never shown."""

from PySide6.QtWidgets import QPushButton

from tests.ui.conftest import all_texts, click
from ui.driving import shown_button, step
from ui.screens.flow_screen import FlowScreen
from ui.screens.flows import SpareScreens
from ui.widgets.card_prompt import CardPrompt

SERVICES = {"credit": "credit_report", "property": "property_lookup", "gas": "gas_topup"}


def _visit_and_leave(qtbot, kiosk, tile):
    click(qtbot, kiosk.home.tiles[tile])
    click(qtbot, shown_button(kiosk, "flow.home"))
    assert kiosk.current_screen is kiosk.home


def _spares_ready(qtbot, kiosk):
    spares = SpareScreens.of(kiosk)
    qtbot.waitUntil(lambda: all(spares.ready(name) for name in SERVICES.values()), timeout=5000)
    return spares


def _still(kiosk):
    """The window's picture with every card prompt at the first frame of its animation."""
    for prompt in kiosk.findChildren(CardPrompt):
        prompt._phase = 0
    return kiosk.grab().toImage()


def test_a_service_opens_on_the_page_drawn_ahead_and_it_looks_as_one_built_at_the_touch(qtbot, kiosk, monkeypatch):
    kiosk.start_session()
    _visit_and_leave(qtbot, kiosk, "credit")  # the first visit to a service sets the window's spares going
    for elder in (False, True):
        if elder:
            click(qtbot, kiosk.header.elder_button)
        for tile, name in SERVICES.items():
            spares = _spares_ready(qtbot, kiosk)
            spare = spares.next_for(name)
            click(qtbot, kiosk.home.tiles[tile])
            assert kiosk.current_screen is spare and spare.flow_running
            assert step(kiosk) in ("place_card", "insert_card")
            qtbot.wait(20)
            drawn_ahead = _still(kiosk)
            click(qtbot, shown_button(kiosk, "flow.home"))
            with monkeypatch.context() as m:
                m.setattr(SpareScreens, "take", lambda self, name: None)  # as before spares: built at the touch
                click(qtbot, kiosk.home.tiles[tile])
                assert kiosk.current_screen is not spare
                qtbot.wait(20)
                assert _still(kiosk) == drawn_ahead, f"{tile} (elder {elder}) differs from a page built at the touch"
                click(qtbot, shown_button(kiosk, "flow.home"))


def test_a_spare_drawn_in_another_language_is_deleted_not_shown(qtbot, kiosk):
    kiosk.start_session()
    _visit_and_leave(qtbot, kiosk, "credit")
    spare = _spares_ready(qtbot, kiosk).next_for("credit_report")
    chinese = all_texts(spare)
    click(qtbot, kiosk.header.lang_button)  # English: the spare drawn in Chinese no longer fits
    click(qtbot, kiosk.home.tiles["credit"])
    screen = kiosk.current_screen
    assert screen is not spare and isinstance(screen, FlowScreen)
    assert all_texts(screen) != chinese and "Lay your resident ID card flat on the reader" in " ".join(all_texts(screen))
    assert not any(s is spare for s in kiosk.findChildren(FlowScreen))  # deleted, not kept


def test_each_visit_has_a_screen_of_its_own_and_the_spare_answers_only_its_own_runner(qtbot, kiosk):
    kiosk.start_session()
    _visit_and_leave(qtbot, kiosk, "gas")
    spare = _spares_ready(qtbot, kiosk).next_for("gas_topup")
    assert spare.runner is None and not spare.flow_running
    click(qtbot, kiosk.home.tiles["gas"])
    assert kiosk.current_screen is spare and spare.runner is not None
    runner = spare.runner
    click(qtbot, shown_button(kiosk, "flow.home"))  # the visit ends: its screen goes with it
    assert not spare.flow_running
    _spares_ready(qtbot, kiosk)
    click(qtbot, kiosk.home.tiles["gas"])
    assert kiosk.current_screen is not spare and kiosk.current_screen.runner is not runner


def test_a_resident_who_backs_out_and_comes_straight_back_finds_another_page_drawn_ahead(qtbot, kiosk):
    kiosk.start_session()
    _visit_and_leave(qtbot, kiosk, "credit")
    spares = _spares_ready(qtbot, kiosk)
    first = spares.next_for("credit_report")
    click(qtbot, kiosk.home.tiles["credit"])
    assert kiosk.current_screen is first
    second = spares.next_for("credit_report")
    assert second is not None and second is not first
    click(qtbot, shown_button(kiosk, "flow.home"))
    click(qtbot, kiosk.home.tiles["credit"])  # at once: no quiet moment in between to draw one
    assert kiosk.current_screen is second and step(kiosk) == "place_card"


def test_a_button_on_a_page_drawn_ahead_is_not_the_one_on_show(qtbot, kiosk):
    kiosk.start_session()
    _visit_and_leave(qtbot, kiosk, "credit")
    spares = _spares_ready(qtbot, kiosk)
    hidden = [b for b in kiosk.findChildren(QPushButton, "flow.home") if not b.isVisible()]
    assert len(hidden) == len(SERVICES) * SpareScreens.PER_SERVICE  # on each page drawn ahead …
    assert shown_button(kiosk, "flow.home") is None  # … and none of them is on show
    click(qtbot, kiosk.home.tiles["property"])
    assert shown_button(kiosk, "flow.home") in spares.window.current_screen.findChildren(QPushButton)
