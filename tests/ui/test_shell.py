"""The kiosk shell end to end on a fake clock: sessions, tiles, idle timeout, live menu changes."""

import logging

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from kiosk.session import Phase
from tests.ui.conftest import all_texts, click
from ui.screens.flows import FLOW_SCREENS
from ui.screens.base import Screen
from ui.screens.info import InfoScreen
from ui.screens.unavailable import UnavailableScreen


def start(qtbot, kiosk):
    click(qtbot, kiosk.attract)
    assert kiosk.current_screen is kiosk.home


def test_kiosk_opens_on_the_attract_screen_without_a_session(kiosk):
    assert kiosk.current_screen is kiosk.attract
    assert not kiosk.sessions.active
    assert not kiosk.header.isVisible()


def test_a_touch_starts_a_session_on_the_home_screen(qtbot, kiosk, audit):
    with qtbot.waitSignal(kiosk.session_started):
        click(qtbot, kiosk.attract)
    assert kiosk.current_screen is kiosk.home
    assert kiosk.header.isVisible()
    assert [e.kind for e in audit.events()] == ["session_started"]


def test_home_shows_the_menu_tiles_in_order(qtbot, kiosk):
    start(qtbot, kiosk)
    assert list(kiosk.home.tiles) == ["credit", "property", "gas", "hours", "hotline"]
    assert kiosk.home.tiles["credit"].title.text() == "信用报告打印"


def test_an_info_tile_opens_its_information_page(qtbot, kiosk, audit):
    start(qtbot, kiosk)
    click(qtbot, kiosk.home.tiles["hours"])
    assert isinstance(kiosk.current_screen, InfoScreen)
    texts = " ".join(all_texts(kiosk.current_screen))
    assert "自助服务区24小时开放" in texts
    assert kiosk.current_screen.findChild(QLabel, "InfoQr").pixmap() is not None
    events = audit.events("tile_chosen")
    assert events[0].detail == {"tile": "hours", "flow": "info", "open": True}


def test_a_service_not_built_yet_opens_an_honest_page_and_home_returns(qtbot, kiosk, monkeypatch):
    monkeypatch.delitem(FLOW_SCREENS, "gas_topup")  # a flow this build does not have
    start(qtbot, kiosk)
    click(qtbot, kiosk.home.tiles["gas"])
    page = kiosk.current_screen
    assert isinstance(page, UnavailableScreen) and page.reason == "not_built"
    assert any("暂未开通" in t for t in all_texts(page))
    click(qtbot, page.findChild(QPushButton, "HomeButton"))
    assert kiosk.current_screen is kiosk.home


def test_a_tile_outside_its_hours_is_greyed_with_its_hours(qtbot, kiosk, clock):
    clock.advance(13.5 * 3600)  # 23:30
    start(qtbot, kiosk)
    gas = kiosk.home.tiles["gas"]
    assert gas.property("closed") == "true"
    assert any("06:00–23:00" in t for t in all_texts(gas))
    click(qtbot, gas)
    assert isinstance(kiosk.current_screen, UnavailableScreen) and kiosk.current_screen.reason == "closed"


def test_a_registered_flow_screen_opens_from_its_tile(qtbot, kiosk, monkeypatch):
    class Probe(Screen):
        from PySide6.QtCore import Signal
        home_requested = Signal()
        name = "probe"

        def build(self, ctx):
            self.body.addWidget(QLabel("probe"))
    monkeypatch.setitem(FLOW_SCREENS, "credit_report", lambda tile, window: Probe())
    start(qtbot, kiosk)
    click(qtbot, kiosk.home.tiles["credit"])
    assert kiosk.current_screen.name == "probe"


def test_idle_session_shows_a_countdown_then_returns_to_attract(qtbot, kiosk, clock, audit):
    start(qtbot, kiosk)
    clock.advance(59)
    qtbot.wait(60)
    assert not kiosk.overlay.isVisible()
    clock.advance(1)
    qtbot.waitUntil(kiosk.overlay.isVisible, timeout=2000)
    assert kiosk.sessions.phase == Phase.COUNTDOWN
    assert kiosk.overlay.seconds.text() == "30"
    assert kiosk.overlay.continue_button.height() >= 80
    clock.advance(10)
    qtbot.waitUntil(lambda: kiosk.overlay.seconds.text() == "20", timeout=2000)
    with qtbot.waitSignal(kiosk.session_ended) as ended:
        clock.advance(20)
    assert ended.args[1] == "timeout"
    assert kiosk.current_screen is kiosk.attract
    assert not kiosk.overlay.isVisible()
    assert [e.kind for e in audit.events()] == ["session_started", "session_timed_out"]


def test_continue_on_the_countdown_keeps_the_session(qtbot, kiosk, clock):
    start(qtbot, kiosk)
    clock.advance(60)
    qtbot.waitUntil(kiosk.overlay.isVisible, timeout=2000)
    click(qtbot, kiosk.overlay.continue_button)
    assert not kiosk.overlay.isVisible()
    assert kiosk.sessions.phase == Phase.ACTIVE
    clock.advance(45)
    qtbot.wait(60)
    assert kiosk.sessions.active and not kiosk.overlay.isVisible()


