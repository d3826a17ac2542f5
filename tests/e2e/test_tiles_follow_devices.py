"""Service tiles follow their devices: greyed with the reason while a device is down, back when it recovers."""

from PySide6.QtCore import Qt

from ui.screens.unavailable import UnavailableScreen


def recheck(qtbot, rt):
    """One full check that starts now (not one already running from before the change), delivered."""
    w = rt.device_watcher
    qtbot.waitUntil(lambda: not w._busy, timeout=10000)
    reports = w.check_now().result(timeout=10)
    qtbot.waitUntil(lambda: all(w.reports.get(n) is r for n, r in reports.items()), timeout=3000)


def tile_text(rt, tile):
    from tests.ui.conftest import all_texts
    return " ".join(all_texts(rt.window.home.tiles[tile]))


def test_all_devices_healthy_all_tiles_open(qtbot, runtime):
    recheck(qtbot, runtime)
    assert all(t.is_open for t in runtime.window.home.tiles.values())


def test_an_id_reader_that_stops_answering_greys_the_id_services_until_it_recovers(qtbot, runtime):
    rt = runtime
    rt.hardware.id_reader.power_off()
    recheck(qtbot, rt)
    home = rt.window.home
    assert not home.tiles["credit"].is_open and not home.tiles["property"].is_open
    assert home.tiles["gas"].is_open
    assert "身份证阅读器" in tile_text(rt, "credit")
    qtbot.mouseClick(rt.window.attract, Qt.LeftButton)
    qtbot.mouseClick(rt.window.home.tiles["credit"], Qt.LeftButton)
    assert isinstance(rt.window.current_screen, UnavailableScreen) and rt.window.current_screen.reason == "device"
    assert [e.detail["device"] for e in rt.audit.events("device_state") if e.detail["state"] != "online"] == ["id_reader"]
    rt.window.end_session()
    rt.hardware.id_reader.power_on()
    recheck(qtbot, rt)
    assert rt.window.home.tiles["credit"].is_open


def test_a_printer_out_of_paper_leaves_services_open_with_a_notice(qtbot, runtime):
    rt = runtime
    rt.hardware.printer.set_paper(0)
    recheck(qtbot, rt)
    assert rt.window.home.tiles["credit"].is_open
    assert "缺纸" in tile_text(rt, "credit") and "缺纸" in tile_text(rt, "gas")
    assert "缺纸" not in tile_text(rt, "hours")