def test_elder_mode_gives_more_time(qtbot, kiosk, clock):
    start(qtbot, kiosk)
    click(qtbot, kiosk.header.elder_button)
    clock.advance(60)
    qtbot.wait(60)
    assert not kiosk.overlay.isVisible()
    clock.advance(30)
    qtbot.waitUntil(kiosk.overlay.isVisible, timeout=2000)


def test_after_timeout_no_widget_holds_text_from_the_session(qtbot, kiosk, clock, monkeypatch):
    marker = "张*三 4201**********1234"

    class Personal(Screen):
        from PySide6.QtCore import Signal
        home_requested = Signal()
        name = "personal"

        def build(self, ctx):
            self.body.addWidget(QLabel(marker))
    monkeypatch.setitem(FLOW_SCREENS, "credit_report", lambda tile, window: Personal())
    start(qtbot, kiosk)
    click(qtbot, kiosk.home.tiles["credit"])
    kiosk.sessions.session.data["name"] = "张三"
    click(qtbot, kiosk.header.lang_button)   # the resident switched to English …
    click(qtbot, kiosk.header.elder_button)  # … and to large text
    assert any(marker in t for t in all_texts(kiosk))
    session = kiosk.sessions.session
    clock.advance(90)  # elder mode: 1.5 × 60 s
    qtbot.waitUntil(kiosk.overlay.isVisible, timeout=2000)
    clock.advance(30)
    qtbot.waitUntil(lambda: kiosk.current_screen is kiosk.attract, timeout=2000)
    assert not any(marker in t for t in all_texts(kiosk))
    assert session.data == {}
    assert kiosk.sessions.session is None
    assert kiosk.ctx.lang == "zh" and kiosk.ctx.elder is False
    assert kiosk.header.lang_button.text() == "EN"


def test_language_switch_shows_english_everywhere(qtbot, kiosk):
    start(qtbot, kiosk)
    click(qtbot, kiosk.header.lang_button)
    texts = all_texts(kiosk.home) + all_texts(kiosk.header) + all_texts(kiosk.footer)
    assert "Please choose a service" in texts
    assert "Credit Report" in texts
    assert "Hotline 12345" in texts
    import re
    visible = [t for t in texts if t and t != "中文"]
    assert not [t for t in visible if re.search(r"[\u4e00-\u9fff]", t)]


# ------------------------------------------------------------------ live menu
def _retitle(config_dir, old, new):
    path = config_dir / "menu.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_a_menu_edit_appears_on_the_idle_kiosk(qtbot, kiosk, config_dir, audit):
    with qtbot.waitSignal(kiosk.menu_applied, timeout=2000):
        _retitle(config_dir, "信用报告打印", "信用报告自助打印")
    start(qtbot, kiosk)
    assert kiosk.home.tiles["credit"].title.text() == "信用报告自助打印"
    assert audit.events("config_reloaded")


def test_a_menu_edit_waits_until_the_session_ends(qtbot, kiosk, config_dir):
    start(qtbot, kiosk)
    with qtbot.assertNotEmitted(kiosk.menu_applied, wait=100):
        _retitle(config_dir, "信用报告打印", "信用报告自助打印")
        qtbot.waitUntil(lambda: kiosk.pending_menu is not None, timeout=2000)
    assert kiosk.home.tiles["credit"].title.text() == "信用报告打印"
    with qtbot.waitSignal(kiosk.menu_applied):
        kiosk.end_session()
    start(qtbot, kiosk)
    assert kiosk.home.tiles["credit"].title.text() == "信用报告自助打印"


def test_staff_can_hide_and_reorder_tiles_live(qtbot, kiosk, config_dir):
    with qtbot.waitSignal(kiosk.menu_applied, timeout=2000):
        _retitle(config_dir, "  - id: hotline\n    flow: info\n    order: 50\n",
                 "  - id: hotline\n    flow: info\n    order: 1\n")
    with qtbot.waitSignal(kiosk.menu_applied, timeout=2000):
        _retitle(config_dir, "    order: 20\n", "    order: 20\n    enabled: false\n")
    start(qtbot, kiosk)
    assert list(kiosk.home.tiles) == ["hotline", "credit", "gas", "hours"]


def test_a_broken_menu_edit_is_refused_and_the_old_menu_stays(qtbot, kiosk, config_dir, audit, caplog):
    caplog.set_level(logging.ERROR, logger="kiosk")
    with qtbot.waitSignal(kiosk.menu_refused, timeout=2000) as refused:
        _retitle(config_dir, "flow: gas_topup", "flow: gas_top_up")
    problems = refused.args[0]
    assert problems and problems[0].startswith("menu.yaml:")
    assert "did you mean 'gas_topup'" in problems[0]
    assert any("menu.yaml:" in r.getMessage() for r in caplog.records)
    assert audit.events("config_refused")[0].detail["problems"] == problems
    start(qtbot, kiosk)
    assert "gas" in kiosk.home.tiles
    assert kiosk.config.menu.tile("gas").flow == "gas_topup"


def test_the_countdown_lasts_at_least_twenty_seconds(kiosk):
    assert kiosk.sessions.countdown_seconds >= 20
